import type { FastifyInstance, FastifyReply } from 'fastify';
import { PushRejected } from '../../providers/data-model';
import type { ParsedPush } from '../../providers/data-model';
import { parseDianhuaPush } from '../../providers/dianhua/push';
import { parseRong360Notice } from '../../providers/rong360/push';
import type { ProviderName } from '../../providers/types';
import type { Collector } from '../collect/collector';

/** Paths the vendors push to (RONG360_NOTICE_URL defaults to the first; Dianhua's are set on the vendor's side). */
export const PUSH_PATHS = { rong360: '/hooks/rong360', dianhua: '/hooks/dianhua' } as const;

/** A Dianhua result push carries every call record; a year of calls is a few MB. */
export const PUSH_BODY_LIMIT = 16 * 1024 * 1024;

export interface PushRouteOptions {
  collector: Pick<Collector, 'push'>;
  /** Dianhua's AES/CBC push key and IV (DIANHUA_PUSH_AES_KEY / _IV), when the account has encryption on. */
  dianhuaAes?: { key: Buffer; iv: Buffer };
}

const plain = (reply: FastifyReply, status: number, body: string) => reply.code(status).type('text/plain; charset=utf-8').send(body);

/**
 * The vendors' push receivers (issue 6). A push is answered with the vendor's success word only
 * after it is durably recorded; a vendor retry of the same push is recorded once. A push is a hint:
 * the collector confirms through the vendor API before telling the lender. Unreadable bodies get
 * a 400 that names the problem and store nothing.
 */
export function registerPushRoutes(app: FastifyInstance, options: PushRouteOptions): void {
  void app.register(async (scope) => {
    // Bodies are read as text here whatever their type: form (Rong360), JSON or AES base64 (Dianhua).
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: PUSH_BODY_LIMIT }, (_request, body, done) => done(null, body));

    async function receive(provider: ProviderName, read: () => ParsedPush, reply: FastifyReply, ack: string) {
      let push: ParsedPush;
      try {
        push = read();
      } catch (error) {
        if (error instanceof PushRejected) {
          scope.log.warn({ provider, reason: error.message }, 'vendor push refused');
          return plain(reply, 400, `push refused: ${error.message}`);
        }
        throw error;
      }
      // A store failure throws: the vendor gets a 500 and pushes again.
      await options.collector.push(provider, push);
      return plain(reply, 200, ack);
    }

    scope.post(PUSH_PATHS.rong360, { bodyLimit: 64 * 1024 }, async (request, reply) => {
      const text = typeof request.body === 'string' ? request.body : '';
      return receive('rong360', () => parseRong360Notice(readForm(text, request.headers['content-type'])), reply, 'success');
    });

    scope.post(PUSH_PATHS.dianhua, { bodyLimit: PUSH_BODY_LIMIT }, async (request, reply) => {
      const text = typeof request.body === 'string' ? request.body : '';
      const flag = new URL(request.url, 'http://push.invalid').searchParams.get('yulore_flag');
      return receive(
        'dianhua',
        () => parseDianhuaPush(text, { yuloreFlag: flag, ...(options.dianhuaAes && { aes: options.dianhuaAes }) }),
        reply,
        'ok',
      );
    });
  });
}

/** The notice form (live: urlencoded); a JSON object is accepted too, as some gateways forward it so. */
function readForm(text: string, contentType: string | undefined): Record<string, unknown> {
  if ((contentType ?? '').includes('json')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    } catch {
      // Falls through to the form reading, which finds no fields and is refused.
    }
    throw new PushRejected('body is not a JSON object');
  }
  return Object.fromEntries(new URLSearchParams(text));
}
