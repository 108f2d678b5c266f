import { afterEach, describe, expect, it, vi } from 'vitest';
import { PROTOCOL_NAMESPACE, PROTOCOL_VERSION } from '../../../embed/constants';
import { WidgetMessageSchema, type StepInfo } from '../../../embed/protocol';
import { LENDER_ORIGIN } from '../../../test-support/widget/fixtures';
import { CHANNEL, createFakeHost } from '../../../test-support/widget/fake-host';
import { createBridge, HELLO_INTERVAL_MS, HELLO_MAX_TRIES } from '../bridge';

const STEP: StepInfo = { kind: 'phone', fields: ['phone'] };
const hosts: Array<ReturnType<typeof createFakeHost>> = [];
function host(options: Parameters<typeof createFakeHost>[0] = {}) {
  const created = createFakeHost(options);
  hosts.push(created);
  return created;
}

afterEach(() => {
  for (const created of hosts.splice(0)) created.dispose();
});

/** Lets the lazily loaded protocol chunk answer. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('bridge', () => {
  it('stays silent when the page has no parent', () => {
    const postMessage = vi.spyOn(window, 'postMessage');
    const bridge = createBridge({ channel: CHANNEL, parentOrigin: LENDER_ORIGIN });
    expect(bridge.accepts([LENDER_ORIGIN])).toBe(false);
    expect(bridge.connect([LENDER_ORIGIN], { locale: 'zh-CN' })).toBe(false);
    bridge.emit({ type: 'step_shown', data: { step: STEP } });
    expect(postMessage).not.toHaveBeenCalled();
    bridge.close();
  });

  it('stays silent when the link does not allow the claimed parent origin', () => {
    const fake = host();
    expect(fake.bridge.connect(['https://other.example'], { locale: 'zh-CN' })).toBe(false);
    fake.bridge.emit({ type: 'step_shown', data: { step: STEP } });
    fake.ack();
    expect(fake.postMessage).not.toHaveBeenCalled();
  });

  it('stays silent when the browser names another ancestor than the claimed parent', () => {
    const fake = host({ ancestorOrigins: ['https://evil.example'] });
    expect(fake.bridge.connect([LENDER_ORIGIN, 'https://evil.example'], { locale: 'zh-CN' })).toBe(false);
    expect(fake.postMessage).not.toHaveBeenCalled();
  });

  it('stays silent without a valid channel or with a parent origin that is not an origin', () => {
    for (const options of [{ channel: 'short' }, { parentOrigin: `${LENDER_ORIGIN}/path` }]) {
      const fake = host(options);
      expect(fake.bridge.connect([LENDER_ORIGIN, `${LENDER_ORIGIN}/path`], { locale: 'zh-CN' })).toBe(false);
      expect(fake.postMessage).not.toHaveBeenCalled();
    }
  });

  it('trusts the allowed origin where the browser has no ancestorOrigins', () => {
    const fake = host({ ancestorOrigins: undefined });
    expect(fake.bridge.connect([LENDER_ORIGIN], { locale: 'zh-CN' })).toBe(true);
    expect(fake.posted()[0]?.message).toMatchObject({ type: 'hello' });
  });

  it('repeats hello every 250 ms to the parent origin, 60 times at most', () => {
    vi.useFakeTimers();
    const fake = host();
    fake.bridge.connect([LENDER_ORIGIN], { locale: 'zh-CN' });
    expect(fake.posted()).toEqual([
      { message: { ns: PROTOCOL_NAMESPACE, v: PROTOCOL_VERSION, channel: CHANNEL, type: 'hello' }, targetOrigin: LENDER_ORIGIN },
    ]);
    vi.advanceTimersByTime(HELLO_INTERVAL_MS * 3);
    expect(fake.posted()).toHaveLength(4);
    vi.advanceTimersByTime(HELLO_INTERVAL_MS * 100);
    expect(fake.posted()).toHaveLength(HELLO_MAX_TRIES);
  });

  it('queues events until the acknowledgement, then sends ready first and the rest in order with seq', async () => {
    const fake = host();
    fake.bridge.emit({ type: 'step_shown', data: { step: STEP } });
    fake.bridge.connect([LENDER_ORIGIN], { locale: 'en' });
    fake.bridge.emit({ type: 'submitted', data: { step: STEP } });
    await settle();
    expect(fake.events()).toEqual([]);

    fake.ack();
    await settle();
    fake.bridge.emit({ type: 'resize', data: { height: 600 } });
    const events = fake.events();
    expect(events.map((event) => [event.type, event.seq])).toEqual([
      ['ready', 0],
      ['step_shown', 1],
      ['submitted', 2],
      ['resize', 3],
    ]);
    expect(events[0]).toEqual({
      ns: PROTOCOL_NAMESPACE,
      v: PROTOCOL_VERSION,
      channel: CHANNEL,
      seq: 0,
      type: 'ready',
      data: { locale: 'en' },
    });
    for (const event of events) expect(WidgetMessageSchema.safeParse(event).success).toBe(true);
    expect(new Set(fake.posted().map((entry) => entry.targetOrigin))).toEqual(new Set([LENDER_ORIGIN]));
  });

  it('stops saying hello once acknowledged', async () => {
    const fake = host();
    fake.bridge.connect([LENDER_ORIGIN], { locale: 'zh-CN' });
    fake.ack();
    await settle();
    const count = fake.posted().length;
    await new Promise((resolve) => setTimeout(resolve, HELLO_INTERVAL_MS * 2));
    expect(fake.posted()).toHaveLength(count);
  });

  it('ignores acknowledgements from another origin, another window, another channel or malformed ones', async () => {
    const fake = host();
    const stranger = host();
    fake.bridge.connect([LENDER_ORIGIN], { locale: 'zh-CN' });
    fake.bridge.emit({ type: 'step_shown', data: { step: STEP } });
    const ack = { ns: PROTOCOL_NAMESPACE, v: PROTOCOL_VERSION, channel: CHANNEL, type: 'hello_ack' };
    fake.ack({ origin: 'https://evil.example' });
    fake.ack({ source: stranger.parent });
    fake.ack({ data: { ...ack, channel: 'chan_another_one' } });
    fake.ack({ data: { ...ack, v: 2 } });
    fake.ack({ data: { ...ack, type: 'hello' } });
    fake.ack({ data: JSON.stringify(ack) });
    await settle();
    expect(fake.events()).toEqual([]);

    fake.ack();
    await settle();
    expect(fake.events().map((event) => event.type)).toEqual(['ready', 'step_shown']);
  });

  it('drops an event outside the protocol bounds instead of sending it', async () => {
    const fake = host();
    fake.bridge.connect([LENDER_ORIGIN], { locale: 'zh-CN' });
    fake.ack();
    await settle();
    fake.bridge.emit({ type: 'resize', data: { height: -1 } });
    fake.bridge.emit({ type: 'resize', data: { height: 10 } });
    expect(fake.events().map((event) => [event.type, event.seq])).toEqual([
      ['ready', 0],
      ['resize', 1],
    ]);
  });
});
