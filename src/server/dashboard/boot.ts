import type { FastifyRequest } from 'fastify';
import { ScopeQuerySchema } from '../../flow/dashboard-api';
import type { DashboardBoot } from '../../flow/dashboard-api';
import { rangeValid, readFilters, toApi, writeFilters } from '../../flow/dashboard-filters';
import type { AnalyticsRecorder } from '../analytics/recorder';
import { LenderApiError } from '../lender/errors';
import type { DurableStore } from '../store/types';
import type { DashboardAuth } from './auth';
import { DASHBOARD_PATH } from './page';
import { analyticsScope } from './scope';

export interface DashboardBootDeps {
  auth: Pick<DashboardAuth, 'authenticate'>;
  store: Pick<DurableStore, 'analytics'>;
  /** Read-your-writes, as the API: this instance's queued analytics are written first. */
  recorder: Pick<AnalyticsRecorder, 'flush'>;
  now: () => number;
  /** Past this, the page goes out without the figures and asks the API for them (default 5000 ms). */
  funnelTimeoutMs?: number;
}

/** The boot block of one page request; undefined when nobody is signed in. */
export type DashboardBootSource = (request: FastifyRequest) => Promise<DashboardBoot | undefined>;

const TIMED_OUT = Symbol('timed out');

/**
 * What the page would otherwise ask the API for before it can show anything: who is signed in and,
 * on the overview, the funnel for the view its URL names (the same Beijing-day range the page
 * computes). Any failure only leaves the figures out: the page then asks the API, which reports it.
 */
export function createDashboardBoot(deps: DashboardBootDeps): DashboardBootSource {
  const timeoutMs = deps.funnelTimeoutMs ?? 5000;

  async function funnelFor(lenderId: string, search: string, request: FastifyRequest): Promise<DashboardBoot['funnel']> {
    const filters = readFilters(search, deps.now());
    if (!rangeValid(filters)) return undefined;
    const query = ScopeQuerySchema.safeParse(toApi(filters));
    if (!query.success) return undefined;
    const scope = analyticsScope(lenderId, query.data, deps.now());
    let timer: ReturnType<typeof setTimeout> | undefined;
    const work = (async () => {
      await deps.recorder.flush();
      return deps.store.analytics.funnel(scope);
    })();
    try {
      const funnel = await Promise.race([
        work,
        new Promise<typeof TIMED_OUT>((done) => {
          timer = setTimeout(() => done(TIMED_OUT), timeoutMs);
        }),
      ]);
      if (funnel === TIMED_OUT) {
        work.catch(() => undefined);
        request.log.info({ lenderId, timeoutMs }, 'dashboard first view sent without its figures: the funnel took too long');
        return undefined;
      }
      return { search: writeFilters(filters), data: { range: { from: scope.from, to: scope.to }, ...funnel } };
    } finally {
      clearTimeout(timer);
    }
  }

  return async (request) => {
    let principal;
    try {
      principal = await deps.auth.authenticate(request, false);
    } catch (error) {
      if (!(error instanceof LenderApiError && error.status === 401))
        request.log.warn({ err: error }, 'dashboard page: sign-in check failed');
      return undefined;
    }
    const me = { signedIn: true as const, lenderId: principal.lenderId, csrfToken: principal.csrfToken, expiresAt: principal.expiresAt };
    const [path = '', search = ''] = request.url.split('?', 2);
    if (path.replace(/\/+$/, '') !== DASHBOARD_PATH) return { me };
    try {
      const funnel = await funnelFor(principal.lenderId, search ? `?${search}` : '', request);
      return funnel ? { me, funnel } : { me };
    } catch (error) {
      request.log.warn({ err: error, lenderId: principal.lenderId }, 'dashboard first view sent without its figures');
      return { me };
    }
  };
}
