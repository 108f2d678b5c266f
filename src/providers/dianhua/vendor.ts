import { randomBytes } from 'node:crypto';
import type { SharedTokenStore } from '../shared/shared-token';
import { borrowed, upstream } from '../vendor';
import type { Upstream, UpstreamContext, VendorDescriptor } from '../vendor';
import { createDianhuaAdapter, DianhuaStateSchema } from './adapter';
import type { DianhuaAdapterDeps, DianhuaConfig } from './adapter';
import { DIANHUA_VARIABLES, readDianhuaEnv } from './config';
import type { DianhuaSettings } from './config';
import { createDianhuaDataSource } from './data';
import { normalizeDianhuaExtra } from './extras-map';
import { parseDianhuaPush } from './push';
import { ECHO_NUMBER_PHONE } from './sandbox';
import { startDianhuaSimulator } from './simulator';
import { createDianhuaTokenCache } from './token-cache';
import type { DianhuaTokenCache } from './token-cache';
import { RAW_ID_CARD_KEYS } from './wire-data';

// Dianhua (邦秒爬) as the rest of CarrierLink sees it: a token per app id, steps chosen by need_*
// flags, auth/result/report pushes to one URL set on the vendor's side, and three extras.

/** Adapter settings that do not name an upstream. */
type SimulatedConfig = Omit<DianhuaConfig, 'baseUrl' | 'appId' | 'appSecret'>;

/** One token cache per app id in this process, kept in the shared store when there is one. */
const tokenCaches = new WeakMap<SharedTokenStore, Map<string, DianhuaTokenCache>>();
export function dianhuaTokensFor(appId: string, store: SharedTokenStore | undefined): DianhuaTokenCache {
  if (!store) return createDianhuaTokenCache({ appId });
  const caches = tokenCaches.get(store) ?? new Map<string, DianhuaTokenCache>();
  tokenCaches.set(store, caches);
  const found = caches.get(appId);
  if (found) return found;
  const created = createDianhuaTokenCache({ appId, store });
  caches.set(appId, created);
  return created;
}

const adapterSettings = (settings: DianhuaSettings): SimulatedConfig => ({
  timeoutMs: settings.timeoutMs,
  smsResend: settings.smsResend,
  maxSmsResends: settings.maxSmsResends,
});

/** An adapter on a fresh in-process simulator, pushing (when it does) as the account is configured. */
async function simulated(config: SimulatedConfig, context: UpstreamContext, aes: DianhuaSettings['pushAes']): Promise<Upstream> {
  const simulator = context.simulator ?? {};
  const deps: DianhuaAdapterDeps = context.deps ?? {};
  // Random credentials: only this process knows them, so nothing else can use the simulator's token.
  const appId = `sandbox-${randomBytes(6).toString('hex')}`;
  const appSecret = randomBytes(24).toString('hex');
  // Dianhua's push addresses are set on the vendor's side; ours all point at one receiver.
  const pushUrl = simulator.pushUrl;
  const sim = await startDianhuaSimulator({
    appId,
    appSecret,
    host: '127.0.0.1',
    port: 0,
    ...(simulator.timeoutFaultMs !== undefined && { timeoutFaultMs: simulator.timeoutFaultMs }),
    // Designers replay recovery scenarios: each demo session (a new uid) finds its number as the sandbox left it.
    ...(simulator.demo && { freshApplicants: true }),
    ...(simulator.state && { state: simulator.state }),
    ...(pushUrl &&
      simulator.sendPushes !== false && {
        push: { authUrl: pushUrl, reportUrl: pushUrl, resultUrl: pushUrl, ...(aes && { aes }) },
      }),
  });
  const full: DianhuaConfig = { ...config, baseUrl: sim.url, appId, appSecret };
  // One token for the adapter and the data source (the simulator's app id is this process's own).
  const tokens = dianhuaTokensFor(appId, context.services?.tokenStore);
  const http = context.services?.http?.(config.timeoutMs);
  const dataDeps = http ? { ...deps, tokens, http: http.data } : { ...borrowed(deps), tokens };
  const adapterDeps = http ? { ...deps, tokens, http: http.adapter } : { ...deps, tokens };
  return upstream(createDianhuaAdapter(full, adapterDeps), createDianhuaDataSource(full, dataDeps), {
    label: `Dianhua simulator (sandbox) at ${sim.url}`,
    url: sim.url,
    close: () => sim.close(),
  });
}

export const dianhuaVendor: VendorDescriptor<DianhuaSettings, 'dianhua'> = {
  name: 'dianhua',
  env: {
    variables: DIANHUA_VARIABLES,
    read: (source, problems) => readDianhuaEnv(source, problems),
    live: { variable: 'DIANHUA_BASE_URL', why: 'the Dianhua API (the built-in simulator runs only in development)' },
    mode: (settings) => settings.mode,
    timeoutMs: (settings) => settings.timeoutMs,
  },
  async createUpstream(settings, context) {
    const config = adapterSettings(settings);
    if (settings.mode === 'simulator') return simulated(config, context, settings.pushAes);
    const live: DianhuaConfig = { ...config, baseUrl: settings.baseUrl, appId: settings.appId, appSecret: settings.appSecret };
    // The vendor's token is one credential per app id: one cache for both sides, kept in the shared store.
    const tokens = dianhuaTokensFor(live.appId, context.services?.tokenStore);
    const http = context.services?.http?.(config.timeoutMs);
    return upstream(
      createDianhuaAdapter(live, { tokens, ...(http && { http: http.adapter }) }),
      createDianhuaDataSource(live, { tokens, ...(http && { http: http.data }) }),
      undefined,
    );
  },
  demoUpstream(configured, context) {
    // The applicant sees the configured resend policy in demo sessions too.
    const config: SimulatedConfig = {
      timeoutMs: context.timeoutMs,
      smsResend: configured?.smsResend ?? 'off',
      maxSmsResends: configured?.maxSmsResends ?? 2,
    };
    return simulated(config, context, undefined);
  },
  stateSchema: DianhuaStateSchema,
  push: {
    // A result push carries the call records of six months (a heavy user's are 2-4 MB).
    bodyLimit: 8 * 1024 * 1024,
    ack: 'ok',
    parse: (request, settings) =>
      parseDianhuaPush(request.body, { yuloreFlag: request.query.get('yulore_flag'), ...(settings?.pushAes && { aes: settings.pushAes }) }),
    names: 'taskId',
    target: (_settings, context) => ({ url: `${context.publicUrl}${context.pushPath}`, where: "configure it on Dianhua's side" }),
  },
  extras: ['report', 'score', 'tags'],
  readLegacyExtra: (kind, data) => normalizeDianhuaExtra(kind, data),
  rawIdCardKeys: RAW_ID_CARD_KEYS,
  // calls/flow runs at the start.
  demo: { faultsAtStart: true, updatePhone: ECHO_NUMBER_PHONE },
};
