import type { OutagesResponse } from '../../flow/outage';
import { requestJson } from './http';

/**
 * GET /api/outages: carriers and provinces in an outage now (`demo`: over demo sessions; `simulate`,
 * demo only: with a simulated outage of every carrier, the gallery's outage scenario).
 */
export function fetchOutages(demo: boolean, simulate = false): Promise<OutagesResponse> {
  return requestJson({
    method: 'GET',
    path: demo ? (simulate ? '/api/outages?demo=1&simulate=outage' : '/api/outages?demo=1') : '/api/outages',
    schema: (schemas) => schemas.OutagesResponseSchema,
  });
}
