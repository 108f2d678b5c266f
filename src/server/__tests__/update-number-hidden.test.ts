import { afterEach, describe, expect, it } from 'vitest';
import type { FieldOf, HandoffResponse, StartSessionResponse } from '../../flow';
import { LinkInfoResponseSchema } from '../../flow/schemas';
import { createMemoryLinkStore } from '../link/store';
import { ECHO_FATAL_PASSWORD, ECHO_PASSWORD, ECHO_SMS, createEchoAdapter } from '../../test-support/server/echo-adapter';
import type { EchoAdapter } from '../../test-support/server/echo-adapter';
import { echoingPageBuild } from '../../test-support/server/echoing-page';
import { asForm, createTestApp, errorOf, stepOf } from '../../test-support/server/test-app';
import type { TestApp } from '../../test-support/server/test-app';
import { bodyWithNumber, putUpdateLink, startFromLink } from '../../test-support/server/update-link';

// An update link runs on the number of an earlier authorization: the applicant did not type it on
// this device, so no answer the widget reads may carry it whole, whatever the vendor's step says.
const PHONE = '13800138000';
const MASKED = '138****8000';

let t: TestApp | undefined;
let adapter: EchoAdapter;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function updateSession(): Promise<{ app: TestApp; started: StartSessionResponse; linkToken: string }> {
  const links = createMemoryLinkStore();
  adapter = createEchoAdapter();
  t = await createTestApp({ adapter, links: { store: links } });
  const linkToken = await putUpdateLink(links, PHONE);
  const response = await startFromLink(t.app, linkToken);
  expect(response.statusCode, response.body).toBe(201);
  return { app: t, started: response.json<StartSessionResponse>(), linkToken };
}

const phoneField = (step: ReturnType<typeof stepOf>) => asForm(step).fields.find((f): f is FieldOf<'phone'> => f.kind === 'phone');

describe('an update session whose vendor names the number everywhere', () => {
  it('masks the pre-filled phone field, labels, hints, notice, errors and SMS hints in every answer, and sends the vendor the full number', async () => {
    const { app, started, linkToken } = await updateSession();
    // The link as the widget reads it: masked.
    const info = LinkInfoResponseSchema.parse(
      (await app.app.inject({ method: 'GET', url: '/api/link', headers: { authorization: `Bearer ${linkToken}` } })).json(),
    );
    expect(info.phone).toBeUndefined();

    // The pre-filled field: masked and locked (the browser cannot send back what it never had).
    const login = asForm(started.step);
    expect(phoneField(login)).toMatchObject({ value: MASKED, locked: true, hint: MASKED });
    expect(login.notice).toBe(`请为 ${MASKED} 输入服务密码`);
    expect(login.fields[1]).toMatchObject({ label: `${MASKED}的服务密码`, detailHint: `忘记${MASKED}的密码请拨打10086` });
    // The status the widget reloads from.
    expect(stepOf(await app.current(started.token))).toEqual(started.step);

    // Another number for the locked field is refused, without naming the real one.
    const other = await app.submit(started.token, login.id, { mobile: '13900139000', pwd: ECHO_PASSWORD });
    expect(other.statusCode).toBe(422);
    expect(errorOf(other)).toMatchObject({ code: 'input_invalid', field: 'mobile' });

    // An error echoing the number, with the field left out as the widget does.
    const wrong = asForm(stepOf(await app.submit(started.token, login.id, { pwd: '000000' })));
    expect(wrong.fields[1]?.error).toMatchObject({
      code: 'password_incorrect',
      message: `${MASKED}的服务密码错误`,
      instruction: `请用${MASKED}拨打10086重置服务密码`,
    });

    // The masked value sent back as shown counts as the number itself.
    const sms = asForm(stepOf(await app.submit(started.token, wrong.id, { mobile: MASKED, pwd: ECHO_PASSWORD })));
    expect(sms.fields[0]).toMatchObject({ kind: 'smsCode', detailHint: `验证码已发送至${MASKED}` });
    expect(adapter.phonesReceived).toEqual([PHONE, PHONE]);

    const resent = asForm(stepOf(await app.action(started.token, sms.id, 'code', 'resend')));
    expect(resent.notice).toBe(`已重新发送至${MASKED}`);
    const badCode = asForm(stepOf(await app.submit(started.token, resent.id, { code: '111111' })));
    expect(badCode.fields[0]?.error?.message).toBe(`发送至${MASKED}的验证码不正确`);
    const done = stepOf(await app.submit(started.token, badCode.id, { code: ECHO_SMS }));
    expect(done).toMatchObject({ type: 'authorized', result: { taskId: 'task-echo-0001' } });
    expect(stepOf(await app.current(started.token)).type).toBe('authorized');

    expect(app.bodies.length).toBeGreaterThan(9);
    expect(bodyWithNumber(app.bodies, PHONE)).toBeUndefined();
  });

  it('masks a failure naming the number, and the login step again after a restart', async () => {
    const { app, started } = await updateSession();
    const failed = stepOf(await app.submit(started.token, started.step.id, { pwd: ECHO_FATAL_PASSWORD }));
    expect(failed).toMatchObject({ type: 'failed', canRestart: true, error: { message: `号码${MASKED}已停机，无法登录` } });
    expect(stepOf(await app.current(started.token))).toEqual(failed);
    const again = stepOf(await app.restart(started.token));
    expect(phoneField(again)).toMatchObject({ value: MASKED, locked: true });
    expect(bodyWithNumber(app.bodies, PHONE)).toBeUndefined();
  });

  it('still shows a first session the number its applicant typed (the scan sees a whole number)', async () => {
    adapter = createEchoAdapter();
    t = await createTestApp({ adapter });
    const started = await t.startOk(PHONE);
    expect(phoneField(started.step)).toMatchObject({ value: PHONE });
    expect(phoneField(started.step)?.locked).toBeUndefined();
    const sms = asForm(stepOf(await t.submit(started.token, started.step.id, { mobile: PHONE, pwd: ECHO_PASSWORD })));
    expect(sms.fields[0]?.detailHint).toBe(`验证码已发送至${PHONE}`);
    expect(bodyWithNumber(t.bodies, PHONE)).toBeDefined();
  });
});

describe('the no-script page and the hand-off of an update link', () => {
  it('renders the page from the masked number, and hands the session over with number and step masked', async () => {
    const links = createMemoryLinkStore();
    adapter = createEchoAdapter();
    t = await createTestApp({ adapter, links: { store: links }, ...echoingPageBuild() });
    const linkToken = await putUpdateLink(links, PHONE);
    const page = await t.app.inject({ method: 'GET', url: `/?link_token=${linkToken}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(MASKED);
    expect(bodyWithNumber([page.body], PHONE)).toBeUndefined();

    const posted = await t.app.inject({
      method: 'POST',
      url: `/?link_token=${linkToken}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      payload: new URLSearchParams({ update: '1', consent: 'on', locale: 'zh-CN' }).toString(),
    });
    expect(posted.statusCode).toBe(303);
    const code = new URL(posted.headers.location ?? '', 'http://widget.test').searchParams.get('handoff') ?? '';
    const landing = await t.app.inject({ method: 'GET', url: `/?link_token=${linkToken}&handoff=${code}` });
    expect(bodyWithNumber([landing.body], PHONE)).toBeUndefined();
    const redeemed = await t.app.inject({ method: 'POST', url: '/api/session/handoff', payload: { code } });
    expect(redeemed.statusCode).toBe(200);
    const handed = redeemed.json<HandoffResponse>();
    expect(handed.phone).toBe(MASKED);
    expect(phoneField(handed.step)).toMatchObject({ value: MASKED, locked: true });
    expect(asForm(handed.step).notice).toBe(`请为 ${MASKED} 输入服务密码`);
    const sms = asForm(stepOf(await t.submit(handed.token, handed.step.id, { pwd: ECHO_PASSWORD })));
    expect(sms.fields[0]?.detailHint).toBe(`验证码已发送至${MASKED}`);
    expect(adapter.phonesReceived).toEqual([PHONE]);
    expect(bodyWithNumber(t.bodies, PHONE)).toBeUndefined();
  });
});
