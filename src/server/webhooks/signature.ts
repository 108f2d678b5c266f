import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

// Webhook signatures, Stripe-style: `CarrierLink-Signature: t=<unix seconds>,v1=<hex>` where
// hex = HMAC-SHA256(secret, "<t>.<raw body>"). The timestamp inside the MAC stops replays of old
// deliveries; several v1= entries let a lender verify across a secret rotation.

/** The header carrying the signature. */
export const SIGNATURE_HEADER = 'carrierlink-signature';
/** How far a signature's timestamp may be from the receiver's clock by default. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** `whsec_` + 32 random bytes base64url. */
export function createSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

const mac = (secret: string, timestampSeconds: number, body: string | Uint8Array): Buffer =>
  createHmac('sha256', secret).update(`${timestampSeconds}.`, 'utf8').update(body).digest();

/** The header value for `body` (the exact bytes sent) signed at `timestampSeconds`. */
export function signWebhook(secret: string, timestampSeconds: number, body: string | Uint8Array): string {
  return `t=${timestampSeconds},v1=${mac(secret, timestampSeconds, body).toString('hex')}`;
}

/**
 * Whether `header` signs `body` with `secret` within `toleranceSeconds` of `nowSeconds`. Any
 * malformed header is simply false; every v1 entry is compared in constant time.
 */
export function verifyWebhook(
  secret: string,
  header: string | undefined,
  body: string | Uint8Array,
  nowSeconds: number,
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
): boolean {
  if (header === undefined || header.length > 4096) return false;
  let timestamp: number | undefined;
  const signatures: Buffer[] = [];
  for (const part of header.split(',')) {
    const [key, value, ...rest] = part.trim().split('=');
    if (value === undefined || rest.length > 0) continue;
    if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && /^[0-9a-f]{64}$/i.test(value)) signatures.push(Buffer.from(value, 'hex'));
  }
  if (timestamp === undefined || signatures.length === 0) return false;
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = mac(secret, timestamp, body);
  let valid = false;
  // No early exit: every candidate is compared.
  for (const candidate of signatures) {
    if (timingSafeEqual(candidate, expected)) valid = true;
  }
  return valid;
}
