import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlowError } from '../../../flow';
import type { AdapterOutcome, ProviderFormStep } from '../../types';
import type { Rong360State } from '../adapter';
import { ERROR_SCENARIOS, FAULT_SCENARIOS, SANDBOX_PASSWORD } from '../sandbox';
import { EXPECTED_ERRORS } from '../../../test-support/providers/rong360/expected-errors';
import { expectNoLeak, startSandbox, valuesFor } from '../../../test-support/providers/rong360/helpers';

type Outcome = AdapterOutcome<Rong360State>;

let sandbox: Awaited<ReturnType<typeof startSandbox>>;
let faulty: Awaited<ReturnType<typeof startSandbox>>;
beforeAll(async () => {
  sandbox = await startSandbox();
  faulty = await startSandbox({ timeoutFaultMs: 2000 });
});
afterAll(async () => {
  await sandbox.close();
  await faulty.close();
});

describe('Rong360 adapter against the simulator: every appendix-A error scenario', () => {
  it.each(ERROR_SCENARIOS)('handles $code raised at $trigger ($flow flow, $phone)', async ({ phone, code, trigger }) => {
    const [expectedCode, target, retry] = EXPECTED_ERRORS[code]!;
    const retryable = retry === 'field' || retry === 'step';
    const adapter = sandbox.adapter();
    let outcome: Outcome = await adapter.start({ phone, userId: randomUUID() });
    let step: ProviderFormStep | undefined;
    const errors: FlowError[] = [];
    const errorSteps: Array<ProviderFormStep | undefined> = [];
    let refreshed = false;

    for (let i = 0; i < 10 && (outcome.type === 'step' || outcome.type === 'rejected'); i++) {
      expectNoLeak(outcome, [SANDBOX_PASSWORD, phone]);
      if (outcome.type === 'rejected') {
        errors.push(outcome.error);
        errorSteps.push(outcome.step);
      }
      step = outcome.step ?? step;
      if (!step) throw new Error('no step to answer');
      const captcha = step.fields.find((f) => f.kind === 'imageCaptcha' && f.refreshable);
      if (trigger === 'captchaRefresh' && captcha && !refreshed) {
        outcome = await adapter.fieldAction(outcome.state, captcha.id, 'refresh');
        refreshed = outcome.type === 'step';
      } else {
        outcome = await adapter.submit(outcome.state, valuesFor(step, phone));
      }
    }

    const expected = { code: expectedCode, target, retry, upstreamCode: code };
    if (retryable) {
      // Refused once at its trigger, with the user kept on a step; the retry then goes through.
      expect(errors).toEqual([expect.objectContaining(expected)]);
      expect(outcome.type).toBe('authorized');
      if (expectedCode === 'captcha_incorrect') expect(errorSteps[0]?.fields[0]?.kind).toBe('imageCaptcha');
    } else {
      expect(errors).toEqual([]);
      expect(outcome).toMatchObject({ type: 'failed', error: expected });
    }
  });
});

describe('Rong360 adapter against the simulator: transport faults', () => {
  it.each([
    ['timeout', 'upstream_timeout'],
    ['http502', 'upstream_unavailable'],
    ['garbage', 'upstream_invalid_response'],
    ['wrongShape', 'upstream_invalid_response'],
  ] as const)('turns the %s fault into a retryable %s on the password step', async (fault, code) => {
    const phone = FAULT_SCENARIOS.find((s) => s.fault === fault)!.phone;
    const adapter = faulty.adapter({ timeoutMs: 300 });
    const started = await adapter.start({ phone, userId: randomUUID() });
    const begun = Date.now();
    const outcome = await adapter.submit(started.state, { password: SANDBOX_PASSWORD });
    expect(Date.now() - begun).toBeLessThan(1500);
    expect(outcome).toMatchObject({ type: 'rejected', error: { code, retry: 'step', target: 'none' } });
    expect(outcome.type === 'rejected' && outcome.step).toBeUndefined(); // the password step stays
    expect(outcome.state.stage).toBe('login');
  });
});
