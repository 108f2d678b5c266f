import { randomBytes } from 'node:crypto';
import { createDianhuaAdapter } from '../providers/dianhua/adapter';
import type { DianhuaAdapterDeps, DianhuaConfig } from '../providers/dianhua/adapter';
import { startDianhuaSimulator } from '../providers/dianhua/simulator';
import { createRong360Adapter } from '../providers/rong360/adapter';
import type { Rong360AdapterDeps, Rong360Config } from '../providers/rong360/adapter';
import { generateMerchantKeyPair, startRong360Simulator } from '../providers/rong360/simulator';
import type { ProviderDataSource } from '../providers/data-model';
import { DATA_MAX_BODY_BYTES } from '../providers/data-model';
import { createHttpClient } from '../providers/http';
import type { HttpClient } from '../providers/http';
import { createDianhuaTokenCache } from '../providers/dianhua/token-cache';
import type { DianhuaTokenCache } from '../providers/dianhua/token-cache';
import type { SharedTokenStore } from '../providers/shared/shared-token';
import { createDianhuaDataSource } from '../providers/dianhua/data';
import { createRong360DataSource } from '../providers/rong360/data';
import type { SimulatorStateStore } from '../providers/shared/sim-state';
import type { ProviderAdapter, ProviderName } from '../providers/types';
import { instrumentHttp } from './ops/instrumented-http';
import type { Metrics } from './ops/metrics';
import { PUSH_PATHS } from './push/push-routes';
import type { ServerConfig } from './env';

// The Rong360 simulator accepts any app id it was given a public key for.
const RONG360_SIMULATOR_APP_ID = 'carrierlink-sandbox';

/** A running in-process simulator. */
export interface RunningSimulator {
  /** For the start-up line, e.g. "Dianhua simulator (sandbox) at http://127.0.0.1:4312". */
  label: string;
  url: string;
  close(): Promise<void>;
}

/** The configured provider's adapter, and the simulator it talks to when no upstream URL is set. */
export interface Upstream {
  adapter: ProviderAdapter<unknown> & { close(): Promise<void> };
  /** The same upstream's data side (issue 6). */
  data: ProviderDataSource & { close(): Promise<void> };
  simulator: RunningSimulator | undefined;
  /** Closes the adapter's connections, then the simulator. */
  close(): Promise<void>;
}

function upstream(adapter: Upstream['adapter'], data: Upstream['data'], simulator: RunningSimulator | undefined): Upstream {
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

/** What an in-process simulator needs beyond the adapter settings (issue 6). */
export interface SimulatorExtras {
  timeoutFaultMs?: number;
  /** Keeps the simulator's sessions and pending pushes across a restart. */
  state?: SimulatorStateStore;
  /** This server's own base URL once it listens: the simulator pushes to its /hooks/* paths. */
  pushBaseUrl?: () => string | undefined;
  /** The secret segment of this server's push URLs (PUSH_SECRET); the simulator pushes to `<path>/<secret>`. */
  pushSecret?: string;
  /** false: the simulator pushes nothing (demo simulators: nobody collects demo sessions). */
  sendPushes?: boolean;
  /** Dianhua: encrypt pushes as the account configured (DIANHUA_PUSH_AES_*). */
  dianhuaPushAes?: { key: Buffer; iv: Buffer };
}

/** What the configured upstream shares with the rest of the server (not the demo simulators). */
export interface UpstreamServices {
  /** Vendor tokens shared by every instance (the durable store's vendorTokens). */
  tokenStore?: SharedTokenStore;
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
function vendorHttp(vendor: ProviderName, timeoutMs: number, services: UpstreamServices): { adapter?: HttpClient; data?: HttpClient } {
  const { metrics } = services;
  if (!metrics) return {};
  return {
    adapter: instrumentHttp(createHttpClient({ timeoutMs, connections: VENDOR_CONNECTIONS }), vendor, metrics),
    data: instrumentHttp(
      createHttpClient({ timeoutMs, connections: VENDOR_CONNECTIONS, maxBodyBytes: DATA_MAX_BODY_BYTES }),
      vendor,
      metrics,
    ),
  };
}

/** One token cache per Dianhua app id in this process, kept in the shared store when there is one. */
const dianhuaTokenCaches = new WeakMap<SharedTokenStore, Map<string, DianhuaTokenCache>>();
export function dianhuaTokensFor(appId: string, store: SharedTokenStore | undefined): DianhuaTokenCache {
  if (!store) return createDianhuaTokenCache({ appId });
  const caches = dianhuaTokenCaches.get(store) ?? new Map<string, DianhuaTokenCache>();
  dianhuaTokenCaches.set(store, caches);
  const found = caches.get(appId);
  if (found) return found;
  const created = createDianhuaTokenCache({ appId, store });
  caches.set(appId, created);
  return created;
}

/** The adapter owns an injected HTTP client; the data source beside it uses it without closing it. */
function borrowed<D extends { http?: HttpClient }>(deps: D): D {
  const { http } = deps;
  return http ? { ...deps, http: { ...http, close: async () => undefined } } : deps;
}

function pushTarget(base: () => string | undefined, path: string, secret: string | undefined): () => string | undefined {
  return () => {
    const url = base();
    return url === undefined ? undefined : `${url}${path}${secret === undefined ? '' : `/${secret}`}`;
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

/** Rong360 settings that do not name an upstream (the simulator brings its own gateway, app id and key). */
export type Rong360Settings = Omit<Rong360Config, 'gatewayUrl' | 'appId' | 'privateKeyPem'>;

/** Dianhua settings that do not name an upstream. */
export type DianhuaSettings = Omit<DianhuaConfig, 'baseUrl' | 'appId' | 'appSecret'>;

/** A Rong360 adapter on a fresh in-process simulator; demo mode passes `deps.http` (latency, faults). */
export async function simulatedRong360(
  settings: Rong360Settings,
  deps: Rong360AdapterDeps = {},
  simulator: SimulatorExtras = {},
  services: UpstreamServices = {},
): Promise<Upstream> {
  // A throwaway key pair: nothing outside this process can sign for the simulator.
  const keys = generateMerchantKeyPair();
  const sim = await startRong360Simulator({
    merchants: { [RONG360_SIMULATOR_APP_ID]: keys.publicKeyPem },
    host: '127.0.0.1',
    port: 0,
    ...(simulator.timeoutFaultMs !== undefined && { timeoutFaultMs: simulator.timeoutFaultMs }),
    ...(simulator.state && { state: simulator.state }),
    ...(simulator.sendPushes === false && { sendNotices: false }),
    // In-process, the simulator's notices come straight back to this server's receiver.
    ...(simulator.pushBaseUrl && { noticeUrlOverride: pushTarget(simulator.pushBaseUrl, PUSH_PATHS.rong360, simulator.pushSecret) }),
  });
  const adapterConfig: Rong360Config = {
    ...settings,
    gatewayUrl: sim.url,
    appId: RONG360_SIMULATOR_APP_ID,
    privateKeyPem: keys.privateKeyPem,
  };
  const http = vendorHttp('rong360', settings.timeoutMs, services);
  const dataDeps = http.data ? { ...deps, http: http.data } : borrowed(deps);
  const adapterDeps = http.adapter ? { ...deps, http: http.adapter } : deps;
  return upstream(createRong360Adapter(adapterConfig, adapterDeps), createRong360DataSource(adapterConfig, dataDeps), {
    label: `Rong360 simulator (sandbox) at ${sim.url}`,
    url: sim.url,
    close: () => sim.close(),
  });
}

/** A Dianhua adapter on a fresh in-process simulator; demo mode passes `deps.http` (latency, faults). */
export async function simulatedDianhua(
  settings: DianhuaSettings,
  deps: DianhuaAdapterDeps = {},
  simulator: SimulatorExtras & { freshApplicants?: boolean } = {},
  services: UpstreamServices = {},
): Promise<Upstream> {
  // Random credentials: only this process knows them, so nothing else can use the simulator's token.
  const appId = `sandbox-${randomBytes(6).toString('hex')}`;
  const appSecret = randomBytes(24).toString('hex');
  // Dianhua's push addresses are set on the vendor's side; ours all point at one receiver.
  const pushUrl = simulator.pushBaseUrl && pushTarget(simulator.pushBaseUrl, PUSH_PATHS.dianhua, simulator.pushSecret);
  const sim = await startDianhuaSimulator({
    appId,
    appSecret,
    host: '127.0.0.1',
    port: 0,
    ...(simulator.timeoutFaultMs !== undefined && { timeoutFaultMs: simulator.timeoutFaultMs }),
    ...(simulator.freshApplicants !== undefined && { freshApplicants: simulator.freshApplicants }),
    ...(simulator.state && { state: simulator.state }),
    ...(pushUrl &&
      simulator.sendPushes !== false && {
        push: {
          authUrl: pushUrl,
          reportUrl: pushUrl,
          resultUrl: pushUrl,
          ...(simulator.dianhuaPushAes && { aes: simulator.dianhuaPushAes }),
        },
      }),
  });
  const config: DianhuaConfig = { ...settings, baseUrl: sim.url, appId, appSecret };
  // One token for the adapter and the data source (the simulator's app id is this process's own).
  const tokens = deps.tokens ?? dianhuaTokensFor(appId, services.tokenStore);
  const http = vendorHttp('dianhua', settings.timeoutMs, services);
  const dataDeps = http.data ? { ...deps, tokens, http: http.data } : { ...borrowed(deps), tokens };
  const adapterDeps = http.adapter ? { ...deps, tokens, http: http.adapter } : { ...deps, tokens };
  return upstream(createDianhuaAdapter(config, adapterDeps), createDianhuaDataSource(config, dataDeps), {
    label: `Dianhua simulator (sandbox) at ${sim.url}`,
    url: sim.url,
    close: () => sim.close(),
  });
}

async function rong360Upstream(config: ServerConfig, extras: SimulatorExtras, services: UpstreamServices): Promise<Upstream> {
  const { rong360 } = config;
  const common: Rong360Settings = {
    appName: rong360.appName,
    appVersion: rong360.appVersion,
    platform: rong360.platform,
    // RONG360_NOTICE_URL names the hook; the deployment's secret is its last segment.
    noticeUrl: extras.pushSecret === undefined ? rong360.noticeUrl : `${rong360.noticeUrl}/${extras.pushSecret}`,
    timeoutMs: rong360.timeoutMs,
    smsResendSeconds: config.smsResendSeconds,
  };
  if (rong360.mode === 'live') {
    const live: Rong360Config = { ...common, gatewayUrl: rong360.gatewayUrl, appId: rong360.appId, privateKeyPem: rong360.privateKeyPem };
    const http = vendorHttp('rong360', common.timeoutMs, services);
    return upstream(
      createRong360Adapter(live, http.adapter ? { http: http.adapter } : {}),
      createRong360DataSource(live, http.data ? { http: http.data } : {}),
      undefined,
    );
  }
  return simulatedRong360(common, {}, extras, services);
}

async function dianhuaUpstream(config: ServerConfig, extras: SimulatorExtras, services: UpstreamServices): Promise<Upstream> {
  const { dianhua } = config;
  const common: DianhuaSettings = { timeoutMs: dianhua.timeoutMs, smsResend: dianhua.smsResend, maxSmsResends: dianhua.maxSmsResends };
  if (dianhua.mode === 'live') {
    const live: DianhuaConfig = { ...common, baseUrl: dianhua.baseUrl, appId: dianhua.appId, appSecret: dianhua.appSecret };
    // The vendor's token is one credential per app id: one cache for both sides, kept in the shared store.
    const tokens = dianhuaTokensFor(live.appId, services.tokenStore);
    const http = vendorHttp('dianhua', common.timeoutMs, services);
    return upstream(
      createDianhuaAdapter(live, { tokens, ...(http.adapter && { http: http.adapter }) }),
      createDianhuaDataSource(live, { tokens, ...(http.data && { http: http.data }) }),
      undefined,
    );
  }
  return simulatedDianhua(common, {}, { ...extras, ...(config.dianhuaPushAes && { dianhuaPushAes: config.dianhuaPushAes }) }, services);
}

/** Builds the adapter for `config.provider`, starting that provider's simulator when its URL is unset. */
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
  provider: ProviderName,
  extras: SimulatorExtras,
  services: UpstreamServices,
): Promise<Upstream> {
  switch (provider) {
    case 'rong360':
      return rong360Upstream(config, extras, services);
    case 'dianhua':
      return dianhuaUpstream(config, extras, services);
  }
}
