import { describe, expect, it } from 'vitest';
import { LINK_TOKEN_PATTERN } from '../../flow';
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

/** Each breaks the envelope or the discriminated shape: the loader drops all of them. */
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
  withPath(find('hello'), ['channel'], 'c0ffee00c0ffee01'),
  withPath(find('hello'), ['channel'], ['c0ffee00c0ffee00']),
  withPath(find('hello'), ['type'], 'hello_ack'),
  withPath(find('hello'), ['type'], 'toString'),
  withPath(find('hello'), ['type'], undefined),
  withPath(find('ready'), ['type'], 'readyy'),
  withPath(find('ready'), ['seq'], -1),
  withPath(find('ready'), ['seq'], 1.5),
  withPath(find('ready'), ['seq'], 2 ** 53),
  withPath(find('ready'), ['seq'], '1'),
  withPath(find('ready'), ['seq'], undefined),
  withPath(find('ready'), ['data'], undefined),
  withPath(find('ready'), ['data'], null),
  withPath(find('ready'), ['data'], []),
  withPath(find('ready'), ['data'], 'zh-CN'),
  withPath(find('resize'), ['data', 'height'], 10.5),
  withPath(find('resize'), ['data', 'height'], '100px;position:fixed'),
  withPath(find('resize'), ['data', 'height'], Number.NaN),
  withPath(find('resize'), ['data', 'height'], Number.POSITIVE_INFINITY),
  withPath(find('resize'), ['data', 'height'], undefined),
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

const CHANNEL = envelope.channel;

describe('isWidgetMessage', () => {
  it('pins LINK_TOKEN_RE to the flow link token pattern', () => {
    expect(LINK_TOKEN_RE.source).toBe(LINK_TOKEN_PATTERN.source);
    expect(LINK_TOKEN_RE.flags).toBe(LINK_TOKEN_PATTERN.flags);
  });

  it('accepts a valid message of every type on its channel', () => {
    for (const message of VALID) {
      expect(zodAccepts(message), JSON.stringify(message)).toBe(true);
      expect(isWidgetMessage(message, CHANNEL), JSON.stringify(message)).toBe(true);
    }
    expect(new Set(VALID.map((m) => m.type)).size).toBe(11);
  });

  it('accepts extra keys and inherited keys, as zod objects do', () => {
    const extra = { ...find('success'), extra: 1, data: { sessionId: 's', taskId: 't', more: [] } };
    const inherited: unknown = Object.create(find('hello'));
    for (const message of [extra, inherited]) expect([isWidgetMessage(message, CHANNEL), zodAccepts(message)]).toEqual([true, true]);
  });

  it('rejects a broken envelope, another channel, an unknown type, a bad seq, non-object data or a non-integer height', () => {
    for (const message of INVALID) {
      expect(zodAccepts(message) && (message as { channel?: unknown }).channel === CHANNEL, JSON.stringify(message)).toBe(false);
      expect(isWidgetMessage(message, CHANNEL), JSON.stringify(message)).toBe(false);
    }
    // A message valid on another instance's channel is not this instance's.
    expect(isWidgetMessage(find('ready'), 'c0ffee00c0ffee01')).toBe(false);
  });

  it('never drops a message the protocol schema accepts, over thousands of seeded mutations', () => {
    const next = random(20240601);
    const pick = <T>(list: readonly T[]): T | undefined => list[Math.floor(next() * list.length)];
    const outcomes = { valid: 0, invalidEnvelope: 0 };
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
      const accepted = isWidgetMessage(message, CHANNEL);
      const m = message as Record<string, unknown> | null;
      const ours = typeof m === 'object' && m !== null && m.channel === CHANNEL;
      if (zodAccepts(message) && ours) {
        expect(accepted, JSON.stringify(message)).toBe(true);
        outcomes.valid += 1;
      }
      if (!ours || m?.ns !== 'carrierlink' || m.v !== 1) {
        expect(accepted, JSON.stringify(message)).toBe(false);
        outcomes.invalidEnvelope += 1;
      }
    }
    // The fuzz reaches both sides of the boundary, not only obviously broken messages.
    expect(outcomes.valid).toBeGreaterThan(100);
    expect(outcomes.invalidEnvelope).toBeGreaterThan(300);
  });
});
