import * as z from 'zod';
import { CARRIERS } from '../../flow/phone';
import type { Carrier } from '../../flow/phone';
import { PROVIDER_NAMES } from '../../providers/registry';
import type { ProviderName } from '../../providers/registry';
import type { Province } from '../analytics/province';
import { readProvinceName } from './province-names';

/**
 * The vendor order per carrier and province (PROVIDER_ROUTES). A session starts on the first vendor
 * of its order and, before the service password, fails over to the next ones. The most specific
 * rule wins: carrier and province, then the carrier, then `*`.
 *
 *   telecom:shanghai=vendorB,vendorA;mobile=vendorA,vendorB;*=vendorA,vendorB
 *
 * (vendorA and vendorB stand for registered vendor names.)
 */
export interface ProviderRoutes {
  /** `*`: every number no other rule names. */
  fallback: readonly ProviderName[];
  /** Per carrier, and per carrier and province. */
  rules: ReadonlyArray<{ carrier: Carrier; province?: Province; order: readonly ProviderName[] }>;
}

/** Carriers as operators write them (the flow's names work too). */
const CARRIER_ALIASES: Readonly<Record<string, Carrier>> = {
  mobile: 'chinaMobile',
  cmcc: 'chinaMobile',
  unicom: 'chinaUnicom',
  telecom: 'chinaTelecom',
  broadnet: 'chinaBroadnet',
  ...Object.fromEntries(CARRIERS.map((carrier) => [carrier.toLowerCase(), carrier])),
};

const ProviderListSchema = z
  .string()
  .transform((text) => text.split(',').map((name) => name.trim()))
  .pipe(
    z
      .array(
        z.enum(PROVIDER_NAMES, { error: (issue) => `unknown vendor ${JSON.stringify(issue.input)} (known: ${PROVIDER_NAMES.join(', ')})` }),
      )
      .min(1)
      .refine((names) => new Set(names).size === names.length, { error: 'names a vendor twice' }),
  );

/** PROVIDERS: registered vendor names, comma-separated, each vendor once. */
export function parseProviderList(text: string): { ok: true; providers: ProviderName[] } | { ok: false; problem: string } {
  const parsed = ProviderListSchema.safeParse(text);
  if (parsed.success) return { ok: true, providers: parsed.data };
  return { ok: false, problem: parsed.error.issues.map((issue) => issue.message).join('; ') };
}

/** The default routes: every number tries the configured vendors in the order PROVIDERS lists them. */
export function defaultRoutes(providers: readonly ProviderName[]): ProviderRoutes {
  return { fallback: [...providers], rules: [] };
}

/**
 * Parses PROVIDER_ROUTES against the configured vendors. Each problem names the rule it is about;
 * a rule naming a vendor that is not configured is refused (it could never be used).
 */
export function parseProviderRoutes(
  text: string,
  configured: readonly ProviderName[],
): { ok: true; routes: ProviderRoutes } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const rules: Array<ProviderRoutes['rules'][number]> = [];
  const seen = new Set<string>();
  let fallback: ProviderName[] | undefined;
  const entries = text
    .split(';')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  if (entries.length === 0)
    return {
      ok: false,
      problems: [`is empty (write rules such as mobile=${PROVIDER_NAMES.join(',')};*=${[...PROVIDER_NAMES].reverse().join(',')})`],
    };
  if (entries.length > 200) return { ok: false, problems: ['has more than 200 rules'] };
  for (const entry of entries) {
    const [target = '', orderText, ...extra] = entry.split('=');
    if (orderText === undefined || extra.length > 0) {
      problems.push(`"${entry}": write <carrier>[:<province>]=<vendor>,<vendor> or *=<vendor>,<vendor>`);
      continue;
    }
    const order = parseProviderList(orderText);
    if (!order.ok) {
      problems.push(`"${entry}": ${order.problem}`);
      continue;
    }
    const unconfigured = order.providers.filter((name) => !configured.includes(name));
    if (unconfigured.length > 0) {
      problems.push(`"${entry}": ${unconfigured.join(', ')} is not in PROVIDERS (${configured.join(', ')})`);
      continue;
    }
    const key = target.trim().toLowerCase();
    if (seen.has(key)) {
      problems.push(`"${entry}": ${target.trim()} has a rule already`);
      continue;
    }
    seen.add(key);
    if (key === '*') {
      fallback = order.providers;
      continue;
    }
    const [carrierText = '', provinceText, ...more] = key.split(':');
    const carrier = CARRIER_ALIASES[carrierText.trim()];
    if (!carrier || more.length > 0) {
      problems.push(`"${entry}": unknown carrier ${JSON.stringify(carrierText.trim())} (mobile, unicom, telecom, broadnet)`);
      continue;
    }
    if (provinceText === undefined) {
      rules.push({ carrier, order: order.providers });
      continue;
    }
    const province = readProvinceName(provinceText);
    if (!province) {
      problems.push(`"${entry}": unknown province ${JSON.stringify(provinceText.trim())} (pinyin such as shanghai, or 上海)`);
      continue;
    }
    rules.push({ carrier, province, order: order.providers });
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, routes: { fallback: fallback ?? [...configured], rules } };
}

/** The vendor order for a number of `carrier` in `province` (either unknown: the less specific rules). */
export function routeFor(routes: ProviderRoutes, carrier: Carrier | undefined, province: Province | undefined): readonly ProviderName[] {
  if (carrier !== undefined) {
    if (province !== undefined) {
      const exact = routes.rules.find((rule) => rule.carrier === carrier && rule.province === province);
      if (exact) return exact.order;
    }
    const byCarrier = routes.rules.find((rule) => rule.carrier === carrier && rule.province === undefined);
    if (byCarrier) return byCarrier.order;
  }
  return routes.fallback;
}
