import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PushRejected } from '../../providers/data-model';
import type { ParsedPush } from '../../providers/data-model';
import { parseDianhuaPush } from '../../providers/dianhua/push';
import { parseRong360Notice } from '../../providers/rong360/push';
import type { ProviderName } from '../../providers/types';
import type { Collector } from '../collect/collector';
import { errorBody } from '../errors';
import { isPushSecret } from './push-secret';

/**
 * Where the vendors push, before the per-deployment secret segment: Rong360's notice_url is
 * `<PUBLIC_URL>/hooks/rong360/<PUSH_SECRET>`; Dianhua's URLs are set on the vendor's side the same way.
 */
export const PUSH_PATHS = { rong360: '/hooks/rong360', dianhua: '/hooks/dianhua' } as const;

/**
 * What each vendor can really send. A Dianhua result push carries the call records of six months
 * (a heavy user's are 2-4 MB); a Rong360 notice is a two-field form.
 */
export const PUSH_BODY_LIMITS: Readonly<Record<ProviderName, number>> = { rong360: 8 * 1024, dianhua: 8 * 1024 * 1024 };

export interface PushRouteOptions {
  collector: Pick<Collector, 'push'>;
  /** The per-deployment secret every push URL ends with (PUSH_SECRET). */
  secret: string;
  /** The vendors whose hooks exist: the configured one (demo sessions are never collected). */
  providers: readonly ProviderName[];
  /** Dianhua's AES/CBC push key and IV (DIANHUA_PUSH_AES_KEY / _IV), when the account has encryption on. */
  dianhuaAes?: { key: Buffer; iv: Buffer };
}

const plain = (reply: FastifyReply, status: number, body: string) => reply.code(status).type('text/plain; charset=utf-8').send(body);

/**
 * The vendors' push receivers. A push is answered with the vendor's success word only
 * after it is durably recorded; a vendor retry of the same push is recorded once. A push is a hint:
 * the collector confirms through the vendor API before telling the lender. Unreadable bodies get
 * a 400 that names the problem and store nothing. A URL without the deployment's secret is
 * answered 404, like any unknown path, before its body is read.
 */
export function registerPushRoutes(app: FastifyInstance, options: PushRouteOptions): void {
  void app.register(async (scope) => {
    // Bodies are read as text here whatever their type: form (Rong360), JSON or AES base64 (Dianhua).
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

    /** Runs before the body is read: a forged push costs us a hash, not megabytes. */
    async function checkSecret(request: FastifyRequest, reply: FastifyReply) {
      const { secret } = request.params as { secret?: unknown };
      if (typeof secret === 'string' && isPushSecret(secret, options.secret)) return;
      request.log.warn({ path: request.routeOptions.url }, 'vendor push with a wrong secret refused');
      // The unread body is not drained: the connection closes with the answer.
      reply.header('connection', 'close');
      await reply.code(404).send(errorBody('bad_request', '接口不存在', false));
    }

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

    const text = (request: FastifyRequest) => (typeof request.body === 'string' ? request.body : '');

    if (options.providers.includes('rong360')) {
      scope.post(`${PUSH_PATHS.rong360}/:secret`, { bodyLimit: PUSH_BODY_LIMITS.rong360, onRequest: checkSecret }, async (request, reply) =>
        receive('rong360', () => parseRong360Notice(readForm(text(request), request.headers['content-type'])), reply, 'success'),
      );
    }

    if (options.providers.includes('dianhua')) {
      scope.post(
        `${PUSH_PATHS.dianhua}/:secret`,
        { bodyLimit: PUSH_BODY_LIMITS.dianhua, onRequest: checkSecret },
        async (request, reply) => {
          const flag = new URL(request.url, 'http://push.invalid').searchParams.get('yulore_flag');
          return receive(
            'dianhua',
            () => parseDianhuaPush(text(request), { yuloreFlag: flag, ...(options.dianhuaAes && { aes: options.dianhuaAes }) }),
            reply,
            'ok',
          );
        },
      );
    }
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
