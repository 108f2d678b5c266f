import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AnalyticsEventInput } from '../../store/types';
import { provinceOf } from '../province';
import { createAnalyticsRecorder } from '../recorder';

const event = (sessionId: string, code: string | null = null): AnalyticsEventInput => ({
  sessionId,
  at: '2030-03-01T08:00:00.000Z',
  kind: 'error',
  source: 'server',
  stage: null,
  screen: null,
  fields: [],
  code,
  field: null,
  upstreamCode: null,
  context: { lenderId: 'acme', provider: 'rong360', carrier: null, province: null, demo: false },
});

afterEach(() => vi.useRealTimers());

describe('the analytics recorder', () => {
  it('writes queued events together after the delay, or at once when a batch is full', async () => {
    vi.useFakeTimers();
    const batches: number[] = [];
    const recorder = createAnalyticsRecorder({
      store: { record: async (events) => void batches.push(events.length) },
      log: { warn: vi.fn(), error: vi.fn() },
      flushDelayMs: 100,
      maxBatch: 3,
    });
    recorder.record(event('a'));
    recorder.record(event('b'));
    expect(batches).toEqual([]);
    await vi.advanceTimersByTimeAsync(100);
    expect(batches).toEqual([2]);
    for (const id of ['c', 'd', 'e']) recorder.record(event(id));
    await vi.advanceTimersByTimeAsync(0);
    expect(batches).toEqual([2, 3]);
    expect(recorder.pending()).toBe(0);
  });

  it('writes a refused batch event by event, losing only the bad one, and says so without its contents', async () => {
    const written: string[] = [];
    const error = vi.fn();
    const recorder = createAnalyticsRecorder({
      store: {
        record: async (events) => {
          if (events.some((e) => e.code === 'bad')) throw new TypeError('refused');
          written.push(...events.map((e) => e.sessionId));
        },
      },
      log: { warn: vi.fn(), error },
    });
    recorder.record(event('a'));
    recorder.record(event('b', 'bad'));
    recorder.record(event('c'));
    await recorder.flush();
    expect(written).toEqual(['a', 'c']);
    expect(error).toHaveBeenCalledTimes(1);
    expect(JSON.stringify(error.mock.calls)).not.toContain('"b"');
  });

  it('keeps at most maxPending events while the store falls behind, and counts what it dropped', async () => {
    const warn = vi.fn();
    let release: () => void = () => undefined;
    const recorder = createAnalyticsRecorder({
      store: { record: () => new Promise<void>((done) => (release = done)) },
      log: { warn, error: vi.fn() },
      maxPending: 5,
      maxBatch: 1000,
    });
    for (let i = 0; i < 8; i += 1) recorder.record(event(`s${i}`));
    expect(recorder.pending()).toBe(5);
    const flushed = recorder.flush();
    await new Promise((done) => setTimeout(done, 0));
    release();
    await flushed;
    expect(warn).toHaveBeenCalledWith({ dropped: 3 }, expect.any(String));
  });
});

describe('provinceOf', () => {
  it("reads the province at the start of a vendor's region", () => {
    expect(provinceOf('北京')).toBe('北京');
    expect(provinceOf('广东深圳')).toBe('广东');
    expect(provinceOf('内蒙古自治区呼和浩特')).toBe('内蒙古');
    expect(provinceOf('中国上海')).toBe('上海');
    expect(provinceOf('深圳')).toBeNull();
    expect(provinceOf('')).toBeNull();
    expect(provinceOf(null)).toBeNull();
  });
});
