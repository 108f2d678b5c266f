import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as z from 'zod';
import { generateMerchantKeyPair, startRong360Simulator } from './simulator';

// Runs the Rong360 simulator on its own: `npm run simulator:rong360`.
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4360),
  HOST: z.string().min(1).default('127.0.0.1'),
  RONG360_APP_ID: z.string().min(1).default('1000001'),
  /** The merchant's public key; without it a key pair is generated for this run. */
  RONG360_PUBLIC_KEY_FILE: z.string().min(1).optional(),
  /** Send every notice push here instead of the notice_url the login carried. */
  RONG360_NOTICE_URL_OVERRIDE: z.url({ protocol: /^https?$/ }).optional(),
  /** How long a crawl takes after login (queryStatus, getdata and the notice push follow it). */
  CRAWL_MS: z.coerce.number().int().min(0).max(3_600_000).default(2000),
});

async function main(): Promise<void> {
  const env = EnvSchema.parse(process.env);
  let publicKeyPem: string;
  if (env.RONG360_PUBLIC_KEY_FILE) {
    publicKeyPem = readFileSync(env.RONG360_PUBLIC_KEY_FILE, 'utf8');
  } else {
    const pair = generateMerchantKeyPair();
    publicKeyPem = pair.publicKeyPem;
    const dir = mkdtempSync(join(tmpdir(), 'rong360-sim-'));
    const keyFile = join(dir, 'merchant-private.pem');
    writeFileSync(keyFile, pair.privateKeyPem, { mode: 0o600 });
    chmodSync(keyFile, 0o600); // in case a umask widened it
    console.log(`merchant private key (app_id ${env.RONG360_APP_ID}): ${keyFile}`);
  }
  const simulator = await startRong360Simulator({
    merchants: { [env.RONG360_APP_ID]: publicKeyPem },
    host: env.HOST,
    port: env.PORT,
    crawlMs: env.CRAWL_MS,
    noticeUrlOverride: () => env.RONG360_NOTICE_URL_OVERRIDE,
    log: (line) => console.log(line),
  });
  console.log(`Rong360 simulator listening on ${simulator.url}`);

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
