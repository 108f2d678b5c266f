import { createRong360Adapter } from '../providers/rong360/adapter';
import type { Rong360Config } from '../providers/rong360/adapter';
import { generateMerchantKeyPair, startRong360Simulator } from '../providers/rong360/simulator';
import { buildApp } from './app';
import { EnvError, parseEnv } from './env';
import type { ServerConfig } from './env';

const SHUTDOWN_GRACE_MS = 10_000;
// The simulator accepts any app id it was given a public key for.
const SIMULATOR_APP_ID = 'carrierlink-sandbox';

function loadConfig(): ServerConfig {
  try {
    return parseEnv(process.env);
  } catch (error) {
    if (error instanceof EnvError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/** The gateway and credentials: the live ones, or an in-process simulator with a throwaway key pair. */
async function upstream(config: ServerConfig) {
  const { rong360 } = config;
  const common = {
    appName: rong360.appName,
    appVersion: rong360.appVersion,
    platform: rong360.platform,
    noticeUrl: rong360.noticeUrl,
    timeoutMs: rong360.timeoutMs,
    smsResendSeconds: config.smsResendSeconds,
  };
  if (rong360.mode === 'live') {
    const adapterConfig: Rong360Config = { ...common, gatewayUrl: rong360.gatewayUrl, appId: rong360.appId, privateKeyPem: rong360.privateKeyPem };
    return { adapterConfig, simulator: undefined };
  }
  const keys = generateMerchantKeyPair();
  const simulator = await startRong360Simulator({ merchants: { [SIMULATOR_APP_ID]: keys.publicKeyPem }, host: '127.0.0.1', port: 0 });
  const adapterConfig: Rong360Config = { ...common, gatewayUrl: simulator.url, appId: SIMULATOR_APP_ID, privateKeyPem: keys.privateKeyPem };
  return { adapterConfig, simulator };
}

function publicUrl(host: string, port: number): string {
  const loopback = host === '127.0.0.1' || host === '::1' || host === 'localhost' || host === '0.0.0.0' || host === '::';
  const shown = loopback ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}`;
}

async function main(): Promise<void> {
  const config = loadConfig();
  const { adapterConfig, simulator } = await upstream(config);
  const adapter = createRong360Adapter(adapterConfig);
  const app = await buildApp({ config, adapter });
  if (simulator) app.log.info(`Rong360 simulator (sandbox) at ${simulator.url}`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    setTimeout(() => {
      process.stderr.write('shutdown took too long; exiting\n');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    void (async () => {
      try {
        await app.close();
        await adapter.close();
        await simulator?.close();
        process.exit(0);
      } catch (error) {
        app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      }
    })();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  process.stdout.write(`CarrierLink is running at ${publicUrl(config.host, port)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`CarrierLink failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
