import { DEMO_FAULT_KINDS, DEMO_FAULT_POINTS, DEMO_PROVIDERS, MAX_DEMO_LATENCY_MS } from '../../flow';
import type { DemoConfigResponse, DemoFaultPoint, DemoProvider } from '../../flow';
import { PROVIDER_NAMES } from '../../providers/types';
import type { ProviderName } from '../../providers/types';

// flow cannot import providers, so it keeps its own list; these fail to compile if the two drift apart.
DEMO_PROVIDERS satisfies readonly ProviderName[];
PROVIDER_NAMES satisfies readonly DemoProvider[];

/** Where a fault at each point has an upstream call to fail: Rong360 builds its password step locally. */
const FAULT_PROVIDERS: Record<DemoFaultPoint, readonly DemoProvider[]> = {
  start: ['dianhua'],
  submit: DEMO_PROVIDERS,
};

/** GET /api/demo/config: what a demo session may ask for. */
export function demoConfig(): DemoConfigResponse {
  return {
    providers: [...DEMO_PROVIDERS],
    faults: DEMO_FAULT_POINTS.flatMap((at) => DEMO_FAULT_KINDS.map((kind) => ({ kind, at, providers: [...FAULT_PROVIDERS[at]] }))),
    maxLatencyMs: MAX_DEMO_LATENCY_MS,
  };
}
