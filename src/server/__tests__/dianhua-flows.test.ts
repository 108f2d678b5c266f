import { asForm } from '../../test-support/server/test-app';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StepResponseSchema } from '../../flow/schemas';
import type { FieldKind, FormStep, Step } from '../../flow';
import { FLOW_SCENARIOS, JILIN_SMS } from '../../providers/dianhua/sandbox';
import type { FlowScenario } from '../../providers/dianhua/sandbox';
import { DianhuaUser, startDianhuaHarness } from '../../test-support/server/dianhua-harness';
import type { DianhuaHarness } from '../../test-support/server/dianhua-harness';

let h: DianhuaHarness;
const tokens: string[] = [];
beforeAll(async () => {
  h = await startDianhuaHarness();
});
afterAll(async () => {
  // The scan covers real upstream ids: sids and the tokens (two, as one expired mid-flow).
  const ids = [...h.upstreamIds()];
  expect(ids.filter((id) => id.startsWith('SID')).length).toBeGreaterThanOrEqual(FLOW_SCENARIOS.length);
  expect(new Set(h.upstream.filter((e) => e.query.get('token')).map((e) => e.query.get('token'))).size).toBeGreaterThanOrEqual(2);
  h.assertNoLeaks(tokens);
  h.assertCleanLogs(FLOW_SCENARIOS.map((s) => s.phone));
  expect(h.t.logs.some((line) => line.includes('"phone":"151****0001"') && line.includes('session step'))).toBe(true);
  await h.close();
});

const sorted = (kinds: FieldKind[]) => [...kinds].sort();
const ROUND_KINDS: Record<NonNullable<FlowScenario['verify']>[number], FieldKind[]> = {
  sms: ['smsCode'],
  captcha: ['imageCaptcha'],
  both: ['imageCaptcha', 'smsCode'],
};

/** The field kinds of each form step a scenario shows, in order, before `authorized`. */
function expectedSteps(s: FlowScenario): FieldKind[][] {
  const login: FieldKind[] = [];
  if (s.needs.pin) login.push('servicePassword');
  if (s.needs.name) login.push('name');
  if (s.needs.idCard) login.push('idCard');
  if (s.loginCaptcha) login.push('imageCaptcha');
  if (s.loginSms) login.push('smsCode');
  const rounds = (s.verify ?? []).map((round) => ROUND_KINDS[round]);
  // `reset` sends the user back to a fresh login step once.
  const logins = s.special === 'reset' ? [login, login] : [login];
  return [...logins, ...rounds].map(sorted);
}

const stepOf = (r: { statusCode: number; json(): unknown }) => {
  expect(r.statusCode, JSON.stringify(r.json())).toBe(200);
  return StepResponseSchema.parse(r.json()).step;
};

async function begin(phone: string) {
  const started = await h.t.startOk(phone);
  tokens.push(started.token);
  return { token: started.token, step: started.step, user: new DianhuaUser(phone) };
}

describe('every Dianhua sandbox flow through the HTTP API and the real simulator', () => {
  it.each(FLOW_SCENARIOS.map((s) => [s.phone, s.summary, s] as const))('%s (%s) reaches authorized', async (phone, _summary, scenario) => {
    const { token, user, step: first } = await begin(phone);
    const calls = h.upstream.length;
    let step: Step = first;
    const seen: FieldKind[][] = [];
    const notices: Array<string | undefined> = [];
    for (let i = 0; i < 8 && step.type === 'form'; i++) {
      seen.push(sorted(step.fields.map((f) => f.kind)));
      notices.push(step.notice);
      expect(step.fields.every((f) => f.error === undefined) && step.error === undefined, JSON.stringify(step)).toBe(true);
      if (scenario.jilinNotes) {
        expect(step.fields.find((f) => f.kind === 'smsCode')).toMatchObject({ instruction: JILIN_SMS });
      }
      const next = stepOf(await h.t.submit(token, step.id, user.answer(step)));
      // A reload shows exactly the step just answered.
      expect(stepOf(await h.t.current(token))).toEqual(next);
      step = next;
    }
    expect(seen).toEqual(expectedSteps(scenario));
    expect(step.type).toBe('authorized');
    if (scenario.special === 'reset') expect(notices[1]).toBeTruthy();
    if (scenario.special === 'tokenExpires') {
      // The upstream refused the token once mid-flow; the adapter fetched a new one and retried.
      const mine = h.upstream.slice(calls);
      const refused = mine.findIndex((e) => e.responseBody?.includes('"status":4000'));
      expect(refused).toBeGreaterThanOrEqual(0);
      expect(mine[refused + 1]?.path).toBe('/token');
      expect(mine[refused + 2]?.path).toBe(mine[refused]?.path);
      expect(mine[refused + 2]?.query.get('token')).not.toBe(mine[refused]?.query.get('token'));
    }
  });

  it('offers the in-widget password recovery on the service-password field', async () => {
    const { step } = await begin('15000000100');
    expect(asForm(step).fields.find((f) => f.kind === 'servicePassword')).toMatchObject({ recovery: 'inline' });
  });

  it('refreshes a login captcha under the same step id with a new picture, and the new answer is accepted', async () => {
    const { token, user, step } = await begin('15100000005');
    const login = asForm(step);
    const captcha = login.fields.find((f) => f.kind === 'imageCaptcha');
    expect(captcha?.kind === 'imageCaptcha' && captcha.refreshable).toBe(true);
    const calls = h.upstream.length;
    const refreshed = asForm(stepOf(await h.t.action(token, login.id, captcha!.id, 'refresh')));
    expect(h.upstream.slice(calls).map((e) => e.path)).toEqual(['/calls/verify/captcha']);
    expect(refreshed).toMatchObject({ id: login.id, revision: 1 });
    const image = (s: FormStep) => s.fields.find((f) => f.kind === 'imageCaptcha');
    expect(image(refreshed)).not.toEqual(captcha);
    expect(stepOf(await h.t.submit(token, refreshed.id, user.answer(refreshed))).type).toBe('authorized');
  });

  it('sends calls/flow once per start and once per restart, with the same uid', async () => {
    const { token, step } = await begin('15000000100');
    const calls = h.upstream.length;
    const restarted = asForm(stepOf(await h.t.restart(token)));
    expect(restarted.id).not.toBe(step.id);
    const flows = h.upstream.slice(calls).filter((e) => e.path === '/calls/flow');
    expect(flows).toHaveLength(1);
    const uid = (body: string) => new URLSearchParams(body).get('uid') ?? (JSON.parse(body) as { uid?: string }).uid;
    const first = h.upstream
      .slice(0, calls)
      .filter((e) => e.path === '/calls/flow')
      .at(-1);
    expect(uid(flows[0]!.requestBody)).toBe(uid(first!.requestBody));
  });
});
