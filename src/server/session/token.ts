import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes, base64url: what the browser holds. */
export function createToken(): string {
  return randomBytes(32).toString('base64url');
}

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function isWellFormedToken(token: string): boolean {
  return TOKEN_PATTERN.test(token);
}

/** The store key: a leaked store dump does not yield tokens that work. */
export function tokenKey(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The token from `Authorization: Bearer <token>`, if the header has that shape. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = header === undefined ? null : /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1];
}

export function randomId(prefix: string, bytes = 12): string {
  return `${prefix}_${randomBytes(bytes).toString('base64url')}`;
}

/** Hex only: the upstream's user_id accepts letters and digits safely. */
export function createUserId(): string {
  return `cl_${randomBytes(12).toString('hex')}`;
}
