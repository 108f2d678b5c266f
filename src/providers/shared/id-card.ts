import type { IdCardMasking } from '../data-model';
import { maskIdCardKeep } from './data-normalize';

// ID-card numbers are kept in full in the model; masking is the lender's choice, applied when the
// lender API answers (server/lender). These helpers are the one rule both sides use.

/** Who masked a number as the vendor gave it: the carrier (it carries `*`), or nobody. */
export function idCardMaskingOf(idCard: string | null): IdCardMasking | null {
  if (idCard === null) return null;
  return /[*＊×]/.test(idCard) ? 'carrier' : 'none';
}

/** A number as a lender without full ID cards sees it: first 4 and last 2 characters kept. */
export function maskIdCard(idCard: string | null): string | null {
  return idCard === null ? null : maskIdCardKeep(idCard);
}

/**
 * A vendor payload with every string under one of `keys` (at any depth) masked like maskIdCard:
 * what a lender without full ID cards gets from /raw. Other values are copied as they are.
 */
export function maskIdCardsDeep(value: unknown, keys: ReadonlySet<string>, depth = 0): unknown {
  if (depth > 64) return value;
  if (Array.isArray(value)) return value.map((item) => maskIdCardsDeep(item, keys, depth + 1));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const masked =
      keys.has(key.trim()) && typeof inner === 'string' ? (maskIdCardKeep(inner) ?? inner) : maskIdCardsDeep(inner, keys, depth + 1);
    Object.defineProperty(out, key, { value: masked, enumerable: true, writable: true, configurable: true });
  }
  return out;
}
