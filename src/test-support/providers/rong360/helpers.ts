import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { FieldValue } from '../../../flow';
import type { AdapterOutcome, ProviderFormStep } from '../../../providers/types';
import { createRong360Adapter } from '../../../providers/rong360/adapter';
import type { Rong360AdapterDeps, Rong360Config } from '../../../providers/rong360/adapter';
import { sandboxValuesFor } from '../../../providers/rong360/sandbox-user';
import { startRong360Simulator } from '../../../providers/rong360/simulator';
import type { Rong360State } from '../../../providers/rong360/state';

const FIXTURES = fileURLToPath(new URL('../../../providers/rong360/__tests__/__fixtures__/', import.meta.url));

/** A fixture file's text, exactly as it would arrive over the wire. */
export function fixture(name: string): string {
  return readFileSync(`${FIXTURES}${name}`, 'utf8');
}

export const APP_ID = '1000001';
export const PRIVATE_KEY_PEM = fixture('merchant-private.pem');
export const PUBLIC_KEY_PEM = fixture('merchant-public.pem');

export function adapterConfig(gatewayUrl: string, overrides: Partial<Rong360Config> = {}): Rong360Config {
  return {
    gatewayUrl,
    appId: APP_ID,
    privateKeyPem: PRIVATE_KEY_PEM,
    appName: 'carrierlink',
    appVersion: '0.1.0',
    platform: 'web',
    noticeUrl: 'https://lender.example/rong360/notice',
    timeoutMs: 5000,
    smsResendSeconds: 60,
    ...overrides,
  };
}

/** The common parameters `adapterConfig` leads to, for a user id. */
export function expectedCommon(userId: string): Record<string, string> {
  return {
    merchant_id: APP_ID,
    app_name: 'carrierlink',
    app_version: '0.1.0',
    platform: 'web',
    user_id: userId,
    notice_url: 'https://lender.example/rong360/notice',
  };
}

export { sandboxCaptchaAnswer as captchaAnswer, sandboxValueFor as valueFor } from '../../../providers/rong360/sandbox-user';

export function valuesFor(step: ProviderFormStep, phone: string): Record<string, FieldValue> {
  return sandboxValuesFor(step.fields, phone);
}

/** Secrets of a state that must never show in a step: the password and every hidden value. */
export function secretsOf(state: Rong360State): string[] {
  const hidden = (state.next?.hidden ?? []).map((entry) => entry.value ?? '');
  return [state.inputs['password'] ?? '', ...hidden].filter((value) => value.length >= 6);
}

/** Asserts the outcome's step (if any) carries nothing of the adapter's secrets. */
export function expectNoLeak(outcome: AdapterOutcome<Rong360State>, secrets: readonly string[]): void {
  if (outcome.type !== 'step' && outcome.type !== 'rejected') return;
  const serialized = JSON.stringify(outcome.step ?? null);
  for (const secret of [...secrets, ...secretsOf(outcome.state)]) expect(serialized).not.toContain(secret);
}

export function stepOf(outcome: AdapterOutcome<Rong360State>): ProviderFormStep {
  if (outcome.type !== 'step') throw new Error(`expected a step, got ${JSON.stringify(outcome)}`);
  return outcome.step;
}

/** A simulator on a random port plus adapters pointed at it; `close` stops everything. */
export async function startSandbox(options: { timeoutFaultMs?: number } = {}) {
  const simulator = await startRong360Simulator({ merchants: { [APP_ID]: PUBLIC_KEY_PEM }, port: 0, ...options });
  const adapters: Array<{ close(): Promise<void> }> = [];
  return {
    url: simulator.url,
    adapter(overrides: Partial<Rong360Config> = {}, deps: Rong360AdapterDeps = {}) {
      const adapter = createRong360Adapter(adapterConfig(simulator.url, overrides), deps);
      adapters.push(adapter);
      return adapter;
    },
    async close() {
      await Promise.all(adapters.map((adapter) => adapter.close()));
      await simulator.close();
    },
  };
}
