import type { DemoFault, DemoFaultKind, DemoFaultPoint, DemoProvider, DemoSettings } from '../../flow';

// flow/demo's lists; importing that module by value would pull zod into the entry chunk (a test
// pins the two together, as api/get-link.ts does for LINK_TOKEN_PATTERN).
export const DEMO_PROVIDERS: readonly DemoProvider[] = ['rong360', 'dianhua'];
export const DEMO_FAULT_KINDS: readonly DemoFaultKind[] = ['timeout', '5xx', 'malformed'];
export const DEMO_FAULT_POINTS: readonly DemoFaultPoint[] = ['start', 'submit'];
export const MAX_DEMO_LATENCY_MS = 10_000;

/** The widget's demo URL parameters: `?demo=rong360&latency=800&fault=timeout@submit`. */
export const DEMO_PARAM_NAMES = { demo: 'demo', latency: 'latency', fault: 'fault' } as const;

function oneOf<T extends string>(list: readonly T[], value: string | null | undefined): T | undefined {
  return list.find((entry) => entry === value);
}

/** Milliseconds as decimal digits (a sign and a fraction allowed), rounded and clamped to 0..max. */
function readLatency(value: string | null): number | undefined {
  if (value === null || !/^-?\d{1,9}(?:\.\d+)?$/.test(value)) return undefined;
  return Math.min(MAX_DEMO_LATENCY_MS, Math.max(0, Math.round(Number(value))));
}

/** `kind@at`, both from the lists above; anything else is no fault. */
function readFault(value: string | null): DemoFault | undefined {
  const [kindText, atText, ...rest] = (value ?? '').split('@');
  const kind = oneOf(DEMO_FAULT_KINDS, kindText);
  const at = oneOf(DEMO_FAULT_POINTS, atText);
  return kind && at && rest.length === 0 ? { kind, at } : undefined;
}

/**
 * Demo settings from the page URL, or undefined when `demo` names no simulated vendor (then
 * `latency` and `fault` mean nothing). Invalid values are dropped, never sent: the server would
 * refuse the whole start with a 400.
 */
export function readDemoSettings(query: URLSearchParams): DemoSettings | undefined {
  const provider = oneOf(DEMO_PROVIDERS, query.get(DEMO_PARAM_NAMES.demo));
  if (!provider) return undefined;
  const latencyMs = readLatency(query.get(DEMO_PARAM_NAMES.latency));
  const fault = readFault(query.get(DEMO_PARAM_NAMES.fault));
  return {
    provider,
    ...(latencyMs === undefined ? {} : { latencyMs }),
    ...(fault === undefined ? {} : { fault }),
  };
}
