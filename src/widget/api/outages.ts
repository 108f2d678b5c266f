import type { OutagesResponse } from '../../flow/outage';
import { requestJson } from './http';

/** GET /api/outages: carriers and provinces in an outage now (`demo`: over demo sessions). */
export function fetchOutages(demo: boolean): Promise<OutagesResponse> {
  return requestJson({
    method: 'GET',
    path: demo ? '/api/outages?demo=1' : '/api/outages',
    schema: (schemas) => schemas.OutagesResponseSchema,
  });
}
