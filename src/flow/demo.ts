import * as z from 'zod/mini';
import { DEMO_FAULT_KINDS, DEMO_FAULT_POINTS, DEMO_PROVIDERS, MAX_DEMO_LATENCY_MS } from './demo-query';

/**
 * Demo mode: a session started with `demo` runs on the built-in simulators, whatever the
 * server's upstream configuration, with optional latency and one injected transport fault.
 *
 *   GET /api/demo/config    -> DemoConfigResponse (404 when the server runs with DEMO_MODE=off)
 */

export { DEMO_FAULT_KINDS, DEMO_FAULT_POINTS, DEMO_PROVIDERS, MAX_DEMO_LATENCY_MS };
export type { DemoFaultKind, DemoFaultPoint, DemoProvider } from './demo-query';

export const DemoFaultSchema = z.object({
  kind: z.enum(DEMO_FAULT_KINDS),
  at: z.enum(DEMO_FAULT_POINTS),
});
export type DemoFault = z.infer<typeof DemoFaultSchema>;

/** `StartSessionRequest.demo`: refused (400 bad_request) unless the server runs in demo mode. */
export const DemoSettingsSchema = z.object({
  provider: z.enum(DEMO_PROVIDERS),
  /** Waited before every upstream call of the session. */
  latencyMs: z.optional(z.number().check(z.int(), z.minimum(0), z.maximum(MAX_DEMO_LATENCY_MS))),
  /** Fails every upstream call of the first action of its kind; later actions run clean. */
  fault: z.optional(DemoFaultSchema),
  /** Simulated vendors to fail over to, in order, when `provider` answers maintenance before the password. */
  failover: z.optional(z.array(z.enum(DEMO_PROVIDERS)).check(z.maxLength(DEMO_PROVIDERS.length))),
  /** An update session on the vendor's demo update number: the start names no number (the server has it). */
  update: z.optional(z.literal(true)),
  /**
   * The phone step shows a simulated carrier outage (it asks GET /api/outages?demo=1&simulate=outage);
   * the session itself runs as without it.
   */
  outage: z.optional(z.literal(true)),
});
export type DemoSettings = z.infer<typeof DemoSettingsSchema>;

/**
 * One fault the server can inject. `providers` lists where it shows: a vendor whose start makes no
 * upstream call (its password step is built locally) has nothing for a start fault to fail.
 */
export const DemoFaultOptionSchema = z.object({
  kind: z.enum(DEMO_FAULT_KINDS),
  at: z.enum(DEMO_FAULT_POINTS),
  providers: z.array(z.enum(DEMO_PROVIDERS)),
});
export type DemoFaultOption = z.infer<typeof DemoFaultOptionSchema>;

/** GET /api/demo/config. */
export const DemoConfigResponseSchema = z.object({
  providers: z.array(z.enum(DEMO_PROVIDERS)),
  faults: z.array(DemoFaultOptionSchema),
  maxLatencyMs: z.number().check(z.int(), z.nonnegative()),
});
export type DemoConfigResponse = z.infer<typeof DemoConfigResponseSchema>;
