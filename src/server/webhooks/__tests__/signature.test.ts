import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSigningSecret, signWebhook, verifyWebhook } from '../signature';

const SECRET = 'whsec_test-secret-0123456789';
const BODY = '{"id":"evt_x","type":"authorized"}';
const NOW = 1_900_000_000;

describe('webhook signatures', () => {
  it('signs "<t>.<body>" with HMAC-SHA256 as t=<ts>,v1=<hex>', () => {
    const expected = createHmac('sha256', SECRET).update(`${NOW}.${BODY}`).digest('hex');
    expect(signWebhook(SECRET, NOW, BODY)).toBe(`t=${NOW},v1=${expected}`);
  });

  it('verifies its own signature within the tolerance', () => {
    expect(verifyWebhook(SECRET, signWebhook(SECRET, NOW, BODY), BODY, NOW + 299)).toBe(true);
    expect(verifyWebhook(SECRET, signWebhook(SECRET, NOW, Buffer.from(BODY)), Buffer.from(BODY), NOW)).toBe(true);
  });

  it('rejects a changed body, a wrong secret and an old or future timestamp', () => {
    const header = signWebhook(SECRET, NOW, BODY);
    expect(verifyWebhook(SECRET, header, BODY.replace('authorized', 'data_ready'), NOW)).toBe(false);
    expect(verifyWebhook(`${SECRET}x`, header, BODY, NOW)).toBe(false);
    expect(verifyWebhook(SECRET, header, BODY, NOW + 301)).toBe(false);
    expect(verifyWebhook(SECRET, header, BODY, NOW - 301)).toBe(false);
    expect(verifyWebhook(SECRET, header, BODY, NOW + 60, 30)).toBe(false);
  });

  it('accepts a header with several v1 entries when one of them matches (secret rotation)', () => {
    const old = signWebhook('whsec_old', NOW, BODY).split(',')[1];
    const current = signWebhook(SECRET, NOW, BODY).split(',')[1];
    expect(verifyWebhook(SECRET, `t=${NOW},${old},${current}`, BODY, NOW)).toBe(true);
    expect(verifyWebhook(SECRET, `t=${NOW},${old}`, BODY, NOW)).toBe(false);
  });

  it('rejects malformed headers', () => {
    const v1 = signWebhook(SECRET, NOW, BODY).split(',')[1];
    for (const header of [undefined, '', `${v1}`, `t=${NOW}`, `t=abc,${v1}`, `t=${NOW},v1=zz`, `t=${NOW},v1=${'0'.repeat(64)}`]) {
      expect(verifyWebhook(SECRET, header, BODY, NOW)).toBe(false);
    }
  });

  it('creates whsec_ secrets of 32 random bytes', () => {
    const secret = createSigningSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(createSigningSecret()).not.toBe(secret);
  });
});
