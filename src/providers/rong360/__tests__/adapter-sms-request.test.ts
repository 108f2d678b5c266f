import { describe, expect, it } from 'vitest';
import { createRong360Adapter } from '../adapter';
import { adapterConfig, expectedCommon, fixture } from '../../../test-support/providers/rong360/helpers';
import { answer, createStubClient } from '../../../test-support/providers/rong360/stub-client';
import type { Scripted } from '../../../test-support/providers/rong360/stub-client';

const PHONE = '18818917825';
const USER = 'user-7';
const PASSWORD = 'pw-246810';
const T0 = Date.parse('2024-05-01T08:00:00.000Z');

async function loggedIn(loginAnswer: string, ...more: Scripted[]) {
  const client = createStubClient([answer(loginAnswer), ...more]);
  const adapter = createRong360Adapter(adapterConfig('http://unused.invalid/gateway'), { client, now: () => T0 });
  const started = await adapter.start({ phone: PHONE, userId: USER });
  const outcome = await adapter.submit(started.state, { password: PASSWORD });
  return { client, adapter, outcome, state: outcome.state };
}

describe('Rong360 adapter: the SMS request (getMessageCode)', () => {
  it('§3.5.2: sends messagecode_type with getMessageCode when the step (§3.3.4) does not hand it out', async () => {
    const { client, adapter, state } = await loggedIn(
      fixture('doc-3.3.4-get-pic-code.json'),
      answer(fixture('doc-3.1.5-1-login-sms.json')),
    );
    await adapter.submit(state, { pic_code: '8' });
    expect(client.calls[1]).toEqual({
      method: 'getMessageCode',
      biz: {
        pic_code: '8',
        cellphone: PHONE,
        password: PASSWORD,
        messagecode_type: '1',
        user_id: USER,
        ...expectedCommon(USER),
      },
    });
  });

  it('§3.5.2: sends the messagecode_type the step handed out, once', async () => {
    const { client, adapter, state } = await loggedIn(fixture('v4-guangxi-identity.json'), answer(fixture('doc-3.1.5-1-login-sms.json')));
    await adapter.submit(state, { real_name: '张三', id_card: '11010519491231002X' });
    expect(client.calls[1]?.biz).toMatchObject({ messagecode_type: '1', real_name: '张三', id_card: '11010519491231002X' });
  });

  it('§3.4.3: echoes refresh_param exactly on a captcha refresh, adding no messagecode_type', async () => {
    const { client, adapter, state } = await loggedIn(
      fixture('doc-3.3.4-get-pic-code.json'),
      answer(fixture('doc-3.4.4-refresh-pic-code.json')),
    );
    await adapter.fieldAction(state, 'pic_code', 'refresh');
    expect(client.calls[1]).toEqual({
      method: 'refreshPicCode',
      biz: { cellphone: PHONE, piccode_type: '1', ...expectedCommon(USER) },
    });
  });

  it('§3.5 and §3.2: an SMS request answered without next (as §3.6.4 answers) leads to submitMessageCode', async () => {
    const { client, adapter, state } = await loggedIn(
      fixture('v4-guangxi-identity.json'),
      answer(fixture('doc-3.6.4-refresh-message-code.txt')),
      answer(fixture('doc-3.6.4-refresh-message-code.txt')),
      answer(fixture('doc-3.2.3-submit-message-code.json')),
    );
    const sms = await adapter.submit(state, { real_name: '张三', id_card: '11010519491231002X' });
    expect(sms.type).toBe('step');
    const field = sms.type === 'step' ? sms.step.fields[0] : undefined;
    expect(sms.type === 'step' && sms.step.intent).toBe('verify');
    expect(field).toMatchObject({ id: 'message_code', kind: 'smsCode', label: '短信验证码' });
    // The request sent the code: the resend lock starts now.
    expect(field?.kind === 'smsCode' && field.resend).toEqual({ sent: true, allowedAt: new Date(T0 + 60_000).toISOString() });

    // §3.6: the resend goes to refreshMessageCode with §3.1.5 example 1's refresh_param.
    const later = { ...sms.state, resend: { message_code: { sent: true, allowedAt: null } } };
    await adapter.fieldAction(later, 'message_code', 'resend');
    expect(client.calls[2]).toEqual({
      method: 'refreshMessageCode',
      biz: { cellphone: PHONE, messagecode_type: '1', ...expectedCommon(USER) },
    });

    // §3.2.2: message_code with cellphone, and the identity given for the request (real_name, id_card).
    const done = await adapter.submit(sms.state, { message_code: '123456' });
    expect(client.calls[3]?.method).toBe('submitMessageCode');
    expect(client.calls[3]?.biz).toMatchObject({
      message_code: '123456',
      messagecode_type: '1',
      real_name: '张三',
      id_card: '11010519491231002X',
      cellphone: PHONE,
      user_id: USER,
    });
    expect(done).toMatchObject({ type: 'authorized', taskId: '5446' });
  });
});
