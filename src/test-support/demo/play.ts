import type { LightMyRequestResponse } from 'fastify';
import { StartSessionResponseSchema, StepResponseSchema } from '../../flow/schemas';
import type { FieldValue, Step } from '../../flow';
import type { TestApp } from '../server/test-app';
import { COMMAND_FIELD } from '../../demo/scenario-types';
import type { ErrorPlace, Scenario } from '../../demo/scenario-types';

/** An error as shown: its code and where. */
export interface Shown {
  code: string;
  at: ErrorPlace;
}

/** How a played script ended: like `Scenario['expect']`, or still on a form with no error. */
export type Outcome = { ending: 'authorized' } | ({ ending: 'error' } & Shown) | { ending: 'form' };

export interface Played {
  outcome: Outcome;
  /** Everything that went differently from the script: wrong field, wrong captcha, unexpected error. */
  problems: string[];
  token: string;
}

/** The error a step shows, if any: at a field (by kind), at the step, or the failed screen. */
export function errorOn(step: Step): Shown[] {
  if (step.type === 'authorized') return [];
  if (step.type === 'failed') return [{ code: step.error.code, at: 'failed' }];
  const fields = step.fields.flatMap((f) => (f.error && f.kind !== 'phone' ? [{ code: f.error.code, at: f.kind }] : []));
  return step.error ? [...fields, { code: step.error.code, at: 'step' as const }] : fields;
}

function outcomeOf(step: Step): Outcome {
  if (step.type === 'authorized') return { ending: 'authorized' };
  const [error] = errorOn(step);
  return error ? { ending: 'error', ...error } : { ending: 'form' };
}

/**
 * Plays a scenario's script against the app the way autoplay will: the phone step, then each
 * action on the step on screen, finding its field by kind. `readCaptcha` reads a picture.
 */
export async function play(
  t: TestApp,
  scenario: Scenario,
  readCaptcha: (image: string) => string,
  /** How the session starts; by default as the phone step would with the scenario's number. */
  start: () => Promise<LightMyRequestResponse> = () => t.start(scenario.phone),
): Promise<Played> {
  const problems: string[] = [];
  const started = await start();
  if (started.statusCode !== 201) throw new Error(`start failed: ${started.statusCode} ${started.body}`);
  const { token, step: first } = StartSessionResponseSchema.parse(started.json());
  let step: Step = first;
  let values: Record<string, FieldValue> = {};

  for (const [i, action] of scenario.script.entries()) {
    const where = `action ${i} (${action.type === 'fill' ? action.field : action.type})`;
    if (step.type !== 'form') {
      problems.push(`${where}: the flow already ended (${step.type})`);
      break;
    }
    const form = step;
    if (action.type === 'fill') {
      const field = form.fields.find((f) => f.kind === action.field);
      if (!field) {
        problems.push(`${where}: no such field on the step (${form.fields.map((f) => f.kind).join(', ')})`);
        continue;
      }
      if (field.kind === 'imageCaptcha' && readCaptcha(field.image) !== action.value) {
        problems.push(`${where}: the picture shows ${readCaptcha(field.image)}, the script types ${String(action.value)}`);
      }
      if (field.kind === 'select') {
        // As the page's autoplay chooses: the option of that value or text, the first one for ''.
        const wanted = typeof action.value === 'string' ? action.value : (action.value[0] ?? '');
        const option = wanted === '' ? field.options[0] : field.options.find((o) => o.value === wanted || o.label === wanted);
        if (!option) problems.push(`${where}: no option ${wanted} to choose`);
        values[field.id] = option?.value ?? wanted;
        continue;
      }
      values[field.id] = typeof action.value === 'string' ? action.value : [...action.value];
      continue;
    }
    let response;
    if (action.type === 'submit') response = await t.submit(token, form.id, values);
    else if (action.type === 'cancel') response = await t.cancel(token, form.id);
    else {
      const kind = COMMAND_FIELD[action.type];
      const field = form.fields.find((f) => f.kind === kind);
      if (!field) {
        problems.push(`${where}: no ${kind} field to ${action.type}`);
        break;
      }
      response = await t.action(token, form.id, field.id, action.type);
    }
    if (response.statusCode !== 200) {
      problems.push(`${where}: HTTP ${response.statusCode} ${response.body.slice(0, 160)}`);
      break;
    }
    step = StepResponseSchema.parse(response.json()).step;
    values = {};
    const last = i === scenario.script.length - 1;
    const shown = errorOn(step);
    if (!last && JSON.stringify(shown) !== JSON.stringify(action.error ? [action.error] : [])) {
      problems.push(`${where}: answered with ${JSON.stringify(shown)}, the script expects ${JSON.stringify(action.error ?? 'no error')}`);
    }
  }
  return { outcome: outcomeOf(step), problems, token };
}
