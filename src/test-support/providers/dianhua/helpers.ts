import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FieldValue } from '../../../flow';
import type { AdapterOutcome, ProviderFormStep } from '../../../providers/types';
import { createDianhuaAdapter } from '../../../providers/dianhua/adapter';
import type { DianhuaAdapterDeps, DianhuaConfig, DianhuaState } from '../../../providers/dianhua/adapter';
import { sandboxValuesFor } from '../../../providers/dianhua/sandbox-user';
import { startDianhuaSimulator } from '../../../providers/dianhua/simulator';
import type { DianhuaSimulatorOptions } from '../../../providers/dianhua/simulator';

const FIXTURES = fileURLToPath(new URL('../../../providers/dianhua/__tests__/__fixtures__/', import.meta.url));

export const APP_ID = 'dh-test-app';
export const APP_SECRET = 'dh-test-secret-7c1e';
export const USER_ID = 'user-42';

/** A fixture file's text, verbatim. */
export function fixture(name: string): string {
  return readFileSync(`${FIXTURES}${name}`, 'utf8');
}

export function adapterConfig(baseUrl: string, overrides: Partial<DianhuaConfig> = {}): DianhuaConfig {
  return { baseUrl, appId: APP_ID, appSecret: APP_SECRET, timeoutMs: 5_000, smsResend: 'off', maxSmsResends: 2, ...overrides };
}

export type Adapter = ReturnType<typeof createDianhuaAdapter>;
export type Outcome = AdapterOutcome<DianhuaState>;

/** A simulator and an adapter over it; `close` ends both. */
export async function simulated(
  overrides: Partial<DianhuaConfig> = {},
  simOptions: Partial<DianhuaSimulatorOptions> = {},
  deps: DianhuaAdapterDeps = {},
) {
  const sim = await startDianhuaSimulator({ appId: APP_ID, appSecret: APP_SECRET, timeoutFaultMs: 3_000, ...simOptions });
  const adapter = createDianhuaAdapter(adapterConfig(sim.url, overrides), deps);
  return {
    sim,
    adapter,
    async close() {
      await adapter.close();
      await sim.close();
    },
  };
}

export function valuesFor(step: ProviderFormStep, phone: string, password?: string): Record<string, FieldValue> {
  return sandboxValuesFor(step.fields, phone, password);
}

export function stepOf(outcome: Outcome): ProviderFormStep {
  if (outcome.type === 'step') return outcome.step;
  if (outcome.type === 'rejected' && outcome.step) return outcome.step;
  throw new Error(
    `expected a step, got ${outcome.type}${outcome.type === 'rejected' || outcome.type === 'failed' ? ` (${outcome.error.code})` : ''}`,
  );
}

/** Answers every step correctly until the flow ends or `maxSteps` is reached; returns the outcomes in order. */
export async function walk(adapter: Adapter, phone: string, options: { password?: string; maxSteps?: number; from?: Outcome } = {}) {
  const outcomes: Outcome[] = [options.from ?? (await adapter.start({ phone, userId: USER_ID }))];
  for (let i = 0; i < (options.maxSteps ?? 12); i++) {
    const last = outcomes[outcomes.length - 1]!;
    if (last.type === 'authorized' || last.type === 'failed') break;
    if (last.type === 'rejected' && !last.step) break;
    outcomes.push(await adapter.submit(last.state, valuesFor(stepOf(last), phone, options.password)));
  }
  return outcomes;
}
