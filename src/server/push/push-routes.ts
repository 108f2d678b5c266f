import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PushRejected } from '../../providers/data-model';
import type { ParsedPush } from '../../providers/data-model';
import { vendorOf } from '../../providers/registry';
import type { PartialVendorSettings } from '../../providers/registry';
import type { ProviderName } from '../../providers/types';
import { pushPath } from '../../providers/vendor';
import type { Collector } from '../collect/collector';
import { errorBody } from '../errors';
import { isPushSecret } from './push-secret';

// Where a vendor pushes: `<PUBLIC_URL>/hooks/<vendor>/<PUSH_SECRET>` (told to the vendor per call,
// or set on the vendor's side, as its descriptor says). Each vendor's descriptor gives the largest
// body it really sends, how the body is read and the word that acknowledges it.

export interface PushRouteOptions {
  collector: Pick<Collector, 'push'>;
  /** The per-deployment secret every push URL ends with (PUSH_SECRET). */
  secret: string;
  /** The vendors whose hooks exist: the configured one (demo sessions are never collected). */
  providers: readonly ProviderName[];
  /** The vendors' settings their push parsing reads (e.g. a push decryption key). */
  settings?: PartialVendorSettings;
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
    // Bodies are read as text here whatever their type (forms, JSON, encrypted base64): the vendor reads them.
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

    for (const provider of options.providers) {
      const { push } = vendorOf(provider);
      scope.post(`${pushPath(provider)}/:secret`, { bodyLimit: push.bodyLimit, onRequest: checkSecret }, async (request, reply) => {
        const pushed = {
          body: text(request),
          contentType: request.headers['content-type'],
          query: new URL(request.url, 'http://push.invalid').searchParams,
        };
        return receive(provider, () => push.parse(pushed, options.settings?.[provider]), reply, push.ack);
      });
    }
  });
}
