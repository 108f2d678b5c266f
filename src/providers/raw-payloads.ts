import { RAW_ID_CARD_KEYS as DIANHUA_ID_CARD_KEYS } from './dianhua/wire-data';
import { RAW_ID_CARD_KEYS as RONG360_ID_CARD_KEYS } from './rong360/wire-data';
import { maskIdCardsDeep } from './shared/id-card';
import type { ProviderName } from './types';

// What a lender's /raw may show of a vendor payload: the payload as sent, ID-card numbers masked
// unless the lender receives them in full.

const ID_CARD_KEYS: Readonly<Record<ProviderName, ReadonlySet<string>>> = {
  rong360: new Set(RONG360_ID_CARD_KEYS),
  dianhua: new Set(DIANHUA_ID_CARD_KEYS),
};

/** Raw payloads (by method or path) with the provider's ID-card values masked. */
export function maskRawIdCards(provider: ProviderName, raw: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return maskIdCardsDeep(raw, ID_CARD_KEYS[provider]) as Record<string, unknown>;
}
