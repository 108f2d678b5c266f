import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StepResponseSchema } from '../../flow/schemas';
import type { FormStep, Step } from '../../flow';
import { RONG360_ERRORS, mapVendorError } from '../../providers/rong360/errors';
import { ERROR_SCENARIOS } from '../../providers/rong360/sandbox';
import type { ErrorScenario } from '../../providers/rong360/sandbox';
import { SandboxUser, startHarness } from '../../test-support/server/rong360-harness';
import type { Harness } from '../../test-support/server/rong360-harness';
import { errorsOf, expectedPlace } from '../../test-support/server/error-placement';

let h: Harness;
const tokens: string[] = [];
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  h.assertNoLeaks(tokens);
  h.assertCleanLogs(ERROR_SCENARIOS.map((s) => s.phone));
  await h.close();
});

async function run(scenario: ErrorScenario) {
  const rule = RONG360_ERRORS[scenario.code];
  if (!rule) throw new Error(`no mapping for ${scenario.code}`);
  const user = new SandboxUser(scenario.phone);
  const started = await h.t.startOk(scenario.phone);
  tokens.push(started.token);
  const { token } = started;
  const parse = async (response: Promise<{ json(): unknown; statusCode: number }>) => {
    const r = await response;
    expect(r.statusCode).toBe(200);
    return StepResponseSchema.parse(r.json()).step;
  };

  let step: Step = started.step;
  let fired = false;
  for (let i = 0; i < 8 && step.type === 'form'; i++) {
    const current: FormStep = step;
    const captcha = current.fields.find((f) => f.kind === 'imageCaptcha' && f.refreshable);
    const refreshNow = scenario.trigger === 'captchaRefresh' && !fired && captcha !== undefined;
    const next = refreshNow
      ? await parse(h.t.action(token, current.id, captcha.id, 'refresh'))
      : await parse(h.t.submit(token, current.id, user.answer(current)));

    if (!fired && next.type === 'form' && errorsOf(next).length > 0) {
      fired = true;
      // A retryable error: the same step again with the error where it belongs, nothing else flagged.
      expect(['field', 'step']).toContain(rule.retry);
      expect(next.id).toBe(current.id);
      expect(next.revision).toBe(current.revision + 1);
      expect(errorsOf(next)).toEqual([[expectedPlace(next, rule.target), rule.code, rule.message]]);
    } else if (!fired && next.type === 'failed') {
      fired = true;
      expect(['restart', 'none']).toContain(rule.retry);
      // The wait and instruction appendix A's message names reach the applicant (retryAt, instruction).
      const guided = mapVendorError(scenario.code, null);
      expect(next.error).toEqual({
        code: rule.code,
        message: rule.message,
        retryable: false,
        upstreamCode: scenario.code,
        ...(guided.waitSeconds !== undefined && { retryAt: expect.any(String) as unknown }),
        ...(guided.instruction !== undefined && { instruction: guided.instruction }),
      });
      if (guided.waitSeconds !== undefined) {
        const wait = (Date.parse(next.error.retryAt ?? '') - Date.now()) / 1000;
        expect(Math.abs(wait - guided.waitSeconds)).toBeLessThan(120);
      }
      expect(next.canRestart).toBe(rule.retry === 'restart');
      const restart = await h.t.restart(token);
      if (!next.canRestart) {
        expect(restart.statusCode).toBe(400);
        expect(restart.json()).toMatchObject({ error: { code: 'action_unavailable' } });
        return;
      }
      step = StepResponseSchema.parse(restart.json()).step;
      continue;
    } else if (next.type === 'form') {
      expect(errorsOf(next)).toEqual([]);
    }
    step = next;
  }
  expect(fired).toBe(true);
  // Every retryable error, once dealt with, lets the flow complete (each fires once per session).
  expect(step.type).toBe('authorized');
}

describe('every Appendix-A error scenario through the HTTP API and the real simulator', () => {
  it.each(ERROR_SCENARIOS.map((s) => [s.code, s.trigger, s] as const))(
    '%s at %s lands on the right field or failed step, with the right retry',
    async (_code, _trigger, scenario) => {
      await run(scenario);
    },
  );
});
