import { createCipheriv, createDecipheriv } from 'node:crypto';

// Dianhua's optional AES/CBC push encryption (document §14.2 promises it without details):
// PKCS#7 padding, base64 text, the key length choosing AES-128/192/256, a 16-byte IV.

/** A push AES key and IV, as configured with Dianhua. */
export interface DianhuaAes {
  key: Buffer;
  iv: Buffer;
}

const ALGORITHM_BY_KEY_BYTES: Readonly<Record<number, string>> = { 16: 'aes-128-cbc', 24: 'aes-192-cbc', 32: 'aes-256-cbc' };
const BLOCK_BYTES = 16;

/** The cipher for a key; a wrong key or IV size is a configuration error (RangeError), not a bad push. */
function algorithmOf(aes: DianhuaAes): string {
  const algorithm = ALGORITHM_BY_KEY_BYTES[aes.key.length];
  if (!algorithm) throw new RangeError('Dianhua push AES key must be 16, 24 or 32 bytes');
  if (aes.iv.length !== BLOCK_BYTES) throw new RangeError('Dianhua push AES IV must be 16 bytes');
  return algorithm;
}

export function encryptAes(plain: string, aes: DianhuaAes): string {
  const cipher = createCipheriv(algorithmOf(aes), aes.key, aes.iv);
  return Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]).toString('base64');
}

/** Base64 (standard or URL-safe) that decodes to whole AES blocks; whitespace is ignored. */
export function looksLikeCiphertext(text: string): boolean {
  const compact = text.replace(/\s+/g, '');
  return compact.length >= 24 && /^[A-Za-z0-9+/_-]+={0,2}$/.test(compact) && Buffer.from(compact, 'base64').length % BLOCK_BYTES === 0;
}

/** The plaintext, or undefined when the key does not fit (bad padding) or the input is not ciphertext. */
export function decryptAes(base64: string, aes: DianhuaAes): string | undefined {
  const algorithm = algorithmOf(aes);
  const data = Buffer.from(base64.replace(/\s+/g, ''), 'base64');
  if (data.length === 0 || data.length % BLOCK_BYTES !== 0) return undefined;
  try {
    const decipher = createDecipheriv(algorithm, aes.key, aes.iv);
    return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}
