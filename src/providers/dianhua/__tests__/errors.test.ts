import { describe, expect, it } from 'vitest';
import { UpstreamError } from '../../upstream-error';
import { DIANHUA_ERRORS, SECTION_20_CODES, mapDianhuaError, mapUpstreamError } from '../errors';
import { DOCUMENT_CODES, EXPECTED_ERRORS } from '../../../test-support/providers/dianhua/expected-errors';

describe('Dianhua error table', () => {
  it('covers every code of section 20, and nothing it does not expect', () => {
    expect([...SECTION_20_CODES].sort()).toEqual(DOCUMENT_CODES.split(' ').sort());
    expect(Object.keys(DIANHUA_ERRORS).sort()).toEqual(Object.keys(EXPECTED_ERRORS).sort());
  });

  it.each(Object.entries(EXPECTED_ERRORS))('maps %s to %j with a zh-CN message and the vendor code', (status, [code, target, retry]) => {
    const error = mapDianhuaError(Number(status), 'ignored for known codes');
    expect(error).toMatchObject({ code, target, retry, upstreamCode: status });
    expect(error.message).toMatch(/[\u4e00-\u9fff]/);
    expect(error.message).not.toBe('ignored for known codes');
  });

  it('reads a status given as a string', () => {
    expect(mapDianhuaError('4012', undefined)).toMatchObject({ code: 'password_incorrect', upstreamCode: '4012' });
  });

  it('puts 4008 on the SMS code when the step shows no captcha', () => {
    expect(mapDianhuaError(4008, undefined, { captchaShown: true })).toMatchObject({ code: 'captcha_incorrect', target: 'captcha' });
    expect(mapDianhuaError(4008, undefined, { captchaShown: false })).toMatchObject({
      code: 'sms_code_incorrect',
      target: 'smsCode',
      retry: 'field',
      upstreamCode: '4008',
    });
  });

  it.each([
    [5000, '无效的sid'],
    [5001, 'sid已过期，请重新获取'],
    [4999, '短信验证码请求过于频繁，请稍后再试'],
  ])('shows the vendor msg for %s, outside the table', (status, msg) => {
    expect(mapDianhuaError(status, ` ${msg} `)).toEqual({
      code: 'upstream_error',
      target: 'none',
      retry: 'step',
      message: msg,
      upstreamCode: String(status),
    });
  });

  it('falls back to a generic message when an unknown code comes without msg', () => {
    expect(mapDianhuaError(5002, undefined).message).toBe('运营商服务异常，请稍后重试');
    expect(mapDianhuaError(5002, '  ').message).toBe('运营商服务异常，请稍后重试');
  });

  it.each([
    ['timeout', 'upstream_timeout'],
    ['invalid', 'upstream_invalid_response'],
    ['http', 'upstream_unavailable'],
    ['network', 'upstream_unavailable'],
  ] as const)('maps a %s transport failure to %s, retryable at the step', (failure, code) => {
    expect(mapUpstreamError(new UpstreamError(failure, 'x'))).toMatchObject({ code, target: 'none', retry: 'step' });
  });
});
