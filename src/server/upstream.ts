import { randomBytes } from 'node:crypto';
import { createDianhuaAdapter } from '../providers/dianhua/adapter';
import type { DianhuaAdapterDeps, DianhuaConfig } from '../providers/dianhua/adapter';
import { startDianhuaSimulator } from '../providers/dianhua/simulator';
import { createRong360Adapter } from '../providers/rong360/adapter';
import type { Rong360AdapterDeps, Rong360Config } from '../providers/rong360/adapter';
import { generateMerchantKeyPair, startRong360Simulator } from '../providers/rong360/simulator';
import type { ProviderAdapter } from '../providers/types';
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
  simulator: RunningSimulator | undefined;
  /** Closes the adapter's connections, then the simulator. */
  close(): Promise<void>;
}

function upstream(adapter: Upstream['adapter'], simulator: RunningSimulator | undefined): Upstream {
  return {
    adapter,
    simulator,
    async close() {
      await adapter.close();
      await simulator?.close();
    },
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
  simulator: { timeoutFaultMs?: number } = {},
): Promise<Upstream> {
  // A throwaway key pair: nothing outside this process can sign for the simulator.
  const keys = generateMerchantKeyPair();
  const sim = await startRong360Simulator({
    merchants: { [RONG360_SIMULATOR_APP_ID]: keys.publicKeyPem },
    host: '127.0.0.1',
    port: 0,
    ...simulator,
  });
  const adapterConfig: Rong360Config = { ...settings, gatewayUrl: sim.url, appId: RONG360_SIMULATOR_APP_ID, privateKeyPem: keys.privateKeyPem };
  return upstream(createRong360Adapter(adapterConfig, deps), { label: `Rong360 simulator (sandbox) at ${sim.url}`, url: sim.url, close: () => sim.close() });
}

/** A Dianhua adapter on a fresh in-process simulator; demo mode passes `deps.http` (latency, faults). */
export async function simulatedDianhua(
  settings: DianhuaSettings,
  deps: DianhuaAdapterDeps = {},
  simulator: { timeoutFaultMs?: number; forgetRecoveredPasswords?: boolean } = {},
): Promise<Upstream> {
  // Random credentials: only this process knows them, so nothing else can use the simulator's token.
  const appId = `sandbox-${randomBytes(6).toString('hex')}`;
  const appSecret = randomBytes(24).toString('hex');
  const sim = await startDianhuaSimulator({ appId, appSecret, host: '127.0.0.1', port: 0, ...simulator });
  const adapter = createDianhuaAdapter({ ...settings, baseUrl: sim.url, appId, appSecret }, deps);
  return upstream(adapter, { label: `Dianhua simulator (sandbox) at ${sim.url}`, url: sim.url, close: () => sim.close() });
}

async function rong360Upstream(config: ServerConfig): Promise<Upstream> {
  const { rong360 } = config;
  const common: Rong360Settings = {
    appName: rong360.appName,
    appVersion: rong360.appVersion,
    platform: rong360.platform,
    noticeUrl: rong360.noticeUrl,
    timeoutMs: rong360.timeoutMs,
    smsResendSeconds: config.smsResendSeconds,
  };
  if (rong360.mode === 'live') {
    const live: Rong360Config = { ...common, gatewayUrl: rong360.gatewayUrl, appId: rong360.appId, privateKeyPem: rong360.privateKeyPem };
    return upstream(createRong360Adapter(live), undefined);
  }
  return simulatedRong360(common);
}

async function dianhuaUpstream(config: ServerConfig): Promise<Upstream> {
  const { dianhua } = config;
  const common: DianhuaSettings = { timeoutMs: dianhua.timeoutMs, smsResend: dianhua.smsResend, maxSmsResends: dianhua.maxSmsResends };
  if (dianhua.mode === 'live') {
    const live: DianhuaConfig = { ...common, baseUrl: dianhua.baseUrl, appId: dianhua.appId, appSecret: dianhua.appSecret };
    return upstream(createDianhuaAdapter(live), undefined);
  }
  return simulatedDianhua(common);
}

/** Builds the adapter for `config.provider`, starting that provider's simulator when its URL is unset. */
export function createUpstream(config: ServerConfig): Promise<Upstream> {
  switch (config.provider) {
    case 'rong360':
      return rong360Upstream(config);
    case 'dianhua':
      return dianhuaUpstream(config);
  }
}
