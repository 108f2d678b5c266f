import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PushRejected } from '../../data-model';
import { encryptDianhuaPush, parseDianhuaPush } from '../push';
import type { DianhuaAes, DianhuaPushOptions } from '../push';
import { fixture } from '../../../test-support/providers/dianhua/helpers';

const AES: DianhuaAes = { key: Buffer.from('0123456789abcdef0123456789abcdef'), iv: Buffer.from('fedcba9876543210') };
const AUTH = fixture('doc-19.4-push-auth.json').trim();
const REPORT = fixture('doc-18.4-push-report.json').trim();
const RESULT = fixture('doc-14.3-push-result.json');

function rejection(body: string, options: DianhuaPushOptions = {}): PushRejected {
  try {
    parseDianhuaPush(body, options);
  } catch (error) {
    expect(error).toBeInstanceOf(PushRejected);
    return error as PushRejected;
  }
  throw new Error('expected PushRejected');
}

describe('Dianhua pushes in plain JSON', () => {
  it('reads the auth push of §19.4 with yulore_flag=auth', () => {
    expect(parseDianhuaPush(AUTH, { yuloreFlag: 'auth' })).toEqual({
      kind: 'auth',
      upstreamKey: 'SIDa4923444df5040b086e5b7ae90b3da14',
      status: 0,
      ok: true,
      body: { status: 0, tel: '17701020875', uid: '', sid: 'SIDa4923444df5040b086e5b7ae90b3da14' },
    });
  });

  it('reads the report push of §18.4 with yulore_flag=report, and as a status push without a flag', () => {
    expect(parseDianhuaPush(REPORT, { yuloreFlag: ' Report ' })).toMatchObject({
      kind: 'report',
      upstreamKey: 'SIDf6207ba2206c42c28b871d6023c82d07',
    });
    expect(parseDianhuaPush(REPORT)).toMatchObject({ kind: 'status', ok: true });
    expect(parseDianhuaPush(REPORT, { yuloreFlag: 'other' }).kind).toBe('status');
  });

  it('reads status 2 as a failed crawl', () => {
    expect(parseDianhuaPush('{"status":"2","sid":"SID1","tel":"138","uid":"u"}')).toMatchObject({ status: 2, ok: false });
  });

  it('reads the result push of §14.3 (joined across its page break) keyed by data.sid', () => {
    const push = parseDianhuaPush(RESULT);
    expect(push).toMatchObject({ kind: 'result', upstreamKey: 'SID779c0beeb9eb46b2b5fc70a238acff69', status: 0, ok: true });
    expect((push.body as { data: { call_log: unknown[] } }).data.call_log).toHaveLength(1);
  });

  it('accepts plain JSON when an AES key is configured (the vendor fallback)', () => {
    expect(parseDianhuaPush(AUTH, { aes: AES, yuloreFlag: 'auth' }).kind).toBe('auth');
  });
});

describe('Dianhua pushes encrypted with AES/CBC', () => {
  const cipher = encryptDianhuaPush(AUTH, AES);

  it.each([
    ['the raw body', cipher],
    ['a JSON string', JSON.stringify(cipher)],
    ['{"data": ...}', JSON.stringify({ data: cipher })],
    ['{"encrypt": ...}', JSON.stringify({ encrypt: cipher })],
    ['{"content": ...}', JSON.stringify({ content: cipher })],
    ['base64 split over lines', cipher.replace(/(.{16})/g, '$1\n')],
  ])('decrypts %s', (_label, body) => {
    expect(parseDianhuaPush(body, { aes: AES, yuloreFlag: 'auth' })).toMatchObject({
      kind: 'auth',
      upstreamKey: 'SIDa4923444df5040b086e5b7ae90b3da14',
      status: 0,
      body: JSON.parse(AUTH) as unknown,
    });
  });

  it.each([16, 24, 32])('works with a %i-byte key', (bytes) => {
    const aes = { key: randomBytes(bytes), iv: randomBytes(16) };
    expect(parseDianhuaPush(encryptDianhuaPush(RESULT, aes), { aes }).kind).toBe('result');
  });

  it('decrypts result data wrapped inside a plain envelope', () => {
    const body = JSON.stringify({ status: 0, msg: 'OK', data: encryptDianhuaPush(JSON.stringify({ sid: 'SID5', call_log: [] }), AES) });
    expect(parseDianhuaPush(body, { aes: AES })).toMatchObject({
      kind: 'result',
      upstreamKey: 'SID5',
      body: { status: 0, data: { sid: 'SID5' } },
    });
  });

  it('refuses a body encrypted with another key', () => {
    const other = { key: randomBytes(32), iv: randomBytes(16) };
    // Different IV as well: the first block then cannot decrypt to JSON even when the padding happens to fit.
    expect(rejection(encryptDianhuaPush(AUTH, other), { aes: AES }).message).toMatch(/could not be decrypted|not a JSON object/);
  });

  it('refuses an encrypted body when no key is configured', () => {
    expect(rejection(cipher).message).toBe('push body is encrypted but no AES key is configured');
    expect(rejection(JSON.stringify({ data: cipher })).message).toBe('push body is encrypted but no AES key is configured');
  });

  it('refuses a key of the wrong size as a configuration error', () => {
    expect(() => parseDianhuaPush(cipher, { aes: { key: Buffer.alloc(10), iv: AES.iv } })).toThrow(RangeError);
  });
});

describe('Dianhua pushes that cannot be read', () => {
  it.each([
    ['', 'push body is empty'],
    ['<html>ok</html>', 'push body is neither JSON nor base64 ciphertext'],
    ['[1,2]', 'push body is not a JSON object'],
    ['"hello"', 'push body is a JSON string that is not base64 ciphertext'],
    ['{"sid":"SID1"}', 'push status is missing or not an integer'],
    ['{"status":0,"tel":"13800138000"}', 'status push has an unexpected shape (needs status and sid)'],
    ['{"status":0,"data":{"call_log":[]}}', 'result push data has an unexpected shape (needs data.sid and call records)'],
  ])('refuses %j in English', (body, message) => {
    expect(rejection(body, { aes: AES }).message).toBe(message);
  });

  it('never quotes the body in its message', () => {
    const secret = '{"status":0,"tel":"13912345678","uid":"张三"}';
    const error = rejection(secret);
    expect(error.message).not.toContain('13912345678');
    expect(error.message).not.toContain('张三');
  });
});
