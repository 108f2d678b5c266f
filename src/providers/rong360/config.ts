import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as z from 'zod';
import { given, httpUrl, int, optional, readEnvSchema, text } from '../shared/env-schema';
import type { EnvSource } from '../shared/env-schema';
import type { VendorEnvContext } from '../vendor';

// Rong360's settings from the environment (RONG360_*): a live gateway when RONG360_BASE_URL and its
// credentials are set, else the built-in simulator.

interface Rong360Common {
  appName: string;
  appVersion: string;
  platform: string;
  /** Where Rong360 posts crawl results, without the push secret (the adapter's notice_url appends `/<PUSH_SECRET>`). */
  noticeUrl: string;
  timeoutMs: number;
}

/** Live upstream: every credential present and the key already proven to parse. */
export interface Rong360Live extends Rong360Common {
  mode: 'live';
  gatewayUrl: string;
  appId: string;
  privateKeyPem: string;
}

/** No gateway configured: the server runs the built-in simulator with a throwaway key pair. */
export interface Rong360Simulated extends Rong360Common {
  mode: 'simulator';
}

export type Rong360Settings = Rong360Live | Rong360Simulated;

const Rong360EnvSchema = z.object({
  RONG360_BASE_URL: optional(httpUrl('the gateway, e.g. https://openapi.rong360.com/gateway')),
  RONG360_APP_ID: optional(text),
  RONG360_PRIVATE_KEY: optional(z.string()),
  RONG360_PRIVATE_KEY_FILE: optional(z.string()),
  RONG360_APP_NAME: optional(text),
  RONG360_APP_VERSION: optional(text),
  RONG360_PLATFORM: optional(text),
  RONG360_NOTICE_URL: optional(httpUrl()),
  RONG360_TIMEOUT_MS: optional(int(1000, 600_000)),
});

export const RONG360_VARIABLES = Object.keys(Rong360EnvSchema.shape);

/** PEM text from the variable (with `\n` escapes allowed) or the file; problems are pushed, never thrown. */
function loadPrivateKey(inline: string | undefined, file: string | undefined, problems: string[]): string | undefined {
  if (inline !== undefined && file !== undefined) {
    problems.push('RONG360_PRIVATE_KEY / RONG360_PRIVATE_KEY_FILE: set only one of them');
    return undefined;
  }
  let pem: string;
  let source: string;
  if (inline !== undefined) {
    pem = inline.replace(/\\n/g, '\n').trim();
    source = 'RONG360_PRIVATE_KEY';
  } else if (file !== undefined) {
    source = 'RONG360_PRIVATE_KEY_FILE';
    try {
      pem = readFileSync(file, 'utf8').trim();
    } catch (error) {
      const code = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
      problems.push(`${source}: cannot read ${file} (${code})`);
      return undefined;
    }
  } else {
    return undefined;
  }
  try {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType !== 'rsa') {
      problems.push(`${source}: must be an RSA private key (Rong360 signs with SHA1withRSA)`);
      return undefined;
    }
  } catch {
    // Never echo key material into the message.
    problems.push(`${source}: is not a PEM private key that node:crypto can read`);
    return undefined;
  }
  return pem;
}

/** RONG360_* read into settings; every problem is pushed (cross-variable ones too) before undefined is returned. */
export function readRong360Env(source: EnvSource, problems: string[], context: VendorEnvContext): Rong360Settings | undefined {
  const before = problems.length;
  const env = readEnvSchema(Rong360EnvSchema, source, problems);
  // Cross-variable rules read the raw values, so they are reported alongside any malformed one.
  const inlineKey = given(source['RONG360_PRIVATE_KEY']);
  const keyFile = given(source['RONG360_PRIVATE_KEY_FILE']);
  const privateKeyPem = loadPrivateKey(inlineKey, keyFile, problems);
  if (given(source['RONG360_BASE_URL']) !== undefined) {
    if (given(source['RONG360_APP_ID']) === undefined) problems.push('RONG360_APP_ID: required when RONG360_BASE_URL is set');
    if (inlineKey === undefined && keyFile === undefined) {
      problems.push('RONG360_PRIVATE_KEY or RONG360_PRIVATE_KEY_FILE: required when RONG360_BASE_URL is set');
    }
  }
  if (env === undefined || problems.length > before) return undefined;
  const common: Rong360Common = {
    appName: env.RONG360_APP_NAME ?? 'carrierlink',
    appVersion: env.RONG360_APP_VERSION ?? '1.0.0',
    platform: env.RONG360_PLATFORM ?? 'web',
    noticeUrl: env.RONG360_NOTICE_URL ?? `${context.publicUrl}${context.pushPath}`,
    timeoutMs: env.RONG360_TIMEOUT_MS ?? 60_000,
  };
  return env.RONG360_BASE_URL !== undefined && env.RONG360_APP_ID !== undefined && privateKeyPem !== undefined
    ? { mode: 'live', ...common, gatewayUrl: env.RONG360_BASE_URL, appId: env.RONG360_APP_ID, privateKeyPem }
    : { mode: 'simulator', ...common };
}
