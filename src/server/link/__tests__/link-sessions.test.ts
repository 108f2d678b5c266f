import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorResponseSchema, StartSessionResponseSchema, StepResponseSchema } from '../../../flow/schemas';
import type { Step } from '../../../flow';
import { SANDBOX_CONTACTS, SANDBOX_ID_CARD, SANDBOX_NAME } from '../../../providers/dianhua/sandbox';
import { DianhuaUser, startDianhuaHarness } from '../../../test-support/server/dianhua-harness';
import type { DianhuaHarness } from '../../../test-support/server/dianhua-harness';
import { RESULT_TASK_ID } from '../../../test-support/server/test-app';
import { API_KEYS, KEY_ACME, ORIGIN, createLink, linkInfo, startWithLink } from '../../../test-support/server/link';

// Over the real Dianhua simulator: calls/flow shows what the adapter's StartInput carried.
let h: DianhuaHarness;
const tokens: string[] = [];
const linkTokens: string[] = [];
const PHONE = '15000000100';
const APPLICANT = {
  name: SANDBOX_NAME,
  idCard: SANDBOX_ID_CARD,
  contacts: [{ phone: SANDBOX_CONTACTS[0], name: '王五', relationship: '配偶' }, { phone: SANDBOX_CONTACTS[1] }],
};

beforeAll(async () => {
  h = await startDianhuaHarness({ links: { apiKeys: API_KEYS, ttlSeconds: 600 } });
});
afterAll(async () => {
  h.assertNoLeaks(tokens);
  h.assertCleanLogs([PHONE]);
  const logs = h.t.logs.join('\n');
  for (const secret of [...linkTokens, KEY_ACME, '王五', '配偶', 'lender-user-7']) expect(logs).not.toContain(secret);
  await h.close();
});

async function link(body: Record<string, unknown> = {}) {
  const created = await createLink(h.t.app, { userId: 'lender-user-7', phone: PHONE, ...body });
  linkTokens.push(created.linkToken);
  return created;
}
const flowCalls = () => h.upstream.filter((e) => e.path === '/calls/flow');
const stepOf = (r: { statusCode: number; json(): unknown }): Step => {
  expect(r.statusCode, JSON.stringify(r.json())).toBe(200);
  return StepResponseSchema.parse(r.json()).step;
};

describe('POST /api/sessions with a link token', () => {
  it("opens the link's session with the lender's applicant sent upstream, under our own user id", async () => {
    const created = await link({ applicant: APPLICANT });
    const flows = flowCalls().length;
    const response = await startWithLink(h.t.app, PHONE, created.linkToken);
    expect(response.statusCode, response.body).toBe(201);
    tokens.push(StartSessionResponseSchema.parse(response.json()).token);
    const sent = flowCalls().slice(flows);
    expect(sent).toHaveLength(1);
    const body = JSON.parse(sent[0]!.requestBody) as Record<string, unknown>;
    expect(body).toMatchObject({
      tel: PHONE,
      user_info: { user_name: SANDBOX_NAME, user_idcard: SANDBOX_ID_CARD },
      user_contact: [
        { contact_tel: SANDBOX_CONTACTS[0], contact_name: '王五', contact_relationship: '配偶', contact_priority: 1 },
        { contact_tel: SANDBOX_CONTACTS[1], contact_priority: 2 },
      ],
    });
    expect(String(body['uid'])).toMatch(/^cl_[0-9a-f]{24}$/);
    const lines = h.t.logs.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.find((l) => l.msg === 'session step' && l.session === created.sessionId)).toMatchObject({
      event: 'start',
      lenderId: 'acme',
    });
    expect((await linkInfo(h.t.app, created.linkToken)).json()).toEqual({
      state: 'used',
      allowedOrigins: [ORIGIN],
      expiresAt: created.expiresAt,
    });
  });

  it('is single use: a second start answers 410 link_used without reaching the upstream', async () => {
    const created = await link();
    tokens.push(StartSessionResponseSchema.parse((await startWithLink(h.t.app, PHONE, created.linkToken)).json()).token);
    const flows = flowCalls().length;
    const again = await startWithLink(h.t.app, PHONE, created.linkToken);
    expect(again.statusCode).toBe(410);
    expect(ErrorResponseSchema.parse(again.json()).error.code).toBe('link_used');
    expect(flowCalls().length).toBe(flows);
  });

  it('lets exactly one of two concurrent starts with one link through', async () => {
    const created = await link();
    const flows = flowCalls().length;
    const answers = await Promise.all([startWithLink(h.t.app, PHONE, created.linkToken), startWithLink(h.t.app, PHONE, created.linkToken)]);
    expect(answers.map((r) => r.statusCode).sort()).toEqual([201, 410]);
    expect(answers.find((r) => r.statusCode === 410)?.json().error.code).toBe('link_used');
    tokens.push(answers.find((r) => r.statusCode === 201)!.json<{ token: string }>().token);
    expect(flowCalls().length).toBe(flows + 1);
  });

  it('answers 410 link_expired once the link has expired', async () => {
    const created = await link({ expiresInSeconds: 60 });
    h.advancePast(created.expiresAt);
    const flows = flowCalls().length;
    const response = await startWithLink(h.t.app, PHONE, created.linkToken);
    expect(response.statusCode).toBe(410);
    expect(response.json().error).toMatchObject({ code: 'link_expired', retryable: false });
    expect((await linkInfo(h.t.app, created.linkToken)).json().state).toBe('expired');
    expect(flowCalls().length).toBe(flows);
  });

  it('answers 422 on the phone field when the number is not the one the link fixed, and keeps the link', async () => {
    const created = await link();
    const flows = flowCalls().length;
    const response = await startWithLink(h.t.app, '15000000110', created.linkToken);
    expect(response.statusCode).toBe(422);
    expect(ErrorResponseSchema.parse(response.json()).error).toMatchObject({ code: 'input_invalid', field: 'phone' });
    expect(flowCalls().length).toBe(flows);
    expect((await linkInfo(h.t.app, created.linkToken)).json()).toMatchObject({ state: 'unused', phone: PHONE });
    const right = await startWithLink(h.t.app, PHONE, created.linkToken);
    expect(right.statusCode).toBe(201);
    tokens.push(right.json<{ token: string }>().token);
  });

  it('answers 404 link_not_found to an unknown or malformed link token', async () => {
    const flows = flowCalls().length;
    for (const linkToken of [`lt_${'C'.repeat(43)}`, 'lt_nope', KEY_ACME]) {
      const response = await startWithLink(h.t.app, PHONE, linkToken);
      expect(response.statusCode).toBe(404);
      expect(ErrorResponseSchema.parse(response.json()).error.code).toBe('link_not_found');
    }
    expect(flowCalls().length).toBe(flows);
  });

  it('still starts without a link when links are not required', async () => {
    const response = await startWithLink(h.t.app, PHONE, undefined);
    expect(response.statusCode).toBe(201);
    tokens.push(response.json<{ token: string }>().token);
  });
});

describe('the authorized step', () => {
  it('carries the session id the link promised and the upstream task id, also after a reload', async () => {
    const created = await link();
    const started = StartSessionResponseSchema.parse((await startWithLink(h.t.app, PHONE, created.linkToken)).json());
    tokens.push(started.token);
    const user = new DianhuaUser(PHONE);
    let step: Step = started.step;
    for (let i = 0; i < 6 && step.type === 'form'; i++) step = stepOf(await h.t.submit(started.token, step.id, user.answer(step)));
    expect(step.type).toBe('authorized');
    const result = step.type === 'authorized' ? step.result : undefined;
    expect(result?.sessionId).toBe(created.sessionId);
    // Dianhua's task is its sid: the one upstream id the lender's page learns.
    expect(h.upstreamIds().has(result?.taskId ?? '')).toBe(true);
    expect(stepOf(await h.t.current(started.token))).toEqual(step);
    // The leak scans see the result's task id blanked, and nothing else of it.
    expect(h.t.bodies.filter((b) => b.includes(RESULT_TASK_ID)).length).toBeGreaterThanOrEqual(2);
  });

  it('carries the result for sessions opened without a link too', async () => {
    const started = await h.t.startOk(PHONE);
    tokens.push(started.token);
    const user = new DianhuaUser(PHONE);
    let step: Step = started.step;
    for (let i = 0; i < 6 && step.type === 'form'; i++) step = stepOf(await h.t.submit(started.token, step.id, user.answer(step)));
    expect(step).toMatchObject({ type: 'authorized', result: { sessionId: expect.stringMatching(/^ses_/) } });
  });
});

describe('REQUIRE_LINK_TOKEN', () => {
  let strict: DianhuaHarness;
  beforeAll(async () => {
    strict = await startDianhuaHarness({ links: { apiKeys: API_KEYS, requireLinkToken: true } });
  });
  afterAll(async () => strict.close());

  it('refuses a start without a link token with 403 link_required, and starts with one', async () => {
    const refused = await startWithLink(strict.t.app, PHONE, undefined);
    expect(refused.statusCode).toBe(403);
    expect(ErrorResponseSchema.parse(refused.json()).error).toEqual({
      code: 'link_required',
      message: '请从贷款机构的申请页面打开授权',
      retryable: false,
    });
    expect(strict.upstream.filter((e) => e.path === '/calls/flow')).toHaveLength(0);
    const created = await createLink(strict.t.app, { userId: 'u1' });
    expect((await startWithLink(strict.t.app, PHONE, created.linkToken)).statusCode).toBe(201);
  });
});
