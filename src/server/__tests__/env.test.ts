import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from '../env';

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
      port: 3000,
      host: '127.0.0.1',
      provider: 'rong360',
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
    });
  });

  it('treats empty variables as unset and derives the notice URL from host and port', () => {
    const config = parseEnv({ PORT: '8080', HOST: '0.0.0.0', LOG_LEVEL: '', RONG360_BASE_URL: ' ' });
    expect(config.rong360).toMatchObject({ mode: 'simulator', noticeUrl: 'http://0.0.0.0:8080/hooks/rong360' });
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
      '- PORT',
      '- PROVIDER',
      '- RONG360_BASE_URL',
      '- RONG360_TIMEOUT_MS',
      '- SMS_RESEND_SECONDS',
      '- SESSION_TTL_SECONDS',
      '- LOG_LEVEL',
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
  const DIANHUA = { PROVIDER: 'dianhua', DIANHUA_BASE_URL: 'https://crs-api.dianhua.cn/', DIANHUA_APPID: 'app-1', DIANHUA_APPSECRET: 's3cr3t-VALUE' };

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
    const found = problems({ ...DIANHUA, DIANHUA_BASE_URL: 'crs-api', DIANHUA_SMS_RESEND: 'on', DIANHUA_MAX_SMS_RESENDS: '9', DIANHUA_APPSECRET: 'x'.repeat(201) });
    expect(found).toEqual([
      'DIANHUA_BASE_URL: must be an http(s) URL (e.g. https://crs-api.dianhua.cn) (got "crs-api")',
      'DIANHUA_APPSECRET: Too big: expected string to have <=200 characters',
      'DIANHUA_SMS_RESEND: must be one of: off, endpoint (got "on")',
      'DIANHUA_MAX_SMS_RESENDS: must be at most 5 (got "9")',
    ]);
  });
});
