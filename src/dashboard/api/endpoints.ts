import * as z from 'zod/mini';
import {
  DashboardMeSchema,
  FunnelResponseSchema,
  MeResponseSchema,
  SessionDetailResponseSchema,
  SessionListResponseSchema,
  SessionReportResponseSchema,
  WebhookEventListResponseSchema,
  WebhookEventSummarySchema,
} from '../../flow/dashboard-api';
import type { SessionOutcome, WebhookDeliveryState } from '../../flow/dashboard-api';
import type { DashboardFilters } from '../../flow/dashboard-filters';
import { OutagesResponseSchema } from '../../flow/schemas';
import { call } from './client';

const BASE = '/api/dashboard';

/** The filters of the funnel and session views, as the API carries them. */
export type Filters = DashboardFilters;

const query = (values: Record<string, string | undefined>): string => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : '';
};

export const api = {
  me: () => call(`${BASE}/me`, MeResponseSchema),
  login: (apiKey: string) => call(`${BASE}/login`, DashboardMeSchema, { method: 'POST', body: { apiKey } }),
  logout: () => call(`${BASE}/logout`, null, { method: 'POST' }),
  funnel: (filters: Filters, signal?: AbortSignal) => call(`${BASE}/funnel${query({ ...filters })}`, FunnelResponseSchema, { signal }),
  sessions: (filters: Filters & { outcome?: SessionOutcome; cursor?: string }, signal?: AbortSignal) =>
    call(`${BASE}/sessions${query({ ...filters })}`, SessionListResponseSchema, { signal }),
  session: (id: string, signal?: AbortSignal) =>
    call(`${BASE}/sessions/${encodeURIComponent(id)}`, SessionDetailResponseSchema, { signal }),
  report: (id: string, signal?: AbortSignal) =>
    call(`${BASE}/sessions/${encodeURIComponent(id)}/report`, SessionReportResponseSchema, { signal }),
  webhookEvents: (filters: { state?: WebhookDeliveryState; sessionId?: string; cursor?: string }, signal?: AbortSignal) =>
    call(`${BASE}/webhook-events${query({ ...filters })}`, WebhookEventListResponseSchema, { signal }),
  /** Carriers and provinces in an outage now (the public GET /api/outages). */
  outages: (signal?: AbortSignal) => call('/api/outages', OutagesResponseSchema, { signal }),
  replay: (eventId: string) =>
    call(`${BASE}/webhook-events/${encodeURIComponent(eventId)}/replay`, WebhookEventSummarySchema, { method: 'POST' }),
};

/** Session ids as the lender API issues them. */
export const SessionIdSchema = z.string().check(z.regex(/^ses_[A-Za-z0-9_-]{12}$/));
