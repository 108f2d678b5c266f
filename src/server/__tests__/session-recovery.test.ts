import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StepResponseSchema } from '../../flow/schemas';
import type { FieldValue } from '../../flow';
import { createSessionService } from '../session/service';
import { MAX_RESTARTS } from '../session/guards';
import { createMemorySessionStore } from '../session/store';
import { tokenKey } from '../session/token';
import { createFakeAdapter } from '../../test-support/server/fake-adapter';
import {
  RECOVERY_CONTACTS,
  RECOVERY_PASSWORD,
  RECOVERY_SMS,
  SAME_PASSWORD,
  SID,
  createFakeRecoveryAdapter,
} from '../../test-support/server/fake-recovery-adapter';
import type { FakeRecoveryAdapter } from '../../test-support/server/fake-recovery-adapter';
import { CONSENT, createTestApp, asForm, errorOf } from '../../test-support/server/test-app';
import type { TestApp } from '../../test-support/server/test-app';

const PHONE = '13812345678';
const ID_CARD = '11010519491231002X';
const OTHER_ID_CARD = '440304198506127317';
const NAME = '赵六';
let clock = Date.parse('2030-03-01T08:00:00.000Z');
const now = () => clock;

let adapter: FakeRecoveryAdapter;
let store: ReturnType<typeof createMemorySessionStore>;
let t: TestApp;

beforeEach(async () => {
  clock = Date.parse('2030-03-01T08:00:00.000Z');
  adapter = createFakeRecoveryAdapter(now);
  store = createMemorySessionStore({ ttlSeconds: 600, now });
  t = await createTestApp({ adapter, now, store });
});
afterEach(async () => {
  // The ID card, the name, the SID and every secret stay on the server, and out of the logs.
  for (const body of t.bodies)
    for (const secret of [ID_CARD, OTHER_ID_CARD, NAME, SID, RECOVERY_PASSWORD, RECOVERY_SMS]) expect(body).not.toContain(secret);
  const logs = t.logs.join('');
  for (const secret of [ID_CARD, OTHER_ID_CARD, NAME, SID, RECOVERY_PASSWORD, RECOVERY_SMS, PHONE, ...RECOVERY_CONTACTS, '368024']) {
    expect(logs).not.toContain(secret);
  }
  await t.close();
  await store.close();
});

const ok = (r: { statusCode: number; json(): unknown }) => {
  expect(r.statusCode, JSON.stringify(r.json())).toBe(200);
  return asForm(StepResponseSchema.parse(r.json()).step);
};

/** A session on the recovery step asking for contacts and a new password. */
async function atResetStep() {
  const started = await t.startOk(PHONE);
  const login = asForm(started.step);
  const identity = ok(await t.action(started.token, login.id, 'pin', 'recover'));
  const reset = ok(await t.submit(started.token, identity.id, { user_name: NAME, user_id: ID_CARD.toLowerCase() }));
  expect(reset.fields.map((f) => f.kind)).toEqual(['contacts', 'newPassword']);
  return { token: started.token, login, identity, reset };
}

describe('password recovery through the session API', () => {
  it('opens recovery from an inline-recovery password field as a new cancellable step, and completes back at login', async () => {
    const { token, login, identity, reset } = await atResetStep();
    expect(identity).toMatchObject({ purpose: 'recoverPassword', cancellable: true, revision: 0 });
    expect(identity.id).not.toBe(login.id);
    expect(reset).toMatchObject({ purpose: 'recoverPassword', cancellable: true });
    const back = ok(await t.submit(token, reset.id, { tel_list: RECOVERY_CONTACTS, new_pwd: '368024' }));
    expect(back).toMatchObject({ intent: 'login', notice: '服务密码已重置，请用新密码登录' });
    expect(back.purpose).toBeUndefined();
    expect(adapter.submitted.at(-1)).toEqual({ tel_list: RECOVERY_CONTACTS, new_pwd: '368024' });
    expect((await store.get(tokenKey(token)))?.idCard).toBe(ID_CARD);
  });

  it('refuses recover on a field that has no inline recovery with 400 and no upstream call', async () => {
    const other = await createTestApp({ adapter: createFakeAdapter(now) });
    const started = await other.startOk(PHONE);
    const refused = await other.action(started.token, started.step.id, 'pwd', 'recover');
    expect(refused.statusCode).toBe(400);
    expect(errorOf(refused).code).toBe('action_unavailable');
    await other.close();
    const own = await t.startOk(PHONE);
    const calls = adapter.calls.length;
    const onPhone = await t.action(own.token, own.step.id, 'tel', 'recover');
    expect(errorOf(onPhone).code).toBe('action_unavailable');
    expect(adapter.calls.length).toBe(calls);
  });

  it('cancels a cancellable step back to login, and refuses cancel elsewhere with 400', async () => {
    const { token, reset } = await atResetStep();
    const back = ok(await t.cancel(token, reset.id));
    expect(back.intent).toBe('login');
    expect(adapter.calls.at(-1)).toBe('cancel');
    const calls = adapter.calls.length;
    const refused = await t.cancel(token, back.id);
    expect(refused.statusCode).toBe(400);
    expect(errorOf(refused).code).toBe('action_unavailable');
    expect((await t.cancel(token, reset.id)).statusCode).toBe(409);
    expect(adapter.calls.length).toBe(calls);
  });

  it.each<[string, Record<string, FieldValue>, string, string]>([
    ['an ascending run', { tel_list: RECOVERY_CONTACTS, new_pwd: '123456' }, 'new_pwd', 'new_password_invalid'],
    ['one repeated digit', { tel_list: RECOVERY_CONTACTS, new_pwd: '777777' }, 'new_pwd', 'new_password_invalid'],
    ['digits of the phone', { tel_list: RECOVERY_CONTACTS, new_pwd: '812345' }, 'new_pwd', 'new_password_invalid'],
    ['digits of the ID card given earlier', { tel_list: RECOVERY_CONTACTS, new_pwd: '491231' }, 'new_pwd', 'new_password_invalid'],
    ['too few contacts', { tel_list: ['13912345678'], new_pwd: '368024' }, 'tel_list', 'input_invalid'],
    ['the applicant as a contact', { tel_list: ['13912345678', PHONE], new_pwd: '368024' }, 'tel_list', 'input_invalid'],
    ['contacts as a string', { tel_list: '13912345678', new_pwd: '368024' }, 'tel_list', 'input_invalid'],
    ['a new password as a list', { tel_list: RECOVERY_CONTACTS, new_pwd: ['368024'] }, 'new_pwd', 'input_invalid'],
  ])('answers 422 naming the field for %s, with no upstream call', async (_case, values, field, code) => {
    const { token, reset } = await atResetStep();
    const calls = adapter.calls.length;
    const refused = await t.submit(token, reset.id, values);
    expect(refused.statusCode).toBe(422);
    expect(errorOf(refused)).toMatchObject({ code, field, retryable: false });
    expect(adapter.calls.length).toBe(calls);
  });

  it('puts upstream contacts and new-password errors on those fields', async () => {
    const { token, reset } = await atResetStep();
    const wrong = ok(await t.submit(token, reset.id, { tel_list: ['15055556666', '18611112222'], new_pwd: '368024' }));
    expect(wrong.fields.map((f) => f.error?.code)).toEqual(['contacts_incorrect', undefined]);
    const same = ok(await t.submit(token, reset.id, { tel_list: RECOVERY_CONTACTS, new_pwd: SAME_PASSWORD }));
    expect(same.fields.map((f) => f.error?.code)).toEqual([undefined, 'new_password_same']);
    expect(same).toMatchObject({ id: reset.id, revision: 2, purpose: 'recoverPassword', cancellable: true });
  });
});

describe('restart where a new SMS code comes only by starting again', () => {
  async function atSmsStep() {
    const started = await t.startOk(PHONE);
    const sms = ok(await t.submit(started.token, started.step.id, { pin: RECOVERY_PASSWORD }));
    expect(sms.fields[0]).toMatchObject({ kind: 'smsCode', resend: { via: 'restart' } });
    return { token: started.token, sms };
  }

  it('refuses resend on such a field, and a restart before the countdown, with no upstream call', async () => {
    const { token, sms } = await atSmsStep();
    const calls = adapter.calls.length;
    const resend = await t.action(token, sms.id, 'code', 'resend');
    expect(resend.statusCode).toBe(400);
    expect(errorOf(resend).code).toBe('action_unavailable');
    clock += 119_000;
    const early = await t.restart(token);
    expect(early.statusCode).toBe(429);
    expect(errorOf(early)).toMatchObject({ code: 'action_too_early', retryable: true });
    expect(adapter.calls.length).toBe(calls);
    clock += 1_000;
    expect(ok(await t.restart(token)).intent).toBe('login');
  });

  it(`allows ${MAX_RESTARTS} restarts a session, then answers 429 too_many_attempts`, async () => {
    const started = await t.startOk(PHONE);
    let token = started.token;
    let step = asForm(started.step);
    for (let i = 0; i < MAX_RESTARTS; i++) {
      const sms = ok(await t.submit(token, step.id, { pin: RECOVERY_PASSWORD }));
      clock += 120_000;
      step = ok(await t.restart(token));
      expect(sms.id).not.toBe(step.id);
    }
    await t.submit(token, step.id, { pin: RECOVERY_PASSWORD });
    clock += 120_000;
    const calls = adapter.calls.length;
    const capped = await t.restart(token);
    expect(capped.statusCode).toBe(429);
    expect(errorOf(capped)).toMatchObject({ code: 'too_many_attempts', retryable: false });
    expect(adapter.calls.length).toBe(calls);
    // The session itself goes on: the code from the last restart still completes it.
    const current = asForm(StepResponseSchema.parse((await t.current(token)).json()).step);
    token = started.token;
    expect(StepResponseSchema.parse((await t.submit(token, current.id, { code: RECOVERY_SMS })).json()).step.type).toBe('authorized');
  });
});

describe('the applicant the lender supplied', () => {
  const silent = { info() {}, warn() {}, error() {} };
  const applicant = { name: NAME, idCard: ID_CARD, contacts: [{ phone: '13912345678', name: '母亲' }] };

  it('reaches the adapter at start and again at every restart', async () => {
    const service = createSessionService({ adapter, store, log: silent, now });
    const started = await service.start({ phone: PHONE, consent: CONSENT }, { applicant });
    await service.restart(`Bearer ${started.token}`);
    expect(adapter.starts).toEqual([
      { phone: PHONE, userId: expect.stringMatching(/^cl_/), applicant },
      { phone: PHONE, userId: adapter.starts[0]?.userId, applicant },
    ]);
  });

  it('lends its ID card to the new-password check until the user types one', async () => {
    const service = createSessionService({ adapter, store, log: silent, now });
    const started = await service.start({ phone: PHONE, consent: CONSENT }, { applicant });
    const auth = `Bearer ${started.token}`;
    const login = asForm(started.step);
    const reset = asForm((await service.fieldAction(auth, { stepId: login.id, fieldId: 'pin', action: 'recover' })).step);
    expect(reset.fields.map((f) => f.kind)).toEqual(['contacts', 'newPassword']);
    await expect(service.submit(auth, reset.id, { tel_list: RECOVERY_CONTACTS, new_pwd: '491231' })).rejects.toMatchObject({
      status: 422,
      code: 'new_password_invalid',
      field: 'new_pwd',
    });
    const calls = adapter.calls.length;
    expect(asForm((await service.submit(auth, reset.id, { tel_list: RECOVERY_CONTACTS, new_pwd: '368024' })).step).intent).toBe('login');
    expect(adapter.calls.length).toBe(calls + 1);
  });

  it('checks a new password against the ID card the user typed last, not an older one', async () => {
    const { token, login } = await atResetStep();
    const cancelled = ok(await t.cancel(token, asForm(StepResponseSchema.parse((await t.current(token)).json()).step).id));
    expect(cancelled.id).not.toBe(login.id);
    const identity = ok(await t.action(token, cancelled.id, 'pin', 'recover'));
    const reset = ok(await t.submit(token, identity.id, { user_name: NAME, user_id: OTHER_ID_CARD }));
    expect(errorOf(await t.submit(token, reset.id, { tel_list: RECOVERY_CONTACTS, new_pwd: '061273' }))).toMatchObject({
      code: 'new_password_invalid',
      field: 'new_pwd',
    });
    // Digits of the earlier ID card are fine now.
    expect(ok(await t.submit(token, reset.id, { tel_list: RECOVERY_CONTACTS, new_pwd: '491231' })).intent).toBe('login');
  });
});
