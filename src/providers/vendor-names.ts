// The vendors by name and label: the one list the browser side (flow schemas, the dashboard, the
// widget's demo parameters) reads. Plain data with no imports, so no vendor or server code comes
// with it into a bundle. The server's registry (registry.ts) holds one descriptor per name here;
// it fails to compile while the two lists differ.

/** A vendor's name (its folder under src/providers, its push path, its value in the lender API) and labels. */
export interface VendorName {
  readonly name: string;
  /** How the applicant, the lender and the designer know the vendor. */
  readonly label: { readonly 'zh-CN': string; readonly en: string };
}

/** Every vendor CarrierLink can talk to; the first is the default upstream. */
export const VENDOR_NAMES = [
  { name: 'rong360', label: { 'zh-CN': '融360', en: 'Rong360' } },
  { name: 'dianhua', label: { 'zh-CN': '电话邦', en: 'Dianhua' } },
] as const satisfies readonly VendorName[];

export type ProviderName = (typeof VENDOR_NAMES)[number]['name'];

/** The vendor names, in registry order (a non-empty tuple, as z.enum wants). */
export const PROVIDER_NAMES = VENDOR_NAMES.map((vendor) => vendor.name) as unknown as readonly [ProviderName, ...ProviderName[]];

/** The upstream a server uses when PROVIDER is unset. */
export const DEFAULT_PROVIDER: ProviderName = VENDOR_NAMES[0].name;

/** Labels by vendor name, in one language. */
export function providerLabels(language: keyof VendorName['label']): Readonly<Record<ProviderName, string>> {
  return Object.fromEntries(VENDOR_NAMES.map((vendor) => [vendor.name, vendor.label[language]])) as Record<ProviderName, string>;
}

export function isProviderName(value: unknown): value is ProviderName {
  return typeof value === 'string' && (PROVIDER_NAMES as readonly string[]).includes(value);
}
