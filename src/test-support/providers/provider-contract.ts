import assert from 'node:assert/strict';
import type { ErrorCode, ErrorTarget, Field, FieldValue, RetryMode } from '../../flow';
import type { AdapterOutcome, ProviderAdapter, ProviderFormStep, ProviderName } from '../../providers/types';

/**
 * The provider contract: behaviours every adapter shows over its own simulator, whatever the vendor.
 * Framework-free (node:assert), so any test runner can list the cases; each provider supplies a
 * harness. Run by `src/providers/__tests__/contract.test.ts`.
 */

/** A vendor error the simulator raises on `phone` while the flow is walked correctly. */
export interface ContractError {
  phone: string;
  code: ErrorCode;
  target: ErrorTarget;
  retry: RetryMode;
}

export interface ContractHarness<S = unknown> {
  readonly provider: ProviderName;
  /** An adapter over the provider's real simulator (fresh for this harness). */
  readonly adapter: ProviderAdapter<S>;
  /** Sandbox numbers for each behaviour. */
  readonly phones: {
    /** Completes after two or more form steps. */
    twoSteps: string;
    /** Reaches a step with a refreshable image captcha. */
    captcha: string;
    /** Reaches a step with an SMS code the user can have resent after a countdown. */
    sms: string;
    /** Answers garbage at the first submission. */
    garbage: string;
  };
  readonly upstreamError: ContractError;
  /** What a sandbox user types into a field. */
  answer(field: Field, phone: string): FieldValue;
  /** A service password the simulator refuses. */
  readonly wrongPassword: string;
  /** Upstream calls made so far, to prove a refusal reached nobody. */
  upstreamCalls(): number;
  /** Values no step may ever show for this state: passwords, upstream ids and tokens, hidden values. */
  secrets(state: S): string[];
  close(): Promise<void>;
}

export interface ContractCase {
  name: string;
  run<S>(harness: ContractHarness<S>): Promise<void>;
}

const USER_ID = 'contract-user';
type Outcome<S> = AdapterOutcome<S>;

function stepOf<S>(outcome: Outcome<S>): ProviderFormStep | undefined {
  if (outcome.type === 'step') return outcome.step;
  return outcome.type === 'rejected' ? outcome.step : undefined;
}

/** Checks a step for leaks before anything else looks at it. */
function checked<S>(h: ContractHarness<S>, outcome: Outcome<S>): Outcome<S> {
  const step = stepOf(outcome);
  if (step) {
    const text = JSON.stringify(step);
    for (const secret of h.secrets(outcome.state)) {
      assert.ok(!text.includes(secret), `a ${h.provider} step shows a secret or upstream id (${secret.slice(0, 3)}...)`);
    }
  }
  return outcome;
}

function answers<S>(h: ContractHarness<S>, step: ProviderFormStep, phone: string, override: Record<string, FieldValue> = {}) {
  return { ...Object.fromEntries(step.fields.map((field) => [field.id, h.answer(field, phone)])), ...override };
}

/** Starts on `phone` and answers correctly until `stop` holds for a step or the flow leaves the form steps. */
async function walk<S>(h: ContractHarness<S>, phone: string, stop: (step: ProviderFormStep) => boolean = () => false) {
  const outcomes: Array<Outcome<S>> = [checked(h, await h.adapter.start({ phone, userId: USER_ID }))];
  for (let i = 0; i < 12; i++) {
    const last = outcomes[outcomes.length - 1]!;
    const step = stepOf(last);
    if (!step || (last.type === 'rejected' && i > 0) || stop(step)) break;
    outcomes.push(checked(h, await h.adapter.submit(last.state, answers(h, step, phone))));
  }
  return outcomes;
}

function last<T>(items: readonly T[]): T {
  const item = items[items.length - 1];
  assert.ok(item !== undefined);
  return item;
}

const hasKind = (kind: Field['kind']) => (step: ProviderFormStep) => step.fields.some((field) => field.kind === kind);

export const PROVIDER_CONTRACT: readonly ContractCase[] = [
  {
    name: 'starts on a form step whose state is plain JSON the state schema accepts',
    async run(h) {
      const start = checked(h, await h.adapter.start({ phone: h.phones.twoSteps, userId: USER_ID }));
      assert.equal(start.type, 'step');
      assert.ok((stepOf(start)?.fields.length ?? 0) > 0);
      const stored: unknown = JSON.parse(JSON.stringify(start.state));
      assert.ok(h.adapter.stateSchema.safeParse(stored).success, 'the persisted state does not parse');
    },
  },
  {
    name: 'refuses a wrong service password at the password field, then accepts the right one',
    async run(h) {
      const phone = h.phones.twoSteps;
      const at = last(await walk(h, phone, hasKind('servicePassword')));
      const step = stepOf(at);
      assert.ok(step && hasKind('servicePassword')(step), 'no password step');
      const password = step.fields.find((field) => field.kind === 'servicePassword')!;
      const wrong = checked(h, await h.adapter.submit(at.state, answers(h, step, phone, { [password.id]: h.wrongPassword })));
      assert.equal(wrong.type, 'rejected');
      assert.ok(wrong.type === 'rejected');
      assert.equal(wrong.error.target, 'password');
      assert.equal(wrong.error.retry, 'field');
      const again = stepOf(wrong) ?? step;
      const right = checked(h, await h.adapter.submit(wrong.state, answers(h, again, phone)));
      assert.ok(right.type === 'step' || right.type === 'authorized', `the right password was refused (${right.type})`);
    },
  },
  {
    name: 'refreshes an image captcha to a new picture',
    async run(h) {
      const at = last(await walk(h, h.phones.captcha, hasKind('imageCaptcha')));
      const before = stepOf(at)?.fields.find((field) => field.kind === 'imageCaptcha');
      assert.ok(before?.kind === 'imageCaptcha' && before.refreshable, 'no refreshable captcha');
      const refreshed = checked(h, await h.adapter.fieldAction(at.state, before.id, 'refresh'));
      assert.equal(refreshed.type, 'step');
      const after = stepOf(refreshed)?.fields.find((field) => field.kind === 'imageCaptcha');
      assert.ok(after?.kind === 'imageCaptcha' && after.image.startsWith('data:image/'));
      assert.notEqual(after.image, before.image);
    },
  },
  {
    name: 'counts an SMS resend down and refuses an early resend without calling the upstream',
    async run(h) {
      const at = last(await walk(h, h.phones.sms, (step) => step.fields.some((f) => f.kind === 'smsCode' && f.resend !== undefined)));
      const sms = stepOf(at)?.fields.find((field) => field.kind === 'smsCode');
      assert.ok(sms?.kind === 'smsCode' && sms.resend, 'no SMS step with resend');
      assert.equal(sms.resend.sent, true);
      assert.ok(sms.resend.allowedAt !== null && Date.parse(sms.resend.allowedAt) > Date.now(), 'resend is not locked right after sending');
      const calls = h.upstreamCalls();
      const early = checked(h, await h.adapter.fieldAction(at.state, sms.id, 'resend'));
      assert.equal(early.type, 'rejected');
      assert.ok(early.type === 'rejected' && ['action_too_early', 'action_unavailable'].includes(early.error.code));
      assert.equal(h.upstreamCalls(), calls, 'an early resend reached the upstream');
    },
  },
  {
    name: 'completes a flow of two or more form steps with a non-empty task id',
    async run(h) {
      const outcomes = await walk(h, h.phones.twoSteps);
      const done = last(outcomes);
      assert.equal(done.type, 'authorized');
      assert.ok(done.type === 'authorized' && done.taskId.length > 0);
      assert.ok(outcomes.filter((outcome) => outcome.type === 'step').length >= 2, 'fewer than two form steps');
    },
  },
  {
    name: 'maps a vendor error code to its field and retry mode',
    async run(h) {
      const { phone, code, target, retry } = h.upstreamError;
      const outcomes = await walk(h, phone);
      const refused = outcomes.find((outcome) => outcome.type === 'rejected' || outcome.type === 'failed');
      assert.ok(refused && (refused.type === 'rejected' || refused.type === 'failed'), 'the error never came');
      assert.deepEqual({ code: refused.error.code, target: refused.error.target, retry: refused.error.retry }, { code, target, retry });
      assert.ok(refused.error.upstreamCode, 'the vendor code is not kept');
    },
  },
  {
    name: 'turns an upstream answer it cannot read into a retryable rejection, never a throw',
    async run(h) {
      const outcomes = await walk(h, h.phones.garbage);
      const refused = last(outcomes);
      assert.equal(refused.type, 'rejected');
      assert.ok(refused.type === 'rejected');
      assert.equal(refused.error.code, 'upstream_invalid_response');
      assert.equal(refused.error.retry, 'step');
    },
  },
];
