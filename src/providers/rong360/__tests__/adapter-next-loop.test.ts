import { describe, expect, it } from 'vitest';
import { UpstreamError } from '../../upstream-error';
import { Rong360StateSchema, createRong360Adapter } from '../adapter';
import type { Rong360State } from '../adapter';
import { adapterConfig, expectedCommon, fixture } from '../../../test-support/providers/rong360/helpers';
import { answer, createStubClient, errorAnswer } from '../../../test-support/providers/rong360/stub-client';
import type { Scripted } from '../../../test-support/providers/rong360/stub-client';

const PHONE = '13800138000';
const USER = 'user-42';
const PASSWORD = 'my-s3cret-pw';
const T0 = Date.parse('2024-05-01T08:00:00.000Z');
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

function setup(...script: Scripted[]) {
  const client = createStubClient(script);
  let clock = T0;
  const adapter = createRong360Adapter(adapterConfig('http://unused.invalid/gateway'), { client, now: () => clock });
  return { client, adapter, tick: (ms: number) => (clock += ms) };
}

/** Starts and logs in, answering the login call with `loginAnswer`. */
async function loggedIn(loginAnswer: string, ...more: Scripted[]) {
  const ctx = setup(answer(loginAnswer), ...more);
  const started = await ctx.adapter.start({ phone: PHONE, userId: USER });
  const outcome = await ctx.adapter.submit(started.state, { password: PASSWORD });
  return { ...ctx, outcome, state: outcome.state };
}

const NEXT_WITH_CLASH = JSON.stringify({
  error: 200,
  msg: null,
  crawler_api_mobile_v4_login_response: {
    next: {
      method: 'crawler.api.mobile.v4.confirmPlan',
      param: [
        { key: 'plan', type: 77, title: '套餐确认', hint: '请输入套餐名称' },
        { key: 'token', type: 1, title: 'shadowed' },
      ],
      hidden: [
        { key: 'token', value: 'hidden-token-wins' },
        { key: 'password' },
        { key: 'region' },
        { key: 'cellphone', value: '18800000000' },
      ],
    },
  },
});

describe('Rong360 adapter: the next loop', () => {
  it('starts on a password step without calling the upstream', async () => {
    const { client, adapter } = setup();
    const outcome = await adapter.start({ phone: PHONE, userId: USER });
    expect(outcome.type).toBe('step');
    expect(outcome.type === 'step' && outcome.step).toEqual({
      intent: 'login',
      fields: [{ id: 'password', kind: 'servicePassword', label: '服务密码', required: true, recovery: 'hotline' }],
    });
    expect(client.calls).toHaveLength(0);
  });

  it('refuses password recovery and cancel without calling the upstream (no reset API, nothing cancellable)', async () => {
    const { client, adapter } = setup();
    const started = await adapter.start({ phone: PHONE, userId: USER });
    const recover = await adapter.fieldAction(started.state, 'password', 'recover');
    expect(recover).toMatchObject({ type: 'rejected', error: { code: 'action_unavailable', retry: 'step' } });
    const cancelled = await adapter.cancel(started.state);
    expect(cancelled).toMatchObject({ type: 'rejected', error: { code: 'action_unavailable', retry: 'step' } });
    expect(cancelled.state).toEqual(started.state);
    expect(client.calls).toHaveLength(0);
  });

  it('sends only string values upstream, dropping a list value', async () => {
    const { client, adapter } = setup(answer(fixture('doc-3.1.5-1-login-sms.json')));
    const started = await adapter.start({ phone: PHONE, userId: USER });
    await adapter.submit(started.state, { password: PASSWORD, extra: ['13912345678'] });
    expect(client.calls[0]?.biz).toEqual({ cellphone: PHONE, password: PASSWORD, user_id: USER, ...expectedCommon(USER) });
  });

  it('logs in with cellphone, password, user_id and the common parameters', async () => {
    const { client, outcome } = await loggedIn(fixture('doc-3.1.5-1-login-sms.json'));
    expect(client.calls[0]).toEqual({
      method: 'login',
      biz: { cellphone: PHONE, password: PASSWORD, user_id: USER, ...expectedCommon(USER) },
    });
    expect(outcome.type).toBe('step');
  });

  it('merges params, then hidden (winning clashes, refilled when valueless), then identity, then common params', async () => {
    const { client, adapter, state, outcome } = await loggedIn(NEXT_WITH_CLASH, answer(fixture('v4-submit-message-code-done.json')));
    expect(outcome.type === 'step' && outcome.step.fields.map((f) => f.id)).toEqual(['plan', 'token']);
    await adapter.submit(state, { plan: '畅享套餐', token: 'typed-by-user' });
    const call = client.calls[1]!;
    expect(call.method).toBe('crawler.api.mobile.v4.confirmPlan'); // dotted: used as is
    expect(call.biz).toEqual({
      plan: '畅享套餐',
      token: 'hidden-token-wins',
      password: PASSWORD,
      region: '',
      cellphone: PHONE, // identity comes after hidden and wins
      user_id: USER,
      ...expectedCommon(USER),
    });
    expect(Object.keys(call.biz)).toEqual([
      'plan',
      'token',
      'password',
      'region',
      'cellphone',
      'user_id',
      'merchant_id',
      'app_name',
      'app_version',
      'platform',
      'notice_url',
    ]);
  });

  it('refills a valueless hidden entry from earlier input of another step', async () => {
    const identity = fixture('v4-guangxi-identity.json');
    const needsName = JSON.stringify({
      error: 200,
      crawler_api_mobile_v4_getMessageCode_response: {
        next: { method: 'submitMessageCode', param: [{ key: 'message_code', type: 9 }], hidden: [{ key: 'real_name' }] },
      },
    });
    const { client, adapter, state } = await loggedIn(identity, answer(needsName), answer(fixture('v4-submit-message-code-done.json')));
    const smsStep = await adapter.submit(state, { real_name: '张三', id_card: '11010519491231002X' });
    expect(client.calls[1]!.method).toBe('getMessageCode'); // short: the client qualifies it
    await adapter.submit(smsStep.state, { message_code: '123456' });
    expect(client.calls[2]!.biz).toMatchObject({ message_code: '123456', real_name: '张三' });
    // One-time codes are not kept for later refills.
    expect(JSON.stringify(smsStep.state)).not.toContain('123456');
  });

  it('sends the unknown method with the value typed into its unknown-type text field', async () => {
    const { client, adapter, state, outcome } = await loggedIn(
      fixture('v4-unknown-step.json'),
      answer(fixture('doc-3.1.5-1-login-sms.json')),
    );
    expect(outcome.type === 'step' && outcome.step.fields[0]).toMatchObject({
      kind: 'text',
      label: '入网城市',
      hint: '请输入号码开户时所在的城市',
    });
    const next = await adapter.submit(state, { entry_city: '北京' });
    expect(client.calls[1]).toMatchObject({ method: 'crawler.api.mobile.v4.submitEntryCity', biz: { entry_city: '北京' } });
    expect(next.type === 'step' && next.step.fields[0]?.kind).toBe('smsCode');
  });

  it('echoes refresh_param exactly on a captcha refresh and shows the new top-level pic_code', async () => {
    const odd = fixture('doc-3.3.4-get-pic-code.json').replace('"value": "1"', '"value": "7"');
    const { client, adapter, state } = await loggedIn(odd, answer(fixture('v4-refresh-pic-code.json')));
    const refreshed = await adapter.fieldAction(state, 'pic_code', 'refresh');
    expect(client.calls[1]).toEqual({
      method: 'refreshPicCode',
      biz: { cellphone: '18818917825', piccode_type: '7', ...expectedCommon(USER) },
    });
    expect(refreshed.type === 'step' && refreshed.step.fields[0]).toMatchObject({
      kind: 'imageCaptcha',
      image: expect.stringMatching(/^data:image\/gif;base64,R0lGOD/),
    });
  });

  it('shows the pic_code of document §3.4.4 on the captcha of document §3.1.5 example 2', async () => {
    const { client, adapter, state } = await loggedIn(
      fixture('doc-3.1.5-2-login-captcha.json'),
      answer(fixture('doc-3.4.4-refresh-pic-code.json')),
    );
    const refreshed = await adapter.fieldAction(state, 'pic_code', 'refresh');
    expect(client.calls[1]!.biz).toEqual({ cellphone: '18818917825', ...expectedCommon(USER) });
    // The document's placeholder text is not base64; only its base64 characters reach the <img>.
    expect(refreshed.type === 'step' && refreshed.step.fields[0]).toMatchObject({
      kind: 'imageCaptcha',
      image: 'data:image/png;base64,base64',
    });
    expect(refreshed.state.next?.param[0]?.value).toBe('图片base64编码');
  });

  it('lets a refresh answer carrying a next replace the step', async () => {
    const { adapter, state } = await loggedIn(
      fixture('v4-login-captcha-hidden-without-value.json'),
      answer(fixture('v4-refresh-pic-code-with-next.json')),
    );
    const refreshed = await adapter.fieldAction(state, 'pic_code', 'refresh');
    expect(refreshed.type === 'step' && refreshed.step.fields[0]).toMatchObject({ detailHint: '请输入图片验证码中的计算结果' });
    expect(refreshed.state.next?.param[0]?.refresh_param[1]).toEqual({ key: 'piccode_type', value: '4' });
  });

  it('refuses an early resend without calling upstream, then resends and restarts the cooldown', async () => {
    const { client, adapter, state, tick } = await loggedIn(
      fixture('doc-3.1.5-1-login-sms.json'),
      answer(fixture('doc-3.6.4-refresh-message-code.txt')),
    );
    const early = await adapter.fieldAction(state, 'message_code', 'resend');
    expect(early).toMatchObject({ type: 'rejected', error: { code: 'action_too_early', target: 'smsCode' } });
    expect(client.calls).toHaveLength(1);
    tick(61_000);
    const resent = await adapter.fieldAction(state, 'message_code', 'resend');
    expect(client.calls[1]).toEqual({
      method: 'refreshMessageCode',
      biz: { cellphone: '18811404804', messagecode_type: '1', ...expectedCommon(USER) },
    });
    expect(resent.type === 'step' && resent.step.fields[0]).toMatchObject({
      resend: { sent: true, allowedAt: new Date(T0 + 61_000 + 60_000).toISOString() },
    });
  });

  it('keeps the user on the SMS step when a resend is refused for good (506003), so a code already received still counts', async () => {
    const { adapter, state, tick } = await loggedIn(fixture('doc-3.1.5-1-login-sms.json'), errorAnswer(506003, '发送次数超限'));
    tick(61_000);
    const refused = await adapter.fieldAction(state, 'message_code', 'resend');
    expect(refused).toMatchObject({
      type: 'rejected',
      error: { code: 'sms_rate_limited', target: 'smsCode', retry: 'field', upstreamCode: '506003' },
    });
    expect(refused.state.next?.method).toBe(state.next?.method);
  });

  it('asks for the password again when a later step reports a password error', async () => {
    const { adapter, state } = await loggedIn(
      fixture('v4-login-captcha-hidden-without-value.json'),
      answer(fixture('v4-error-208101.json')),
    );
    const outcome = await adapter.submit(state, { pic_code: '1234' });
    expect(outcome).toMatchObject({ type: 'rejected', error: { code: 'password_incorrect', target: 'password', retry: 'field' } });
    expect(outcome.type === 'rejected' && outcome.step?.fields).toEqual([
      { id: 'password', kind: 'servicePassword', label: '服务密码', required: true, recovery: 'hotline' },
    ]);
    expect(outcome.state).toMatchObject({ stage: 'login', inputs: {} });
  });

  it('refreshes the captcha by itself after captcha_incorrect and returns the step with the new image', async () => {
    const { client, adapter, state } = await loggedIn(
      fixture('v4-login-captcha-hidden-without-value.json'),
      errorAnswer(210101, '验证码错误'),
      answer(fixture('v4-refresh-pic-code.json')),
    );
    const outcome = await adapter.submit(state, { pic_code: '0000' });
    expect(client.calls.map((c) => c.method)).toEqual(['login', 'login', 'refreshPicCode']);
    expect(outcome).toMatchObject({ type: 'rejected', error: { code: 'captcha_incorrect', target: 'captcha' } });
    expect(outcome.type === 'rejected' && outcome.step?.fields[0]).toMatchObject({ image: expect.stringContaining('R0lGOD') });
  });

  it('turns transport failures into a retryable rejection that keeps the state', async () => {
    const { adapter, state } = await loggedIn(fixture('doc-3.1.5-1-login-sms.json'), new UpstreamError('timeout', 'slow'));
    const outcome = await adapter.submit(state, { message_code: '123456' });
    expect(outcome).toMatchObject({ type: 'rejected', error: { code: 'upstream_timeout', retry: 'step' } });
    expect(outcome.state.next).toEqual(state.next);
    expect(outcome.type === 'rejected' && outcome.step).toBeUndefined();
  });

  it('lets programmer errors through instead of disguising them', async () => {
    const { adapter, state } = await loggedIn(fixture('doc-3.1.5-1-login-sms.json'), new TypeError('bug'));
    await expect(adapter.submit(state, { message_code: '1' })).rejects.toThrow(TypeError);
  });

  it('fails the flow on errors that cannot be retried here, keeping no password', async () => {
    const ctx = setup(errorAnswer(506012, '账户已锁定'));
    const started = await ctx.adapter.start({ phone: PHONE, userId: USER });
    const outcome = await ctx.adapter.submit(started.state, { password: PASSWORD });
    expect(outcome).toMatchObject({
      type: 'failed',
      error: { code: 'account_locked', retry: 'none', upstreamCode: '506012' },
    });
    expect(JSON.stringify(outcome.state)).not.toContain(PASSWORD);
  });

  it('authorizes with the status_id of either envelope and forgets the password', async () => {
    for (const done of ['doc-3.2.3-submit-message-code.json', 'v4-submit-message-code-code-data.json']) {
      const { adapter, state } = await loggedIn(fixture('doc-3.1.5-1-login-sms.json'), answer(fixture(done)));
      const outcome = await adapter.submit(state, { message_code: '123456' });
      expect(outcome).toMatchObject({ type: 'authorized', taskId: done.startsWith('doc') ? '5446' : '1143' });
      expect(JSON.stringify(outcome.state)).not.toContain(PASSWORD);
    }
  });

  it('calls a next without params right away; an answer with neither next nor status_id completes the login under the user id', async () => {
    const silent = JSON.stringify({
      error: 200,
      crawler_api_mobile_v4_login_response: { next: { method: 'startCrawl', hidden: [{ key: 'ticket', value: 't-1' }] } },
    });
    const { client, outcome } = await loggedIn(silent, answer(fixture('v4-submit-message-code-done.json')));
    expect(client.calls[1]).toMatchObject({ method: 'startCrawl', biz: { ticket: 't-1' } });
    expect(outcome).toMatchObject({ type: 'authorized', taskId: '5447' });

    // vendor-notes: login is complete when the payload has no next; getdata takes the user_id (§4.2).
    const empty = await loggedIn('{"error":200,"msg":"成功"}');
    expect(empty.outcome).toMatchObject({ type: 'authorized', taskId: USER });
  });

  it('refuses actions on fields that do not support them', async () => {
    const { client, adapter, state } = await loggedIn(fixture('v4-jilin-sms-instruction.json'));
    for (const [field, action] of [
      ['message_code', 'resend'],
      ['message_code', 'refresh'],
      ['nope', 'refresh'],
    ] as const) {
      expect(await adapter.fieldAction(state, field, action)).toMatchObject({ type: 'rejected', error: { code: 'action_unavailable' } });
    }
    expect(client.calls).toHaveLength(1);
  });

  it('keeps a state that survives JSON persistence unchanged', async () => {
    const { state } = await loggedIn(fixture('v4-login-captcha-hidden-without-value.json'));
    const restored: Rong360State = Rong360StateSchema.parse(JSON.parse(JSON.stringify(state)));
    expect(restored).toEqual(JSON.parse(JSON.stringify(state)));
    expect(restored.inputs['password']).toBe(PASSWORD);
    expect(restored.next?.param[0]?.value).toBe(PNG);
  });
});
