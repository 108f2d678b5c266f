import { afterEach, describe, expect, it } from 'vitest';
import type { FieldValue } from '../../flow';
import { createDianhuaAdapter } from '../dianhua/adapter';
import { SANDBOX_NEW_PASSWORD } from '../dianhua/sandbox';
import { sandboxValuesFor as dianhuaValues } from '../dianhua/sandbox-user';
import { startDianhuaSimulator } from '../dianhua/simulator';
import { createRong360Adapter } from '../rong360/adapter';
import { sandboxValuesFor as rong360Values } from '../rong360/sandbox-user';
import { generateMerchantKeyPair, startRong360Simulator } from '../rong360/simulator';
import { adapterConfig as rong360Config } from '../../test-support/providers/rong360/helpers';
import { createPushSender } from '../shared/sim-push';
import type { SimulatorStateStore } from '../shared/sim-state';
import type { AdapterOutcome, ProviderFormStep } from '../types';
import { startPushReceiver, sleep } from '../../test-support/providers/push-receiver';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

/** A state store that keeps JSON text, as a database would: anything not plain JSON is lost. */
function jsonStateStore(): SimulatorStateStore & { count(namespace: string): number } {
  const spaces = new Map<string, Map<string, string>>();
  const space = (namespace: string) => spaces.get(namespace) ?? spaces.set(namespace, new Map()).get(namespace)!;
  return {
    load: (namespace) => new Map([...space(namespace)].map(([id, text]) => [id, JSON.parse(text) as unknown])),
    save: (namespace, id, value) => void space(namespace).set(id, JSON.stringify(value)),
    delete: (namespace, id) => void space(namespace).delete(id),
    count: (namespace) => space(namespace).size,
  };
}

function stepOf<S>(outcome: AdapterOutcome<S>): ProviderFormStep {
  if (outcome.type !== 'step') throw new Error(`expected a step, got ${outcome.type}`);
  return outcome.step;
}
const asks = (outcome: AdapterOutcome<unknown>, kind: string) => stepOf(outcome).fields.some((field) => field.kind === kind);
type Values = (fields: ProviderFormStep['fields'], phone: string) => Record<string, FieldValue>;

/** Answers steps correctly until `stop` holds for the current outcome. */
async function walkUntil<S>(
  adapter: { submit(state: S, values: Record<string, FieldValue>): Promise<AdapterOutcome<S>> },
  from: AdapterOutcome<S>,
  phone: string,
  values: Values,
  stop: (outcome: AdapterOutcome<S>) => boolean,
): Promise<AdapterOutcome<S>> {
  let outcome = from;
  for (let i = 0; i < 8 && !stop(outcome); i++) outcome = await adapter.submit(outcome.state, values(stepOf(outcome).fields, phone));
  return outcome;
}

describe('simulators sharing a state store across a restart', () => {
  it('Rong360: a login half done in one simulator is finished in a new one with a new merchant key', async () => {
    const state = jsonStateStore();
    const phone = '13800138001'; // password, then an image captcha, then the SMS code
    const first = generateMerchantKeyPair();
    const simA = await startRong360Simulator({ merchants: { 'app-a': first.publicKeyPem }, state });
    const adapterA = createRong360Adapter(rong360Config(simA.url, { appId: 'app-a', privateKeyPem: first.privateKeyPem }));
    const start = await adapterA.start({ phone, userId: 'restart-user-1' });
    const atSms = await walkUntil(adapterA, start, phone, rong360Values, (o) => asks(o, 'smsCode'));
    await adapterA.close();
    await simA.close();

    const second = generateMerchantKeyPair();
    const simB = await startRong360Simulator({ merchants: { 'app-b': second.publicKeyPem }, state });
    const adapterB = createRong360Adapter(rong360Config(simB.url, { appId: 'app-b', privateKeyPem: second.privateKeyPem }));
    cleanups.push(simB.close, adapterB.close);
    const done = await adapterB.submit(atSms.state, rong360Values(stepOf(atSms).fields, phone));
    expect(done).toMatchObject({ type: 'authorized', taskId: expect.any(String) });
    expect(state.count('rong360:tasks')).toBe(1);
  });

  it('Dianhua: a second verification begun in one simulator is finished in a new one, tokens refreshed', async () => {
    const state = jsonStateStore();
    const phone = '15100000004'; // password, then an SMS code round, then a captcha round
    const simA = await startDianhuaSimulator({ appId: 'a', appSecret: 'secret-a', state });
    const config = { timeoutMs: 5_000, smsResend: 'off' as const, maxSmsResends: 2 };
    const adapterA = createDianhuaAdapter({ ...config, baseUrl: simA.url, appId: 'a', appSecret: 'secret-a' });
    const start = await adapterA.start({ phone, userId: 'restart-user-2' });
    const atCaptcha = await walkUntil(adapterA, start, phone, dianhuaValues, (o) => asks(o, 'imageCaptcha'));
    await adapterA.close();
    await simA.close();

    const simB = await startDianhuaSimulator({ appId: 'b', appSecret: 'secret-b', state });
    const adapterB = createDianhuaAdapter({ ...config, baseUrl: simB.url, appId: 'b', appSecret: 'secret-b' });
    cleanups.push(simB.close, adapterB.close);
    const done = await adapterB.submit(atCaptcha.state, dianhuaValues(stepOf(atCaptcha).fields, phone));
    expect(done).toMatchObject({ type: 'authorized', taskId: expect.stringMatching(/^SID/) });
  });

  it('Dianhua: a recovery begun in one simulator ends in a second, and its password holds in a third', async () => {
    const state = jsonStateStore();
    const phone = '15200000001'; // recovery: name and ID card, SMS code, then a new password
    const config = { timeoutMs: 5_000, smsResend: 'off' as const, maxSmsResends: 2, appId: 'a', appSecret: 'secret-a' };
    async function instance() {
      const sim = await startDianhuaSimulator({ appId: 'a', appSecret: 'secret-a', state });
      const adapter = createDianhuaAdapter({ ...config, baseUrl: sim.url });
      return { adapter, close: async () => (await adapter.close(), await sim.close()) };
    }
    const a = await instance();
    const start = await a.adapter.start({ phone, userId: 'restart-user-3' });
    const recovering = await a.adapter.fieldAction(start.state, 'password', 'recover');
    const afterIdentity = await a.adapter.submit(recovering.state, dianhuaValues(stepOf(recovering).fields, phone));
    expect(stepOf(afterIdentity).purpose).toBe('recoverPassword');
    await a.close();

    const b = await instance();
    const back = await walkUntil(b.adapter, afterIdentity, phone, dianhuaValues, (o) => stepOf(o).purpose !== 'recoverPassword');
    expect(asks(back, 'servicePassword')).toBe(true);
    await b.close();

    const c = await instance();
    cleanups.push(c.close);
    const fresh = await c.adapter.start({ phone, userId: 'restart-user-3' });
    const refused = await c.adapter.submit(fresh.state, dianhuaValues(stepOf(fresh).fields, phone));
    expect(refused).toMatchObject({ type: 'rejected', error: { upstreamCode: '4012' } });
    const accepted = await c.adapter.submit(refused.state, dianhuaValues(stepOf(fresh).fields, phone, SANDBOX_NEW_PASSWORD));
    expect(accepted.type).toBe('step');
    expect(asks(accepted, 'smsCode')).toBe(true);
  });

  it('delivers a push scheduled before close from the new simulator', async () => {
    const state = jsonStateStore();
    const hooks = await startPushReceiver(() => ({ status: 200, body: 'ok' }));
    cleanups.push(hooks.close);
    const push = { authUrl: () => undefined, reportUrl: () => `${hooks.origin}/report` };
    const simA = await startDianhuaSimulator({ appId: 'a', appSecret: 'secret-a', state, crawlMs: 200, push });
    const adapterA = createDianhuaAdapter({
      baseUrl: simA.url,
      appId: 'a',
      appSecret: 'secret-a',
      timeoutMs: 5_000,
      smsResend: 'off',
      maxSmsResends: 2,
    });
    const start = await adapterA.start({ phone: '15000000100', userId: 'restart-user-4' });
    const done = await walkUntil(adapterA, start, '15000000100', dianhuaValues, (o) => o.type !== 'step');
    expect(done.type).toBe('authorized');
    await adapterA.close();
    await simA.close();
    expect(state.count('dianhua:pushes')).toBe(1);
    expect(hooks.received).toHaveLength(0);

    const simB = await startDianhuaSimulator({ appId: 'b', appSecret: 'secret-b', state, crawlMs: 200, push });
    cleanups.push(simB.close);
    await hooks.waitFor(1);
    expect(hooks.received[0]?.path).toBe('/report');
    await sleep(50);
    expect(state.count('dianhua:pushes')).toBe(0);
  });

  it('resumes a push whose first attempt failed with the attempts it has left', async () => {
    const state = jsonStateStore();
    const hooks = await startPushReceiver((n) => ({ status: 200, body: n === 1 ? 'fail' : 'success' }));
    cleanups.push(hooks.close);
    const firstLog: string[] = [];
    const first = createPushSender({ namespace: 'test', state, delaysMs: [150], log: (line) => firstLog.push(line) });
    first.schedule({ id: 'p1', url: `${hooks.origin}/n`, contentType: 'text/plain', body: 'x', expect: 'success', dueAt: Date.now() });
    await hooks.waitFor(1);
    while (firstLog.length === 0) await sleep(5);
    expect(firstLog).toEqual(['push /n attempt 1/3 -> answered other than "success"; next attempt in 150 ms']);
    await first.close();
    const saved = [...state.load('test').values()];
    expect(saved).toMatchObject([{ id: 'p1', attempts: 1 }]);

    const log: string[] = [];
    const second = createPushSender({ namespace: 'test', state, log: (line) => log.push(line) });
    cleanups.push(second.close);
    expect(second.pending()).toBe(1);
    await hooks.waitFor(2);
    await sleep(20);
    expect(log).toEqual(['push /n attempt 2/3 -> delivered']);
    expect(second.pending()).toBe(0);
    expect(state.count('test')).toBe(0);
  });
});
