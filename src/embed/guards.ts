import { EVENT_TYPES, PROTOCOL_NAMESPACE, PROTOCOL_VERSION } from './constants';
import type { WidgetMessage } from './protocol';

/**
 * The loader's check of what reaches it over postMessage, kept small because embed.js loads on every
 * lender page (2 KB gzip budget). Trust is layered:
 *   1. the loader reads a message only from its own iframe's window, at the widget's origin, on its
 *      own 128-bit channel (frame.ts);
 *   2. the widget posts nothing its zod schema (WidgetEventSchema) rejects (widget/embed/bridge.ts);
 *   3. this check holds the envelope and the discriminated shape: namespace, version, channel, a known
 *      `type`, a whole `seq` and an object `data`, plus the one field the loader writes into a style.
 * So every message the schema accepts passes here (guards.test.ts fuzzes that), and whatever passes
 * here came from the widget that validated it. zod itself would cost embed.js several kilobytes.
 */

/** The same as flow/api's LINK_TOKEN_PATTERN (a test pins them equal): the loader may not import flow. */
export const LINK_TOKEN_RE = /^lt_[A-Za-z0-9_-]{43}$/;

type Obj = Record<string, unknown>;

// zod objects accept any non-null, non-array object and read inherited keys too; so do we.
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Whether `value` is a `hello` or an event of the protocol on `channel`, by envelope and shape. */
export function isWidgetMessage(value: unknown, channel: string): value is WidgetMessage {
  if (!isObj(value) || value.ns !== PROTOCOL_NAMESPACE || value.v !== PROTOCOL_VERSION || value.channel !== channel) return false;
  const { type, seq, data } = value;
  return (
    type === 'hello' ||
    ((EVENT_TYPES as readonly unknown[]).includes(type) &&
      Number.isSafeInteger(seq) &&
      (seq as number) >= 0 &&
      isObj(data) &&
      (type !== 'resize' || Number.isSafeInteger(data.height)))
  );
}
