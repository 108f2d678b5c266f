import { CHANNEL_PATTERN, PROTOCOL_NAMESPACE, PROTOCOL_VERSION } from '../../embed/constants';
import type { EventData, HelloMessage, WidgetEvent } from '../../embed/protocol';
import type * as ProtocolModule from '../../embed/protocol';

/** The protocol's schemas, in their own chunk: zod stays out of the entry (see api/http.ts). */
type Protocol = typeof ProtocolModule;
const loadProtocol = (): Promise<Protocol> => import('../../embed/protocol');

type EventType = Exclude<WidgetEvent['type'], 'ready'>;
/** An event as the widget emits it; the bridge adds the envelope and `seq`. */
export type OutgoingEvent = { [T in EventType]: { type: T; data: EventData<T> } }[EventType];
export type ReadyData = EventData<'ready'>;

export const HELLO_INTERVAL_MS = 250;
export const HELLO_MAX_TRIES = 60;

export interface BridgeOptions {
  /** From the URL; without a valid channel and parent origin the bridge stays silent. */
  channel: string | undefined;
  parentOrigin: string | undefined;
  /** The widget's window, where the host's messages arrive. */
  self?: Window;
  /** The embedding window; `self.parent` unless a test stands in for it. */
  parent?: Window;
  /** `location.ancestorOrigins` where the browser has it (Chromium, WebKit); undefined elsewhere. */
  ancestorOrigins?: ArrayLike<string>;
}

/** The widget's side of the postMessage protocol. */
export interface Bridge {
  /** Whether events may go to the claimed parent origin for a link allowing `allowedOrigins`. */
  accepts(allowedOrigins: readonly string[]): boolean;
  /**
   * Starts the handshake if `accepts(allowedOrigins)`; otherwise the bridge drops what it queued
   * and stays silent for good. Idempotent: the first call decides. Returns whether it is connecting.
   */
  connect(allowedOrigins: readonly string[], ready: ReadyData): boolean;
  /** Sends the event, or queues it until the host has acknowledged the handshake. */
  emit(event: OutgoingEvent): void;
  /** Stops the handshake and stops listening. */
  close(): void;
}

function isOrigin(value: string): boolean {
  try {
    return new URL(value).origin === value;
  } catch {
    return false;
  }
}

function defaultAncestors(self: Window): ArrayLike<string> | undefined {
  return 'ancestorOrigins' in self.location ? self.location.ancestorOrigins : undefined;
}

/**
 * Never posts to an unverified origin or to '*': the parent origin from the URL is used only if
 * the browser confirms it (ancestorOrigins) and the link allows it. Nothing the host sends is
 * read except a valid `hello_ack` from that origin and window.
 */
export function createBridge(options: BridgeOptions): Bridge {
  const self = options.self ?? window;
  const parent = options.parent ?? self.parent;
  const ancestors = 'ancestorOrigins' in options ? options.ancestorOrigins : defaultAncestors(self);
  const { channel, parentOrigin } = options;

  let state: 'idle' | 'handshake' | 'open' | 'silent' | 'closed' = 'idle';
  const queue: OutgoingEvent[] = [];
  let ready: ReadyData | undefined;
  let protocol: Promise<Protocol> | undefined;
  let loaded: Protocol | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;
  let seq = 0;

  const accepts = (allowedOrigins: readonly string[]): boolean =>
    parent !== self &&
    channel !== undefined &&
    CHANNEL_PATTERN.test(channel) &&
    parentOrigin !== undefined &&
    isOrigin(parentOrigin) &&
    allowedOrigins.includes(parentOrigin) &&
    (ancestors === undefined || ancestors[0] === parentOrigin);

  const post = (message: object) => {
    if (parentOrigin === undefined) return;
    parent.postMessage(message, parentOrigin);
  };

  const send = (event: OutgoingEvent | { type: 'ready'; data: ReadyData }, schemas: Protocol) => {
    if (channel === undefined) return;
    const message = { ns: PROTOCOL_NAMESPACE, v: PROTOCOL_VERSION, channel, seq, ...event };
    // The schema holds the payload bounds; an event outside them is dropped, never sent loosely.
    if (!schemas.WidgetEventSchema.safeParse(message).success) return;
    seq += 1;
    post(message);
  };

  const stopHello = () => {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
  };

  const open = (schemas: Protocol) => {
    stopHello();
    self.removeEventListener('message', onMessage);
    state = 'open';
    loaded = schemas;
    if (ready) send({ type: 'ready', data: ready }, schemas);
    for (const event of queue.splice(0)) send(event, schemas);
  };

  const onMessage = (event: MessageEvent) => {
    if (state !== 'handshake' || event.origin !== parentOrigin || event.source !== parent) return;
    const data: unknown = event.data;
    protocol
      ?.then((schemas) => {
        if (state !== 'handshake') return;
        const parsed = schemas.HostMessageSchema.safeParse(data);
        if (parsed.success && parsed.data.channel === channel) open(schemas);
      })
      .catch(() => undefined);
  };

  const stop = (next: 'silent' | 'closed') => {
    state = next;
    queue.length = 0;
    stopHello();
    self.removeEventListener('message', onMessage);
  };

  return {
    accepts,
    connect(allowedOrigins, readyData) {
      if (state !== 'idle') return state === 'handshake' || state === 'open';
      if (!accepts(allowedOrigins) || channel === undefined) {
        stop('silent');
        return false;
      }
      state = 'handshake';
      ready = readyData;
      protocol = loadProtocol();
      protocol.catch(() => undefined);
      self.addEventListener('message', onMessage);
      const hello: HelloMessage = { ns: PROTOCOL_NAMESPACE, v: PROTOCOL_VERSION, channel, type: 'hello' };
      let tries = 1;
      post(hello);
      timer = setInterval(() => {
        if (tries >= HELLO_MAX_TRIES) return stopHello();
        tries += 1;
        post(hello);
      }, HELLO_INTERVAL_MS);
      return true;
    },
    emit(event) {
      if (state === 'open' && loaded) send(event, loaded);
      else if (state === 'idle' || state === 'handshake') queue.push(event);
    },
    close() {
      stop('closed');
    },
  };
}
