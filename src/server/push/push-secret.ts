import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The per-deployment secret vendor push URLs carry as their last path segment
 * (`/hooks/<vendor>/<secret>`): vendor pushes are unsigned, so the URL is what tells ours apart.
 */
export const PUSH_SECRET_PATTERN = /^[A-Za-z0-9_-]{32,96}$/;

/** The file in DATA_DIR a development server keeps its generated secret in. */
export const PUSH_SECRET_FILE = 'push-secret';

export function createPushSecret(): string {
  return randomBytes(24).toString('base64url');
}

/** Whether `given` is the secret, in time independent of where they differ. */
export function isPushSecret(given: string, secret: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(secret));
}

/**
 * Development: the secret kept in `dataDir` (created 0600 on first start), so push URLs configured
 * once survive restarts and every process on the directory shares them. `undefined` dataDir (an
 * in-memory store) gets a fresh one.
 */
export function loadOrCreatePushSecret(dataDir: string | undefined): string {
  if (dataDir === undefined) return createPushSecret();
  const file = join(dataDir, PUSH_SECRET_FILE);
  const existing = readSecret(file);
  if (existing !== undefined) return existing;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // Written whole under a private name, then linked into place: a process starting alongside sees
  // either no file or the whole secret, and of two writers the first link wins.
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(temporary, `${createPushSecret()}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(temporary, file);
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
  } finally {
    unlinkSync(temporary);
  }
  const secret = readSecret(file);
  if (secret === undefined) throw new Error(`${file} could not be created`);
  return secret;
}

/** The secret in `file`; undefined when there is no file; an Error when it holds anything else. */
function readSecret(file: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return undefined;
    throw error;
  }
  if (!PUSH_SECRET_PATTERN.test(text))
    throw new Error(`${file} does not hold a push secret (32-96 of A-Z a-z 0-9 _ -): delete it to make a new one`);
  return text;
}

/** A URL for logs and the start-up lines: the secret shown only when `reveal` (development). */
export function pushUrl(base: string, path: string, secret: string, reveal: boolean): string {
  return `${base}${path}/${reveal ? secret : '<PUSH_SECRET>'}`;
}
