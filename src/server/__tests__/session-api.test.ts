import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorResponseSchema, StartSessionResponseSchema, StepResponseSchema } from '../../flow/schemas';
import { SessionRecordSchema } from '../session/record';
import { createMemorySessionStore } from '../session/store';
import { tokenKey } from '../session/token';
import { FAKE_HIDDEN, FAKE_PASSWORD, FAKE_SMS, FAKE_TASK, createFakeAdapter } from '../../test-support/server/fake-adapter';
import type { FakeAdapter } from '../../test-support/server/fake-adapter';
import { CONSENT, createTestApp, stepOf, asForm } from '../../test-support/server/test-app';
import type { TestApp } from '../../test-support/server/test-app';

const PHONE = '13812345678';
let clock = Date.parse('2030-03-01T08:00:00.000Z');
const now = () => clock;

let adapter: FakeAdapter;
let t: TestApp;
let store: ReturnType<typeof createMemorySessionStore>;

beforeEach(async () => {
  clock = Date.parse('2030-03-01T08:00:00.000Z');
  adapter = createFakeAdapter(now);
  store = createMemorySessionStore({ ttlSeconds: 600, now });
  t = await createTestApp({ adapter, now, store });
});

afterEach(async () => {
  // Nothing any test answered or logged may hold a secret or an upstream identifier.
  for (const body of t.bodies) {
    for (const secret of [FAKE_PASSWORD, FAKE_HIDDEN, FAKE_TASK, FAKE_SMS]) expect(body).not.toContain(secret);
  }
  const logs = t.logs.join('');
  for (const secret of [FAKE_PASSWORD, FAKE_SMS, FAKE_HIDDEN, PHONE]) expect(logs).not.toContain(secret);
  await t.close();
  await store.close();
});

async function toSmsStep() {
  const started = await t.startOk(PHONE);
  const submitted = await t.submit(started.token, started.step.id, { phone: PHONE, pwd: FAKE_PASSWORD });
  return { token: started.token, step: asForm(stepOf(submitted)) };
}

describe('session API over a fake adapter', () => {
  it('starts a session with a bearer token, records consent and keys the store by the token hash', async () => {
    const response = await t.start(PHONE);
    expect(response.statusCode).toBe(201);
    const started = StartSessionResponseSchema.parse(response.json());
    expect(started.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(asForm(started.step)).toMatchObject({ intent: 'login', revision: 0 });
    expect(started.serverTime).toBe('2030-03-01T08:00:00.000Z');
    const record = await store.get(tokenKey(started.token));
    expect(record?.consent).toEqual({ ...CONSENT, recordedAt: '2030-03-01T08:00:00.000Z' });
    expect(record?.userId).toMatch(/^cl_[0-9a-f]{24}$/);
    expect(await store.get(started.token)).toBeUndefined();
    expect(response.body).not.toContain(tokenKey(started.token));
  });

  it('refuses a start with a bad phone (422) or without consent (400) and calls nobody', async () => {
    const badPhone = await t.app.inject({ method: 'POST', url: '/api/sessions', payload: { phone: '12345', consent: CONSENT } });
    expect(badPhone.statusCode).toBe(422);
    expect(ErrorResponseSchema.parse(badPhone.json()).error.code).toBe('input_invalid');
    const noConsent = await t.app.inject({ method: 'POST', url: '/api/sessions', payload: { phone: PHONE } });
    expect(noConsent.statusCode).toBe(400);
    expect(noConsent.json().error.code).toBe('bad_request');
    expect(adapter.calls).toEqual([]);
  });

  it('returns the same step on reload after every transition', async () => {
    const started = await t.startOk(PHONE);
    expect(stepOf(await t.current(started.token))).toEqual(started.step);
    const wrong = stepOf(await t.submit(started.token, started.step.id, { pwd: 'nope' }));
    expect(stepOf(await t.current(started.token))).toEqual(wrong);
    const sms = stepOf(await t.submit(started.token, started.step.id, { pwd: FAKE_PASSWORD }));
    expect(stepOf(await t.current(started.token))).toEqual(sms);
  });

  it('puts a rejection on the password field of the same step and clears it on the next answer', async () => {
    const started = await t.startOk(PHONE);
    const rejected = asForm(stepOf(await t.submit(started.token, started.step.id, { phone: PHONE, pwd: 'wrong' })));
    expect(rejected.id).toBe(started.step.id);
    expect(rejected.revision).toBe(1);
    expect(rejected.fields.find((f) => f.kind === 'servicePassword')?.error?.code).toBe('password_incorrect');
    expect(rejected.fields.find((f) => f.kind === 'phone')?.error).toBeUndefined();
    const next = asForm(stepOf(await t.submit(started.token, rejected.id, { pwd: FAKE_PASSWORD })));
    expect(next.id).not.toBe(started.step.id);
    expect(next.revision).toBe(0);
    const smsRejected = asForm(stepOf(await t.submit(started.token, next.id, { code: '111111' })));
    expect(smsRejected.fields.find((f) => f.kind === 'smsCode')?.error?.code).toBe('sms_code_incorrect');
    const done = stepOf(await t.submit(started.token, next.id, { code: FAKE_SMS }));
    expect(done.type).toBe('authorized');
    const stored = await store.get(tokenKey(started.token));
    expect(stored?.taskId).toBe(FAKE_TASK);
    // Records must survive a database: plain JSON that the record schema accepts.
    expect(JSON.parse(JSON.stringify(stored))).toEqual(stored);
    expect(SessionRecordSchema.safeParse(stored).success).toBe(true);
  });

  it('answers 409 step_outdated to a submission for a step that is no longer current', async () => {
    const started = await t.startOk(PHONE);
    await t.submit(started.token, started.step.id, { pwd: FAKE_PASSWORD });
    const calls = adapter.calls.length;
    const stale = await t.submit(started.token, started.step.id, { pwd: FAKE_PASSWORD });
    expect(stale.statusCode).toBe(409);
    expect(ErrorResponseSchema.parse(stale.json()).error).toMatchObject({ code: 'step_outdated', retryable: true });
    expect(adapter.calls.length).toBe(calls);
  });

  it('lets a double submit reach the upstream once; the second waits and is outdated', async () => {
    const started = await t.startOk(PHONE);
    adapter.hold();
    const first = t.submit(started.token, started.step.id, { pwd: 'wrong-1' });
    const second = t.submit(started.token, started.step.id, { pwd: 'wrong-2' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(adapter.calls).toEqual(['start', 'submit']);
    adapter.release();
    const [a, b] = await Promise.all([first, second]);
    expect(a.statusCode).toBe(200);
    expect(b.statusCode).toBe(409);
    expect(adapter.calls).toEqual(['start', 'submit']);
  });

  it('refuses a resend before allowedAt with 429 and no upstream call, then allows it', async () => {
    const { token, step } = await toSmsStep();
    const calls = adapter.calls.length;
    const early = await t.action(token, step.id, 'code', 'resend');
    expect(early.statusCode).toBe(429);
    expect(early.json().error.code).toBe('action_too_early');
    expect(adapter.calls.length).toBe(calls);
    clock += 61_000;
    const resent = asForm(stepOf(await t.action(token, step.id, 'code', 'resend')));
    expect(resent).toMatchObject({ id: step.id, revision: 1 });
    expect(adapter.calls.at(-1)).toBe('resend');
  });

  it('refreshes a refreshable captcha under the same step id and refuses actions a field does not offer', async () => {
    const { token, step } = await toSmsStep();
    const refreshed = asForm(stepOf(await t.action(token, step.id, 'pic', 'refresh')));
    expect(refreshed).toMatchObject({ id: step.id, revision: 1 });
    const calls = adapter.calls.length;
    for (const [field, action] of [
      ['code', 'refresh'],
      ['pic', 'resend'],
      ['nope', 'refresh'],
    ] as const) {
      const refused = await t.action(token, step.id, field, action);
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error.code).toBe('action_unavailable');
    }
    const unknownAction = await t.app.inject({
      method: 'POST',
      url: `/api/session/steps/${step.id}/fields/pic/explode`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(unknownAction.statusCode).toBe(400);
    expect(adapter.calls.length).toBe(calls);
  });

  it('answers 422 naming the field for invalid values and never calls the upstream', async () => {
    const started = await t.startOk('13900000001');
    const identity = asForm(stepOf(await t.submit(started.token, started.step.id, { pwd: FAKE_PASSWORD })));
    const calls = adapter.calls.length;
    const cases: Array<[Record<string, string>, string]> = [
      [{ who: '张三', idno: '110105194912310021', plan: 'a' }, 'idno'],
      [{ who: '张三', idno: '11010519491231002X', plan: 'a', extra: '1' }, 'extra'],
      [{ who: '张三', plan: 'a' }, 'idno'],
      [{ who: '  ', idno: '11010519491231002X', plan: 'a' }, 'who'],
      [{ who: '张三', idno: '11010519491231002X', plan: 'z' }, 'plan'],
    ];
    for (const [values, field] of cases) {
      const response = await t.submit(started.token, identity.id, values);
      expect(response.statusCode).toBe(422);
      const { error } = ErrorResponseSchema.parse(response.json());
      expect(error.code).toBe('input_invalid');
      expect(error.message).toContain(field);
      expect(error.field).toBe(field);
    }
    expect(adapter.calls.length).toBe(calls);
    const sms = asForm(stepOf(await t.submit(started.token, identity.id, { who: '张三', idno: '11010519491231002x', plan: 'b' })));
    const badCode = await t.submit(started.token, sms.id, { code: '12ab' });
    expect(badCode.statusCode).toBe(422);
    expect(badCode.json().error.message).toContain('code');
  });

  it('answers 400 bad_request for malformed JSON, wrong types and oversized bodies', async () => {
    const { token, id } = await t.startOk(PHONE).then((s) => ({ token: s.token, id: s.step.id }));
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const url = `/api/session/steps/${id}`;
    const bad = [
      await t.app.inject({ method: 'POST', url, headers, payload: '{"values": {' }),
      await t.app.inject({ method: 'POST', url, headers, payload: JSON.stringify({ values: { pwd: 5 } }) }),
      await t.app.inject({ method: 'POST', url, headers, payload: JSON.stringify({ values: [] }) }),
      await t.app.inject({ method: 'POST', url, headers, payload: JSON.stringify({ values: { pwd: 'x'.repeat(20_000) } }) }),
      await t.app.inject({ method: 'POST', url, headers, payload: '{"__proto__": {"x": 1}, "values": {}}' }),
    ];
    for (const response of bad) {
      expect(response.statusCode).toBe(400);
      const { error } = ErrorResponseSchema.parse(response.json());
      expect(error.code).toBe('bad_request');
      expect(response.body).not.toMatch(/at .*\.(ts|js):\d+/);
    }
    expect(adapter.calls).toEqual(['start']);
  });

  it('answers 401 to a missing, unknown or idle-expired token', async () => {
    const missing = await t.app.inject({ method: 'GET', url: '/api/session' });
    expect(missing.statusCode).toBe(401);
    expect(missing.json().error.code).toBe('session_not_found');
    const unknown = await t.current('A'.repeat(43));
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().error.code).toBe('session_expired');
    const started = await t.startOk(PHONE);
    clock += 599_000;
    // A read is not activity (it writes nothing): the session still idles out 600 s after its last step.
    expect((await t.current(started.token)).statusCode).toBe(200);
    clock += 1_000;
    expect((await t.current(started.token)).json().error.code).toBe('session_expired');
    const expired = await t.submit(started.token, started.step.id, { pwd: FAKE_PASSWORD });
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error.code).toBe('session_expired');
  });

  it('restarts from a form step, but not after authorization or a final failure', async () => {
    const { token, step } = await toSmsStep();
    // Not while the code just sent may still arrive: a restart sends another.
    expect((await t.restart(token)).statusCode).toBe(429);
    clock += 61_000;
    const restarted = asForm(stepOf(await t.restart(token)));
    expect(restarted.intent).toBe('login');
    expect(restarted.id).not.toBe(step.id);
    const sms = asForm(stepOf(await t.submit(token, restarted.id, { pwd: FAKE_PASSWORD })));
    const failed = stepOf(await t.submit(token, sms.id, { code: '000000' }));
    expect(failed).toMatchObject({
      type: 'failed',
      canRestart: false,
      error: { code: 'too_many_attempts', retryable: false, upstreamCode: '506026' },
    });
    const refused = await t.restart(token);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('action_unavailable');
  });

  it('turns an adapter that throws into a retryable step error without leaking its message', async () => {
    const started = await t.startOk(PHONE);
    adapter.failNext();
    const response = await t.submit(started.token, started.step.id, { pwd: FAKE_PASSWORD });
    expect(response.statusCode).toBe(200);
    const step = asForm(StepResponseSchema.parse(response.json()).step);
    expect(step.error?.code).toBe('upstream_error');
    expect(step.id).toBe(started.step.id);
    const retried = asForm(stepOf(await t.submit(started.token, step.id, { pwd: FAKE_PASSWORD })));
    expect(retried.intent).toBe('verify');
  });
});
