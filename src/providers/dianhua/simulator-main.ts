import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as z from 'zod';
import { startDianhuaSimulator } from './simulator';

// Runs the Dianhua simulator on its own: `tsx src/providers/dianhua/simulator-main.ts`.
const EnvSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(4361),
    HOST: z.string().min(1).default('127.0.0.1'),
    DIANHUA_APPID: z.string().min(1).default('carrierlink-sandbox'),
    /** Without it a secret is generated for this run and written to a private file (never printed). */
    DIANHUA_APPSECRET: z.string().min(1).optional(),
    DIANHUA_TOKEN_TTL_SECONDS: z.coerce.number().int().min(1).default(7200),
    /** Push targets (§19 auth, §18 report status, §14 result); unset: that push is not sent. */
    DIANHUA_PUSH_AUTH_URL: z.url({ protocol: /^https?$/ }).optional(),
    DIANHUA_PUSH_REPORT_URL: z.url({ protocol: /^https?$/ }).optional(),
    DIANHUA_PUSH_RESULT_URL: z.url({ protocol: /^https?$/ }).optional(),
    /** AES/CBC push encryption, the same text values the server reads (16/24/32-byte key, 16-byte IV). */
    DIANHUA_PUSH_AES_KEY: z
      .string()
      .refine((v) => [16, 24, 32].includes(Buffer.byteLength(v)), 'must be 16, 24 or 32 bytes')
      .optional(),
    DIANHUA_PUSH_AES_IV: z
      .string()
      .refine((v) => Buffer.byteLength(v) === 16, 'must be 16 bytes')
      .optional(),
    /** How long a crawl takes after authorization (data answers 3001 until then). */
    CRAWL_MS: z.coerce.number().int().min(0).max(3_600_000).default(2000),
  })
  .refine((env) => (env.DIANHUA_PUSH_AES_KEY === undefined) === (env.DIANHUA_PUSH_AES_IV === undefined), {
    message: 'DIANHUA_PUSH_AES_KEY and DIANHUA_PUSH_AES_IV: set both or neither',
  });

async function main(): Promise<void> {
  const env = EnvSchema.parse(process.env);
  const appSecret = env.DIANHUA_APPSECRET ?? randomBytes(16).toString('hex');
  if (!env.DIANHUA_APPSECRET) {
    const file = join(mkdtempSync(join(tmpdir(), 'dianhua-sim-')), 'appsecret');
    writeFileSync(file, appSecret, { mode: 0o600 });
    chmodSync(file, 0o600); // in case a umask widened it
    console.log(`app secret (appid ${env.DIANHUA_APPID}): ${file}`);
  }
  const simulator = await startDianhuaSimulator({
    appId: env.DIANHUA_APPID,
    appSecret,
    host: env.HOST,
    port: env.PORT,
    tokenTtlSeconds: env.DIANHUA_TOKEN_TTL_SECONDS,
    crawlMs: env.CRAWL_MS,
    push: {
      authUrl: () => env.DIANHUA_PUSH_AUTH_URL,
      reportUrl: () => env.DIANHUA_PUSH_REPORT_URL,
      resultUrl: () => env.DIANHUA_PUSH_RESULT_URL,
      ...(env.DIANHUA_PUSH_AES_KEY &&
        env.DIANHUA_PUSH_AES_IV && {
          aes: { key: Buffer.from(env.DIANHUA_PUSH_AES_KEY), iv: Buffer.from(env.DIANHUA_PUSH_AES_IV) },
        }),
    },
    log: (line) => console.log(line),
  });
  console.log(`Dianhua simulator listening on ${simulator.url}`);

  const stop = () => {
    simulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
