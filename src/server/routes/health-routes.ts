import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { errorBody } from '../errors';
import type { Lifecycle } from '../ops/lifecycle';
import type { Metrics } from '../ops/metrics';
import { PG_LATEST_SCHEMA_VERSION } from '../store/postgres/migrations';
import { LATEST_SCHEMA_VERSION } from '../store/sqlite/migrations';
import type { DurableStore } from '../store/types';

/** A store that does not answer within this is as good as down for a readiness probe. */
const READY_TIMEOUT_MS = 2_000;

export interface HealthRouteOptions {
  store: Pick<DurableStore, 'kind' | 'ping' | 'schemaVersion'>;
  lifecycle: Lifecycle;
  metrics: Metrics;
  /** Serve /metrics on this port too, to `Authorization: Bearer <token>` only (METRICS_TOKEN). */
  metricsToken?: string;
}

const expectedVersion = (kind: DurableStore['kind']): number => (kind === 'postgres' ? PG_LATEST_SCHEMA_VERSION : LATEST_SCHEMA_VERSION);

async function pingWithin(store: Pick<DurableStore, 'ping'>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([store.ping().then(() => true), late]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** Constant-time comparison of a presented bearer token with the configured one. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const presented = /^Bearer (\S+)$/.exec(header ?? '')?.[1];
  if (presented === undefined) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * /healthz: the process serves (liveness: restart it when this fails). /readyz: send it traffic —
 * the store answers, its migrations are done, and the instance is not draining. Both answer a
 * bare status; neither tells the open internet anything more.
 */
export function registerHealthRoutes(app: FastifyInstance, options: HealthRouteOptions): void {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    if (options.lifecycle.draining) return reply.code(503).send({ status: 'draining' });
    if (!(await pingWithin(options.store, READY_TIMEOUT_MS))) return reply.code(503).send({ status: 'store_unreachable' });
    if (options.store.schemaVersion() !== expectedVersion(options.store.kind)) {
      return reply.code(503).send({ status: 'migrations_pending' });
    }
    return { status: 'ready' };
  });

  const { metricsToken } = options;
  if (metricsToken !== undefined) {
    // Without a token this route does not exist (404): metrics then live only on METRICS_PORT.
    app.get('/metrics', async (request, reply) => {
      if (!bearerMatches(request.headers.authorization, metricsToken)) {
        return reply
          .code(401)
          .header('www-authenticate', 'Bearer')
          .send(errorBody('unauthorized', 'Missing or wrong metrics token: send Authorization: Bearer <METRICS_TOKEN>', false));
      }
      return reply.type(options.metrics.registry.contentType).send(await options.metrics.registry.metrics());
    });
  }
}
