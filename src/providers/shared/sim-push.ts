import { request as httpRequest } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import * as z from 'zod';
import type { SimulatorStateStore } from './sim-state';
import { createPersistedMap } from './sim-store';

// The vendors' push behaviour (Dianhua §14.2/§18.2/§19.2 "最多推送三次"; Rong360's notice_url the
// same way): a push counts as received only when the answer is HTTP 200 with exactly the agreed word.
export const PUSH_MAX_ATTEMPTS = 3;
const DEFAULT_DELAYS_MS = [2_000, 10_000];
const DEFAULT_TIMEOUT_MS = 5_000;
const MAX_ANSWER_BYTES = 64 * 1024;

export const SimPushSchema = z.object({
  /** Unique per push: scheduling the same id again is ignored. */
  id: z.string().min(1),
  url: z.string().min(1),
  contentType: z.string().min(1),
  body: z.string(),
  /** The answer body (trimmed) that acknowledges the push. */
  expect: z.enum(['ok', 'success']),
  /** When the first attempt is due, on the sender's clock (ms). */
  dueAt: z.number(),
});
export type SimPush = z.infer<typeof SimPushSchema>;

/** What is saved per push until it is delivered or given up (plain JSON). */
const SavedPushSchema = SimPushSchema.extend({
  attempts: z.number().int().min(0).max(PUSH_MAX_ATTEMPTS),
  nextAt: z.number(),
  /** Scheduling order: pushes due together go out in this order. */
  seq: z.number().int().min(0),
});
type SavedPush = z.infer<typeof SavedPushSchema>;

export interface PushSenderOptions {
  /** Waits between attempts (after the 1st, after the 2nd); the last repeats if short. Default [2000, 10000]. */
  delaysMs?: number[];
  /** Per-attempt budget, connect to last byte (default 5000). */
  timeoutMs?: number;
  /** One line per attempt: the URL's path and the outcome, never the body. */
  log?: (line: string) => void;
  /** The clock `dueAt` is read on (default Date.now). */
  now?: () => number;
  /** Where pending pushes are kept so a new sender resumes them. */
  state?: SimulatorStateStore;
  namespace: string;
}

export interface PushSender {
  schedule(push: SimPush): void;
  /** Cancels timers and aborts the attempt in flight; saved pushes stay saved for the next sender. */
  close(): Promise<void>;
  /** Pushes not yet delivered or given up. */
  pending(): number;
}

const TIMEOUT = Symbol('timeout');

function isHttpUrl(url: string): URL | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function post(target: URL, push: SavedPush, signal: AbortSignal): Promise<{ status: number; text: string }> {
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const headers = { 'content-type': push.contentType, 'content-length': String(Buffer.byteLength(push.body)) };
    // agent false: one connection per push, nothing pooled that could outlive close().
    const req = send(target, { method: 'POST', headers, signal, agent: false }, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_ANSWER_BYTES) chunks.push(chunk);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(push.body);
  });
}

/**
 * Sends a simulator's pushes the way the vendors do: due-time scheduling, up to three attempts,
 * one at a time in due order (so "auth, then result, then report" arrive in that order).
 */
export function createPushSender(options: PushSenderOptions): PushSender {
  const now = options.now ?? Date.now;
  const delays = options.delaysMs?.length ? options.delaysMs : DEFAULT_DELAYS_MS;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const log = options.log ?? (() => undefined);
  const pushes = createPersistedMap<SavedPush>({
    state: options.state,
    namespace: options.namespace,
    decode: (raw) => {
      const saved = SavedPushSchema.safeParse(raw).data;
      return saved && isHttpUrl(saved.url) ? saved : undefined;
    },
  });
  const timers = new Map<string, NodeJS.Timeout>();
  const ready = new Set<string>();
  let seq = 0;
  let inFlight: { id: string; controller: AbortController; done: Promise<void> } | undefined;
  let closed = false;

  // Timers are armed from the delay at arming time, so an injected clock that stands still
  // (tests) still lets pushes go out.
  function arm(push: SavedPush): void {
    clearTimeout(timers.get(push.id));
    const timer = setTimeout(
      () => {
        timers.delete(push.id);
        ready.add(push.id);
        // Timers armed a moment apart for the same due time may fire out of order: every push due
        // by now joins, so the order of due time, then scheduling, holds.
        for (const other of pushes.values()) {
          if (other.nextAt > now() || other.id === inFlight?.id || !timers.has(other.id)) continue;
          clearTimeout(timers.get(other.id));
          timers.delete(other.id);
          ready.add(other.id);
        }
        pump();
      },
      Math.max(0, push.nextAt - now()),
    );
    timer.unref();
    timers.set(push.id, timer);
  }

  function pump(): void {
    if (closed || inFlight) return;
    let next: SavedPush | undefined;
    for (const id of ready) {
      const push = pushes.get(id);
      if (!push) ready.delete(id);
      else if (!next || push.nextAt < next.nextAt || (push.nextAt === next.nextAt && push.seq < next.seq)) next = push;
    }
    if (!next) return;
    ready.delete(next.id);
    const controller = new AbortController();
    const done = attempt(next, controller)
      .catch(() => undefined)
      .finally(() => {
        inFlight = undefined;
        pump();
      });
    inFlight = { id: next.id, controller, done };
  }

  async function attempt(push: SavedPush, controller: AbortController): Promise<void> {
    const target = new URL(push.url);
    const timer = setTimeout(() => controller.abort(TIMEOUT), timeoutMs);
    let outcome: string;
    try {
      const answer = await post(target, push, controller.signal);
      if (answer.status !== 200) outcome = `HTTP ${answer.status}`;
      else outcome = answer.text.trim() === push.expect ? 'delivered' : `answered other than "${push.expect}"`;
    } catch {
      // Aborted by close(): not an attempt; the saved push resumes in the next sender.
      if (closed) return;
      outcome = controller.signal.reason === TIMEOUT ? `timeout after ${timeoutMs} ms` : 'connection failed';
    } finally {
      clearTimeout(timer);
    }
    push.attempts++;
    const line = `push ${target.pathname} attempt ${push.attempts}/${PUSH_MAX_ATTEMPTS} -> ${outcome}`;
    if (outcome === 'delivered' || push.attempts >= PUSH_MAX_ATTEMPTS) {
      pushes.delete(push.id);
      log(outcome === 'delivered' ? line : `${line}; given up`);
      return;
    }
    const delay = delays[Math.min(push.attempts - 1, delays.length - 1)] ?? 0;
    push.nextAt = now() + delay;
    pushes.touch(push.id);
    log(`${line}; next attempt in ${delay} ms`);
    arm(push);
  }

  for (const push of pushes.values()) seq = Math.max(seq, push.seq + 1);
  for (const push of pushes.values()) arm(push);

  return {
    schedule(input) {
      const parsed = SimPushSchema.safeParse(input);
      const target = parsed.success ? isHttpUrl(parsed.data.url) : undefined;
      if (!parsed.success || !target) {
        log(`push not scheduled: ${parsed.success ? 'not an http(s) URL' : 'invalid push'}`);
        return;
      }
      if (closed || pushes.has(parsed.data.id)) return;
      const push: SavedPush = { ...parsed.data, attempts: 0, nextAt: parsed.data.dueAt, seq: seq++ };
      pushes.set(push.id, push);
      arm(push);
    },
    async close() {
      closed = true;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      ready.clear();
      const current = inFlight;
      current?.controller.abort();
      await current?.done;
    },
    pending: () => pushes.size,
  };
}
