import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StepResponseSchema } from '../../flow/schemas';
import type { FormStep, Step } from '../../flow';
import { DIANHUA_ERRORS, mapDianhuaError } from '../../providers/dianhua/errors';
import { ERROR_SCENARIOS } from '../../providers/dianhua/sandbox';
import type { ErrorScenario } from '../../providers/dianhua/sandbox';
import { DianhuaUser, startDianhuaHarness } from '../../test-support/server/dianhua-harness';
import type { DianhuaHarness } from '../../test-support/server/dianhua-harness';
import { errorsOf, expectedPlace } from '../../test-support/server/error-placement';

let h: DianhuaHarness;
const tokens: string[] = [];
beforeAll(async () => {
  h = await startDianhuaHarness();
});
afterAll(async () => {
  h.assertNoLeaks(tokens);
  h.assertCleanLogs(ERROR_SCENARIOS.map((s) => s.phone));
  await h.close();
});

const parse = async (response: Promise<{ json(): unknown; statusCode: number }>) => {
  const r = await response;
  expect(r.statusCode, JSON.stringify(r.json())).toBe(200);
  return StepResponseSchema.parse(r.json()).step;
};

/** Checks a failed step against the rule; restarts when offered. Returns the step to go on from, or undefined. */
async function onFailed(token: string, step: Extract<Step, { type: 'failed' }>, scenario: ErrorScenario): Promise<Step | undefined> {
  const rule = DIANHUA_ERRORS[scenario.code]!;
  expect(['restart', 'none']).toContain(rule.retry);
  // The wait and instruction §20's message names reach the applicant (retryAt, instruction).
  const guided = mapDianhuaError(scenario.code, undefined);
  expect(step.error).toEqual({
    code: rule.code,
    message: rule.message,
    retryable: false,
    upstreamCode: scenario.code,
    ...(guided.waitSeconds !== undefined && { retryAt: expect.any(String) as unknown }),
    ...(guided.instruction !== undefined && { instruction: guided.instruction }),
  });
  expect(step.canRestart).toBe(rule.retry === 'restart');
  const restart = await h.t.restart(token);
  if (step.canRestart) return StepResponseSchema.parse(restart.json()).step;
  expect(restart.statusCode).toBe(400);
  expect(restart.json()).toMatchObject({ error: { code: 'action_unavailable' } });
  return undefined;
}

async function run(scenario: ErrorScenario) {
  const rule = DIANHUA_ERRORS[scenario.code];
  if (!rule) throw new Error(`no mapping for ${scenario.code}`);
  const user = new DianhuaUser(scenario.phone);
  const started = await h.t.startOk(scenario.phone);
  tokens.push(started.token);
  const { token } = started;

  let step: Step | undefined = started.step;
  let fired = false;
  let recoverable = scenario.trigger === 'recovery';
  let newPassword: string | undefined;
  if (step.type === 'failed') {
    fired = true;
    step = await onFailed(token, step, scenario);
  }
  for (let i = 0; i < 12 && step?.type === 'form'; i++) {
    const current: FormStep = step;
    const captcha = current.fields.find((f) => f.kind === 'imageCaptcha' && f.refreshable);
    const password = current.fields.find((f) => f.kind === 'servicePassword');
    let next: Step;
    if (scenario.trigger === 'captchaRefresh' && !fired && captcha) {
      next = await parse(h.t.action(token, current.id, captcha.id, 'refresh'));
    } else if (recoverable && password) {
      recoverable = false;
      next = await parse(h.t.action(token, current.id, password.id, 'recover'));
    } else {
      const values = user.answer(current);
      const typed = current.fields.find((f) => f.kind === 'newPassword');
      if (typed) newPassword = String(values[typed.id]);
      next = await parse(h.t.submit(token, current.id, values));
    }

    if (!fired && next.type === 'form' && errorsOf(next).length > 0) {
      fired = true;
      const error = mapDianhuaError(scenario.code, undefined, { captchaShown: captcha !== undefined });
      expect(error.code).toBe(error.upstreamCode === '4008' && !captcha ? 'sms_code_incorrect' : rule.code);
      expect(errorsOf(next)).toEqual([[expectedPlace(next, error.target), error.code, error.message]]);
      if (next.purpose === current.purpose) {
        // The same step again, the error where it belongs.
        expect(['field', 'step']).toContain(rule.retry);
        expect(next).toMatchObject({ id: current.id, revision: current.revision + 1 });
      } else {
        // A recovery that cannot go on: back at the login step, which still works.
        expect(scenario.trigger).toBe('recovery');
        expect(['none', 'restart']).toContain(rule.retry);
        expect(next.intent).toBe('login');
      }
    } else if (!fired && next.type === 'failed') {
      fired = true;
      step = await onFailed(token, next, scenario);
      continue;
    } else if (next.type === 'form') {
      expect(errorsOf(next)).toEqual([]);
    }
    // A completed recovery changed the password.
    if (next.type === 'form' && current.purpose === 'recoverPassword' && next.purpose === undefined && next.notice && newPassword) {
      user.password = newPassword;
    }
    step = next;
  }
  if (scenario.trigger === 'data' || scenario.code === '20017') {
    // 20017 (already authorized) ends the session authorized, with its data.
    // Data codes: only the data API (calls/record, calls/report) answers these.
    expect(fired).toBe(false);
    expect(step?.type).toBe('authorized');
    return;
  }
  expect(fired).toBe(true);
  // Every error that leaves a way on lets the flow complete (each fires once per applicant).
  if (step !== undefined) expect(step.type).toBe('authorized');
}

describe('every section-20 Dianhua error scenario through the HTTP API and the real simulator', () => {
  it.each(ERROR_SCENARIOS.map((s) => [s.code, s.trigger, s] as const))(
    '%s at %s lands on the right field or failed step, with the right retry',
    async (_code, _trigger, scenario) => {
      await run(scenario);
    },
  );

  it('asks for a new token once on a persistent 4000 and never loops', async () => {
    const scenario = ERROR_SCENARIOS.find((s) => s.code === '4000')!;
    const calls = h.upstream.length;
    const started = await h.t.startOk(scenario.phone);
    tokens.push(started.token);
    expect(started.step).toMatchObject({ type: 'failed', error: { code: 'upstream_misconfigured' } });
    expect(h.upstream.slice(calls).map((e) => e.path)).toEqual(['/calls/flow', '/token', '/calls/flow']);
  });
});
