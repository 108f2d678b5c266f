/**
 * Every port the end-to-end suite binds, as offsets from one base (E2E_PORT_BASE, default 4310), so
 * two checkouts on one machine can run the suite side by side with different bases.
 */
const BASE = Number(process.env.E2E_PORT_BASE ?? 4310);

export const E2E_PORTS = {
  /** The main BFF (Rong360 simulator) and its example lender page. */
  bff: BASE,
  foreignBff: BASE + 1,
  foreignUpstream: BASE + 2,
  exampleLender: BASE + 5,
  dianhuaBff: BASE + 10,
  foreignDianhuaBff: BASE + 11,
  foreignDianhua: BASE + 12,
  /** e2e/restart.spec.ts starts its own server and webhook receiver. */
  restart: BASE + 20,
  restartReceiver: BASE + 21,
  /** e2e/scale-out.spec.ts: a shared vendor simulator, a counting proxy in front of it, a load balancer, two instances, a webhook receiver. */
  scaleSimulator: BASE + 30,
  scaleVendorProxy: BASE + 31,
  scaleBalancer: BASE + 32,
  scaleInstanceA: BASE + 33,
  scaleInstanceB: BASE + 34,
  scaleReceiver: BASE + 35,
  /** e2e/limits.spec.ts starts its own server with tight abuse limits. */
  limits: BASE + 22,
  /** e2e/failover.spec.ts starts its own server with both vendors and low outage thresholds. */
  failover: BASE + 24,
} as const;
