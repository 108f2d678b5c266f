import { describe, expect, it } from 'vitest';
import { FieldSchema } from '../../../flow/schemas';
import type { Field } from '../../../flow';
import { captchaDataUri } from '../../shared/captcha-image';
import { intentOf, isSmsRequestMethod, paramToField, parseSmsInstruction, resendFor, stepFromNext } from '../steps';
import { ParamSchema, parseAnswer, parsePayload } from '../wire';
import type { Rong360Next } from '../wire';
import { fixture } from '../../../test-support/providers/rong360/helpers';

const NOW = Date.parse('2024-05-01T08:00:00.000Z');
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

function nextOf(name: string): Rong360Next {
  const next = parsePayload(parseAnswer(fixture(name)).payload).next;
  if (!next) throw new Error(`${name} has no next`);
  return next;
}

function stepOfFixture(name: string) {
  const next = nextOf(name);
  const step = stepFromNext(next, resendFor(next, NOW, 60));
  // Every produced field is valid for the widget's own schema.
  for (const field of step.fields) expect(FieldSchema.safeParse(field).success).toBe(true);
  return step;
}

function field(raw: Record<string, unknown>): Field {
  const mapped = paramToField(ParamSchema.parse({ key: 'k', ...raw }));
  expect(FieldSchema.safeParse(mapped).success).toBe(true);
  return mapped;
}

describe('Rong360 step mapping', () => {
  it('turns document §3.1.5 example 1 into an SMS step whose resend waits for the cooldown', () => {
    const step = stepOfFixture('doc-3.1.5-1-login-sms.json');
    expect(step.intent).toBe('verify');
    expect(step.fields).toEqual([
      {
        id: 'message_code',
        kind: 'smsCode',
        label: '短信验证码',
        required: true,
        resend: { sent: true, allowedAt: '2024-05-01T08:01:00.000Z' },
      },
    ]);
  });

  it('turns document §3.1.5 example 2 into a refreshable captcha login step with its detail hint', () => {
    const step = stepOfFixture('doc-3.1.5-2-login-captcha.json');
    expect(step.intent).toBe('login');
    expect(step.fields[0]).toMatchObject({
      id: 'pic_code',
      kind: 'imageCaptcha',
      label: '图片验证码',
      detailHint: '请输入图片验证码中的计算结果',
      refreshable: true,
    });
    expect(step.fields[0]).not.toHaveProperty('hint'); // the document's empty hint is no hint
  });

  it('turns document §3.3.4 into a step that requests the SMS with a captcha', () => {
    const step = stepOfFixture('doc-3.3.4-get-pic-code.json');
    expect(step.intent).toBe('requestSms');
    expect(step.fields.map((f) => f.kind)).toEqual(['imageCaptcha']);
  });

  it('maps the live quirk forms: type as a string, a data URI captcha, a texted SMS code, an identity step', () => {
    expect(stepOfFixture('v4-login-sms-msg-null.json').fields[0]?.kind).toBe('smsCode');
    const captcha = stepOfFixture('v4-login-captcha-hidden-without-value.json').fields[0];
    expect(captcha).toMatchObject({ kind: 'imageCaptcha', image: `data:image/png;base64,${PNG}` });
    const jpeg = stepOfFixture('v4-captcha-data-uri.json').fields[0];
    expect(jpeg?.kind === 'imageCaptcha' && jpeg.image).toMatch(/^data:image\/jpeg;base64,\/9j\//);
    const jilin = stepOfFixture('v4-jilin-sms-instruction.json').fields[0];
    expect(jilin).toMatchObject({ kind: 'smsCode', instruction: { to: '10001', body: 'CXXD' } });
    expect(jilin).not.toHaveProperty('resend');
    // The instruction replaces the vendor's sentence saying the same thing.
    expect(jilin).not.toHaveProperty('detailHint');
    const guangxi = stepOfFixture('v4-guangxi-identity.json');
    expect(guangxi.intent).toBe('requestSms');
    expect(guangxi.fields.map((f) => [f.id, f.kind])).toEqual([
      ['real_name', 'name'],
      ['id_card', 'idCard'],
    ]);
  });

  it('renders a never-seen param type of a never-seen method as a labelled text field', () => {
    const step = stepOfFixture('v4-unknown-step.json');
    expect(step.intent).toBe('verify');
    expect(step.fields).toEqual([
      { id: 'entry_city', kind: 'text', label: '入网城市', hint: '请输入号码开户时所在的城市', required: true },
    ]);
    expect(field({ type: 'weird', hint: '只有提示' })).toMatchObject({ kind: 'text', label: '只有提示' });
    expect(field({})).toMatchObject({ kind: 'text', required: true });
  });

  it.each([
    [1, { kind: 'text' }],
    [2, { kind: 'idCard' }],
    [3, { kind: 'text', inputMode: 'numeric' }],
    [4, { kind: 'text', inputMode: 'decimal' }],
    [5, { kind: 'phone' }],
    [6, { kind: 'text', inputMode: 'numeric' }],
    [7, { kind: 'servicePassword', recovery: 'hotline' }],
    [9, { kind: 'smsCode' }],
    [10, { kind: 'text', inputMode: 'email' }],
    [12, { kind: 'text', required: false }],
    [13, { kind: 'text', secret: true }],
    [14, { kind: 'text', secret: true }],
    [15, { kind: 'text', required: false }],
    [16, { kind: 'text', required: false }],
    [17, { kind: 'text', required: true }],
    [18, { kind: 'text', required: false }],
    [19, { kind: 'text', required: true }],
    [20, { kind: 'smsCode' }],
    [99, { kind: 'text', label: '标题' }],
  ])('maps param type %s', (type, expected) => {
    expect(field({ type, title: '标题' })).toMatchObject(expected);
    expect(field({ type: String(type), title: '标题' })).toMatchObject(expected);
  });

  it('maps a select with its options and recognises name and ID-card keys whatever the type', () => {
    const select = field({
      type: 11,
      title: '套餐',
      options: [
        { title: '月付', value: 1 },
        { title: '年付', value: '12' },
      ],
    });
    expect(select).toMatchObject({
      kind: 'select',
      options: [
        { label: '月付', value: '1' },
        { label: '年付', value: '12' },
      ],
    });
    expect(field({ type: 11, title: '无选项' })).toMatchObject({ kind: 'text' });
    expect(field({ key: 'user_name', type: 1 })).toMatchObject({ id: 'user_name', kind: 'name' });
    expect(field({ key: 'idcard', type: 1 })).toMatchObject({ kind: 'idCard' });
  });

  it('gives a send-SMS input the instruction found in its texts and no resend', () => {
    const sendSms = field({ type: 20, title: '发送短信', hint: '请发送短信“CXXD”至10001后输入收到的验证码', refresh_method: 'x' });
    expect(sendSms).toMatchObject({ kind: 'smsCode', instruction: { to: '10001', body: 'CXXD' } });
    expect(sendSms).not.toHaveProperty('resend');
    expect(parseSmsInstruction('获取短信验证码需要用户主动发送CXXD到10001获取短信验证码')).toEqual({ to: '10001', body: 'CXXD' });
    expect(parseSmsInstruction('请输入短信验证码', undefined)).toBeUndefined();
  });

  it('builds captcha data URIs by sniffing PNG, JPEG and GIF, keeping an existing prefix', () => {
    expect(captchaDataUri(PNG)).toBe(`data:image/png;base64,${PNG}`);
    expect(captchaDataUri('/9j/4AAQ')).toBe('data:image/jpeg;base64,/9j/4AAQ');
    expect(captchaDataUri('R0lGODlhAQ\nABAIAAAP')).toBe('data:image/gif;base64,R0lGODlhAQABAIAAAP');
    expect(captchaDataUri('data:image/gif;base64,R0lGODlh')).toBe('data:image/gif;base64,R0lGODlh');
    expect(captchaDataUri(`data:application/octet-stream;base64,${PNG}`)).toBe(`data:image/png;base64,${PNG}`);
    expect(captchaDataUri('data:image/svg+xml;base64,PHN2Zz4=')).toBe('data:image/png;base64,PHN2Zz4=');
    expect(captchaDataUri('"><script>')).toBe('data:image/png;base64,script');
  });

  it('says requestSms only for SMS-sending methods without an SMS field', () => {
    expect(isSmsRequestMethod('getMessageCode')).toBe(true);
    expect(isSmsRequestMethod('crawler.api.mobile.v4.sendSmsCode')).toBe(true);
    expect(isSmsRequestMethod('submitMessageCode')).toBe(false);
    const sms = paramToField(ParamSchema.parse({ key: 'message_code', type: 9 }));
    expect(intentOf({ method: 'getMessageCode', param: [], hidden: [] }, [sms])).toBe('verify');
    expect(intentOf({ method: 'crawler.api.mobile.v4.login', param: [], hidden: [] }, [sms])).toBe('login');
  });

  it('treats an SMS field on a step that itself sends the SMS as not sent yet', () => {
    const next = {
      method: 'getMessageCode',
      param: [ParamSchema.parse({ key: 'message_code', type: 9, refresh_method: 'getMessageCode' })],
      hidden: [],
    };
    expect(resendFor(next, NOW, 60)).toEqual({ message_code: { sent: false, allowedAt: null } });
    const carried = { message_code: { sent: true, allowedAt: '2024-05-01T07:59:30.000Z' } };
    expect(resendFor(next, NOW, 60, carried)).toEqual(carried);
    const noRefresh = { ...next, param: [ParamSchema.parse({ key: 'message_code', type: 9 })] };
    expect(stepFromNext(noRefresh, resendFor(noRefresh, NOW, 60)).fields[0]).not.toHaveProperty('resend');
  });
});
