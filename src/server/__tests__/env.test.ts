import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from '../env';
import { DEFAULT_ABUSE_LIMITS } from '../env-limits';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
const PEM = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const LIVE = { RONG360_BASE_URL: 'https://openapi.rong360.com/gateway', RONG360_APP_ID: '2010000' };

function problems(env: Record<string, string>): string[] {
  try {
    parseEnv(env);
  } catch (error) {
    if (error instanceof EnvError) return error.problems;
    throw error;
  }
  throw new Error('expected an EnvError');
}

describe('parseEnv', () => {
  it('runs the simulator with documented defaults when nothing is set', () => {
    expect(parseEnv({})).toEqual({
      mode: 'development',
      port: 3000,
      host: '127.0.0.1',
      provider: 'rong360',
      routing: {
        providers: ['rong360'],
        routes: { fallback: ['rong360'], rules: [] },
        outage: { windowMinutes: 15, minSessions: 5, failureShare: 0.5, cacheSeconds: 30 },
      },
      logLevel: 'info',
      sessionTtlSeconds: 1800,
      smsResendSeconds: 60,
      rong360: {
        mode: 'simulator',
        appName: 'carrierlink',
        appVersion: '1.0.0',
        platform: 'web',
        noticeUrl: 'http://127.0.0.1:3000/hooks/rong360',
        timeoutMs: 60_000,
      },
      dianhua: { mode: 'simulator', timeoutMs: 60_000, smsResend: 'off', maxSmsResends: 2 },
      publicUrl: 'http://127.0.0.1:3000',
      lenderApiKeys: [],
      requireLinkToken: false,
      linkTokenTtlSeconds: 1800,
      exampleLender: { port: 3001, origin: 'http://localhost:3001' },
      demoMode: true,
      databasePath: resolve('data', 'carrierlink.sqlite'),
      retentionDays: 7,
      webhookRetryBaseMs: 5_000,
      webhookRetryMaxDelayMs: 3_600_000,
      webhookRetryHours: 72,
      webhookConcurrency: { total: 16, perEndpoint: 2 },
      collectFirstPollSeconds: 30,
      webhookAllowPrivateNetworks: true,
      dashboardSessionHours: 12,
      analyticsRetentionDays: 400,
      databaseUrl: undefined,
      databasePoolSize: 10,
      metricsListener: undefined,
      metricsToken: undefined,
      shutdownDelayMs: 0,
      shutdownTimeoutMs: 90_000,
      fullIdCardLenders: [],
      pushSecret: undefined,
      dataDir: resolve('data'),
      limits: DEFAULT_ABUSE_LIMITS,
      server: { requestTimeoutMs: 30_000, headersTimeoutMs: 10_000, keepAliveTimeoutMs: 5_000, maxConnections: 2_048 },
      trustProxy: false,
      hsts: false,
    });
  });

  it('reads the dashboard sign-in lifetime and the analytics retention, within bounds', () => {
    expect(parseEnv({ DASHBOARD_SESSION_HOURS: '1', ANALYTICS_RETENTION_DAYS: '90' })).toMatchObject({
      dashboardSessionHours: 1,
      analyticsRetentionDays: 90,
    });
    expect(() => parseEnv({ DASHBOARD_SESSION_HOURS: '169' })).toThrow(/DASHBOARD_SESSION_HOURS: must be at most 168/);
    expect(() => parseEnv({ ANALYTICS_RETENTION_DAYS: '7' })).toThrow(/ANALYTICS_RETENTION_DAYS: must be at least 30/);
  });

  it('takes a PostgreSQL URL without ever echoing it, and a pool size', () => {
    const url = 'postgres://carrierlink:s3cret-pw@db.internal:5432/carrierlink?sslmode=require';
    const PUSH_SECRET = 'push_secret_for_env_tests_0123456789';
    expect(parseEnv({ DATABASE_URL: url, DATABASE_POOL_SIZE: '25', PUSH_SECRET })).toMatchObject({
      databaseUrl: url,
      databasePoolSize: 25,
    });
    expect(parseEnv({ DATABASE_URL: 'postgresql://u@h/db', PUSH_SECRET }).databaseUrl).toBe('postgresql://u@h/db');
    // Every instance on the database must accept the same push URLs: no generated secret.
    expect(() => parseEnv({ DATABASE_URL: url })).toThrow(/PUSH_SECRET: required with DATABASE_URL/);
    for (const bad of ['mysql://u:s3cret-pw@h/db', 'postgres://u:s3cret-pw@h', 'not a url s3cret-pw']) {
      const error = (() => {
        try {
          parseEnv({ DATABASE_URL: bad, PUSH_SECRET: 'push_secret_for_env_tests_0123456789' });
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(String(error)).toContain('DATABASE_URL: must be a postgres:// URL');
      expect(String(error)).not.toContain('s3cret-pw');
    }
    expect(() => parseEnv({ DATABASE_POOL_SIZE: '0' })).toThrow(/DATABASE_POOL_SIZE: must be at least 1/);
  });

  it('serves metrics on a port of its own or to a token, never echoing the token', () => {
    expect(parseEnv({ METRICS_PORT: '9464' }).metricsListener).toEqual({ port: 9464, host: '127.0.0.1' });
    expect(parseEnv({ METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0' }).metricsListener).toEqual({ port: 9464, host: '0.0.0.0' });
    expect(() => parseEnv({ METRICS_PORT: '3000' })).toThrow(/METRICS_PORT: must differ from PORT/);
    const token = 'a'.repeat(40);
    expect(parseEnv({ METRICS_TOKEN: token }).metricsToken).toBe(token);
    expect(() => parseEnv({ METRICS_TOKEN: 'short-token' })).toThrow(/METRICS_TOKEN: must be 32-256/);
    expect(() => parseEnv({ METRICS_TOKEN: 'short-token' })).not.toThrow(/short-token/);
  });

  it('drains for a few seconds behind a load balancer in production, and waits out the longest vendor call', () => {
    expect(parseEnv({}).shutdownDelayMs).toBe(0);
    expect(parseEnv({ SHUTDOWN_DELAY_SECONDS: '12' }).shutdownDelayMs).toBe(12_000);
    expect(parseEnv({ DIANHUA_TIMEOUT_MS: '120000' }).shutdownTimeoutMs).toBe(150_000);
    expect(parseEnv({ SHUTDOWN_TIMEOUT_SECONDS: '40' }).shutdownTimeoutMs).toBe(40_000);
  });

  it('keeps the durable store where DATA_DIR says, or in memory for :memory:', () => {
    expect(parseEnv({ DATA_DIR: '/var/lib/carrierlink' }).databasePath).toBe('/var/lib/carrierlink/carrierlink.sqlite');
    expect(parseEnv({ DATA_DIR: ':memory:' }).databasePath).toBe(':memory:');
    expect(parseEnv({ RETENTION_DAYS: '30' }).retentionDays).toBe(30);
    expect(() => parseEnv({ RETENTION_DAYS: '0' })).toThrow(/RETENTION_DAYS: must be at least 1/);
  });

  it('refuses private webhook addresses by default only in the production posture', () => {
    expect(parseEnv({ REQUIRE_LINK_TOKEN: 'true' }).webhookAllowPrivateNetworks).toBe(false);
    expect(parseEnv({ REQUIRE_LINK_TOKEN: 'true', WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' }).webhookAllowPrivateNetworks).toBe(true);
    expect(parseEnv({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'false' }).webhookAllowPrivateNetworks).toBe(false);
  });

  it('retries webhooks for 72 to 720 hours with bounded waits, the first wait never above the longest', () => {
    const config = parseEnv({ WEBHOOK_RETRY_HOURS: '96', WEBHOOK_RETRY_MAX_DELAY_MS: '1800000', WEBHOOK_RETRY_BASE_MS: '1000' });
    expect(config).toMatchObject({ webhookRetryHours: 96, webhookRetryMaxDelayMs: 1_800_000, webhookRetryBaseMs: 1000 });
    expect(() => parseEnv({ WEBHOOK_RETRY_HOURS: '24' })).toThrow(/WEBHOOK_RETRY_HOURS: must be at least 72/);
    expect(() => parseEnv({ WEBHOOK_RETRY_HOURS: '721' })).toThrow(/WEBHOOK_RETRY_HOURS: must be at most 720/);
    expect(() => parseEnv({ WEBHOOK_RETRY_MAX_DELAY_MS: '1000' })).toThrow(/WEBHOOK_RETRY_MAX_DELAY_MS: must be at least 60000/);
    expect(() => parseEnv({ WEBHOOK_RETRY_BASE_MS: '600000', WEBHOOK_RETRY_MAX_DELAY_MS: '300000' })).toThrow(
      /WEBHOOK_RETRY_BASE_MS: must not exceed WEBHOOK_RETRY_MAX_DELAY_MS/,
    );
  });

  it('caps webhook deliveries in all and per endpoint, the latter never above the former', () => {
    expect(parseEnv({ WEBHOOK_CONCURRENCY: '32', WEBHOOK_ENDPOINT_CONCURRENCY: '4' }).webhookConcurrency).toEqual({
      total: 32,
      perEndpoint: 4,
    });
    expect(() => parseEnv({ WEBHOOK_CONCURRENCY: '0' })).toThrow(/WEBHOOK_CONCURRENCY: must be at least 1/);
    expect(() => parseEnv({ WEBHOOK_ENDPOINT_CONCURRENCY: '8', WEBHOOK_CONCURRENCY: '4' })).toThrow(
      /WEBHOOK_ENDPOINT_CONCURRENCY: must not exceed WEBHOOK_CONCURRENCY/,
    );
  });

  it('masks ID cards for every lender unless LENDER_FULL_ID_CARDS lists it (or says *)', () => {
    expect(parseEnv({}).fullIdCardLenders).toEqual([]);
    expect(parseEnv({ LENDER_FULL_ID_CARDS: ' acme, bank_2 ,' }).fullIdCardLenders).toEqual(['acme', 'bank_2']);
    expect(parseEnv({ LENDER_FULL_ID_CARDS: '*' }).fullIdCardLenders).toBe('*');
    expect(problems({ LENDER_FULL_ID_CARDS: 'Acme Bank' })).toEqual([expect.stringContaining('LENDER_FULL_ID_CARDS')]);
  });

  it('takes a Dianhua push AES key and IV only together and only of AES sizes', () => {
    const config = parseEnv({ DIANHUA_PUSH_AES_KEY: 'k'.repeat(16), DIANHUA_PUSH_AES_IV: 'v'.repeat(16) });
    expect(config.dianhua.pushAes?.key.length).toBe(16);
    expect(config.dianhua.pushAes?.iv.toString()).toBe('v'.repeat(16));
    expect(() => parseEnv({ DIANHUA_PUSH_AES_KEY: 'k'.repeat(16) })).toThrow(/set both or neither/);
    let message = '';
    try {
      parseEnv({ DIANHUA_PUSH_AES_KEY: 'k'.repeat(20), DIANHUA_PUSH_AES_IV: 'v'.repeat(16) });
    } catch (error) {
      message = error instanceof Error ? error.message : '';
    }
    expect(message).toMatch(/DIANHUA_PUSH_AES_KEY: must be 16, 24 or 32 bytes/);
    // A key is never echoed back.
    expect(message).not.toContain('k'.repeat(20));
  });

  it('treats empty variables as unset and derives the notice URL from host and port', () => {
    const config = parseEnv({ PORT: '8080', HOST: '0.0.0.0', LOG_LEVEL: '', RONG360_BASE_URL: ' ' });
    expect(config.rong360).toMatchObject({ mode: 'simulator', noticeUrl: 'http://127.0.0.1:8080/hooks/rong360' });
    expect(config.logLevel).toBe('info');
  });

  it('goes live with an app id and a PEM given inline with \\n escapes', () => {
    const config = parseEnv({ ...LIVE, RONG360_PRIVATE_KEY: PEM.replace(/\n/g, '\\n'), RONG360_TIMEOUT_MS: '5000' });
    expect(config.rong360).toMatchObject({ mode: 'live', gatewayUrl: LIVE.RONG360_BASE_URL, appId: '2010000', timeoutMs: 5000 });
    expect(config.rong360.mode === 'live' && config.rong360.privateKeyPem).toBe(PEM.trim());
  });

  it('reads the key from RONG360_PRIVATE_KEY_FILE', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cl-env-')), 'key.pem');
    writeFileSync(file, PEM);
    expect(parseEnv({ ...LIVE, RONG360_PRIVATE_KEY_FILE: file }).rong360.mode).toBe('live');
    expect(problems({ ...LIVE, RONG360_PRIVATE_KEY_FILE: `${file}.missing` })[0]).toMatch(/RONG360_PRIVATE_KEY_FILE: cannot read .*ENOENT/);
  });

  it('fails fast when the live gateway has no app id or key', () => {
    expect(problems({ RONG360_BASE_URL: LIVE.RONG360_BASE_URL })).toEqual([
      'RONG360_APP_ID: required when RONG360_BASE_URL is set',
      'RONG360_PRIVATE_KEY or RONG360_PRIVATE_KEY_FILE: required when RONG360_BASE_URL is set',
    ]);
  });

  it('refuses a key that does not parse without echoing it', () => {
    const [problem] = problems({ ...LIVE, RONG360_PRIVATE_KEY: 'not-a-key-SECRET' });
    expect(problem).toBe('RONG360_PRIVATE_KEY: is not a PEM private key that node:crypto can read');
  });

  it('lists every bad variable in one readable multi-line message', () => {
    let message = '';
    try {
      parseEnv({
        PORT: 'eighty',
        PROVIDER: 'acme',
        RONG360_BASE_URL: 'ftp://x',
        RONG360_TIMEOUT_MS: '-1',
        SMS_RESEND_SECONDS: '1.5',
        SESSION_TTL_SECONDS: '10',
        LOG_LEVEL: 'loud',
      });
    } catch (error) {
      message = error instanceof Error ? error.message : '';
    }
    const lines = message.split('\n');
    expect(lines[0]).toBe('Invalid environment configuration:');
    expect(lines.slice(1).map((l) => l.replace(/:.*/, '').trim())).toEqual([
      // The upstream selection, the server's own variables, then each vendor's (its folder reads them).
      '- PROVIDER',
      '- PORT',
      '- SMS_RESEND_SECONDS',
      '- SESSION_TTL_SECONDS',
      '- LOG_LEVEL',
      '- RONG360_BASE_URL',
      '- RONG360_TIMEOUT_MS',
      '- RONG360_APP_ID',
      '- RONG360_PRIVATE_KEY or RONG360_PRIVATE_KEY_FILE',
    ]);
    expect(message).toContain('PORT: must be a whole number between 0 and 65535 (got "eighty")');
    expect(message).toContain('PROVIDER: must be one of: rong360, dianhua (got "acme")');
    expect(message).toContain('SESSION_TTL_SECONDS: must be at least 60');
    expect(message).toContain('LOG_LEVEL: must be one of: fatal, error, warn, info, debug, trace, silent');
    expect(message).not.toMatch(/at .*\.ts/);
    expect(problems({ PROVIDER: 'Rong360' })).toEqual(['PROVIDER: must be one of: rong360, dianhua (got "Rong360")']);
  });
});

describe('parseEnv for Dianhua', () => {
  const DIANHUA = {
    PROVIDER: 'dianhua',
    DIANHUA_BASE_URL: 'https://crs-api.dianhua.cn/',
    DIANHUA_APPID: 'app-1',
    DIANHUA_APPSECRET: 's3cr3t-VALUE',
  };

  it('accepts PROVIDER=dianhua and runs its simulator when no URL is set', () => {
    const config = parseEnv({ PROVIDER: 'dianhua' });
    expect(config.provider).toBe('dianhua');
    expect(config.dianhua).toEqual({ mode: 'simulator', timeoutMs: 60_000, smsResend: 'off', maxSmsResends: 2 });
  });

  it('goes live with the URL (trailing slash dropped), app id, secret and the resend switch', () => {
    const config = parseEnv({ ...DIANHUA, DIANHUA_TIMEOUT_MS: '30000', DIANHUA_SMS_RESEND: 'endpoint', DIANHUA_MAX_SMS_RESENDS: '1' });
    expect(config.dianhua).toEqual({
      mode: 'live',
      baseUrl: 'https://crs-api.dianhua.cn',
      appId: 'app-1',
      appSecret: 's3cr3t-VALUE',
      timeoutMs: 30_000,
      smsResend: 'endpoint',
      maxSmsResends: 1,
    });
  });

  it('requires the app id and secret with a URL, naming each', () => {
    expect(problems({ DIANHUA_BASE_URL: DIANHUA.DIANHUA_BASE_URL })).toEqual([
      'DIANHUA_APPID: required when DIANHUA_BASE_URL is set',
      'DIANHUA_APPSECRET: required when DIANHUA_BASE_URL is set',
    ]);
  });

  it('refuses bad values readably and never echoes the secret', () => {
    const found = problems({
      ...DIANHUA,
      DIANHUA_BASE_URL: 'crs-api',
      DIANHUA_SMS_RESEND: 'on',
      DIANHUA_MAX_SMS_RESENDS: '9',
      DIANHUA_APPSECRET: 'x'.repeat(201),
    });
    expect(found).toEqual([
      'DIANHUA_BASE_URL: must be an http(s) URL (e.g. https://crs-api.dianhua.cn) (got "crs-api")',
      'DIANHUA_APPSECRET: Too big: expected string to have <=200 characters',
      'DIANHUA_SMS_RESEND: must be one of: off, endpoint (got "on")',
      'DIANHUA_MAX_SMS_RESENDS: must be at most 5 (got "9")',
    ]);
  });
});

describe('parseEnv for embedding', () => {
  const KEY_A = 'kA_0123456789abcdefghijklmnop';
  const KEY_B = 'kB-ZYXWVUTSRQPONMLKJIHGFEDCBA9876';

  it('reads lender API keys as lenderId:key pairs, tolerating spaces and a trailing comma', () => {
    const config = parseEnv({ LENDER_API_KEYS: ` acme:${KEY_A} , bank_2:${KEY_B},` });
    expect(config.lenderApiKeys).toEqual([
      { lenderId: 'acme', key: KEY_A },
      { lenderId: 'bank_2', key: KEY_B },
    ]);
  });

  it('refuses malformed or repeated entries by position and never echoes a key', () => {
    const found = problems({
      LENDER_API_KEYS: [`${KEY_A}`, `ACME:${KEY_A}`, 'acme:short-SECRET', `acme:${KEY_A}`, `acme:${KEY_B}`, `other:${KEY_A}`].join(','),
    });
    expect(found).toEqual([
      'LENDER_API_KEYS: entry 1 must be lenderId:key',
      'LENDER_API_KEYS: entry 2 has a lender id that is not 1 to 32 characters of a-z, 0-9, _ and -',
      'LENDER_API_KEYS: entry 3 (acme) has a key that is not 24 to 128 characters of A-Z, a-z, 0-9, _ and -',
      'LENDER_API_KEYS: entry 5 repeats lender id acme',
      'LENDER_API_KEYS: entry 6 (other) repeats the key of another lender',
    ]);
    for (const secret of [KEY_A, KEY_B, 'short-SECRET']) expect(found.join('\n')).not.toContain(secret);
  });

  it('parses the link switches and refuses bad values', () => {
    const config = parseEnv({ REQUIRE_LINK_TOKEN: 'true', LINK_TOKEN_TTL_SECONDS: '600' });
    expect(config).toMatchObject({ requireLinkToken: true, linkTokenTtlSeconds: 600, exampleLender: undefined });
    expect(parseEnv({ REQUIRE_LINK_TOKEN: 'false' }).requireLinkToken).toBe(false);
    expect(problems({ REQUIRE_LINK_TOKEN: 'yes', LINK_TOKEN_TTL_SECONDS: '30' })).toEqual([
      'REQUIRE_LINK_TOKEN: must be true or false (got "yes")',
      'LINK_TOKEN_TTL_SECONDS: must be at least 60 (got "30")',
    ]);
    expect(problems({ LINK_TOKEN_TTL_SECONDS: '86401' })).toEqual(['LINK_TOKEN_TTL_SECONDS: must be at most 86400 (got "86401")']);
  });

  it('turns demo mode on by default, off with DEMO_MODE=off, and always off when links are required', () => {
    expect(parseEnv({ DEMO_MODE: 'on' }).demoMode).toBe(true);
    expect(parseEnv({ DEMO_MODE: 'off' }).demoMode).toBe(false);
    expect(parseEnv({ REQUIRE_LINK_TOKEN: 'true' }).demoMode).toBe(false);
    expect(parseEnv({ REQUIRE_LINK_TOKEN: 'true', DEMO_MODE: 'on' }).demoMode).toBe(false);
    expect(problems({ DEMO_MODE: 'yes' })).toEqual(['DEMO_MODE: must be on or off (got "yes")']);
  });

  it('derives the public URL from a specific host, not from a wildcard, and takes PUBLIC_URL as an origin', () => {
    expect(parseEnv({ HOST: '0.0.0.0', PORT: '8080' }).publicUrl).toBe('http://127.0.0.1:8080');
    expect(parseEnv({ HOST: '::' }).publicUrl).toBe('http://127.0.0.1:3000');
    expect(parseEnv({ HOST: '192.168.1.20' }).publicUrl).toBe('http://192.168.1.20:3000');
    expect(parseEnv({ HOST: '::1' }).publicUrl).toBe('http://[::1]:3000');
    expect(parseEnv({ HOST: 'localhost' }).publicUrl).toBe('http://localhost:3000');
    expect(parseEnv({ PUBLIC_URL: 'https://Link.Example.com/' }).publicUrl).toBe('https://link.example.com');
    for (const bad of ['https://link.example.com/widget', 'ftp://x.example', 'link.example.com', 'https://x.example/?a=1']) {
      expect(problems({ PUBLIC_URL: bad })[0]).toMatch(/^PUBLIC_URL: must be an http\(s\) URL without a path/);
    }
  });

  it('places the example lender beside the server unless turned off or links are required', () => {
    expect(parseEnv({ PORT: '8080' }).exampleLender).toEqual({ port: 8081, origin: 'http://localhost:8081' });
    expect(parseEnv({ EXAMPLE_LENDER_PORT: '4000', EXAMPLE_LENDER_ORIGIN: 'https://lender.example/' }).exampleLender).toEqual({
      port: 4000,
      origin: 'https://lender.example',
    });
    expect(parseEnv({ EXAMPLE_LENDER_PORT: '0' }).exampleLender).toBeUndefined();
    expect(parseEnv({ PORT: '0' }).exampleLender).toBeUndefined();
    expect(parseEnv({ REQUIRE_LINK_TOKEN: 'true', EXAMPLE_LENDER_PORT: '4000' }).exampleLender).toBeUndefined();
    expect(problems({ PORT: '4000', EXAMPLE_LENDER_PORT: '4000' })).toEqual([
      'EXAMPLE_LENDER_PORT: must differ from PORT (or be 0 to turn the example lender off)',
    ]);
    expect(problems({ EXAMPLE_LENDER_ORIGIN: 'http://localhost:3001/page' })[0]).toMatch(
      /^EXAMPLE_LENDER_ORIGIN: must be an http\(s\) origin/,
    );
  });
});
