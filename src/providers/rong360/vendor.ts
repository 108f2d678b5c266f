import { PushRejected } from '../data-model';
import { borrowed, pushPath, upstream, withSecret } from '../vendor';
import type { PushRequest, Upstream, UpstreamContext, VendorDescriptor } from '../vendor';
import { createRong360Adapter, Rong360StateSchema } from './adapter';
import type { Rong360AdapterDeps, Rong360Config } from './adapter';
import { readRong360Env, RONG360_VARIABLES } from './config';
import type { Rong360Settings } from './config';
import { createRong360DataSource } from './data';
import { parseRong360Notice } from './push';
import { ECHO_NUMBER_SCENARIO } from './sandbox';
import { generateMerchantKeyPair, startRong360Simulator } from './simulator';
import { RAW_ID_CARD_KEYS } from './wire-data';

// Rong360 as the rest of CarrierLink sees it: crawler.api.mobile.v4 behind a signed gateway, one
// notice push per crawl, no extras.

/** The simulator accepts any app id it was given a public key for. */
const SIMULATOR_APP_ID = 'carrierlink-sandbox';

/** Adapter settings that do not name an upstream (the simulator brings its own gateway, app id and key). */
type SimulatedConfig = Omit<Rong360Config, 'gatewayUrl' | 'appId' | 'privateKeyPem'>;

/** Settings the adapter takes from the parsed environment; the notice URL ends with this deployment's secret. */
function adapterSettings(settings: Rong360Settings, context: UpstreamContext): SimulatedConfig {
  return {
    appName: settings.appName,
    appVersion: settings.appVersion,
    platform: settings.platform,
    // RONG360_NOTICE_URL names the hook; the deployment's secret is its last segment.
    noticeUrl: withSecret(settings.noticeUrl, context.pushSecret),
    timeoutMs: settings.timeoutMs,
    smsResendSeconds: context.smsResendSeconds,
  };
}

/** An adapter on a fresh in-process simulator. */
async function simulated(config: SimulatedConfig, context: UpstreamContext): Promise<Upstream> {
  const simulator = context.simulator ?? {};
  const deps: Rong360AdapterDeps = context.deps ?? {};
  // A throwaway key pair: nothing outside this process can sign for the simulator.
  const keys = generateMerchantKeyPair();
  const sim = await startRong360Simulator({
    merchants: { [SIMULATOR_APP_ID]: keys.publicKeyPem },
    host: '127.0.0.1',
    port: 0,
    ...(simulator.timeoutFaultMs !== undefined && { timeoutFaultMs: simulator.timeoutFaultMs }),
    ...(simulator.state && { state: simulator.state }),
    ...(simulator.sendPushes === false && { sendNotices: false }),
    // In-process, the simulator's notices come straight back to this server's receiver.
    ...(simulator.pushUrl && { noticeUrlOverride: simulator.pushUrl }),
  });
  const adapterConfig: Rong360Config = { ...config, gatewayUrl: sim.url, appId: SIMULATOR_APP_ID, privateKeyPem: keys.privateKeyPem };
  const http = context.services?.http?.(config.timeoutMs);
  const dataDeps = http ? { ...deps, http: http.data } : borrowed(deps);
  const adapterDeps = http ? { ...deps, http: http.adapter } : deps;
  return upstream(createRong360Adapter(adapterConfig, adapterDeps), createRong360DataSource(adapterConfig, dataDeps), {
    label: `Rong360 simulator (sandbox) at ${sim.url}`,
    url: sim.url,
    close: () => sim.close(),
  });
}

/** The notice form (live: urlencoded); a JSON object is accepted too, as some gateways forward it so. */
function readForm(request: PushRequest): Record<string, unknown> {
  if ((request.contentType ?? '').includes('json')) {
    try {
      const parsed: unknown = JSON.parse(request.body);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    } catch {
      // Falls through to the refusal below.
    }
    throw new PushRejected('body is not a JSON object');
  }
  return Object.fromEntries(new URLSearchParams(request.body));
}

export const rong360Vendor: VendorDescriptor<Rong360Settings, 'rong360'> = {
  name: 'rong360',
  env: {
    variables: RONG360_VARIABLES,
    read: readRong360Env,
    live: { variable: 'RONG360_BASE_URL', why: 'the Rong360 gateway (the built-in simulator runs only in development)' },
    mode: (settings) => settings.mode,
    timeoutMs: (settings) => settings.timeoutMs,
  },
  async createUpstream(settings, context) {
    const config = adapterSettings(settings, context);
    if (settings.mode === 'simulator') return simulated(config, context);
    const live: Rong360Config = {
      ...config,
      gatewayUrl: settings.gatewayUrl,
      appId: settings.appId,
      privateKeyPem: settings.privateKeyPem,
    };
    const http = context.services?.http?.(config.timeoutMs);
    return upstream(
      createRong360Adapter(live, http ? { http: http.adapter } : {}),
      createRong360DataSource(live, http ? { http: http.data } : {}),
      undefined,
    );
  },
  demoUpstream(_configured, context) {
    return simulated(
      {
        appName: 'carrierlink',
        appVersion: '1.0.0',
        platform: 'web',
        // Never called: demo simulators push nothing, nobody collects demo sessions.
        noticeUrl: `http://127.0.0.1${pushPath('rong360')}`,
        timeoutMs: context.timeoutMs,
        smsResendSeconds: context.smsResendSeconds,
      },
      context,
    );
  },
  stateSchema: Rong360StateSchema,
  push: {
    // A notice is a two-field form.
    bodyLimit: 8 * 1024,
    ack: 'success',
    parse: (request) => parseRong360Notice(readForm(request)),
    names: 'userId',
    target: (settings) => ({ url: settings.noticeUrl, where: 'sent as notice_url' }),
  },
  extras: [],
  rawIdCardKeys: RAW_ID_CARD_KEYS,
  // The password step is built locally: a start calls nothing upstream.
  demo: { faultsAtStart: false, updatePhone: ECHO_NUMBER_SCENARIO.phone },
};
