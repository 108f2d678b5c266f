import { PROVIDER_NAMES, providerLabels } from '../providers/vendor-names';
import * as z from 'zod/mini';
import { ANALYTICS_STAGES, BROWSER_EXIT_REASONS, SCREEN_KINDS } from './analytics';
import { CARRIERS } from './phone';

/**
 * The lender dashboard's JSON API (/api/dashboard/*): the server answers these shapes and the
 * dashboard page parses every answer with them. Counts and kinds; the only personal data is the
 * per-session report, which the lender is entitled to (it is their applicant's collected data).
 *
 *   POST /api/dashboard/login                       { apiKey } -> DashboardMe (sets the session cookie)
 *   POST /api/dashboard/logout                      -> 204
 *   GET  /api/dashboard/me                          -> MeResponse (DashboardMe, or { signedIn: false })
 *   GET  /api/dashboard/funnel?from&to&provider&carrier&province -> FunnelResponse
 *   GET  /api/dashboard/sessions?...&outcome&cursor -> SessionListResponse
 *   GET  /api/dashboard/sessions/:id                -> SessionDetailResponse
 *   GET  /api/dashboard/sessions/:id/report         -> SessionReportResponse (409 not ready, 410 purged)
 *   GET  /api/dashboard/webhook-events?status&cursor -> WebhookEventListResponse
 *   POST /api/dashboard/webhook-events/:id/replay   -> WebhookEventSummary
 *
 * State-changing calls carry the `x-csrf-token` header DashboardMe gave.
 */

/** The registered vendors' names (the browser-safe list, plain data) and their labels per language. */
export const DASHBOARD_PROVIDERS = PROVIDER_NAMES;
export { providerLabels };
export const CSRF_HEADER = 'x-csrf-token';

const Iso = z.iso.datetime();
const Count = z.number().check(z.int(), z.nonnegative());
const Ms = z.nullable(Count);
const Provider = z.enum(DASHBOARD_PROVIDERS);
const Carrier = z.enum(CARRIERS);
const Stage = z.enum(ANALYTICS_STAGES);

export const LoginRequestSchema = z.strictObject({ apiKey: z.string().check(z.minLength(1), z.maxLength(256)) });
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

export const DashboardMeSchema = z.object({
  signedIn: z.literal(true),
  lenderId: z.string(),
  /** Send it as `x-csrf-token` with every POST; null when signed in with a bearer API key. */
  csrfToken: z.nullable(z.string()),
  expiresAt: z.nullable(Iso),
});
export type DashboardMe = z.infer<typeof DashboardMeSchema>;

/** GET /api/dashboard/me: who is signed in, or that nobody is (200 either way: no console error on the sign-in page). */
export const MeResponseSchema = z.discriminatedUnion('signedIn', [DashboardMeSchema, z.object({ signedIn: z.literal(false) })]);
export type MeResponse = z.infer<typeof MeResponseSchema>;

/** Which sessions a view counts: created in [from, to), optionally one vendor, carrier, province. */
export const ScopeQuerySchema = z.object({
  from: z.optional(Iso),
  to: z.optional(Iso),
  provider: z.optional(Provider),
  carrier: z.optional(Carrier),
  province: z.optional(z.string().check(z.minLength(1), z.maxLength(16))),
});
export type ScopeQuery = z.infer<typeof ScopeQuerySchema>;

export const TopErrorSchema = z.object({ code: z.string(), count: Count, sessions: Count });

export const FunnelStageSchema = z.object({
  stage: Stage,
  /** Sessions that entered the stage. */
  reached: Count,
  /** ...and went on past it. */
  passed: Count,
  /** Median time to get through it (sessions that passed), ms. */
  medianMs: Ms,
  errors: Count,
  topErrors: z.array(TopErrorSchema),
});
export type FunnelStage = z.infer<typeof FunnelStageSchema>;

export const BreakdownRowSchema = z.object({
  /** The vendor, carrier or province; null when not known (yet). */
  value: z.nullable(z.string()),
  sessions: Count,
  started: Count,
  authorized: Count,
  dataReady: Count,
  medianToAuthorizeMs: Ms,
});
export type BreakdownRow = z.infer<typeof BreakdownRowSchema>;

export const FunnelTotalsSchema = z.object({
  /** Sessions (links or started sessions) created in the range. */
  sessions: Count,
  links: Count,
  opened: Count,
  started: Count,
  authorized: Count,
  dataReady: Count,
  failed: Count,
  /** Median time from the session start to authorization, ms. */
  medianToAuthorizeMs: Ms,
});

export const FunnelResponseSchema = z.object({
  range: z.object({ from: Iso, to: Iso }),
  totals: FunnelTotalsSchema,
  /** Every stage in ANALYTICS_STAGES order, zeros included. */
  stages: z.array(FunnelStageSchema),
  breakdown: z.object({
    provider: z.array(BreakdownRowSchema),
    carrier: z.array(BreakdownRowSchema),
    province: z.array(BreakdownRowSchema),
  }),
  /** Where applicants left the widget, as their browsers said. */
  exits: z.array(z.object({ stage: z.nullable(Stage), reason: z.enum(BROWSER_EXIT_REASONS), count: Count })),
  /** Per Beijing day. */
  daily: z.array(z.object({ day: z.string(), sessions: Count, started: Count, authorized: Count })),
});
export type FunnelResponse = z.infer<typeof FunnelResponseSchema>;

export const SESSION_OUTCOMES = ['in_progress', 'authorized', 'data_ready', 'failed', 'collect_failed'] as const;
export type SessionOutcome = (typeof SESSION_OUTCOMES)[number];

export const SessionSummarySchema = z.object({
  sessionId: z.string(),
  /** The lender's own user id, once the session authorized. */
  lenderUserId: z.nullable(z.string()),
  provider: z.nullable(Provider),
  carrier: z.nullable(Carrier),
  province: z.nullable(z.string()),
  outcome: z.enum(SESSION_OUTCOMES),
  /** The stage the session is at (or ended in). */
  stage: z.nullable(Stage),
  createdAt: Iso,
  startedAt: z.nullable(Iso),
  authorizedAt: z.nullable(Iso),
  dataReadyAt: z.nullable(Iso),
  failedAt: z.nullable(Iso),
  lastError: z.nullable(z.string()),
  exitReason: z.nullable(z.enum(BROWSER_EXIT_REASONS)),
  updatedAt: Iso,
});
export type SessionSummary = z.infer<typeof SessionSummarySchema>;

export const SessionListQuerySchema = z.object({
  ...ScopeQuerySchema.shape,
  outcome: z.optional(z.enum(SESSION_OUTCOMES)),
  cursor: z.optional(z.string().check(z.maxLength(200))),
});
export type SessionListQuery = z.infer<typeof SessionListQuerySchema>;

export const SessionListResponseSchema = z.object({ sessions: z.array(SessionSummarySchema), nextCursor: z.nullable(z.string()) });
export type SessionListResponse = z.infer<typeof SessionListResponseSchema>;

export const TIMELINE_EVENT_KINDS = [
  'link_created',
  'screen_view',
  'session_started',
  'step_entered',
  'submitted',
  'error',
  'resend',
  'captcha_refresh',
  'recover',
  'cancel',
  'restart',
  'authorized',
  'failed',
  'exit',
  'data_ready',
  'collect_failed',
  /** The session moved to the next vendor before the service password (code: why). */
  'failover',
] as const;
export type TimelineEventKind = (typeof TIMELINE_EVENT_KINDS)[number];

export const TimelineEventSchema = z.object({
  at: Iso,
  /** ms since the session's first event. */
  sinceStartMs: Count,
  kind: z.enum(TIMELINE_EVENT_KINDS),
  source: z.enum(['server', 'browser']),
  stage: z.nullable(Stage),
  screen: z.nullable(z.enum(SCREEN_KINDS)),
  fields: z.array(z.string()),
  code: z.nullable(z.string()),
  field: z.nullable(z.string()),
  upstreamCode: z.nullable(z.string()),
});
export type TimelineEvent = z.infer<typeof TimelineEventSchema>;

export const WEBHOOK_DELIVERY_STATES = ['pending', 'failing', 'delivered', 'dead'] as const;
export type WebhookDeliveryState = (typeof WEBHOOK_DELIVERY_STATES)[number];

export const WebhookEventSummarySchema = z.object({
  id: z.string(),
  type: z.string(),
  sessionId: z.string(),
  state: z.enum(WEBHOOK_DELIVERY_STATES),
  createdAt: Iso,
  attempts: Count,
  nextAttemptAt: z.nullable(Iso),
  deliveredAt: z.nullable(Iso),
  deadAt: z.nullable(Iso),
  lastError: z.nullable(z.string()),
  replays: Count,
  replayedAt: z.nullable(Iso),
});
export type WebhookEventSummary = z.infer<typeof WebhookEventSummarySchema>;

export const SessionDetailResponseSchema = z.object({
  summary: SessionSummarySchema,
  visits: z.array(z.object({ stage: Stage, enteredAt: Iso, durationMs: Ms, passed: z.boolean() })),
  timeline: z.array(TimelineEventSchema),
  webhooks: z.array(WebhookEventSummarySchema),
  /** Whether GET .../report answers (the data is ready and not purged). */
  reportAvailable: z.boolean(),
});
export type SessionDetailResponse = z.infer<typeof SessionDetailResponseSchema>;

export const WebhookEventListQuerySchema = z.object({
  state: z.optional(z.enum(WEBHOOK_DELIVERY_STATES)),
  sessionId: z.optional(z.string().check(z.maxLength(64))),
  cursor: z.optional(z.string().check(z.maxLength(200))),
});
export const WebhookEventListResponseSchema = z.object({
  /** The endpoint's host, or null when the lender has none set. */
  endpointHost: z.nullable(z.string()),
  events: z.array(WebhookEventSummarySchema),
  nextCursor: z.nullable(z.string()),
});
export type WebhookEventListResponse = z.infer<typeof WebhookEventListResponseSchema>;

const Month = z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/));

export const ReportMonthSchema = z.object({
  month: Month,
  calls: Count,
  callsOutgoing: Count,
  callsIncoming: Count,
  callSeconds: Count,
  nightCalls: Count,
  sms: Count,
  smsSent: Count,
  smsReceived: Count,
  /** null when the carrier gave no bill for the month. */
  billFen: z.nullable(z.number().check(z.int())),
});
export type ReportMonth = z.infer<typeof ReportMonthSchema>;

export const ReportContactSchema = z.object({
  /** The other party's number as the carrier lists it (the applicant's data, shown to its lender). */
  peer: z.string(),
  calls: Count,
  outgoing: Count,
  incoming: Count,
  seconds: Count,
  sms: Count,
  nightCalls: Count,
  lastAt: Iso,
});
export type ReportContact = z.infer<typeof ReportContactSchema>;

/** Night: 23:00 to 05:59 Beijing time. */
export const NIGHT_HOURS = { from: 23, to: 6 } as const;

export const SessionReportResponseSchema = z.object({
  sessionId: z.string(),
  provider: Provider,
  collectedAt: Iso,
  subscriber: z.object({
    name: z.nullable(z.string()),
    idCardMasked: z.nullable(z.string()),
    carrier: z.nullable(z.string()),
    region: z.nullable(z.string()),
    openDate: z.nullable(z.string()),
    /** Whole months since openDate, at collection time. */
    tenureMonths: z.nullable(Count),
    balanceFen: z.nullable(z.number().check(z.int())),
  }),
  totals: z.object({ calls: Count, sms: Count, bills: Count, contacts: Count, callSeconds: Count, nightCalls: Count }),
  /** nightCalls / calls, 0..1; null without calls. */
  nightShare: z.nullable(z.number().check(z.minimum(0), z.maximum(1))),
  /** Oldest first, every month of the covered period (gaps included). */
  months: z.array(ReportMonthSchema),
  topContacts: z.array(ReportContactSchema),
  missingMonths: z.object({ calls: z.array(Month), callsPossibly: z.array(Month), sms: z.array(Month), bills: z.array(Month) }),
  skipped: z.object({ calls: Count, sms: Count, bills: Count }),
});
export type SessionReportResponse = z.infer<typeof SessionReportResponseSchema>;

/** Where the page finds its boot block: a JSON <script> at the end of /dashboard, for a signed-in lender. */
export const DASHBOARD_BOOT_ID = 'cl-dashboard-boot';

/**
 * The boot block: who is signed in (what GET /me answers) and, on the overview, the funnel for
 * the view the URL names (`search`, as the page writes its filters). The server computes it while
 * the page's script downloads, so the first view needs no API round trip.
 */
export const DashboardBootSchema = z.object({
  me: DashboardMeSchema,
  funnel: z.optional(z.object({ search: z.string(), data: FunnelResponseSchema })),
});
export type DashboardBoot = z.infer<typeof DashboardBootSchema>;

/** Where the page is, as the server saw the request (the browser's location on the client). */
export interface DashboardLocation {
  pathname: string;
  search: string;
}

/**
 * The dashboard's server renderer (dist/dashboard-ssr/render.js): the first view's markup for a
 * boot block with figures, in the page's default language, which the page's script then hydrates.
 * Undefined when it renders nothing for this block (no figures, another page).
 */
export interface DashboardPageRenderer {
  renderFirstView(boot: DashboardBoot, location: DashboardLocation): string | undefined;
}
