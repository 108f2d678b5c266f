import { DATA_MAX_BODY_BYTES } from '../providers/data-model';
import { createHttpClient } from '../providers/http';
import { vendorOf } from '../providers/registry';
import type { SimulatorStateStore } from '../providers/shared/sim-state';
import type { ProviderName } from '../providers/types';
import { pushPath, withSecret } from '../providers/vendor';
import type { SimulatorOptions, Upstream, UpstreamServices as VendorServices } from '../providers/vendor';
import { instrumentHttp } from './ops/instrumented-http';
import type { Metrics } from './ops/metrics';
import type { ServerConfig } from './env';

export type { RunningSimulator, Upstream } from '../providers/vendor';

/** What an in-process simulator needs beyond the vendor's settings. */
export interface SimulatorExtras {
  timeoutFaultMs?: number;
  /** Keeps the simulator's sessions and pending pushes across a restart. */
  state?: SimulatorStateStore;
  /** This server's own base URL once it listens: the simulator pushes to its /hooks/* paths. */
  pushBaseUrl?: () => string | undefined;
  /** The secret segment of this server's push URLs (PUSH_SECRET); the simulator pushes to `<path>/<secret>`. */
  pushSecret?: string;
  /** false: the simulator pushes nothing. */
  sendPushes?: boolean;
}

/** What the configured upstream shares with the rest of the server (not the demo simulators). */
export interface UpstreamServices {
  /** Vendor tokens shared by every instance (the durable store's vendorTokens). */
  tokenStore?: VendorServices['tokenStore'];
  /** Times every vendor call. */
  metrics?: Pick<Metrics, 'upstreamDuration'>;
}

/**
 * Keep-alive sockets per vendor origin of the configured upstream. Carrier logins hold a call for
 * seconds to a minute, so an instance with many applicants at once has that many calls open; the
 * HTTP client's default of 16 would queue them behind each other.
 */
export const VENDOR_CONNECTIONS = 256;

/**
 * The adapter's and the data source's HTTP clients of the configured upstream (main.ts gives
 * metrics): timed, with room for many calls at once; the data side takes the large bodies
 * collected data comes in.
 */
export function vendorServices(vendor: ProviderName, services: UpstreamServices): VendorServices {
  const { metrics, tokenStore } = services;
  return {
    ...(tokenStore && { tokenStore }),
    ...(metrics && {
      http: (timeoutMs: number) => ({
        adapter: instrumentHttp(createHttpClient({ timeoutMs, connections: VENDOR_CONNECTIONS }), vendor, metrics),
        data: instrumentHttp(
          createHttpClient({ timeoutMs, connections: VENDOR_CONNECTIONS, maxBodyBytes: DATA_MAX_BODY_BYTES }),
          vendor,
          metrics,
        ),
      }),
    }),
  };
}

/** Where a vendor's simulator pushes: this server's hook for it, with the secret. */
export function simulatorOptions(vendor: ProviderName, extras: SimulatorExtras): SimulatorOptions {
  const { pushBaseUrl } = extras;
  return {
    ...(extras.timeoutFaultMs !== undefined && { timeoutFaultMs: extras.timeoutFaultMs }),
    ...(extras.state && { state: extras.state }),
    ...(extras.sendPushes !== undefined && { sendPushes: extras.sendPushes }),
    ...(pushBaseUrl && {
      pushUrl: () => {
        const base = pushBaseUrl();
        return base === undefined ? undefined : withSecret(`${base}${pushPath(vendor)}`, extras.pushSecret);
      },
    }),
  };
}

/** A namespace inside a simulator state store, so two simulators of one provider never share sessions. */
export function prefixedState(state: SimulatorStateStore, prefix: string): SimulatorStateStore {
  return {
    load: (namespace) => state.load(`${prefix}:${namespace}`),
    save: (namespace, id, value) => state.save(`${prefix}:${namespace}`, id, value),
    delete: (namespace, id) => state.delete(`${prefix}:${namespace}`, id),
  };
}

/** Builds the adapter for `config.provider` (the first configured vendor), starting its simulator when its URL is unset. */
export function createUpstream(config: ServerConfig, extras: SimulatorExtras = {}, services: UpstreamServices = {}): Promise<Upstream> {
  return createProviderUpstream(config, config.provider, extras, services);
}

/** Every configured vendor's upstream (PROVIDERS order); each unset URL starts that vendor's simulator. */
export async function createUpstreams(
  config: ServerConfig,
  extras: SimulatorExtras = {},
  services: UpstreamServices = {},
): Promise<Upstream[]> {
  const built: Upstream[] = [];
  try {
    for (const provider of config.routing.providers) built.push(await createProviderUpstream(config, provider, extras, services));
  } catch (error) {
    // One vendor failed to start: the others' simulators and sockets must not outlive the failed start.
    await Promise.allSettled(built.map((one) => one.close()));
    throw error;
  }
  return built;
}

function createProviderUpstream(
  config: ServerConfig,
  name: ProviderName,
  extras: SimulatorExtras,
  services: UpstreamServices,
): Promise<Upstream> {
  return vendorOf(name).createUpstream(config[name], {
    smsResendSeconds: config.smsResendSeconds,
    ...(extras.pushSecret !== undefined && { pushSecret: extras.pushSecret }),
    simulator: simulatorOptions(name, extras),
    services: vendorServices(name, services),
  });
}
