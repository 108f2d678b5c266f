import {
  CHANNEL_PATTERN,
  EVENT_TYPES,
  ISO_INSTANT_PATTERN,
  MAX_CODE_LENGTH,
  MAX_FIELD_KINDS,
  MAX_HEIGHT,
  MAX_ID_LENGTH,
  MAX_KIND_LENGTH,
  MAX_MESSAGE_LENGTH,
  MAX_VERSION_LENGTH,
  LOCALES,
  PROTOCOL_NAMESPACE,
  PROTOCOL_VERSION,
  STEP_KINDS,
  WIDGET_EXIT_REASONS,
} from './constants';
import type { EventType } from './constants';
import type { WidgetMessage } from './protocol';

/**
 * Hand-written checks of the widget's messages for the loader, which cannot afford zod (embed.js
 * has a 3 KB gzip budget). `isWidgetMessage(x)` must equal `WidgetMessageSchema.safeParse(x).success`
 * for every input; guards.test.ts holds the two equal over a corpus and a seeded fuzz.
 */

/** The same as flow/api's LINK_TOKEN_PATTERN (a test pins them equal): the loader may not import flow. */
export const LINK_TOKEN_RE = /^lt_[A-Za-z0-9_-]{43}$/;

type Obj = Record<string, unknown>;

// zod objects accept any non-null, non-array object and read inherited keys too; so do we.
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const isStr = (x: unknown, max: number, min = 1): x is string => typeof x === 'string' && x.length >= min && x.length <= max;
const matches = (x: unknown, pattern: RegExp) => typeof x === 'string' && pattern.test(x);
const isKind = (x: unknown) => isStr(x, MAX_KIND_LENGTH);
/** zod 4's `int()` means a safe integer. */
const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
const isIn = (list: readonly string[], x: unknown) => typeof x === 'string' && list.includes(x);
const isEventType = (x: unknown): x is EventType => isIn(EVENT_TYPES, x);

// `Array.from` turns holes of a sparse array into undefined, which zod rejects and so does `every`.
const isStep = (x: unknown) =>
  isObj(x) &&
  isIn(STEP_KINDS, x.kind) &&
  Array.isArray(x.fields) &&
  x.fields.length <= MAX_FIELD_KINDS &&
  Array.from(x.fields).every(isKind);
const isStepOrNull = (x: unknown) => x === null || isStep(x);

const isError = (x: unknown) =>
  isObj(x) &&
  isStr(x.code, MAX_CODE_LENGTH) &&
  typeof x.retryable === 'boolean' &&
  isStr(x.message, MAX_MESSAGE_LENGTH, 0) &&
  (x.field === undefined || isKind(x.field));

/** Each event type's `data` check. */
const DATA: Readonly<Record<EventType, (d: Obj) => boolean>> = {
  ready: (d) => isIn(LOCALES, d.locale),
  step_shown: (d) => isStep(d.step),
  submitted: (d) => isStep(d.step),
  resend: (d) => isStep(d.step),
  captcha_refresh: (d) => isStep(d.step),
  error: (d) => isStepOrNull(d.step) && isError(d.error),
  exit: (d) => isIn(WIDGET_EXIT_REASONS, d.reason) && isStepOrNull(d.step) && (d.error === undefined || isError(d.error)),
  success: (d) => isStr(d.sessionId, MAX_ID_LENGTH) && isStr(d.taskId, MAX_ID_LENGTH),
  resize: (d) => isCount(d.height) && d.height <= MAX_HEIGHT,
  consent: (d) =>
    isStr(d.agreementVersion, MAX_VERSION_LENGTH) &&
    (d.textHash === null || matches(d.textHash, /^[0-9a-f]{64}$/)) &&
    matches(d.acceptedAt, ISO_INSTANT_PATTERN),
};

/** Whether `value` is a message the widget may send (`hello` or an event), exactly as the protocol schema decides. */
export function isWidgetMessage(value: unknown): value is WidgetMessage {
  if (!isObj(value) || value.ns !== PROTOCOL_NAMESPACE || value.v !== PROTOCOL_VERSION || !matches(value.channel, CHANNEL_PATTERN)) {
    return false;
  }
  if (value.type === 'hello') return true;
  return isEventType(value.type) && isCount(value.seq) && isObj(value.data) && DATA[value.type](value.data);
}
