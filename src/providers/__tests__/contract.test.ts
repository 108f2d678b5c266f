import { afterEach, describe, it } from 'vitest';
import { PROVIDER_CONTRACT } from '../../test-support/providers/provider-contract';
import type { ContractHarness } from '../../test-support/providers/provider-contract';
import { createDianhuaAdapter } from '../dianhua/adapter';
import type { DianhuaState } from '../dianhua/adapter';
import { sandboxValueFor as dianhuaValue } from '../dianhua/sandbox-user';
import { startDianhuaSimulator } from '../dianhua/simulator';
import { createRong360Adapter } from '../rong360/adapter';
import { sandboxValueFor as rong360Value } from '../rong360/sandbox-user';
import { startRong360Simulator } from '../rong360/simulator';
import type { Rong360State } from '../rong360/state';
import {
  adapterConfig as rong360Config,
  APP_ID as RONG360_APP_ID,
  PUBLIC_KEY_PEM,
  secretsOf,
} from '../../test-support/providers/rong360/helpers';
import { idsIn, startRecordingProxy } from '../../test-support/recording-proxy';

// Each behaviour runs on a fresh simulator per provider: the simulators keep per-number memory.

async function rong360Harness(): Promise<ContractHarness<Rong360State>> {
  const sim = await startRong360Simulator({ merchants: { [RONG360_APP_ID]: PUBLIC_KEY_PEM } });
  const origin = new URL(sim.url).origin;
  const proxy = await startRecordingProxy(origin);
  const adapter = createRong360Adapter(rong360Config(`${proxy.url}/gateway`));
  return {
    provider: 'rong360',
    adapter,
    phones: { twoSteps: '13800138000', captcha: '13800138001', sms: '13800138000', garbage: '13900000200' },
    upstreamError: { phone: '13900211101', code: 'sms_code_incorrect', target: 'smsCode', retry: 'field' },
    answer: rong360Value,
    wrongPassword: '000000',
    upstreamCalls: () => proxy.exchanges.length,
    secrets: (state) => [...secretsOf(state), ...idsIn(proxy.exchanges, ['task_token'])],
    async close() {
      await adapter.close();
      await proxy.close();
      await sim.close();
    },
  };
}

const DIANHUA_APP = { appId: 'contract-app', appSecret: 'contract-secret-3e9f' };

async function dianhuaHarness(): Promise<ContractHarness<DianhuaState>> {
  const sim = await startDianhuaSimulator(DIANHUA_APP);
  const proxy = await startRecordingProxy(sim.url);
  const adapter = createDianhuaAdapter({
    ...DIANHUA_APP,
    baseUrl: proxy.url,
    timeoutMs: 5_000,
    smsResend: 'endpoint',
    maxSmsResends: 2,
  });
  return {
    provider: 'dianhua',
    adapter,
    phones: { twoSteps: '15100000001', captcha: '15100000005', sms: '15100000001', garbage: '15400000200' },
    upstreamError: { phone: '15300004990', code: 'sms_code_still_valid', target: 'smsCode', retry: 'field' },
    answer: (field, phone) => dianhuaValue(field, phone),
    wrongPassword: '000000',
    upstreamCalls: () => proxy.exchanges.length,
    secrets: (state) =>
      [DIANHUA_APP.appSecret, state.sid, state.recovery?.tid ?? '', ...idsIn(proxy.exchanges, ['token', 'sid', 'tid'])].filter(
        (s) => s.length >= 6,
      ),
    async close() {
      await adapter.close();
      await proxy.close();
      await sim.close();
    },
  };
}

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  while (open.length) await open.pop()?.close();
});

function describeContract<S>(provider: string, makeHarness: () => Promise<ContractHarness<S>>): void {
  describe(`provider contract: ${provider}`, () => {
    for (const behaviour of PROVIDER_CONTRACT) {
      it(behaviour.name, async () => {
        const harness = await makeHarness();
        open.push(harness);
        await behaviour.run(harness);
      });
    }
  });
}

describeContract('rong360', rong360Harness);
describeContract('dianhua', dianhuaHarness);
