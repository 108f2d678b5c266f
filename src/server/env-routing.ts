import { DEFAULT_PROVIDER, PROVIDER_NAMES, isProviderName } from '../providers/registry';
import type { ProviderName } from '../providers/registry';
import { defaultRoutes, parseProviderList, parseProviderRoutes } from './routing/provider-routes';
import type { ProviderRoutes } from './routing/provider-routes';

// Which vendors run and in which order per carrier and province (PROVIDERS, PROVIDER_ROUTES), and
// when failures across recent sessions count as an outage (OUTAGE_*). Every problem names its
// variable, so the operator reads what to fix.

/** When recent failures for a carrier and province are an outage (the phone step's notice, the dashboard's banner). */
export interface OutageSettings {
  /** Sessions started in the last this many minutes are counted (OUTAGE_WINDOW_MINUTES). */
  windowMinutes: number;
  /** At least this many of them (OUTAGE_MIN_SESSIONS)... */
  minSessions: number;
  /** ...of which at least this share failed upstream (OUTAGE_FAILURE_PERCENT, as a fraction). */
  failureShare: number;
  /** The computation is reused this long on each instance (OUTAGE_CACHE_SECONDS). */
  cacheSeconds: number;
}

export const DEFAULT_OUTAGE_SETTINGS: OutageSettings = { windowMinutes: 15, minSessions: 5, failureShare: 0.5, cacheSeconds: 30 };

export interface RoutingSettings {
  /** The configured vendors, PROVIDERS order (the single PROVIDER is a one-item list). */
  providers: ProviderName[];
  routes: ProviderRoutes;
  outage: OutageSettings;
}

const given = (value: string | undefined): string | undefined => (value?.trim() ? value.trim() : undefined);

function integer(source: Readonly<Record<string, string | undefined>>, name: string, min: number, max: number, problems: string[]) {
  const text = given(source[name]);
  if (text === undefined) return undefined;
  const value = /^\d{1,9}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push(`${name}: must be a whole number from ${min} to ${max}`);
    return undefined;
  }
  return value;
}

/** The vendors a deployment configures: PROVIDERS, else PROVIDER, else the default vendor. */
export function configuredProviders(source: Readonly<Record<string, string | undefined>>, problems: string[] = []): ProviderName[] {
  const list = given(source['PROVIDERS']);
  const single = given(source['PROVIDER']);
  if (list === undefined) return [single !== undefined && isProviderName(single) ? single : DEFAULT_PROVIDER];
  const parsed = parseProviderList(list);
  if (!parsed.ok) {
    problems.push(`PROVIDERS: ${parsed.problem} (e.g. PROVIDERS=${PROVIDER_NAMES.join(',')})`);
    return [DEFAULT_PROVIDER];
  }
  if (single !== undefined && single !== parsed.providers[0]) {
    problems.push(`PROVIDER: must be the first of PROVIDERS (${parsed.providers.join(',')}) when both are set, or be unset`);
  }
  return parsed.providers;
}

/** Reads PROVIDERS, PROVIDER_ROUTES and the OUTAGE_* settings; problems are appended to `problems`. */
export function readRouting(source: Readonly<Record<string, string | undefined>>, problems: string[]): RoutingSettings {
  const providers = configuredProviders(source, problems);
  let routes = defaultRoutes(providers);
  const routeText = given(source['PROVIDER_ROUTES']);
  if (routeText !== undefined) {
    const parsed = parseProviderRoutes(routeText, providers);
    if (parsed.ok) routes = parsed.routes;
    else problems.push(...parsed.problems.map((problem) => `PROVIDER_ROUTES: ${problem}`));
  }
  const percent = integer(source, 'OUTAGE_FAILURE_PERCENT', 1, 100, problems);
  const outage: OutageSettings = {
    windowMinutes: integer(source, 'OUTAGE_WINDOW_MINUTES', 1, 1440, problems) ?? DEFAULT_OUTAGE_SETTINGS.windowMinutes,
    minSessions: integer(source, 'OUTAGE_MIN_SESSIONS', 1, 100_000, problems) ?? DEFAULT_OUTAGE_SETTINGS.minSessions,
    failureShare: percent === undefined ? DEFAULT_OUTAGE_SETTINGS.failureShare : percent / 100,
    cacheSeconds: integer(source, 'OUTAGE_CACHE_SECONDS', 1, 3600, problems) ?? DEFAULT_OUTAGE_SETTINGS.cacheSeconds,
  };
  return { providers, routes, outage };
}
