import { VENDOR_LIST } from './registry';
import { maskIdCardsDeep } from './shared/id-card';
import type { ProviderName } from './types';

// What a lender's /raw may show of a vendor payload: the payload as sent, ID-card numbers masked
// unless the lender receives them in full. Which keys hold an ID card is each vendor's own word
// (its descriptor's rawIdCardKeys).

const ID_CARD_KEYS = new Map<ProviderName, ReadonlySet<string>>(VENDOR_LIST.map((vendor) => [vendor.name, new Set(vendor.rawIdCardKeys)]));

/** Raw payloads (by method or path) with the provider's ID-card values masked. */
export function maskRawIdCards(provider: ProviderName, raw: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const keys = ID_CARD_KEYS.get(provider);
  if (keys === undefined) throw new Error(`no vendor registered as ${provider}`);
  return maskIdCardsDeep(raw, keys) as Record<string, unknown>;
}
