import * as z from 'zod';
import { given, httpUrl, int, optional, readEnvSchema, text } from '../shared/env-schema';
import type { EnvSource } from '../shared/env-schema';
import type { DianhuaAes } from './push';

// Dianhua's settings from the environment (DIANHUA_*): the live API when DIANHUA_BASE_URL and its
// credentials are set, else the built-in simulator.

/** What a Dianhua user whose SMS code never came can do (see .env.example). */
export const DIANHUA_SMS_RESEND_MODES = ['off', 'endpoint'] as const;
export type DianhuaSmsResendMode = (typeof DIANHUA_SMS_RESEND_MODES)[number];

interface DianhuaCommon {
  timeoutMs: number;
  smsResend: DianhuaSmsResendMode;
  maxSmsResends: number;
  /** AES/CBC push encryption (DIANHUA_PUSH_AES_KEY / _IV), when the account has it on. */
  pushAes?: DianhuaAes;
}

/** Live Dianhua upstream (crs-api.dianhua.cn or a proxy of it). */
export interface DianhuaLive extends DianhuaCommon {
  mode: 'live';
  baseUrl: string;
  appId: string;
  appSecret: string;
}

/** No Dianhua URL configured: the server runs the built-in simulator with a random app id and secret. */
export interface DianhuaSimulated extends DianhuaCommon {
  mode: 'simulator';
}

export type DianhuaSettings = DianhuaLive | DianhuaSimulated;

const DianhuaEnvSchema = z.object({
  // The adapter appends paths such as /token, so a trailing slash would double up.
  DIANHUA_BASE_URL: optional(httpUrl('e.g. https://crs-api.dianhua.cn').transform((url) => url.replace(/\/+$/, ''))),
  DIANHUA_APPID: optional(text),
  DIANHUA_APPSECRET: optional(text),
  DIANHUA_TIMEOUT_MS: optional(int(1000, 600_000)),
  DIANHUA_SMS_RESEND: optional(z.enum(DIANHUA_SMS_RESEND_MODES, { error: `must be one of: ${DIANHUA_SMS_RESEND_MODES.join(', ')}` })),
  DIANHUA_MAX_SMS_RESENDS: optional(int(0, 5)),
  DIANHUA_PUSH_AES_KEY: optional(
    z.string().refine((v) => [16, 24, 32].includes(Buffer.byteLength(v)), { error: 'must be 16, 24 or 32 bytes (AES-128/192/256)' }),
  ),
  DIANHUA_PUSH_AES_IV: optional(z.string().refine((v) => Buffer.byteLength(v) === 16, { error: 'must be 16 bytes' })),
});

export const DIANHUA_VARIABLES = Object.keys(DianhuaEnvSchema.shape);

/** DIANHUA_* read into settings; every problem is pushed (cross-variable ones too) before undefined is returned. */
export function readDianhuaEnv(source: EnvSource, problems: string[]): DianhuaSettings | undefined {
  const before = problems.length;
  const env = readEnvSchema(DianhuaEnvSchema, source, problems);
  if (given(source['DIANHUA_BASE_URL']) !== undefined) {
    for (const name of ['DIANHUA_APPID', 'DIANHUA_APPSECRET']) {
      if (given(source[name]) === undefined) problems.push(`${name}: required when DIANHUA_BASE_URL is set`);
    }
  }
  if ((given(source['DIANHUA_PUSH_AES_KEY']) === undefined) !== (given(source['DIANHUA_PUSH_AES_IV']) === undefined)) {
    problems.push('DIANHUA_PUSH_AES_KEY / DIANHUA_PUSH_AES_IV: set both or neither');
  }
  if (env === undefined || problems.length > before) return undefined;
  const common: DianhuaCommon = {
    timeoutMs: env.DIANHUA_TIMEOUT_MS ?? 60_000,
    smsResend: env.DIANHUA_SMS_RESEND ?? 'off',
    maxSmsResends: env.DIANHUA_MAX_SMS_RESENDS ?? 2,
    ...(env.DIANHUA_PUSH_AES_KEY !== undefined &&
      env.DIANHUA_PUSH_AES_IV !== undefined && {
        pushAes: { key: Buffer.from(env.DIANHUA_PUSH_AES_KEY), iv: Buffer.from(env.DIANHUA_PUSH_AES_IV) },
      }),
  };
  return env.DIANHUA_BASE_URL !== undefined && env.DIANHUA_APPID !== undefined && env.DIANHUA_APPSECRET !== undefined
    ? { mode: 'live', ...common, baseUrl: env.DIANHUA_BASE_URL, appId: env.DIANHUA_APPID, appSecret: env.DIANHUA_APPSECRET }
    : { mode: 'simulator', ...common };
}
