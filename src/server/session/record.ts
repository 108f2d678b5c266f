import * as z from 'zod';
import { DEMO_FAULT_KINDS, DEMO_FAULT_POINTS, MAX_DEMO_LATENCY_MS } from '../../flow';
import { ConsentSchema, StepSchema } from '../../flow/schemas';
import type { Applicant } from '../../providers/types';
import { PROVIDER_NAMES } from '../../providers/types';

/** What the lender knows of the applicant (StartInput.applicant), as stored. */
export const ApplicantSchema = z.object({
  name: z.optional(z.string()),
  idCard: z.optional(z.string()),
  province: z.optional(z.string()),
  city: z.optional(z.string()),
  address: z.optional(z.string()),
  contacts: z.optional(
    z.array(
      z.object({
        phone: z.string(),
        name: z.optional(z.string()),
        relationship: z.optional(z.string()),
        priority: z.optional(z.number()),
      }),
    ),
  ),
}) satisfies z.ZodType<Applicant>;

/** The lender link a session was opened from. */
export const SessionLinkSchema = z.object({
  lenderId: z.string().min(1),
  /** The applicant's id at the lender; ours (`userId`) is what goes upstream. */
  lenderUserId: z.string().min(1),
  allowedOrigins: z.array(z.string()).min(1),
  /** Update mode: the completed session this one refreshes. */
  previousSessionId: z.optional(z.string().min(1)),
});
export type SessionLink = z.infer<typeof SessionLinkSchema>;

/** A demo session's settings (StartSessionRequest.demo), kept so every later call honours them. */
export const SessionDemoSchema = z.object({
  provider: z.enum(PROVIDER_NAMES),
  /** The demo vendors to fail over to, in order (a failover scenario). */
  failover: z.optional(z.array(z.enum(PROVIDER_NAMES))),
  latencyMs: z.optional(z.number().int().min(0).max(MAX_DEMO_LATENCY_MS)),
  fault: z.optional(z.object({ kind: z.enum(DEMO_FAULT_KINDS), at: z.enum(DEMO_FAULT_POINTS) })),
  /** Set once the fault has failed its action: later actions run clean, so the user can retry. */
  faultSpent: z.optional(z.boolean()),
  /** A demo update session: its browser sees the number masked, as an update link's does. */
  update: z.optional(z.literal(true)),
});
export type SessionDemo = z.infer<typeof SessionDemoSchema>;

/**
 * Everything the server remembers about one authorization, as stored. Plain JSON so a SQLite store
 * can hold it as text; it holds the adapter's secrets, so it never leaves the server.
 */
export const SessionRecordSchema = z.object({
  /** Public id for logs and support (a link's sessionId when a link opened it); unrelated to the token. */
  id: z.string().min(1),
  /** Bumped on every write; a queued call that finds it changed is outdated. */
  version: z.number().int().nonnegative(),
  provider: z.enum(PROVIDER_NAMES),
  /** The vendors still to try, in order, should `provider` answer maintenance before the password (failover.ts). */
  fallbacks: z.optional(z.array(z.enum(PROVIDER_NAMES))),
  /** A service password reached `provider` in this login: from then on no failover. Reset by a restart. */
  passwordSent: z.optional(z.boolean()),
  /** Vendors this session left, oldest first, and the neutral code that moved it (support; no personal data). */
  failovers: z.optional(
    z.array(z.object({ from: z.enum(PROVIDER_NAMES), to: z.enum(PROVIDER_NAMES), code: z.string(), at: z.iso.datetime() })),
  ),
  phone: z.string(),
  /** The applicant id sent upstream (`cl_<random>`). */
  userId: z.string(),
  /** Set when a lender link opened the session. */
  link: z.optional(SessionLinkSchema),
  /** Set for a demo session: it runs on the demo simulators, never on the configured upstream. */
  demo: z.optional(SessionDemoSchema),
  /** Personal data the lender supplied (through a link token); sent again on every restart. */
  applicant: z.optional(ApplicantSchema),
  /**
   * The last ID-card number the user submitted in this session, so a new service password can be
   * checked against it. Personal data: never logged, never answered.
   */
  idCard: z.optional(z.string()),
  /** Restarts so far; capped, since each one may make the carrier send another SMS. */
  restarts: z.optional(z.number().int().nonnegative()),
  consent: z.object({ ...ConsentSchema.shape, recordedAt: z.iso.datetime() }),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  /** The step the browser is on, exactly as sent. */
  step: StepSchema,
  /** The adapter's memory; validated with the adapter's own schema when used. */
  adapterState: z.unknown(),
  /** Upstream crawl task once authorized (server-only). */
  taskId: z.optional(z.string()),
  /**
   * Set while the session waits under a one-time hand-off code (session/handoff.ts) instead of a
   * token: no session call accepts it until the page has exchanged the code.
   */
  handoff: z.optional(z.object({ expiresAt: z.iso.datetime() })),
});
export type SessionRecord = z.infer<typeof SessionRecordSchema>;
