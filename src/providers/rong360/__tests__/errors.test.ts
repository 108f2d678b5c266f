import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../flow';
import { UpstreamError } from '../../upstream-error';
import { RONG360_ERRORS, mapUpstreamError, mapVendorError } from '../errors';
import { ERROR_SCENARIOS } from '../sandbox';
import { EXPECTED_ERRORS } from '../../../test-support/providers/rong360/expected-errors';

describe('Rong360 error table', () => {
  it('covers exactly the 28 codes of appendix A, which are also the sandbox error scenarios', () => {
    expect(Object.keys(RONG360_ERRORS).sort()).toEqual(Object.keys(EXPECTED_ERRORS).sort());
    expect(Object.keys(EXPECTED_ERRORS)).toHaveLength(28);
    expect(ERROR_SCENARIOS.map((s) => s.code).sort()).toEqual(Object.keys(EXPECTED_ERRORS).sort());
  });

  it.each(Object.entries(EXPECTED_ERRORS))('maps %s to %j', (upstreamCode, [code, target, retry]) => {
    for (const given of [Number(upstreamCode), upstreamCode]) {
      const error = mapVendorError(given, 'vendor text');
      expect(error).toMatchObject({ code, target, retry, upstreamCode });
      expect(ERROR_CODES).toContain(error.code);
      // The document's zh-CN wording, not the vendor's msg of the moment.
      expect(error.message).toMatch(/[\u4e00-\u9fff]/);
      expect(error.message).not.toBe('vendor text');
    }
  });

  it('shows the vendor msg for a code outside the table, and a generic message when msg is empty', () => {
    expect(mapVendorError(4999, '短信请求过于频繁')).toEqual({
      code: 'upstream_error',
      target: 'none',
      retry: 'step',
      message: '短信请求过于频繁',
      upstreamCode: '4999',
    });
    for (const msg of [null, '', '   ']) {
      const error = mapVendorError(401, msg);
      expect(error).toMatchObject({ code: 'upstream_error', target: 'none', retry: 'step', upstreamCode: '401' });
      expect(error.message).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it.each([
    ['timeout', 'upstream_timeout'],
    ['invalid', 'upstream_invalid_response'],
    ['http', 'upstream_unavailable'],
    ['network', 'upstream_unavailable'],
  ] as const)('maps a %s transport failure to %s, retry the step', (failure, code) => {
    const error = mapUpstreamError(new UpstreamError(failure, 'x'));
    expect(error).toMatchObject({ code, target: 'none', retry: 'step' });
    expect(error.message).toMatch(/[\u4e00-\u9fff]/);
  });
});
