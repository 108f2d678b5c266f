import type { ScopeQuery } from '../../flow/dashboard-api';
import { lenderFailures } from '../lender/errors';
import type { AnalyticsScope } from '../store/types';

/** The default range: the last 30 days. The longest: a bit over a year. */
const DEFAULT_RANGE_MS = 30 * 86_400_000;
const MAX_RANGE_MS = 400 * 86_400_000;

/** The sessions a dashboard view counts; a 400 for a range the views do not take. */
export function analyticsScope(lenderId: string, query: ScopeQuery, now: number): AnalyticsScope {
  const to = query.to ? Date.parse(query.to) : now;
  const from = query.from ? Date.parse(query.from) : to - DEFAULT_RANGE_MS;
  if (!(from < to)) throw lenderFailures.badRequest('from: must be before to', 'from');
  if (to - from > MAX_RANGE_MS) throw lenderFailures.badRequest('from: the range may span at most 400 days', 'from');
  return {
    lenderId,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    ...(query.provider && { provider: query.provider }),
    ...(query.carrier && { carrier: query.carrier }),
    ...(query.province && { province: query.province }),
  };
}
