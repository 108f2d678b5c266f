import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { PROVIDER_CONTRACT } from '../../test-support/providers/provider-contract';
import type { ContractHarness } from '../../test-support/providers/provider-contract';
import type { AdapterOutcome, ProviderAdapter } from '../types';

// The contract must be able to fail: a fake adapter that leaks its upstream id, and one that maps
// the vendor error wrongly, are caught.

type State = { sid: string };
const SID = 'SID-secret-0001';

function fakeHarness(adapter: ProviderAdapter<State>): ContractHarness<State> {
  return {
    provider: 'dianhua',
    adapter,
    phones: { twoSteps: '15100000001', captcha: '15100000005', sms: '15100000001', garbage: '15400000200' },
    upstreamError: { phone: '15300004990', code: 'sms_code_still_valid', target: 'smsCode', retry: 'field' },
    answer: () => 'x',
    wrongPassword: '000000',
    upstreamCalls: () => 0,
    secrets: (state) => [state.sid],
    close: async () => undefined,
  };
}

function fakeAdapter(notice: string, refuse: AdapterOutcome<State>['type'] = 'rejected'): ProviderAdapter<State> {
  const state = { sid: SID };
  const step = { intent: 'login' as const, fields: [{ id: 'p', kind: 'servicePassword' as const, required: true }], notice };
  const error = { code: 'upstream_error' as const, target: 'none' as const, retry: 'step' as const, message: 'x', upstreamCode: '1' };
  return {
    provider: 'dianhua',
    stateSchema: z.object({ sid: z.string() }),
    start: async () => ({ type: 'step', state, step }),
    submit: async () => (refuse === 'rejected' ? { type: 'rejected', state, error, step } : { type: 'failed', state, error }),
    fieldAction: async () => ({ type: 'rejected', state, error }),
    cancel: async () => ({ type: 'rejected', state, error }),
  };
}

const behaviour = (start: string) => PROVIDER_CONTRACT.find((c) => c.name.startsWith(start))!;

describe('provider contract self-check', () => {
  it('fails an adapter whose step shows its upstream id', async () => {
    await expect(behaviour('starts on a form step').run(fakeHarness(fakeAdapter(`sid ${SID}`)))).rejects.toThrow(/secret or upstream id/);
    await expect(behaviour('starts on a form step').run(fakeHarness(fakeAdapter('hello')))).resolves.toBeUndefined();
  });

  it('fails an adapter that maps the vendor error to the wrong code', async () => {
    await expect(behaviour('maps a vendor error').run(fakeHarness(fakeAdapter('hello')))).rejects.toThrow();
    await expect(behaviour('turns an upstream answer').run(fakeHarness(fakeAdapter('hello', 'failed')))).rejects.toThrow();
  });
});
