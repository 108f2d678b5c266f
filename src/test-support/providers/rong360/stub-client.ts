import type { Rong360Answer, Rong360Client } from '../../../providers/rong360/client';
import { parseAnswer } from '../../../providers/rong360/wire';

export interface RecordedCall {
  method: string;
  biz: Record<string, string>;
}

export type Scripted = Rong360Answer | Error | ((call: RecordedCall) => Rong360Answer);

/** A client answering from a script, recording every call (method as the adapter passed it). */
export function createStubClient(script: Scripted[] = []) {
  const calls: RecordedCall[] = [];
  const queue = [...script];
  const client: Rong360Client & { calls: RecordedCall[]; push(...more: Scripted[]): void } = {
    calls,
    push: (...more) => void queue.push(...more),
    async call(method, bizData) {
      const call = { method, biz: { ...bizData } };
      calls.push(call);
      const next = queue.shift();
      if (next === undefined) throw new Error(`stub client: unscripted call to ${method}`);
      if (next instanceof Error) throw next;
      return typeof next === 'function' ? next(call) : next;
    },
    close: async () => undefined,
  };
  return client;
}

/** An answer from wire text (a fixture or an inline JSON string). */
export function answer(body: string): Rong360Answer {
  return parseAnswer(body);
}

/** A vendor error answer. */
export function errorAnswer(code: number, msg: string | null = null): Rong360Answer {
  return { code, msg, payload: undefined };
}
