import { describe, expect, it } from 'vitest';
import { API_KEY_PATTERN, createApiKey, createApiKeyring } from '../api-keys';
import { API_KEYS, KEY_ACME, KEY_BANK } from '../../../test-support/server/link';

describe('lender API keys', () => {
  const keyring = createApiKeyring(API_KEYS);

  it('names the lender whose key the bearer header carries, for each of two lenders', () => {
    expect(keyring.verify(`Bearer ${KEY_ACME}`)).toEqual({ lenderId: 'acme' });
    expect(keyring.verify(`bearer   ${KEY_BANK}`)).toEqual({ lenderId: 'bank' });
  });

  it('refuses a missing, malformed, wrong or nearly right key', () => {
    for (const header of [
      undefined,
      '',
      KEY_ACME,
      `Basic ${KEY_ACME}`,
      `Bearer ${KEY_ACME}x`,
      `Bearer ${KEY_ACME.slice(0, -1)}`,
      `Bearer ${'a'.repeat(5000)}`,
    ]) {
      expect(keyring.verify(header)).toBeUndefined();
    }
    expect(createApiKeyring([]).verify(`Bearer ${KEY_ACME}`)).toBeUndefined();
  });

  it('refuses to build a keyring from a malformed entry without quoting the key', () => {
    expect(() => createApiKeyring([{ lenderId: 'acme', key: 'short-SECRET' }])).toThrow(/lender acme/);
    expect(() => createApiKeyring([{ lenderId: 'acme', key: 'short-SECRET' }])).not.toThrow(/SECRET/);
    expect(() => createApiKeyring([{ lenderId: 'ACME', key: KEY_ACME }])).toThrow(/invalid id/);
  });

  it('creates random sk_ keys that LENDER_API_KEYS would accept and the keyring verifies', () => {
    const a = createApiKey();
    const b = createApiKey();
    expect(a).toMatch(/^sk_[A-Za-z0-9_-]{43}$/);
    expect(API_KEY_PATTERN.test(a)).toBe(true);
    expect(a).not.toBe(b);
    expect(createApiKeyring([{ lenderId: 'dev', key: a }]).verify(`Bearer ${a}`)).toEqual({ lenderId: 'dev' });
  });
});
