/**
 * Demo mode's vocabulary and its URL parameters, free of zod: the widget's entry chunk reads them
 * before any schema is loaded, and the server reads the same parameters from a form post's URL.
 * demo.ts builds the schemas from these lists.
 */

import { PROVIDER_NAMES } from '../providers/vendor-names';
import type { ProviderName } from '../providers/vendor-names';

/** The simulated vendors: every registered one (the browser-safe list of names, plain data). */
export const DEMO_PROVIDERS = PROVIDER_NAMES;
export type DemoProvider = ProviderName;

/** How an injected fault looks to the adapter: a client timeout, an HTML 502, or a 200 that is not JSON. */
export const DEMO_FAULT_KINDS = ['timeout', '5xx', 'malformed'] as const;
export type DemoFaultKind = (typeof DEMO_FAULT_KINDS)[number];

/** Which action fails: the session start (the first one only), or the first step submission. */
export const DEMO_FAULT_POINTS = ['start', 'submit'] as const;
export type DemoFaultPoint = (typeof DEMO_FAULT_POINTS)[number];

/** Upper bound of the simulated latency per upstream call. */
export const MAX_DEMO_LATENCY_MS = 10_000;

/**
 * The widget page's demo URL parameters: `?demo=<vendor name>&latency=800&fault=timeout@submit&failover=<vendor name>`,
 * `outage=1` for a simulated carrier outage, and `update=<masked number>` for a demo update session (see DemoQuerySettings.update).
 */
export const DEMO_PARAM_NAMES = {
  demo: 'demo',
  latency: 'latency',
  fault: 'fault',
  failover: 'failover',
  update: 'update',
  outage: 'outage',
} as const;

/** A masked mainland mobile number as the server shows it (`138****8000`). */
export const MASKED_PHONE_PATTERN = /^1\d{2}\*{4}\d{4}$/;

/** What a demo session asks for (DemoSettingsSchema's shape). */
export interface DemoQuerySettings {
  provider: DemoProvider;
  latencyMs?: number;
  fault?: { kind: DemoFaultKind; at: DemoFaultPoint };
  /** Simulated vendors to fail over to, in order. */
  failover?: DemoProvider[];
  /**
   * An update session, as an update link opens it: the server plays it on its vendor's demo update
   * number (the start names no number) and the page shows that number masked, locked.
   */
  update?: true;
  /** The phone step shows a simulated carrier outage (`outage=1`). */
  outage?: true;
}

function oneOf<T extends string>(list: readonly T[], value: string | null | undefined): T | undefined {
  return list.find((entry) => entry === value);
}

/** Milliseconds as decimal digits (a sign and a fraction allowed), rounded and clamped to 0..max. */
function readLatency(value: string | null): number | undefined {
  if (value === null || !/^-?\d{1,9}(?:\.\d+)?$/.test(value)) return undefined;
  return Math.min(MAX_DEMO_LATENCY_MS, Math.max(0, Math.round(Number(value))));
}

/** `kind@at`, both from the lists above; anything else is no fault. */
function readFault(value: string | null): DemoQuerySettings['fault'] {
  const [kindText, atText, ...rest] = (value ?? '').split('@');
  const kind = oneOf(DEMO_FAULT_KINDS, kindText);
  const at = oneOf(DEMO_FAULT_POINTS, atText);
  return kind && at && rest.length === 0 ? { kind, at } : undefined;
}

/** Comma-separated simulated vendors other than `provider`, each once; anything else is dropped. */
function readFailover(value: string | null, provider: DemoProvider): DemoProvider[] | undefined {
  const names: DemoProvider[] = [];
  for (const text of (value ?? '').split(',')) {
    const name = oneOf(DEMO_PROVIDERS, text.trim());
    if (name && name !== provider && !names.includes(name)) names.push(name);
  }
  return names.length > 0 ? names : undefined;
}

/**
 * Demo settings from the page URL, or undefined when `demo` names no simulated vendor (then
 * `latency` and `fault` mean nothing). Invalid values are dropped, never sent: the server would
 * refuse the whole start with a 400.
 */
export function readDemoSettings(query: URLSearchParams): DemoQuerySettings | undefined {
  const provider = oneOf(DEMO_PROVIDERS, query.get(DEMO_PARAM_NAMES.demo));
  if (!provider) return undefined;
  const latencyMs = readLatency(query.get(DEMO_PARAM_NAMES.latency));
  const fault = readFault(query.get(DEMO_PARAM_NAMES.fault));
  const failover = readFailover(query.get(DEMO_PARAM_NAMES.failover), provider);
  const update = readDemoUpdate(query) !== undefined;
  const outage = query.get(DEMO_PARAM_NAMES.outage) === '1';
  return {
    provider,
    ...(latencyMs === undefined ? {} : { latencyMs }),
    ...(fault === undefined ? {} : { fault }),
    ...(failover === undefined ? {} : { failover }),
    ...(update ? { update: true } : {}),
    ...(outage ? { outage: true as const } : {}),
  };
}

/**
 * The masked number a demo update session shows (`update=138****8000` beside `demo`), or undefined.
 * Only ever masked: like an update link's page, the demo page never holds the full number.
 */
export function readDemoUpdate(query: URLSearchParams): { maskedPhone: string } | undefined {
  const masked = query.get(DEMO_PARAM_NAMES.update);
  if (!oneOf(DEMO_PROVIDERS, query.get(DEMO_PARAM_NAMES.demo)) || masked === null || !MASKED_PHONE_PATTERN.test(masked)) return undefined;
  return { maskedPhone: masked };
}
