import { afterEach, describe, expect, it } from 'vitest';
import { createDianhuaClient } from '../client';
import { mapDianhuaError } from '../errors';
import { ERROR_SCENARIOS, FAULT_SCENARIOS, SANDBOX_NEW_PASSWORD, SANDBOX_NEW_PASSWORD_8 } from '../sandbox';
import type { ErrorScenario } from '../sandbox';
import { APP_ID, APP_SECRET, USER_ID, simulated, stepOf, valuesFor, walk } from '../../../test-support/providers/dianhua/helpers';
import type { Adapter, Outcome } from '../../../test-support/providers/dianhua/helpers';
import { EXPECTED_ERRORS } from '../../../test-support/providers/dianhua/expected-errors';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

async function setup(timeoutMs = 5_000) {
  const log: string[] = [];
  const s = await simulated({ timeoutMs }, { log: (line) => log.push(line), timeoutFaultMs: 2_000 });
  cleanups.push(s.close);
  return { ...s, calls: (path: string) => log.filter((line) => line.startsWith(`${path} `)).length };
}

/** Walks correctly up to the scenario's trigger and fires it; returns the outcome and what came before. */
async function fire(adapter: Adapter, scenario: ErrorScenario): Promise<{ before: Outcome; fired: Outcome }> {
  const { phone } = scenario;
  const start = await adapter.start({ phone, userId: USER_ID });
  if (scenario.trigger === 'token' || scenario.trigger === 'flow') return { before: start, fired: start };
  if (scenario.trigger === 'captchaRefresh') return { before: start, fired: await adapter.fieldAction(start.state, 'captcha', 'refresh') };
  if (scenario.trigger === 'login') return { before: start, fired: await adapter.submit(start.state, valuesFor(stepOf(start), phone)) };
  if (scenario.trigger === 'verify') {
    const verify = await adapter.submit(start.state, valuesFor(stepOf(start), phone));
    return { before: verify, fired: await adapter.submit(verify.state, valuesFor(stepOf(verify), phone)) };
  }
  // recovery: answer each recovery step until the one named
  let outcome = await adapter.fieldAction(start.state, 'password', 'recover');
  const kindOf = { identity: 'name', sms: 'smsCode', loginSms: 'smsCode', contacts: 'contacts', newPassword: 'newPassword' } as const;
  for (let i = 0; i < 6 && stepOf(outcome).fields[0]?.kind !== kindOf[scenario.recoveryStep ?? 'identity']; i++) {
    outcome = await adapter.submit(outcome.state, valuesFor(stepOf(outcome), phone));
  }
  return { before: outcome, fired: await adapter.submit(outcome.state, valuesFor(stepOf(outcome), phone)) };
}

const flowScenarios = ERROR_SCENARIOS.filter((s) => s.trigger !== 'data');

describe('Dianhua adapter over the simulator: every error scenario', () => {
  it.each(flowScenarios.map((s) => [s.phone, s.code, s.trigger, s] as const))(
    '%s answers %s at %s as mapped',
    async (_phone, code, trigger, scenario) => {
      const { adapter } = await setup();
      const [neutral, , retry] = EXPECTED_ERRORS[code]!;
      const { before, fired } = await fire(adapter, scenario);
      const error = { code: code === '4008' ? 'captcha_incorrect' : neutral, upstreamCode: code };
      if (code === '20017') {
        // §20: "您已认证成功，请勿重复": the session ends authorized, under the sid that holds the data.
        expect(fired).toMatchObject({ type: 'authorized', taskId: before.state.sid });
        return;
      }

      if (trigger === 'recovery') {
        if (retry === 'field') {
          expect(fired).toMatchObject({ type: 'rejected', error });
          expect(stepOf(fired).purpose).toBe('recoverPassword');
          const rest = await walk(adapter, scenario.phone, { from: fired, maxSteps: 4 });
          expect(stepOf(rest.at(-1)!)).toMatchObject({ intent: 'login' });
          const password = code === '30002' ? SANDBOX_NEW_PASSWORD_8 : SANDBOX_NEW_PASSWORD;
          expect((await walk(adapter, scenario.phone, { password })).at(-1)?.type).toBe('authorized');
        } else {
          // A recovery failing for good leaves the user on the login step, free to log in.
          expect(fired).toMatchObject({ type: 'rejected', error: { ...error, retry: 'step' } });
          expect(stepOf(fired).intent).toBe('login');
          expect((await walk(adapter, scenario.phone, { from: fired })).at(-1)?.type).toBe('authorized');
        }
        return;
      }
      if (retry === 'field' || retry === 'step') {
        expect(fired).toMatchObject({ type: 'rejected', error: { ...error, retry } });
        // Fired once: the same step answered again goes on to the end.
        expect((await walk(adapter, scenario.phone, { from: fired })).at(-1)?.type).toBe('authorized');
        return;
      }
      expect(fired).toMatchObject({ type: 'failed', error: { ...error, retry } });
      if (retry === 'restart') expect((await walk(adapter, scenario.phone)).at(-1)?.type).toBe('authorized');
    },
  );

  it('4000 that survives the refresh fails as misconfigured after exactly one retry', async () => {
    const { adapter, calls } = await setup();
    const start = await adapter.start({ phone: '15300004000', userId: USER_ID });
    expect(start).toMatchObject({ type: 'failed', error: { code: 'upstream_misconfigured', retry: 'none', upstreamCode: '4000' } });
    expect(calls('token')).toBe(2);
    expect(calls('calls/flow')).toBe(2);
  });

  it.each(ERROR_SCENARIOS.filter((s) => s.trigger === 'data').map((s) => [s.phone, s.code] as const))(
    '%s answers %s once from the data API after authorization',
    async (phone, code) => {
      const { sim, adapter } = await setup();
      const done = (await walk(adapter, phone)).at(-1)!;
      expect(done.type).toBe('authorized');
      const client = createDianhuaClient({ baseUrl: sim.url, appId: APP_ID, appSecret: APP_SECRET, timeoutMs: 5_000 });
      cleanups.push(client.close);
      const sid = done.type === 'authorized' ? done.taskId : '';
      const first = await client.get('calls/record', { sid });
      const [neutral, , retry] = EXPECTED_ERRORS[code]!;
      expect(mapDianhuaError(first.status, first.msg)).toMatchObject({ code: neutral, retry, upstreamCode: code });
      const second = await client.get('calls/record', { sid });
      expect(second.status).toBe(0);
    },
  );
});

describe('Dianhua adapter: §20 codes the session outlives or ends on', () => {
  it('§20 20017: an already authorized sid ends the session with its data, which the data API serves', async () => {
    const { sim, adapter } = await setup();
    const outcomes = await walk(adapter, '15300020017');
    const done = outcomes.at(-1)!;
    expect(done.type).toBe('authorized');
    expect(outcomes.some((outcome) => outcome.type === 'failed')).toBe(false);
    const client = createDianhuaClient({ baseUrl: sim.url, appId: APP_ID, appSecret: APP_SECRET, timeoutMs: 5_000 });
    cleanups.push(client.close);
    const sid = done.type === 'authorized' ? done.taskId : '';
    const record = await client.get('calls/record', { sid });
    // The crawl runs its course: 3001 while in progress, data after.
    expect([0, 3001]).toContain(record.status);
  });

  it("§20 20016: the month the carrier forbids ends the session for good, with the document's words and no invented wait", async () => {
    const { adapter } = await setup();
    const outcomes = await walk(adapter, '15300020016');
    const failed = outcomes.at(-1)!;
    expect(failed).toMatchObject({
      type: 'failed',
      error: {
        code: 'query_forbidden',
        retry: 'none',
        upstreamCode: '20016',
        message: expect.stringContaining('运营商禁止查询该月详单') as unknown,
      },
    });
    expect(failed.type === 'failed' && failed.error.waitSeconds).toBeUndefined();
  });

  it("§20 30010: 账号状态不正常 is mapped, with the document's words", () => {
    expect(mapDianhuaError(30010, undefined)).toMatchObject({ code: 'account_abnormal', retry: 'none', message: '账号状态不正常' });
  });
});

describe('Dianhua adapter over the simulator: transport faults', () => {
  it.each(FAULT_SCENARIOS.map((s) => [s.phone, s.fault] as const))(
    '%s (%s) is a retryable rejection at the login step, never a throw',
    async (phone, fault) => {
      const { adapter } = await setup(fault === 'timeout' ? 500 : 5_000);
      const start = await adapter.start({ phone, userId: USER_ID });
      const outcome = await adapter.submit(start.state, valuesFor(stepOf(start), phone));
      const code = {
        timeout: 'upstream_timeout',
        http502: 'upstream_unavailable',
        garbage: 'upstream_invalid_response',
        wrongShape: 'upstream_invalid_response',
      }[fault];
      expect(outcome).toMatchObject({ type: 'rejected', error: { code, retry: 'step' } });
      expect(stepOf(outcome).intent).toBe('login');
      expect(outcome.state).toEqual(start.state);
    },
  );
});
