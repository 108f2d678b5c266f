import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { bearerToken } from '../session/token';

/** A lender's id as it appears in logs and session records. */
export const LENDER_ID_PATTERN = /^[a-z0-9_-]{1,32}$/;
/** What LENDER_API_KEYS accepts as a key (createApiKey's `sk_…` keys included). */
export const API_KEY_PATTERN = /^[A-Za-z0-9_-]{24,128}$/;

/** One lender allowed to create link tokens. */
export interface LenderApiKey {
  lenderId: string;
  key: string;
}

export interface ApiKeyring {
  /** The lender whose key `Authorization: Bearer <key>` names, or undefined (missing, malformed or unknown). */
  verify(header: string | undefined): { lenderId: string } | undefined;
  /**
   * A value derived from the lender's current key (never the key, never its plain digest): what a
   * dashboard sign-in remembers, so rotating the key in LENDER_API_KEYS ends the sessions made with
   * the old one. Undefined for an unknown lender.
   */
  fingerprint(lenderId: string): string | undefined;
}

/**
 * LENDER_API_KEYS: `lenderId:key` pairs, comma-separated. Problems name an entry by position and
 * never quote it (an entry that does not parse may be a bare key); lender ids are not secret.
 */
export function parseLenderApiKeys(raw: string): { keys: LenderApiKey[]; problems: string[] } {
  const keys: LenderApiKey[] = [];
  const problems: string[] = [];
  raw.split(',').forEach((part, index) => {
    const entry = part.trim();
    // A trailing comma is harmless.
    if (entry === '') return;
    const at = `entry ${index + 1}`;
    const colon = entry.indexOf(':');
    const lenderId = entry.slice(0, Math.max(colon, 0));
    const key = entry.slice(colon + 1);
    if (colon < 0) problems.push(`${at} must be lenderId:key`);
    else if (!LENDER_ID_PATTERN.test(lenderId)) problems.push(`${at} has a lender id that is not 1 to 32 characters of a-z, 0-9, _ and -`);
    else if (!API_KEY_PATTERN.test(key))
      problems.push(`${at} (${lenderId}) has a key that is not 24 to 128 characters of A-Z, a-z, 0-9, _ and -`);
    else if (keys.some((k) => k.lenderId === lenderId)) problems.push(`${at} repeats lender id ${lenderId}`);
    else if (keys.some((k) => k.key === key)) problems.push(`${at} (${lenderId}) repeats the key of another lender`);
    else keys.push({ lenderId, key });
  });
  return { keys, problems };
}

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * Keeps only the keys' digests. A presented key is hashed and compared with every digest in
 * constant time, so neither its length nor how much of it matches shows in the timing.
 */
export function createApiKeyring(keys: readonly LenderApiKey[]): ApiKeyring {
  const entries = keys.map(({ lenderId, key }) => {
    if (!LENDER_ID_PATTERN.test(lenderId) || !API_KEY_PATTERN.test(key)) {
      throw new Error(`malformed API key entry for lender ${LENDER_ID_PATTERN.test(lenderId) ? lenderId : '(invalid id)'}`);
    }
    return { lenderId, digest: digest(key) };
  });
  const fingerprints = new Map(
    entries.map(({ lenderId, digest: keyDigest }) => [
      lenderId,
      createHmac('sha256', keyDigest).update('carrierlink dashboard session v1').digest('hex').slice(0, 32),
    ]),
  );

  return {
    verify(header) {
      const presented = bearerToken(header);
      if (presented === undefined || presented.length > 256) return undefined;
      const candidate = digest(presented);
      let found: string | undefined;
      // No early exit: every digest is compared whatever matched.
      for (const entry of entries) {
        if (timingSafeEqual(entry.digest, candidate) && found === undefined) found = entry.lenderId;
      }
      return found === undefined ? undefined : { lenderId: found };
    },
    fingerprint: (lenderId) => fingerprints.get(lenderId),
  };
}

/** A fresh random key (`sk_` + 32 bytes base64url), e.g. main.ts's ephemeral development key. */
export function createApiKey(): string {
  return `sk_${randomBytes(32).toString('base64url')}`;
}
