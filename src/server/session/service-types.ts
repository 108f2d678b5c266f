import type {
  FieldAction,
  FieldActionParams,
  FieldValue,
  HandoffResponse,
  StartSessionRequest,
  StartSessionResponse,
  StepResponse,
} from '../../flow';
import type { Applicant, ProviderAdapter, ProviderName } from '../../providers/types';
import type { SessionAnalytics } from '../analytics/session-events';
import type { DemoRuntime } from '../demo/context';
import type { AbuseGuard } from '../limits/guard';
import type { ProviderRoutes } from '../routing/provider-routes';
import type { SessionLink, SessionRecord } from './record';
import type { SessionStore } from './store';

/** The slice of a pino logger the service uses. */
export interface ServiceLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface SessionServiceOptions<S> {
  /** A single upstream (older callers); it joins `adapters` under its own provider. */
  adapter?: ProviderAdapter<S>;
  /** The configured upstreams; a session always uses the one of its record's provider. */
  adapters?: Partial<Record<ProviderName, ProviderAdapter<unknown>>>;
  /** Provider of new sessions when no `routes` are given (default: `adapter`'s, else the first of `adapters`). */
  provider?: ProviderName;
  /**
   * The vendor order per carrier and province (PROVIDER_ROUTES): a new session starts on the first
   * configured vendor of its order and may fail over to the next ones before the service password.
   */
  routes?: ProviderRoutes;
  /** Demo mode: without it a start asking for `demo` is refused (400). */
  demo?: DemoRuntime;
  store: SessionStore;
  log: ServiceLogger;
  now?: () => number;
  /** Restarts allowed per session (default MAX_RESTARTS). */
  maxRestarts?: number;
  /** Abuse limits per number and session (SMS sends, wrong passwords, starts, captcha refreshes); none without it. */
  guard?: AbuseGuard;
  /**
   * How long a call's lease on its session lasts before it is renewed (default 30 s; renewed every
   * third of it while the upstream call runs). A process that dies mid-call frees the session
   * after at most this long.
   */
  leaseMs?: number;
  /** Names this process in lease owners (default a random id); shown in the store for support. */
  instanceId?: string;
  /** Told of each upstream outcome and SMS send (metrics). */
  observe?: SessionObserver;
  /**
   * Called with the record of a session that just authorized, before the step is stored, so the
   * collection of its data is recorded first: a crash in between leaves data to fetch rather than
   * an authorized session nobody fetches for. Must be idempotent.
   */
  onAuthorized?: (record: SessionRecord) => Promise<void>;
  /** Step analytics: told of every stored step and every refused submission; never slows or fails a call. */
  analytics?: SessionAnalytics;
}

export interface StartOptions {
  /** What the lender knows of the applicant (from a link); kept for restarts. */
  applicant?: Applicant;
  /** The session id a link token promised the lender; a fresh one otherwise. */
  id?: string;
  /** The link the session was opened from. */
  link?: SessionLink;
  /** An update link's number (the earlier session's): used instead of the request's, which may omit it. */
  phone?: string;
  /** An update link's vendor (the earlier session's): tried first when it is configured, else the route decides. */
  provider?: ProviderName;
}

/** What the session service reports as it goes (the metrics registry implements it). */
export interface SessionObserver {
  /** An adapter call ended; `error` is the neutral code and the vendor's own code when it failed. */
  upstream(provider: ProviderName, event: string, error: { code: string; upstreamCode?: string } | undefined): void;
  /** The carrier was made to send an SMS code (a new SMS step, or a resend). */
  smsSent(provider: ProviderName, reason: 'step' | 'resend'): void;
  /** A session moved from one vendor to the next before its service password (`code`: why). */
  failover?(from: ProviderName, to: ProviderName, code: string): void;
}

/** What the routes call. `authorization` is the raw Authorization header. */
export interface SessionService {
  start(request: StartSessionRequest, options?: StartOptions): Promise<StartSessionResponse>;
  current(authorization: string | undefined): Promise<StepResponse>;
  submit(authorization: string | undefined, stepId: string, values: Readonly<Record<string, FieldValue>>): Promise<StepResponse>;
  fieldAction(authorization: string | undefined, params: FieldActionParams): Promise<StepResponse>;
  /** Leaves the current step when it is `cancellable` (e.g. back from password recovery). */
  cancel(authorization: string | undefined, stepId: string): Promise<StepResponse>;
  restart(authorization: string | undefined): Promise<StepResponse>;
  /**
   * Cancels the session (the applicant changes number): forgotten now, after any upstream call in
   * flight. Idempotent: a session already gone is cancelled too. Refused once authorized.
   */
  end(authorization: string | undefined): Promise<void>;
  /** Parks a session just started under a one-time code for the page (session/handoff.ts). */
  handOff(token: string): Promise<string>;
  /** The session parked under `code`, under a new token. */
  redeemHandoff(code: string): Promise<HandoffResponse>;
}

/** What a session call does upstream; `failover` is the first call on the next vendor. */
export type SessionEvent = 'start' | 'submit' | FieldAction | 'cancel' | 'restart' | 'failover';

/** A call's hold on its session: the store key, the lease owner, and whether its result was committed. */
export interface SessionLease {
  key: string;
  owner: string;
  committed: boolean;
}
