import type { DianhuaAnswer, DianhuaClient } from '../../../providers/dianhua/client';
import { parseAnswer } from '../../../providers/dianhua/wire';

export type StubReply = DianhuaAnswer | Error;

/** A Dianhua client answering GETs from `reply` (by path); every call is recorded. */
export function createStubDianhuaClient(reply: (path: string, query: Readonly<Record<string, string>>) => StubReply) {
  const calls: Array<{ path: string; query: Record<string, string> }> = [];
  const client: DianhuaClient & { calls: typeof calls } = {
    calls,
    async get(path, query) {
      calls.push({ path, query: { ...query } });
      const answer = reply(path, query);
      if (answer instanceof Error) throw answer;
      return answer;
    },
    postForm: () => Promise.reject(new Error('stub client: postForm not expected')),
    postJson: () => Promise.reject(new Error('stub client: postJson not expected')),
    close: async () => undefined,
  };
  return client;
}

/** An answer envelope with a status and optional data. */
export function answerOf(status: number, data?: unknown, msg?: string): DianhuaAnswer {
  return { status, action: 'processing', msg, data };
}

/** An answer read from wire text (a fixture). */
export function answerFrom(text: string): DianhuaAnswer {
  return parseAnswer(text);
}
