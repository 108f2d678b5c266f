import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from '../env';
import { ABUSE_LIMITS, DEFAULT_ABUSE_LIMITS, LOOSE_LIMITS_ENV } from '../env-limits';
import { postureLine } from '../env-production';

// NODE_ENV=production, the one switch to the safe posture; and the limits the environment tunes.

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
const PEM = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().replace(/\n/g, '\\n');

/** Everything a Rong360 production deployment must set. */
const PRODUCTION = {
  NODE_ENV: 'production',
  RONG360_BASE_URL: 'https://openapi.rong360.com/gateway',
  RONG360_APP_ID: '2010000',
  RONG360_PRIVATE_KEY: PEM,
  PUSH_SECRET: 'p'.repeat(40),
  PUBLIC_URL: 'https://carrierlink.lender.example',
  LENDER_API_KEYS: 'acme:sk_acme_0123456789abcdefghijklmn',
  DATA_DIR: '/var/lib/carrierlink',
};

function problems(env: Record<string, string>): string[] {
  try {
    parseEnv(env);
  } catch (error) {
    if (error instanceof EnvError) return error.problems;
    throw error;
  }
  return [];
}

const named = (list: string[]) => list.map((problem) => problem.replace(/:.*/, ''));

describe('NODE_ENV=production', () => {
  it('stops the start naming every variable a deployment lacks: vendor, push secret, public URL, lender keys', () => {
    expect(named(problems({ NODE_ENV: 'production' }))).toEqual(['RONG360_BASE_URL', 'PUSH_SECRET', 'PUBLIC_URL', 'LENDER_API_KEYS']);
    expect(named(problems({ NODE_ENV: 'production', PROVIDER: 'dianhua' }))[0]).toBe('DIANHUA_BASE_URL');
    expect(problems({ NODE_ENV: 'production' })[0]).toMatch(/simulator runs only in development/);
  });

  it('turns demo mode, the example lender, token-less sessions and private webhooks off, and HSTS on', () => {
    const config = parseEnv(PRODUCTION);
    expect(config).toMatchObject({
      mode: 'production',
      demoMode: false,
      exampleLender: undefined,
      requireLinkToken: true,
      webhookAllowPrivateNetworks: false,
      hsts: true,
      pushSecret: 'p'.repeat(40),
    });
    expect(config.rong360.mode).toBe('live');
    expect(parseEnv({ ...PRODUCTION, PUBLIC_URL: 'http://10.0.0.5:3000' }).hsts).toBe(false);
  });

  it.each([
    ['DEMO_MODE', 'on'],
    ['REQUIRE_LINK_TOKEN', 'false'],
    ['WEBHOOK_ALLOW_PRIVATE_NETWORKS', 'true'],
    ['EXAMPLE_LENDER_PORT', '3001'],
    ['DATA_DIR', ':memory:'],
    ['LIMIT_CAPTCHA_REFRESH_SECONDS', '0'],
  ])('refuses %s=%s rather than quietly ignoring it', (name, value) => {
    expect(named(problems({ ...PRODUCTION, [name]: value }))).toEqual([name]);
  });

  it('keeps the friendly defaults in development (any NODE_ENV but production)', () => {
    for (const NODE_ENV of ['development', 'test']) {
      const config = parseEnv({ NODE_ENV });
      expect(config).toMatchObject({ mode: 'development', demoMode: true, requireLinkToken: false, hsts: false, pushSecret: undefined });
      expect(config.rong360.mode).toBe('simulator');
    }
    expect(parseEnv({ NODE_ENV: 'development', PUBLIC_URL: 'https://x.example' }).hsts).toBe(false);
    expect(named(problems({ NODE_ENV: 'staging' }))).toEqual(['NODE_ENV']);
  });

  it('states the posture in one line', () => {
    const line = postureLine(parseEnv(PRODUCTION), 'PUSH_SECRET');
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toMatch(
      /^Posture: PRODUCTION \(rong360 live vendor; link tokens required; demo off; example lender off; webhooks to private networks refused; HSTS on; push secret from PUSH_SECRET/,
    );
    expect(postureLine(parseEnv({}), 'generated')).toMatch(
      /^Posture: DEVELOPMENT \(rong360 built-in simulator; link tokens optional; demo on/,
    );
  });
});

describe('PUSH_SECRET', () => {
  it('takes 32-96 URL-safe characters and refuses anything else without echoing it', () => {
    expect(parseEnv({ PUSH_SECRET: 'A-z_0'.repeat(8) }).pushSecret).toBe('A-z_0'.repeat(8));
    for (const bad of ['short', 'x'.repeat(97), `${'x'.repeat(40)}/`, `${'x'.repeat(40)}?`]) {
      const [problem] = problems({ PUSH_SECRET: bad });
      expect(problem).toMatch(/^PUSH_SECRET: must be 32-96/);
    }
  });
});

describe('abuse and server limits', () => {
  it('defaults to the documented limits and takes each from its variable', () => {
    expect(parseEnv({}).limits).toEqual(DEFAULT_ABUSE_LIMITS);
    expect(DEFAULT_ABUSE_LIMITS).toMatchObject({
      startsPerNumber: 10,
      smsPerNumberShort: 5,
      smsPerNumberDay: 20,
      wrongPasswordsPerNumber: 3,
      captchaRefreshSeconds: 2,
    });
    const env = Object.fromEntries(Object.values(ABUSE_LIMITS).map((definition) => [definition.env, String(definition.min + 1)]));
    expect(parseEnv(LOOSE_LIMITS_ENV).limits.captchaRefreshSeconds).toBe(0);
    const limits = parseEnv(env).limits;
    for (const [key, definition] of Object.entries(ABUSE_LIMITS)) expect(limits[key as keyof typeof limits]).toBe(definition.min + 1);
  });

  it('refuses a limit out of bounds or not a whole number, naming it', () => {
    expect(
      named(problems({ LIMIT_SMS_PER_NUMBER_PER_10_MIN: '0', LIMIT_STARTS_PER_NUMBER_PER_HOUR: '1.5', MAX_CONNECTIONS: 'lots' })),
    ).toEqual(['LIMIT_STARTS_PER_NUMBER_PER_HOUR', 'LIMIT_SMS_PER_NUMBER_PER_10_MIN', 'MAX_CONNECTIONS']);
    expect(named(problems({ HEADERS_TIMEOUT_MS: '20000', REQUEST_TIMEOUT_MS: '10000' }))).toEqual(['HEADERS_TIMEOUT_MS']);
  });

  it('trusts X-Forwarded-For only from named proxies or a hop count, never from everyone', () => {
    expect(parseEnv({}).trustProxy).toBe(false);
    expect(parseEnv({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(parseEnv({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,::1' }).trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1', '::1']);
    for (const bad of ['true', '0', '11', '10.0.0.0/33', 'proxy.internal'])
      expect(named(problems({ TRUST_PROXY: bad }))).toEqual(['TRUST_PROXY']);
  });
});

describe('production on PostgreSQL', () => {
  it('starts with DATABASE_URL under the same rules, drains 5 s behind the load balancer, and says which store it uses', () => {
    const config = parseEnv({ ...PRODUCTION, DATABASE_URL: 'postgres://carrierlink:pw@db:5432/carrierlink?sslmode=require' });
    expect(config).toMatchObject({ mode: 'production', requireLinkToken: true, demoMode: false, shutdownDelayMs: 5_000 });
    expect(postureLine(config, 'PUSH_SECRET')).toContain('store PostgreSQL (shared)');
    const { PUSH_SECRET: _secret, ...withoutSecret } = PRODUCTION;
    expect(problems({ ...withoutSecret, DATABASE_URL: 'postgres://u@db/carrierlink' }).join('\n')).toMatch(
      /PUSH_SECRET: required in production/,
    );
  });
});
