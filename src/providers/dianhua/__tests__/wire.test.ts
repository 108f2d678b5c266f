import { describe, expect, it } from 'vitest';
import { UpstreamError } from '../../upstream-error';
import {
  CaptchaDataSchema,
  FlowDataSchema,
  ForgetDataSchema,
  SmsDataSchema,
  TokenDataSchema,
  VerifyDataSchema,
  formatBeijingTime,
  parseAnswer,
  parseBeijingTime,
  parseData,
} from '../wire';
import { parseDianhuaPush } from '../push';
import { RecordDataSchema } from '../wire-data';
import { fixture } from '../../../test-support/providers/dianhua/helpers';

function invalid(run: () => unknown): UpstreamError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).failure).toBe('invalid');
    return error as UpstreamError;
  }
  throw new Error('expected an UpstreamError');
}

const read = (name: string) => parseAnswer(fixture(name));

describe('Dianhua wire: the document examples', () => {
  it('reads the token envelope of §1.3 despite its missing comma', () => {
    const answer = read('doc-1.3-token-envelope.txt');
    expect(answer).toMatchObject({ status: 0, action: 'processing', msg: '' });
    expect(parseData(TokenDataSchema, answer.data)).toEqual({ token: 'access_token', expires: '2016-12-15 23:59:59' });
  });

  it('reads the bare token answer of §2.6 as a success and trims the token', () => {
    const answer = read('doc-2.6-token.json');
    expect(answer.status).toBe(0);
    expect(parseData(TokenDataSchema, answer.data)).toEqual({ token: '194217dd0f73d725976bdd9cda84b0d1', expires: '2016-06-06 18:47:59' });
  });

  it('reads the flow of §3.5: password and ID card, sms_duration 0 meaning no SMS', () => {
    const answer = read('doc-3.5-flow.json');
    expect(answer.msg).toBeUndefined();
    expect(parseData(FlowDataSchema, answer.data)).toEqual({
      sid: 'SID10000000000',
      need_pin_pwd: true,
      need_full_name: false,
      need_id_card: true,
      sms_duration: undefined,
      captcha_image: undefined,
      verify_notes: undefined,
    });
  });

  it("§6.3: reads the password flag under the name the login table gives it (need_pwd) as well as §3.4's need_pin_pwd", () => {
    expect(parseData(FlowDataSchema, read('doc-6.3-flow-need-pwd.json').data)).toMatchObject({ need_pin_pwd: true, need_id_card: true });
    expect(parseData(FlowDataSchema, { sid: 'S1', need_pwd: 0, need_pin_pwd: 0 })).toMatchObject({ need_pin_pwd: false });
  });

  it('reads the SMS refresh of §4.5 and the captcha refresh of §5.5', () => {
    expect(parseData(SmsDataSchema, read('doc-4.5-verify-sms.json').data)).toEqual({ sms_duration: 60, verify_notes: undefined });
    expect(parseData(CaptchaDataSchema, read('doc-5.5-verify-captcha.json').data)).toEqual({ captcha_image: undefined });
  });

  it('reads the login answer of §6.5 (joined across its page break) as asking nothing more', () => {
    const answer = read('doc-6.5-login.txt');
    expect(answer.action).toBe('processing');
    expect(parseData(VerifyDataSchema, answer.data)).toEqual({
      sms_duration: undefined,
      captcha_image: undefined,
      verify_notes: undefined,
      content: undefined,
    });
  });

  it('reads the verify answer of §7.5', () => {
    expect(parseData(VerifyDataSchema, read('doc-7.5-verify.json').data)).toMatchObject({
      sms_duration: undefined,
      captcha_image: undefined,
    });
  });

  it.each([
    ['doc-8.5-forget.json', 'processing', { sms_duration: 120, need_new_pwd: false, need_contacts: false }],
    ['doc-9.5-forget-sms.txt', 'processing', { sms_duration: undefined, need_new_pwd: true, need_contacts: false }],
    ['doc-10.5-forget-login-code.json', 'processing', { need_contacts: true, need_new_pwd: false }],
    ['doc-11.5-forget-contacts.json', 'processing', { need_contacts: false, need_new_pwd: true }],
    ['doc-12.6-forget-new-password.json', 'done', { need_contacts: false, need_new_pwd: false }],
  ])('reads the forget/pwd answer %s with the whole repeated object', (name, action, expected) => {
    const answer = read(name);
    expect(answer).toMatchObject({ status: 0, msg: 'OK', action });
    const data = parseData(ForgetDataSchema, answer.data);
    expect(data).toMatchObject({ tid: 'TID15118615280091125525', login_sms_duration: undefined, content: undefined, ...expected });
  });

  it('reads the call records of §13.5 (joined, its root closed)', () => {
    const answer = read('doc-13.5-record.txt');
    const record = parseData(RecordDataSchema, answer.data);
    expect(record.sid).toBe('SID779c0beeb9eb46b2b5fc70a238acff69');
    expect(record.call_log).toHaveLength(1);
    expect(record.call_log[0]).toMatchObject({ call_method: '被叫', call_tel: '18709257665', call_duration: '7' });
    expect(record.tel_info).toMatchObject({ full_name: '青培', id_card: '1407****003X' });
    expect(record.bill.map((bill) => bill.bill_month)).toEqual(['201711', '201710']);
  });

  it('reads the result push of §14.3 and the status pushes of §18.4 and §19.4', () => {
    const result = parseDianhuaPush(fixture('doc-14.3-push-result.json'));
    expect(result).toMatchObject({ kind: 'result', upstreamKey: 'SID779c0beeb9eb46b2b5fc70a238acff69', ok: true });
    expect(RecordDataSchema.parse((result.body as { data: unknown }).data).call_log[0]?.call_tel).toBe('10010');
    expect(parseDianhuaPush(fixture('doc-18.4-push-report.json'), { yuloreFlag: 'report' })).toMatchObject({
      kind: 'report',
      status: 0,
      ok: true,
      upstreamKey: 'SIDf6207ba2206c42c28b871d6023c82d07',
    });
    expect(parseDianhuaPush(fixture('doc-19.4-push-auth.json'), { yuloreFlag: 'auth' })).toMatchObject({ kind: 'auth', status: 0 });
    expect(parseDianhuaPush(fixture('doc-19.4-push-auth.json')).kind).toBe('status');
  });
});

describe('Dianhua wire: the live forms of vendor-notes', () => {
  it('reads a token inside the {status, data} envelope, + / = kept', () => {
    expect(parseData(TokenDataSchema, read('live-token-envelope.json').data).token).toBe('Zk9+Tq/2xQ==');
  });

  it('treats a missing action as processing and a missing msg as absent', () => {
    const answer = read('live-flow-action-missing.json');
    expect(answer).toMatchObject({ status: 0, action: 'processing', msg: undefined });
    expect(parseData(FlowDataSchema, answer.data)).toMatchObject({ need_pin_pwd: false, sms_duration: 120 });
  });

  it('trims " processing" and reads need_* given as strings', () => {
    const answer = read('live-flow-action-space-strings.json');
    expect(answer.action).toBe('processing');
    expect(parseData(FlowDataSchema, answer.data)).toMatchObject({
      need_pin_pwd: true,
      need_full_name: false,
      need_id_card: true,
      sms_duration: undefined,
    });
  });

  it('keeps a captcha given as a data URI, and Jilin notes with a string sms_duration', () => {
    expect(parseData(FlowDataSchema, read('live-flow-captcha-data-uri.json').data).captcha_image).toMatch(/^data:image\/png;base64,iVBOR/);
    expect(parseData(FlowDataSchema, read('live-flow-jilin-notes.json').data)).toMatchObject({
      sms_duration: 120,
      verify_notes: '请编辑短信CXXD发送到10001获取验证码',
    });
  });

  it('reads reset with status 0, and PHP`s data: [] as an empty object', () => {
    expect(read('live-login-reset-status-0.json')).toMatchObject({ status: 0, action: 'reset', msg: '运营商登录状态已失效，请重新登录' });
    const done = read('live-verify-done-data-array.json');
    expect(done.action).toBe('done');
    expect(parseData(VerifyDataSchema, done.data)).toEqual({
      sms_duration: undefined,
      captcha_image: undefined,
      verify_notes: undefined,
      content: undefined,
    });
  });

  it('reads a second verification asking for an SMS code ("60") and a data-URI captcha', () => {
    const data = parseData(VerifyDataSchema, read('live-login-second-verify.json').data);
    expect(data.sms_duration).toBe(60);
    expect(data.captcha_image).toMatch(/^data:image\/png/);
  });

  it('reads error envelopes: without msg, a string status, and codes outside the table', () => {
    expect(read('live-error-no-msg.json')).toMatchObject({ status: 4012, msg: undefined });
    expect(read('live-error-string-status.json').status).toBe(4010);
    expect(read('live-error-5000-invalid-sid.json')).toMatchObject({ status: 5000, msg: '无效的sid' });
    expect(read('live-error-5001-outdated-sid.json').status).toBe(5001);
    expect(read('live-error-4999-sms-too-quick.json').status).toBe(4999);
  });

  it('reads forget/pwd flags given as strings and a texted-password content', () => {
    expect(parseData(ForgetDataSchema, read('live-forget-login-sms-string.json').data)).toMatchObject({
      login_sms_duration: 120,
      need_new_pwd: false,
    });
    expect(parseData(ForgetDataSchema, read('live-forget-content-texted.json').data).content).toContain('短信');
  });

  it('refuses HTML, an envelope without status, and data of the wrong shape, naming no values', () => {
    invalid(() => parseAnswer(fixture('malformed-html.txt')));
    invalid(() => parseAnswer(fixture('malformed-no-status.json')));
    const error = invalid(() => parseData(FlowDataSchema, parseAnswer(fixture('malformed-flow-no-sid.json')).data));
    expect(error.message).toContain('sid');
    expect(error.message).not.toContain('soon');
  });
});

describe('Beijing time', () => {
  it('reads expires as UTC+8 and writes it back', () => {
    expect(parseBeijingTime('2016-06-06 18:47:59')).toBe(Date.parse('2016-06-06T10:47:59Z'));
    expect(formatBeijingTime(Date.parse('2016-06-06T10:47:59Z'))).toBe('2016-06-06 18:47:59');
    expect(parseBeijingTime('tomorrow')).toBeUndefined();
    expect(parseBeijingTime(undefined)).toBeUndefined();
  });
});
