import { EXTRA_FIELDS, EXTRA_KINDS } from '../../providers/data-model';
import type { CollectedData, ExtraKind, ExtraResult } from '../../providers/data-model';
import { vendorOf } from '../../providers/registry';
import type { ProviderName } from '../../providers/types';

// The extras (report, collection score, number tags) live in the collected data in their neutral
// shape; their vendor payloads join the others under /raw.

type Extras = Partial<Record<ExtraKind, ExtraResult>>;

/**
 * The neutral data of a ready extra. Extras stored before they were normalized hold the vendor's
 * payload as `data` and no `raw`: the vendor's descriptor reads them now.
 */
export function extraData(provider: ProviderName, kind: ExtraKind, extra: Extract<ExtraResult, { status: 'ready' }>): unknown {
  const { readLegacyExtra } = vendorOf(provider);
  if (extra.raw !== undefined || !readLegacyExtra) return extra.data;
  return readLegacyExtra(kind, extra.data);
}

/** The vendor payloads of ready extras, by path (legacy ones under their kind). */
function extraRaw(kind: ExtraKind, extra: Extract<ExtraResult, { status: 'ready' }>): Record<string, unknown> {
  return extra.raw ?? { [kind]: extra.data };
}

/** The collected data with every ready extra in its place (null where none is ready). */
export function withExtras(provider: ProviderName, data: CollectedData, extras: Extras): CollectedData {
  const out: CollectedData = { ...data };
  for (const kind of EXTRA_KINDS) {
    const extra = extras[kind];
    const value = extra?.status === 'ready' ? extraData(provider, kind, extra) : null;
    Object.assign(out, { [EXTRA_FIELDS[kind]]: value });
  }
  return out;
}

/** The raw payloads of the data and of every ready extra. */
export function rawWithExtras(raw: Readonly<Record<string, unknown>>, extras: Extras): Record<string, unknown> {
  const out: Record<string, unknown> = { ...raw };
  for (const kind of EXTRA_KINDS) {
    const extra = extras[kind];
    if (extra?.status === 'ready') Object.assign(out, extraRaw(kind, extra));
  }
  return out;
}
