import { describe, expect, it } from 'vitest';
import { LINK_TOKEN_PATTERN } from '../../flow/api';
import { EXIT_REASONS, LIMITS, LOCALES, STEP_KINDS } from '../constants';
import { LINK_TOKEN_RE, isWidgetMessage } from '../guards';
import { WidgetMessageSchema } from '../protocol';

const envelope = { ns: 'carrierlink', v: 1, channel: 'c0ffee00c0ffee00' };
const step = { kind: 'authorize', fields: ['servicePassword', 'imageCaptcha'] };
const embedError = { code: 'invalid_input', retryable: true, message: '服务密码错误', field: 'servicePassword' };
const HASH = 'a'.repeat(64);

/** One valid message of every type (and the optional shapes of each). */
const VALID: Record<string, unknown>[] = [
  { ...envelope, type: 'hello' },
  { ...envelope, type: 'ready', seq: 0, data: { locale: 'zh-CN' } },
  { ...envelope, type: 'ready', seq: 0, data: { locale: 'en' } },
  { ...envelope, type: 'step_shown', seq: 1, data: { step } },
  { ...envelope, type: 'step_shown', seq: 1, data: { step: { kind: 'phone', fields: [] } } },
  { ...envelope, type: 'submitted', seq: 2, data: { step } },
  { ...envelope, type: 'resend', seq: 2, data: { step: { kind: 'authorize', fields: ['smsCode'] } } },
  { ...envelope, type: 'captcha_refresh', seq: 2, data: { step } },
  { ...envelope, type: 'error', seq: 3, data: { step, error: embedError } },
  { ...envelope, type: 'error', seq: 3, data: { step: null, error: { code: 'network_error', retryable: false, message: '' } } },
  { ...envelope, type: 'exit', seq: 4, data: { reason: 'user_closed', step } },
  { ...envelope, type: 'exit', seq: 4, data: { reason: 'failed', step: null, error: embedError } },
  { ...envelope, type: 'success', seq: 5, data: { sessionId: 's_1', taskId: 't_1' } },
  { ...envelope, type: 'resize', seq: 6, data: { height: 0 } },
  { ...envelope, type: 'resize', seq: 2 ** 53 - 1, data: { height: LIMITS.maxHeight } },
  { ...envelope, type: 'consent', seq: 7, data: { agreementVersion: '2024-06', textHash: HASH, acceptedAt: '2024-06-01T08:00:00.000Z' } },
  { ...envelope, type: 'consent', seq: 7, data: { agreementVersion: 'v', textHash: null, acceptedAt: '2024-02-29T23:59:59Z' } },
];

/** Deep copy with `path` set to `value` (`undefined` deletes the key). */
function withPath(message: Record<string, unknown>, path: (string | number)[], value: unknown): unknown {
  const copy: unknown = structuredClone(message);
  let node = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] ?? '';
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

const find = (type: string) => {
  const message = VALID.find((m) => m.type === type && (type !== 'exit' || 'error' in (m.data as object)));
  if (!message) throw new Error(`no valid ${type} message`);
  return message;
};

/** Each a field missing, of the wrong type, or just out of bounds. */
const INVALID: unknown[] = [
  null,
  undefined,
  'hello',
  42,
  [],
  [{ ...envelope, type: 'hello' }],
  withPath(find('hello'), ['ns'], 'carrierlink2'),
  withPath(find('hello'), ['ns'], undefined),
  withPath(find('hello'), ['v'], 2),
  withPath(find('hello'), ['v'], '1'),
  withPath(find('hello'), ['channel'], 'short'),
  withPath(find('hello'), ['channel'], 'x'.repeat(65)),
  withPath(find('hello'), ['channel'], 'has space!'),
  withPath(find('hello'), ['channel'], ['c0ffee00c0ffee00']),
  withPath(find('hello'), ['type'], 'hello_ack'),
  withPath(find('hello'), ['type'], 'toString'),
  withPath(find('hello'), ['type'], undefined),
  withPath(find('ready'), ['seq'], -1),
  withPath(find('ready'), ['seq'], 1.5),
  withPath(find('ready'), ['seq'], 2 ** 53),
  withPath(find('ready'), ['seq'], '1'),
  withPath(find('ready'), ['seq'], undefined),
  withPath(find('ready'), ['data'], undefined),
  withPath(find('ready'), ['data'], []),
  withPath(find('ready'), ['data', 'locale'], 'zh'),
  withPath(find('step_shown'), ['data', 'step', 'kind'], 'password'),
  withPath(find('step_shown'), ['data', 'step', 'fields'], 'servicePassword'),
  withPath(find('step_shown'), ['data', 'step', 'fields'], Array(LIMITS.fieldKinds + 1).fill('a')),
  withPath(find('step_shown'), ['data', 'step', 'fields'], ['']),
  withPath(find('step_shown'), ['data', 'step', 'fields'], ['k'.repeat(LIMITS.kindLength + 1)]),
  withPath(find('step_shown'), ['data', 'step', 'fields'], [1]),
  withPath(find('step_shown'), ['data', 'step'], null),
  withPath(find('submitted'), ['data', 'step'], undefined),
  withPath(find('resend'), ['data', 'step'], null),
  withPath(find('resend'), ['data', 'step', 'kind'], 'sms'),
  withPath(find('captcha_refresh'), ['data'], {}),
  withPath(find('error'), ['data', 'step'], undefined),
  withPath(find('error'), ['data', 'error'], undefined),
  withPath(find('error'), ['data', 'error', 'code'], ''),
  withPath(find('error'), ['data', 'error', 'code'], 'c'.repeat(LIMITS.codeLength + 1)),
  withPath(find('error'), ['data', 'error', 'retryable'], 'yes'),
  withPath(find('error'), ['data', 'error', 'message'], 'm'.repeat(LIMITS.messageLength + 1)),
  withPath(find('error'), ['data', 'error', 'field'], ''),
  withPath(find('error'), ['data', 'error', 'field'], null),
  withPath(find('exit'), ['data', 'reason'], 'host_closed'),
  withPath(find('exit'), ['data', 'reason'], 'load_failed'),
  withPath(find('exit'), ['data', 'error'], null),
  withPath(find('exit'), ['data', 'step'], undefined),
  withPath(find('success'), ['data', 'sessionId'], ''),
  withPath(find('success'), ['data', 'taskId'], 't'.repeat(LIMITS.idLength + 1)),
  withPath(find('success'), ['data', 'taskId'], 7),
  withPath(find('resize'), ['data', 'height'], -1),
  withPath(find('resize'), ['data', 'height'], LIMITS.maxHeight + 1),
  withPath(find('resize'), ['data', 'height'], 10.5),
  withPath(find('resize'), ['data', 'height'], Number.NaN),
  withPath(find('resize'), ['data', 'height'], Number.POSITIVE_INFINITY),
  withPath(find('consent'), ['data', 'agreementVersion'], ''),
  withPath(find('consent'), ['data', 'agreementVersion'], 'v'.repeat(LIMITS.versionLength + 1)),
  withPath(find('consent'), ['data', 'textHash'], 'A'.repeat(64)),
  withPath(find('consent'), ['data', 'textHash'], 'a'.repeat(63)),
  withPath(find('consent'), ['data', 'textHash'], undefined),
  withPath(find('consent'), ['data', 'acceptedAt'], '2024-06-01T08:00:00+08:00'),
  withPath(find('consent'), ['data', 'acceptedAt'], '2024-06-01T08:00Z'),
  withPath(find('consent'), ['data', 'acceptedAt'], '2024-13-01T00:00:00Z'),
  withPath(find('consent'), ['data', 'acceptedAt'], '2024-04-32T00:00:00Z'),
  withPath(find('consent'), ['data', 'acceptedAt'], '2024-04-01T24:00:00Z'),
  withPath(find('consent'), ['data', 'acceptedAt'], '2024-06-01 08:00:00Z'),
  withPath(find('consent'), ['data', 'acceptedAt'], 1717228800000),
];

const zodAccepts = (value: unknown) => WidgetMessageSchema.safeParse(value).success;

/** mulberry32: a small seeded PRNG, so a failing fuzz case reproduces. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const REPLACEMENTS: unknown[] = [
  undefined,
  null,
  true,
  false,
  0,
  -0,
  1,
  -1,
  1.5,
  2 ** 53,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  LIMITS.maxHeight,
  LIMITS.maxHeight + 1,
  '',
  'a',
  'carrierlink',
  'hello',
  'c0ffee00c0ffee00',
  'short',
  ...[LIMITS.kindLength, LIMITS.codeLength, LIMITS.idLength, LIMITS.versionLength, LIMITS.messageLength].flatMap((n) => [
    'x'.repeat(n),
    'x'.repeat(n + 1),
  ]),
  ...STEP_KINDS,
  ...EXIT_REASONS,
  ...LOCALES,
  'ready',
  'success',
  'exit',
  'resize',
  'consent',
  'error',
  'resend',
  'captcha_refresh',
  HASH,
  'F'.repeat(64),
  '2024-01-31T00:00:00Z',
  '2024-02-30T00:00:00Z',
  '0000-02-29T12:00:00.5Z',
  '1900-02-29T00:00:00Z',
  [],
  ['a'],
  Array(13).fill('k'),
  {},
  { kind: 'phone', fields: [] },
  { locale: 'en' },
  embedError,
  { ...embedError, field: undefined },
];

/** The paths of every value inside a message (keys of objects and indexes of arrays). */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [];
  const keys = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return keys.flatMap((key) => [[...prefix, key], ...paths((value as Record<string | number, unknown>)[key], [...prefix, key])]);
}

describe('isWidgetMessage', () => {
  it('pins LINK_TOKEN_RE to the flow link token pattern', () => {
    expect(LINK_TOKEN_RE.source).toBe(LINK_TOKEN_PATTERN.source);
    expect(LINK_TOKEN_RE.flags).toBe(LINK_TOKEN_PATTERN.flags);
  });

  it('accepts a valid message of every type, as the schema does', () => {
    for (const message of VALID) {
      expect(zodAccepts(message), JSON.stringify(message)).toBe(true);
      expect(isWidgetMessage(message), JSON.stringify(message)).toBe(true);
    }
    expect(new Set(VALID.map((m) => m.type)).size).toBe(11);
  });

  it('accepts extra keys and inherited keys, as zod objects do', () => {
    const extra = { ...find('success'), extra: 1, data: { sessionId: 's', taskId: 't', more: [] } };
    const inherited: unknown = Object.create(find('hello'));
    for (const message of [extra, inherited]) expect([isWidgetMessage(message), zodAccepts(message)]).toEqual([true, true]);
  });

  it('rejects each missing, mistyped or out-of-bounds field, as the schema does', () => {
    for (const message of INVALID) {
      expect(zodAccepts(message), JSON.stringify(message)).toBe(false);
      expect(isWidgetMessage(message), JSON.stringify(message)).toBe(false);
    }
  });

  it('rejects a hole in a sparse fields array, as the schema does', () => {
    const fields: string[] = ['a'];
    fields.length = 3;
    const message = withPath(find('step_shown'), ['data', 'step', 'fields'], fields);
    expect([isWidgetMessage(message), zodAccepts(message)]).toEqual([false, false]);
  });

  it('agrees with the schema on every month and day number of acceptedAt, by pattern', () => {
    let accepted = 0;
    for (const year of ['0000', '1900', '2000', '2023', '2024', '2100', '9999']) {
      for (let month = 0; month <= 13; month++) {
        for (let day = 0; day <= 99; day++) {
          const acceptedAt = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T10:20:30.123Z`;
          const message = withPath(find('consent'), ['data', 'acceptedAt'], acceptedAt);
          const zod = zodAccepts(message);
          expect(isWidgetMessage(message), acceptedAt).toBe(zod);
          if (zod) accepted += 1;
        }
      }
    }
    // Months 01-12 with days 01-31, in each of the seven years: a pattern, not a calendar.
    expect(accepted).toBe(12 * 31 * 7);
  });

  it('agrees with the schema on thousands of seeded mutations', () => {
    const next = random(20240601);
    const pick = <T>(list: readonly T[]): T | undefined => list[Math.floor(next() * list.length)];
    const outcomes = { agreedValid: 0, agreedInvalid: 0 };
    for (let i = 0; i < 5000; i++) {
      let message: unknown = structuredClone(pick(VALID));
      const mutations = 1 + Math.floor(next() * 3);
      for (let m = 0; m < mutations; m++) {
        const path = pick(paths(message));
        if (!path) break;
        const roll = next();
        const value = roll < 0.15 ? undefined : roll < 0.25 ? structuredClone(pick(VALID)) : pick(REPLACEMENTS);
        message = withPath(message as Record<string, unknown>, path, value === undefined ? undefined : structuredClone(value));
      }
      const zod = zodAccepts(message);
      expect(isWidgetMessage(message), JSON.stringify(message)).toBe(zod);
      if (zod) outcomes.agreedValid += 1;
      else outcomes.agreedInvalid += 1;
    }
    // The fuzz reaches both sides of the boundary, not only obviously broken messages.
    expect(outcomes.agreedValid).toBeGreaterThan(100);
    expect(outcomes.agreedInvalid).toBeGreaterThan(1000);
  });
});
