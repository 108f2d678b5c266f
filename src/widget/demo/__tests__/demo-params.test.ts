import { describe, expect, it } from 'vitest';
import * as flow from '../../../flow';
import { DemoSettingsSchema } from '../../../flow/schemas';
import { readWidgetParams } from '../../embed/params';
import { DEMO_FAULT_KINDS, DEMO_FAULT_POINTS, DEMO_PROVIDERS, MAX_DEMO_LATENCY_MS, readDemoSettings } from '../demo-params';

const read = (query: string) => readDemoSettings(new URLSearchParams(query));

describe('demo parameters', () => {
  it('keep the same lists as flow/demo, copied to keep zod out of the entry chunk', () => {
    expect(DEMO_PROVIDERS).toEqual(flow.DEMO_PROVIDERS);
    expect(DEMO_FAULT_KINDS).toEqual(flow.DEMO_FAULT_KINDS);
    expect(DEMO_FAULT_POINTS).toEqual(flow.DEMO_FAULT_POINTS);
    expect(MAX_DEMO_LATENCY_MS).toBe(flow.MAX_DEMO_LATENCY_MS);
  });

  it('read a provider, a latency and a fault', () => {
    expect(read('?demo=rong360&latency=800&fault=timeout@submit')).toEqual({
      provider: 'rong360',
      latencyMs: 800,
      fault: { kind: 'timeout', at: 'submit' },
    });
    expect(read('?demo=dianhua&fault=5xx%40start')).toEqual({ provider: 'dianhua', fault: { kind: '5xx', at: 'start' } });
    expect(read('?demo=dianhua')).toEqual({ provider: 'dianhua' });
  });

  it('mean nothing without a known provider', () => {
    for (const query of ['', '?latency=800&fault=timeout@submit', '?demo=', '?demo=Rong360', '?demo=live', '?demo=rong360x']) {
      expect(read(query), query).toBeUndefined();
    }
  });

  it('clamp the latency to a whole 0..10000 ms and ignore what is not a number', () => {
    expect(read('?demo=rong360&latency=0')?.latencyMs).toBe(0);
    expect(read('?demo=rong360&latency=10000')?.latencyMs).toBe(10_000);
    expect(read('?demo=rong360&latency=60000')?.latencyMs).toBe(10_000);
    expect(read('?demo=rong360&latency=-5')?.latencyMs).toBe(0);
    expect(read('?demo=rong360&latency=250.6')?.latencyMs).toBe(251);
    for (const bad of ['', 'abc', '1e4', '0x10', ' 5', '5ms', 'NaN', 'Infinity', '1234567890']) {
      expect(read(`?demo=rong360&latency=${encodeURIComponent(bad)}`), bad).toEqual({ provider: 'rong360' });
    }
  });

  it('ignore a fault that is not kind@at from the lists', () => {
    for (const bad of [
      'timeout',
      'timeout@',
      '@submit',
      'timeout@later',
      'crash@submit',
      'timeout@submit@start',
      'TIMEOUT@submit',
      'timeout-submit',
    ]) {
      expect(read(`?demo=dianhua&fault=${encodeURIComponent(bad)}`), bad).toEqual({ provider: 'dianhua' });
    }
  });

  it('ask for a simulated outage with outage=1 only', () => {
    expect(read('?demo=rong360&outage=1')).toEqual({ provider: 'rong360', outage: true });
    for (const other of ['0', 'true', 'yes', '', '11']) {
      expect(read(`?demo=rong360&outage=${other}`), other).toEqual({ provider: 'rong360' });
    }
    expect(read('?outage=1')).toBeUndefined();
  });

  it('produce only settings the server accepts', () => {
    for (const query of [
      '?demo=rong360&latency=99999&fault=malformed@submit',
      '?demo=dianhua&latency=-1&fault=timeout@start',
      '?demo=rong360&outage=1&failover=dianhua',
    ]) {
      const settings = read(query);
      expect(DemoSettingsSchema.safeParse(settings).success, query).toBe(true);
    }
  });

  it('are part of the page parameters', () => {
    expect(readWidgetParams('?demo=dianhua&latency=300&locale=en').demo).toEqual({ provider: 'dianhua', latencyMs: 300 });
    expect(readWidgetParams('?locale=en').demo).toBeUndefined();
  });
});
