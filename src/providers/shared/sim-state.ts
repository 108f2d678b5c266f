/**
 * Synchronous key-value space an in-process simulator keeps its sessions in, so a CarrierLink
 * restart mid-flow finds the upstream where it was (as a live vendor would be). The server's
 * durable store implements it; without one, simulators keep state in memory only.
 */
export interface SimulatorStateStore {
  load(namespace: string): Map<string, unknown>;
  save(namespace: string, id: string, value: unknown): void;
  delete(namespace: string, id: string): void;
}
