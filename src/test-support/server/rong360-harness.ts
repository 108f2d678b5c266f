import { createRong360Adapter } from '../../providers/rong360/adapter';
import type { Rong360State } from '../../providers/rong360/adapter';
import { SANDBOX_PASSWORD, SANDBOX_SMS_CODE } from '../../providers/rong360/sandbox';
import { sandboxValuesFor } from '../../providers/rong360/sandbox-user';
import { generateMerchantKeyPair, startRong360Simulator } from '../../providers/rong360/simulator';
import type { AdapterOutcome, ProviderAdapter } from '../../providers/types';
import type { FieldValue, FormStep } from '../../flow';
import { tokenKey } from '../../server/session/token';
import type { LinkOptions } from '../../server/app';
import { createTestApp } from './test-app';
import type { TestApp } from './test-app';

const APP_ID = '2010001';
// One key pair for the whole run: RSA generation is slow.
const KEYS = generateMerchantKeyPair();

export interface Harness {
  t: TestApp;
  /** One line per call that reached the simulator. */
  simCalls: string[];
  /** Calls made to the adapter, by method. */
  adapterCalls: string[];
  /** Values that must never reach the browser: hidden values, upstream ids, the key, token hashes. */
  secrets: Set<string>;
  /** Shifts the clock of the service, the store and the adapter. */
  advance(ms: number): void;
  /** Fails the test if any body holds a secret. */
  assertNoLeaks(tokens: readonly string[]): void;
  /** Fails the test if a log line holds the password, an SMS code or one of these full numbers. */
  assertCleanLogs(phones: readonly string[]): void;
  close(): Promise<void>;
}

/** Wraps an adapter to count its calls and remember every secret its states hold. */
function spy(inner: ProviderAdapter<Rong360State>, calls: string[], secrets: Set<string>): ProviderAdapter<Rong360State> {
  const remember = async (name: string, work: Promise<AdapterOutcome<Rong360State>>) => {
    calls.push(name);
    const outcome = await work;
    const { state } = outcome;
    secrets.add(state.userId);
    for (const value of Object.values(state.inputs)) if (value.length >= 6) secrets.add(value);
    for (const entry of state.next?.hidden ?? []) if (entry.value && entry.value.length >= 6) secrets.add(entry.value);
    if (outcome.type === 'authorized') secrets.add(outcome.taskId);
    return outcome;
  };
  return {
    provider: inner.provider,
    stateSchema: inner.stateSchema,
    start: (input) => remember('start', inner.start(input)),
    submit: (state, values) => remember('submit', inner.submit(state, values)),
    fieldAction: (state, fieldId, action) => remember(action, inner.fieldAction(state, fieldId, action)),
    cancel: (state) => remember('cancel', inner.cancel(state)),
  };
}

export async function startHarness(options: { timeoutMs?: number; timeoutFaultMs?: number; links?: LinkOptions } = {}): Promise<Harness> {
  let offset = 0;
  const now = () => Date.now() + offset;
  const simCalls: string[] = [];
  const adapterCalls: string[] = [];
  const secrets = new Set<string>([SANDBOX_PASSWORD]);
  const sim = await startRong360Simulator({
    merchants: { [APP_ID]: KEYS.publicKeyPem },
    port: 0,
    timeoutFaultMs: options.timeoutFaultMs ?? 5_000,
    log: (line) => void simCalls.push(line),
  });
  const adapter = createRong360Adapter(
    {
      gatewayUrl: sim.url,
      appId: APP_ID,
      privateKeyPem: KEYS.privateKeyPem,
      appName: 'carrierlink',
      appVersion: '1.0.0',
      platform: 'web',
      noticeUrl: 'http://127.0.0.1:3000/hooks/rong360',
      timeoutMs: options.timeoutMs ?? 10_000,
      smsResendSeconds: 60,
    },
    { now },
  );
  const t = await createTestApp({ adapter: spy(adapter, adapterCalls, secrets), now, ...(options.links ? { links: options.links } : {}) });
  // Key material: every base64 line of the PEM body, and the PEM header.
  const keyLines = KEYS.privateKeyPem.split('\n').filter((l) => l.length >= 40);

  return {
    t,
    simCalls,
    adapterCalls,
    secrets,
    advance: (ms) => void (offset += ms),
    assertNoLeaks(tokens) {
      const forbidden = [...secrets, ...keyLines, 'PRIVATE KEY', ...tokens.map(tokenKey)];
      for (const body of t.bodies) {
        for (const secret of forbidden) {
          if (body.includes(secret)) throw new Error(`a response leaked a secret (${secret.slice(0, 4)}...)`);
        }
      }
    },
    assertCleanLogs(phones) {
      const logs = t.logs.map((line) => {
        // Timestamps and durations are numbers that could contain any digits.
        const { time: _time, responseTime: _rt, ...rest } = JSON.parse(line) as Record<string, unknown>;
        return JSON.stringify(rest);
      });
      for (const secret of [SANDBOX_PASSWORD, SANDBOX_SMS_CODE, ...phones]) {
        const hit = logs.find((line) => line.includes(secret));
        if (hit) throw new Error(`a log line holds a secret: ${hit.slice(0, 120)}`);
      }
    },
    async close() {
      await t.close();
      await adapter.close();
      await sim.close();
    },
  };
}

/** A sandbox applicant on one number, answering each step as a person would. */
export class SandboxUser {
  constructor(readonly phone: string) {}

  /** Correct values for every field of the step (captchas read from their picture). */
  answer(step: FormStep): Record<string, FieldValue> {
    return sandboxValuesFor(step.fields, this.phone);
  }
}
