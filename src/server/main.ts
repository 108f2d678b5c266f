import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { startExampleLender } from '../example-lender/server';
import type { ExampleLender } from '../example-lender/server';
import { buildApp } from './app';
import { EnvError, parseEnv, vendorSettingsOf } from './env';
import type { ServerConfig } from './env';
import { postureLine } from './env-production';
import { createApiKey } from './link/api-keys';
import { createLifecycle } from './ops/lifecycle';
import { createMetrics } from './ops/metrics';
import { startMetricsServer } from './ops/metrics-server';
import { loadOrCreatePushSecret, pushUrl } from './push/push-secret';
import { openConfiguredStore } from './store/open-store';
import { vendorOf } from '../providers/registry';
import { pushPath } from '../providers/vendor';
import { createUpstreams, prefixedState } from './upstream';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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

function publicUrl(host: string, port: number): string {
  const loopback = host === '127.0.0.1' || host === '::1' || host === 'localhost' || host === '0.0.0.0' || host === '::';
  const shown = loopback ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}`;
}

/** How this process reaches its own listener (a wildcard bind is reached on loopback). */
function localUrl(host: string, port: number): string {
  if (host === '0.0.0.0' || host === 'localhost') return `http://127.0.0.1:${port}`;
  if (host === '::') return `http://[::1]:${port}`;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

async function main(): Promise<void> {
  const config = loadConfig();
  // Production requires PUSH_SECRET, and so does DATABASE_URL (env.ts: every instance must accept
  // the same push URLs); a lone development server keeps a generated one beside its store.
  const pushSecret = config.pushSecret ?? loadOrCreatePushSecret(config.dataDir);
  // Names this process in the leases it takes and in pg_stat_activity (container host names are unique).
  const instanceId = `${hostname().slice(0, 40)}-${randomBytes(3).toString('hex')}`;
  // Sessions, links, collections, pushes and webhooks live here, so a restart loses none of them;
  // with DATABASE_URL every instance of the deployment shares them.
  let onStoreError = (what: string, error: unknown): void => {
    process.stderr.write(`store: ${what}: ${error instanceof Error ? error.message : String(error)}\n`);
  };
  const durable = await openConfiguredStore(config, { applicationName: instanceId, onError: (what, error) => onStoreError(what, error) });
  const metrics = createMetrics({ processMetrics: true });
  const lifecycle = createLifecycle();
  let listeningAt: string | undefined;
  const upstreams = await createUpstreams(
    config,
    { state: prefixedState(durable.simulatorState, 'main'), pushBaseUrl: () => listeningAt, pushSecret },
    { tokenStore: durable.vendorTokens, metrics },
  );
  const [upstream] = upstreams;
  if (!upstream) throw new Error('no vendor configured');
  // The example lender page gets a key that exists only in this process's memory.
  const exampleKey = config.exampleLender ? { lenderId: 'example', key: createApiKey() } : undefined;
  const app = await buildApp({
    config,
    adapter: upstream.adapter,
    adapters: Object.fromEntries(upstreams.map((one) => [one.adapter.provider, one.adapter])),
    routes: config.routing.routes,
    outage: config.routing.outage,
    metrics,
    lifecycle,
    instance: { id: instanceId },
    ...(config.metricsToken !== undefined && { metricsToken: config.metricsToken }),
    links: {
      apiKeys: exampleKey ? [...config.lenderApiKeys, exampleKey] : config.lenderApiKeys,
      requireLinkToken: config.requireLinkToken,
      ttlSeconds: config.linkTokenTtlSeconds,
    },
    durable: {
      store: durable,
      sources: Object.fromEntries(upstreams.map((one) => [one.adapter.provider, one.data])),
      publicUrl: config.publicUrl,
      retentionDays: config.retentionDays,
      webhookRetryBaseMs: config.webhookRetryBaseMs,
      webhookRetryMaxDelayMs: config.webhookRetryMaxDelayMs,
      webhookRetryHours: config.webhookRetryHours,
      webhookConcurrency: config.webhookConcurrency,
      collectFirstPollMs: config.collectFirstPollSeconds * 1000,
      allowPrivateWebhooks: config.webhookAllowPrivateNetworks,
      analyticsRetentionDays: config.analyticsRetentionDays,
      fullIdCardLenders: config.fullIdCardLenders,
      pushSecret,
      pushProviders: config.routing.providers,
      vendorSettings: Object.fromEntries(config.routing.providers.map((name) => [name, config[name]])),
    },
    dashboard: { sessionHours: config.dashboardSessionHours },
    limits: config.limits,
    http: { limits: config.server, trustProxy: config.trustProxy },
    hsts: config.hsts,
    // Demo simulators start on the first demo session and close with the app.
    demo: {
      enabled: config.demoMode,
      smsResendSeconds: config.smsResendSeconds,
      vendors: vendorSettingsOf(config),
    },
  });
  onStoreError = (what, error) => {
    app.log.error({ err: { name: error instanceof Error ? error.name : 'error' }, what }, 'store error');
  };
  for (const one of upstreams) {
    if (!one.simulator) continue;
    const provider = one.adapter.provider;
    app.log.info(one.simulator.label);
    if (durable.kind === 'postgres') {
      app.log.warn(
        `the built-in ${provider} simulator serves this instance only: with several instances, run npm run simulator:${provider} and point every instance at it (${vendorOf(provider).env.live.variable})`,
      );
    }
  }
  let example: ExampleLender | undefined;
  let metricsServer: { close(): Promise<void> } | undefined;

  // SIGTERM drains: /readyz turns 503 and new sessions are refused at once; after the delay the
  // listener closes, running requests (upstream calls included) finish, the collector and the
  // webhook dispatcher finish what they hold and give back what they claimed, then the store closes.
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      process.stderr.write('second signal: exiting now\n');
      process.exit(1);
    }
    stopping = true;
    lifecycle.startDrain();
    app.log.info({ signal, delayMs: config.shutdownDelayMs }, 'draining');
    setTimeout(() => {
      process.stderr.write('shutdown took too long; exiting\n');
      process.exit(1);
    }, config.shutdownTimeoutMs).unref();
    void (async () => {
      try {
        if (config.shutdownDelayMs > 0) await sleep(config.shutdownDelayMs);
        await example?.close();
        await app.close();
        await metricsServer?.close();
        await Promise.all(upstreams.map((one) => one.close()));
        await durable.close();
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
  listeningAt = localUrl(config.host, port);
  process.stdout.write(`CarrierLink is running at ${publicUrl(config.host, port)}\n`);
  process.stdout.write(`${postureLine(config, config.pushSecret ? 'PUSH_SECRET' : 'generated')}\n`);
  // The secret is printed only in development, where it was generated; production shows where it goes.
  const reveal = config.mode === 'development';
  for (const provider of config.routing.providers) {
    const target = vendorOf(provider).push.target(config[provider], { publicUrl: config.publicUrl, pushPath: pushPath(provider) });
    process.stdout.write(`Vendor push URL of ${provider} (${target.where}): ${pushUrl(target.url, '', pushSecret, reveal)}\n`);
  }
  if (config.metricsListener) {
    const { port: metricsPort, host: metricsHost } = config.metricsListener;
    metricsServer = await startMetricsServer(metrics, metricsPort, metricsHost);
    process.stdout.write(`Metrics at http://${metricsHost.includes(':') ? `[${metricsHost}]` : metricsHost}:${metricsPort}/metrics\n`);
  }
  if (config.exampleLender && exampleKey) {
    example = await startExampleLender({
      port: config.exampleLender.port,
      host: config.host,
      origin: config.exampleLender.origin,
      carrierlinkUrl: config.publicUrl,
      apiUrl: localUrl(config.host, port),
      apiKey: exampleKey.key,
    });
    process.stdout.write(`Example lender page (embedding demo) at ${config.exampleLender.origin}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`CarrierLink failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
