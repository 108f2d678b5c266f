import { ERROR_TARGET_KINDS } from '../../flow';
import { StepSchema } from '../../flow/schemas';
import type { Field, FieldKind, FlowError, FormStep, Step } from '../../flow';
import type { AdapterOutcome, ProviderFormStep } from '../../providers/types';
import { randomId } from './token';

export const newStepId = (): string => randomId('st');

function withoutErrors(fields: readonly Field[]): Field[] {
  return fields.map(({ error: _stale, ...field }) => field);
}

function formStep(source: ProviderFormStep, id: string, revision: number): FormStep {
  const step: FormStep = { type: 'form', id, revision, intent: source.intent, fields: withoutErrors(source.fields) };
  if (source.purpose !== undefined) step.purpose = source.purpose;
  if (source.cancellable !== undefined) step.cancellable = source.cancellable;
  if (source.notice !== undefined) step.notice = source.notice;
  if (source.recoveredPassword !== undefined) step.recoveredPassword = source.recoveredPassword;
  return step;
}

function asProviderStep(step: FormStep): ProviderFormStep {
  const source: ProviderFormStep = { intent: step.intent, fields: step.fields };
  if (step.purpose !== undefined) source.purpose = step.purpose;
  if (step.cancellable !== undefined) source.cancellable = step.cancellable;
  if (step.notice !== undefined) source.notice = step.notice;
  if (step.recoveredPassword !== undefined) source.recoveredPassword = step.recoveredPassword;
  return source;
}

function sameShape(a: ProviderFormStep, b: FormStep): boolean {
  if ((a.purpose ?? 'authorize') !== (b.purpose ?? 'authorize') || a.fields.length !== b.fields.length) return false;
  return a.fields.every((field, i) => field.id === b.fields[i]?.id && field.kind === b.fields[i]?.kind);
}

/**
 * What an upstream error adds for the applicant (ErrorGuidanceShape): until when another try is
 * pointless (the wait its vendor named, from now on the server clock) and the vendor's instruction.
 */
export function guidanceOf(error: FlowError, now: number): { retryAt?: string; instruction?: string } {
  return {
    ...(error.waitSeconds !== undefined && error.waitSeconds > 0 && { retryAt: new Date(now + error.waitSeconds * 1000).toISOString() }),
    ...(error.instruction !== undefined && { instruction: error.instruction.slice(0, 200) }),
  };
}

/** The step again with `error` on the field it concerns (or on the step), every stale error gone. */
export function attachError(step: FormStep, error: FlowError, now = Date.now()): FormStep {
  const fieldError = { code: error.code, message: error.message, ...guidanceOf(error, now) };
  const { error: _stale, ...rest } = step;
  const fields = withoutErrors(step.fields);
  const kinds: readonly FieldKind[] = ERROR_TARGET_KINDS[error.target];
  for (const kind of kinds) {
    const index = fields.findIndex((f) => f.kind === kind);
    const field = fields[index];
    if (field) {
      fields[index] = { ...field, error: fieldError };
      return { ...rest, fields };
    }
  }
  return { ...rest, fields, error: fieldError };
}

export function failedStep(error: FlowError, id = newStepId(), now = Date.now()): Step {
  const apiError = {
    code: error.code,
    message: error.message,
    retryable: false,
    ...(error.upstreamCode ? { upstreamCode: error.upstreamCode } : {}),
    ...guidanceOf(error, now),
  };
  return { type: 'failed', id, error: apiError, canRestart: error.retry === 'restart' || error.retry === 'step' };
}

/**
 * What the browser sees after an adapter call. `advance` (start, submit, restart) gives a new step a
 * new id; `same` (a field action) keeps the id and bumps the revision. Rejections keep the current
 * id unless they move between the authorization and the password recovery. The result is re-parsed with the flow schema, which also drops any key an adapter
 * might have left on a field (a hidden value, an upstream id).
 */
export function stepFromOutcome<S>(
  outcome: AdapterOutcome<S>,
  current: FormStep | undefined,
  mode: 'advance' | 'same',
  now = Date.now(),
): Step {
  let step: Step;
  switch (outcome.type) {
    case 'step':
      step = mode === 'same' && current ? formStep(outcome.step, current.id, current.revision + 1) : formStep(outcome.step, newStepId(), 0);
      break;
    case 'rejected': {
      const base = outcome.step ?? (current ? asProviderStep(current) : undefined);
      // The same step comes back (a new revision) only with the same purpose and the same fields;
      // anything else (recovery to login, an SMS step falling back to the password step) is another
      // step, so the widget does not keep a form built for different fields.
      const same = current !== undefined && base !== undefined && sameShape(base, current);
      step = base
        ? attachError(same ? formStep(base, current.id, current.revision + 1) : formStep(base, newStepId(), 0), outcome.error, now)
        : failedStep({ ...outcome.error, retry: 'restart' }, newStepId(), now);
      break;
    }
    case 'authorized':
      step = { type: 'authorized', id: newStepId() };
      break;
    case 'failed':
      step = failedStep(outcome.error, newStepId(), now);
      break;
  }
  return StepSchema.parse(step);
}
