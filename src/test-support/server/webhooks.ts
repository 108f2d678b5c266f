import { openSqliteStore } from '../../server/store/sqlite';
import type { DurableStore } from '../../server/store/types';
import type { DispatcherLogger } from '../../server/webhooks/dispatcher';
import { createEvent } from '../../server/webhooks/events';
import type { WebhookEventData } from '../../server/webhooks/events';
import type { OutboxEventInput } from '../../server/store/types';

export const T0 = Date.parse('2030-03-01T08:00:00.000Z');

/** A clock the test moves by hand. */
export function manualClock(start = T0) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms), set: (ms: number) => (t = ms) };
}

export function memoryStore(now: () => number = Date.now): DurableStore {
  return openSqliteStore({ path: ':memory:', sessionTtlSeconds: 600, now });
}

export interface LogLine {
  level: 'info' | 'warn' | 'error';
  context: Record<string, unknown>;
  message: string;
}

/** A logger that keeps every line, to assert on what was (and was not) logged. */
export function recordingLog(): DispatcherLogger & { lines: LogLine[]; text(): string } {
  const lines: LogLine[] = [];
  const at = (level: LogLine['level']) => (context: Record<string, unknown>, message: string) => lines.push({ level, context, message });
  return { lines, info: at('info'), warn: at('warn'), error: at('error'), text: () => JSON.stringify(lines) };
}

export const authorizedEvent = (sessionId: string, now: number, lenderId = 'acme'): OutboxEventInput =>
  createEvent({ type: 'authorized', lenderId, sessionId, lenderUserId: 'user-42', data: { provider: 'rong360' }, now });

export const readyData: WebhookEventData['data_ready'] = {
  provider: 'dianhua',
  counts: { calls: 3, sms: 0, bills: 6 },
  extras: { report: 'ready', score: 'pending' },
};

export const dataReadyEvent = (sessionId: string, now: number, lenderId = 'acme'): OutboxEventInput =>
  createEvent({ type: 'data_ready', lenderId, sessionId, lenderUserId: 'user-42', data: readyData, now });

/** Polls until `check` holds (real time), failing after `timeoutMs`. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
