import { randomBytes } from 'node:crypto';
import { StoreInputError } from './codec';

/** More slots per endpoint than any setting allows is a caller's mistake. */
export const MAX_ENDPOINT_SLOTS = 256;

export function checkSlotLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_ENDPOINT_SLOTS) {
    throw new StoreInputError(`slot limit must be a whole number from 1 to ${MAX_ENDPOINT_SLOTS}, got ${limit}`);
  }
  return limit;
}

export function checkEndpoint(endpoint: string): string {
  if (endpoint.length === 0 || endpoint.length > 2048) throw new StoreInputError('endpoint must be 1 to 2048 characters');
  return endpoint;
}

/** A fresh token per acquisition. */
export const slotToken = (): string => randomBytes(12).toString('base64url');
