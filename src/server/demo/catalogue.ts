import { DEMO_FAULT_KINDS, DEMO_FAULT_POINTS, DEMO_PROVIDERS, MAX_DEMO_LATENCY_MS } from '../../flow';
import type { DemoConfigResponse, DemoFaultPoint, DemoProvider } from '../../flow';
import { VENDOR_LIST } from '../../providers/registry';

/** Where a fault at each point has an upstream call to fail: some vendors build their first step locally. */
const FAULT_PROVIDERS: Record<DemoFaultPoint, readonly DemoProvider[]> = {
  start: VENDOR_LIST.filter((vendor) => vendor.demo.faultsAtStart).map((vendor) => vendor.name),
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
