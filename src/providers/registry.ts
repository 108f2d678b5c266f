import { dianhuaVendor } from './dianhua/vendor';
import { rong360Vendor } from './rong360/vendor';
import type { EnvSource } from './shared/env-schema';
import type { ProviderName } from './vendor-names';
import { pushPath } from './vendor';
import type { VendorDescriptor, VendorEnvContext } from './vendor';

// The one list of vendors the server reads: each vendor folder's descriptor under its name. A new
// vendor is a folder with a `vendor.ts` and one line here (and its name in vendor-names.ts, which
// the `satisfies` below holds to this list).

const DESCRIPTORS = {
  rong360: rong360Vendor,
  dianhua: dianhuaVendor,
} as const satisfies { [K in ProviderName]: { readonly name: K } };

export { DEFAULT_PROVIDER, PROVIDER_NAMES, isProviderName, providerLabels } from './vendor-names';
export type { ProviderName } from './vendor-names';

type SettingsOf<D> = D extends VendorDescriptor<infer S, ProviderName> ? S : never;

/** Each vendor's settings, as parsed from the environment. */
export type VendorSettings = { [K in ProviderName]: SettingsOf<(typeof DESCRIPTORS)[K]> };

/** Every vendor's descriptor by name. */
export const VENDORS: { readonly [K in ProviderName]: VendorDescriptor<VendorSettings[K]> } = DESCRIPTORS;

export function vendorOf<K extends ProviderName>(name: K): VendorDescriptor<VendorSettings[K]> {
  return VENDORS[name];
}

/** The vendors in registry order. */
export const VENDOR_LIST: readonly VendorDescriptor<VendorSettings[ProviderName]>[] = Object.values(VENDORS);

/** Every vendor's settings; every problem of every vendor is pushed (undefined is then returned). */
export function readVendorSettings(source: EnvSource, problems: string[], publicUrl: string): VendorSettings | undefined {
  const before = problems.length;
  const entries = Object.keys(VENDORS).map((name) => {
    const vendor = vendorOf(name as ProviderName);
    const context: VendorEnvContext = { publicUrl, pushPath: pushPath(vendor.name) };
    return [name, vendor.env.read(source, problems, context)] as const;
  });
  if (problems.length > before) return undefined;
  return Object.fromEntries(entries) as VendorSettings;
}

/** Vendor settings as far as a caller has them (e.g. the push receiver needs only Dianhua's push key). */
export type PartialVendorSettings = { [K in ProviderName]?: Partial<VendorSettings[K]> };
