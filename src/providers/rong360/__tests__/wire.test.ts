import { describe, expect, it } from 'vitest';
import { UpstreamError } from '../../upstream-error';
import { NextSchema, parseAnswer, parseJsonLenient, parsePayload, payloadKeyOf } from '../wire';
import { fixture } from '../../../test-support/providers/rong360/helpers';

function parse(name: string) {
  const answer = parseAnswer(fixture(name));
  return { answer, payload: parsePayload(answer.payload) };
}

function invalid(run: () => unknown): UpstreamError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UpstreamError);
    return error as UpstreamError;
  }
  throw new Error('expected an UpstreamError');
}

describe('Rong360 wire schemas', () => {
  it('reads the SMS step of document §3.1.5 example 1 with its refresh params', () => {
    const { answer, payload } = parse('doc-3.1.5-1-login-sms.json');
    expect(answer).toMatchObject({ code: 200, msg: '成功' });
    expect(payload.next?.method).toBe('submitMessageCode');
    expect(payload.next?.param[0]).toMatchObject({
      key: 'message_code',
      type: 9,
      title: '短信验证码',
      refresh_method: 'refreshMessageCode',
      refresh_param: [
        { key: 'cellphone', value: '18811404804' },
        { key: 'messagecode_type', value: '1' },
      ],
    });
    expect(payload.next?.hidden).toEqual([{ key: 'cellphone', value: '18811404804' }]);
  });

  it('reads the captcha step of document §3.1.5 example 2 with its detail_hint', () => {
    const { payload } = parse('doc-3.1.5-2-login-captcha.json');
    expect(payload.next?.method).toBe('login');
    expect(payload.next?.param[0]).toMatchObject({ type: 8, key: 'pic_code', detail_hint: '请输入图片验证码中的计算结果' });
    expect(payload.next?.hidden).toEqual([]);
  });

  it('reads the code/data envelope of document §3.1.5 example 4 as a completion', () => {
    const { answer, payload } = parse('doc-3.1.5-4-authorized.json');
    expect(answer.code).toBe(200);
    expect(answer.msg).toBe('ok');
    expect(payload).toEqual({ status_id: '1143' });
  });

  it('reads the completion of document §3.2.3', () => {
    expect(parse('doc-3.2.3-submit-message-code.json').payload).toEqual({ status_id: '5446' });
  });

  it('reads the getPicCode answer of document §3.3.4 with a hidden password', () => {
    const { payload } = parse('doc-3.3.4-get-pic-code.json');
    expect(payload.next?.method).toBe('getMessageCode');
    expect(payload.next?.param[0]?.refresh_param).toEqual([
      { key: 'cellphone', value: '18818917825' },
      { key: 'piccode_type', value: '1' },
    ]);
    expect(payload.next?.hidden[1]).toEqual({ key: 'password', value: '服务密码' });
  });

  it('reads the top-level pic_code of document §3.4.4', () => {
    expect(parse('doc-3.4.4-refresh-pic-code.json').payload).toEqual({ pic_code: '图片base64编码' });
  });

  it('forgives the trailing comma of document §3.6.4 and reads an empty payload', () => {
    const { answer, payload } = parse('doc-3.6.4-refresh-message-code.txt');
    expect(answer).toEqual({ code: 200, msg: '成功', payload: undefined });
    expect(payload).toEqual({});
  });

  it('finds v4 payload keys by their _response suffix and accepts msg null and type as a string', () => {
    const { answer, payload } = parse('v4-login-sms-msg-null.json');
    expect(answer.msg).toBeNull();
    expect(payload.next?.param[0]?.type).toBe(9);
    expect(payload.next?.param[0]?.need_write_back).toBe('0');
  });

  it('§2.2 and §3.1.3: reads an answer whose payload key is the literal `response` of the tables, with `code` for the status', () => {
    const { answer, payload } = parse('doc-2.2-table-response-key.json');
    expect(answer).toMatchObject({ code: 200, msg: '成功' });
    expect(payload.next?.method).toBe('submitMessageCode');
    expect(payload.next?.param[0]).toMatchObject({ key: 'message_code', type: 9, refresh_method: 'refreshMessageCode' });
  });

  it("§3.4.4: reads the new image under the table's spelling `pic_ode` as well as the example's `pic_code`", () => {
    expect(parse('doc-3.4.4-table-pic-ode.json').payload).toEqual({ pic_code: '图片base64编码' });
    expect(parse('doc-3.4.4-refresh-pic-code.json').payload).toEqual({ pic_code: '图片base64编码' });
  });

  it('§2.2: prefers a method-named `_response` payload over `response` and `data` beside it', () => {
    const answer = parseAnswer(
      '{"error":200,"msg":"成功","data":{"status_id":1},"response":{"status_id":2},"wd_api_mobilephone_getdata_response":{"status_id":3}}',
    );
    expect(parsePayload(answer.payload)).toEqual({ status_id: '3' });
    expect(parsePayload(parseAnswer('{"code":"200","msg":"ok","response":{"status_id":2},"data":{"status_id":1}}').payload)).toEqual({
      status_id: '2',
    });
  });

  it('keeps a hidden entry without value as one to refill', () => {
    const { payload } = parse('v4-login-captcha-hidden-without-value.json');
    expect(payload.next?.param[0]?.type).toBe(8);
    expect(payload.next?.hidden[1]).toEqual({ key: 'password', value: undefined });
  });

  it('reads refreshPicCode answers with pic_code alone and with a next', () => {
    expect(parse('v4-refresh-pic-code.json').payload.pic_code).toMatch(/^R0lGOD/);
    const withNext = parse('v4-refresh-pic-code-with-next.json').payload;
    expect(withNext.pic_code).toMatch(/^iVBOR/);
    expect(withNext.next?.method).toBe('login');
  });

  it('reads a code given as a string, in both envelopes', () => {
    expect(parse('v4-submit-message-code-code-data.json')).toMatchObject({ answer: { code: 200 }, payload: { status_id: '1143' } });
    expect(parseAnswer(fixture('v4-error-string-code.json'))).toMatchObject({ code: 506018, msg: '身份证号码输入错误' });
  });

  it('reads an error answer without payload', () => {
    expect(parseAnswer(fixture('v4-error-208101.json'))).toEqual({
      code: 208101,
      msg: '服务密码错误，请确认后重新尝试',
      payload: undefined,
    });
  });

  it('keeps an unknown param type and method as given', () => {
    const { payload } = parse('v4-unknown-step.json');
    expect(payload.next?.method).toBe('crawler.api.mobile.v4.submitEntryCity');
    expect(payload.next?.param[0]).toMatchObject({ type: 42, title: '入网城市', hint: '请输入号码开户时所在的城市' });
  });

  it('refuses an HTML page, an answer without code and a malformed param list as invalid', () => {
    expect(invalid(() => parseAnswer(fixture('malformed-html.txt'))).failure).toBe('invalid');
    expect(invalid(() => parseAnswer(fixture('malformed-no-code.json'))).failure).toBe('invalid');
    expect(invalid(() => parseAnswer('[200]')).failure).toBe('invalid');
    for (const name of ['malformed-param-list.json', 'malformed-param-without-key.json']) {
      const answer = parseAnswer(fixture(name));
      expect(invalid(() => parsePayload(answer.payload)).failure).toBe('invalid');
    }
    expect(invalid(() => parsePayload('a string payload')).failure).toBe('invalid');
  });

  it('never puts the offending values into the invalid-shape message', () => {
    const error = invalid(() =>
      parsePayload({ next: { method: 'login', param: [{ key: 'password', type: 7, value: { secret: 's3cr3t-pw' } }] } }),
    );
    expect(error.message).toContain('next.param.0.value');
    expect(error.message).not.toContain('s3cr3t-pw');
  });

  it('gives the same value when a parsed next is parsed again (persisted state)', () => {
    for (const name of ['doc-3.3.4-get-pic-code.json', 'v4-login-captcha-hidden-without-value.json', 'v4-unknown-step.json']) {
      const next = parse(name).payload.next;
      const again = NextSchema.parse(JSON.parse(JSON.stringify(next)));
      expect(again).toEqual(JSON.parse(JSON.stringify(next)));
    }
  });

  it('names payload keys as the live service does', () => {
    expect(payloadKeyOf('crawler.api.mobile.v4.submitMessageCode')).toBe('crawler_api_mobile_v4_submitMessageCode_response');
  });

  it('strips trailing commas only outside strings', () => {
    expect(parseJsonLenient('{"a":"x,}","b":[1,2,],}')).toEqual({ a: 'x,}', b: [1, 2] });
    expect(parseJsonLenient('not json')).toBeUndefined();
  });
});
