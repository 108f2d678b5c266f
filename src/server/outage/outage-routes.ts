import type { FastifyInstance } from 'fastify';
import { OutagesQuerySchema } from '../../flow/schemas';
import { errorBody } from '../errors';
import type { OutageDetector } from './detector';

/**
 * GET /api/outages: the carriers and provinces in an outage now, for the phone step's notice and the
 * dashboard's banner. Aggregates only (no figures, no sessions), the same for everyone, so it needs
 * no sign-in; the detector caches it on the server (API answers themselves are never cached).
 */
export function registerOutageRoutes(app: FastifyInstance, detector: OutageDetector, options: { demo: boolean }) {
  app.get('/api/outages', async (request, reply) => {
    const query = OutagesQuerySchema.safeParse(request.query);
    if (!query.success) return reply.code(400).send(errorBody('bad_request', '请求参数不正确', false));
    const demo = query.data.demo === '1';
    if (demo && !options.demo) return reply.code(404).send(errorBody('bad_request', '演示模式未开启', false));
    return reply.send(await detector.current(demo));
  });
}
