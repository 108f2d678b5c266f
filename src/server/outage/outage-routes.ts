import type { FastifyInstance } from 'fastify';
import type { Outage, OutagesResponse } from '../../flow';
import { CARRIERS } from '../../flow/phone';
import { OutagesQuerySchema } from '../../flow/schemas';
import { errorBody } from '../errors';
import type { OutageDetector } from './detector';

/** The demo's simulated outage: every carrier, province unknown (the notice shows for any number). */
export const SIMULATED_OUTAGES: readonly Outage[] = CARRIERS.map((carrier) => ({ carrier, province: null }));

/** `answer` with the simulated outages added (each carrier once: a real province-less one is kept). */
export function withSimulatedOutages(answer: OutagesResponse): OutagesResponse {
  const known = new Set(answer.outages.filter((outage) => outage.province === null).map((outage) => outage.carrier));
  const added = SIMULATED_OUTAGES.filter((outage) => !known.has(outage.carrier));
  return { ...answer, outages: [...answer.outages, ...added].slice(0, 200) };
}

/**
 * GET /api/outages: the carriers and provinces in an outage now, for the phone step's notice and the
 * dashboard's banner. Aggregates only (no figures, no sessions), the same for everyone, so it needs
 * no sign-in; the detector caches it on the server (API answers themselves are never cached).
 * Demo mode adds `?demo=1` (demo sessions' outages) and `&simulate=outage` (the gallery's scenario).
 */
export function registerOutageRoutes(app: FastifyInstance, detector: OutageDetector, options: { demo: boolean }) {
  app.get('/api/outages', async (request, reply) => {
    const query = OutagesQuerySchema.safeParse(request.query);
    if (!query.success) return reply.code(400).send(errorBody('bad_request', '请求参数不正确', false));
    const demo = query.data.demo === '1';
    if (query.data.simulate !== undefined && !demo) {
      return reply.code(400).send(errorBody('bad_request', '模拟故障只用于演示会话（demo=1）', false));
    }
    if (demo && !options.demo) return reply.code(404).send(errorBody('bad_request', '演示模式未开启', false));
    const answer = await detector.current(demo);
    return reply.send(query.data.simulate === 'outage' ? withSimulatedOutages(answer) : answer);
  });
}
