import type * as z from 'zod';
import type { ExtraKind, ParsedPush, ProviderDataSource } from './data-model';
import type { HttpClient } from './http';
import type { EnvSource } from './shared/env-schema';
import type { SharedTokenStore } from './shared/shared-token';
import type { SimulatorStateStore } from './shared/sim-state';
import type { ProviderAdapter, ProviderName } from './types';

// What a vendor folder gives the rest of CarrierLink: one descriptor (its `vendor.ts`), listed in
// registry.ts. The server, the lender API, the push receiver and demo mode read vendors only
// through it, so a vendor's names, variables and quirks stay in its folder.

/** A running in-process simulator. */
export interface RunningSimulator {
  /** For the start-up line, e.g. "<Vendor> simulator (sandbox) at http://127.0.0.1:4312". */
  label: string;
  url: string;
  close(): Promise<void>;
}

/** A vendor's adapter and data side, and the simulator they talk to when no upstream URL is set. */
export interface Upstream {
  adapter: ProviderAdapter<unknown> & { close(): Promise<void> };
  /** The same upstream's data side. */
  data: ProviderDataSource & { close(): Promise<void> };
  simulator: RunningSimulator | undefined;
  /** Closes the adapter's connections, then the simulator. */
  close(): Promise<void>;
}

export function upstream(adapter: Upstream['adapter'], data: Upstream['data'], simulator: RunningSimulator | undefined): Upstream {
  return {
    adapter,
    data,
    simulator,
    async close() {
      await adapter.close();
      await data.close();
      await simulator?.close();
    },
  };
}

/** What the server lends the configured upstream (not the demo simulators). */
export interface UpstreamServices {
  /** Vendor tokens shared by every instance (the durable store's vendorTokens). */
  tokenStore?: SharedTokenStore;
  /** Timed HTTP clients for the adapter and the data side (the server's metrics); absent: the vendor builds its own. */
  http?: (timeoutMs: number) => { adapter: HttpClient; data: HttpClient };
}

/** How a simulator started in-process behaves. */
export interface SimulatorOptions {
  timeoutFaultMs?: number;
  /** Keeps the simulator's sessions and pending pushes across a restart. */
  state?: SimulatorStateStore;
  /** The full URL (secret included) the simulator pushes to, once this server listens. */
  pushUrl?: () => string | undefined;
  /** false: the simulator pushes nothing (demo simulators: nobody collects demo sessions). */
  sendPushes?: boolean;
  /** Demo gallery: every new applicant finds their sandbox number as it started, so scenarios replay. */
  demo?: boolean;
}

/** What building an upstream needs beyond the vendor's own settings. */
export interface UpstreamContext {
  /** Cooldown before an SMS code can be sent again (SMS_RESEND_SECONDS). */
  smsResendSeconds: number;
  /** The secret segment of this deployment's push URLs (PUSH_SECRET), for vendors told the URL per call. */
  pushSecret?: string;
  simulator?: SimulatorOptions;
  services?: UpstreamServices;
  /** Adapter dependencies a caller injects (demo mode's latency and faults, tests' clocks). */
  deps?: { http?: HttpClient; now?: () => number };
}

/** A push as it reached the receiver: the body as text, whatever its type. */
export interface PushRequest {
  body: string;
  contentType: string | undefined;
  query: URLSearchParams;
}

/** Facts of the environment a vendor's settings derive from. */
export interface VendorEnvContext {
  /** Where browsers and vendors reach this server (PUBLIC_URL). */
  publicUrl: string;
  /** This vendor's push path on this server, before the secret segment. */
  pushPath: string;
}

/** One vendor, as the rest of CarrierLink sees it. `S` is its settings (plain data, parsed from the environment), `N` its name. */
export interface VendorDescriptor<S, N extends ProviderName = ProviderName> {
  readonly name: N;
  readonly env: {
    /** Every variable the vendor reads (all start with its prefix). */
    readonly variables: readonly string[];
    /** The vendor's settings; bad or missing variables are pushed to `problems` (undefined is then returned). */
    read(source: EnvSource, problems: string[], context: VendorEnvContext): S | undefined;
    /** What production requires when this vendor is the upstream (NODE_ENV=production runs no simulator). */
    readonly live: { variable: string; why: string };
    /** Live vendor or the built-in simulator. */
    mode(settings: S): 'live' | 'simulator';
    /** The longest a call to the vendor may take (a graceful shutdown waits that long). */
    timeoutMs(settings: S): number;
  };
  /** The configured upstream: live when the settings name it, else a simulator in this process. */
  createUpstream(settings: S, context: UpstreamContext): Promise<Upstream>;
  /** Demo mode's upstream: always the simulator, pushing nothing; `configured` tunes it like the live one. */
  demoUpstream(configured: S | undefined, context: UpstreamContext & { timeoutMs: number }): Promise<Upstream>;
  /** Validates the adapter's persisted state. */
  readonly stateSchema: z.ZodType<unknown>;
  readonly push: {
    /** The largest body the vendor really sends. */
    readonly bodyLimit: number;
    /** The answer the vendor takes as "received". */
    readonly ack: string;
    /** Reads and checks a push; throws PushRejected for a body that cannot be read. */
    parse(request: PushRequest, settings: Partial<S> | undefined): ParsedPush;
    /** Which of our ids the push names the session by (`ParsedPush.upstreamKey`). */
    readonly names: 'userId' | 'taskId';
    /** The URL to give the vendor, and where it goes, for the start-up line. */
    target(settings: S, context: VendorEnvContext): { url: string; where: string };
  };
  /** What the vendor delivers after the data (report, score, tags); empty when nothing. */
  readonly extras: readonly ExtraKind[];
  /** An extra stored before extras were normalized (vendor payload as `data`), read into its neutral shape. */
  readLegacyExtra?(kind: ExtraKind, data: unknown): unknown;
  /** Keys of the vendor's raw payloads that hold ID-card numbers (masked on /raw unless the lender sees them in full). */
  readonly rawIdCardKeys: readonly string[];
  readonly demo: {
    /** Whether the session start calls the vendor (so an injected fault at `start` shows). */
    readonly faultsAtStart: boolean;
    /**
     * The sandbox number a demo update session plays (a refresh of an earlier authorization): the
     * server starts it, the page only shows it masked. One whose carrier names it in its SMS hints.
     */
    readonly updatePhone: string;
  };
}

/** This server's push path for a vendor, before the secret segment. */
export const pushPath = (name: ProviderName): string => `/hooks/${name}`;

/** `base + path`, with `/<secret>` appended when there is a secret. */
export function withSecret(url: string, secret: string | undefined): string {
  return secret === undefined ? url : `${url}/${secret}`;
}

/** The adapter owns an injected HTTP client; the data source beside it uses it without closing it. */
export function borrowed<D extends { http?: HttpClient }>(deps: D): D {
  const { http } = deps;
  return http ? { ...deps, http: { ...http, close: async () => undefined } } : deps;
}
