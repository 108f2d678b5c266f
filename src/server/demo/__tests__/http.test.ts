import { describe, expect, it } from 'vitest';
import type { HttpClient } from '../../../providers/http';
import { UpstreamError } from '../../../providers/upstream-error';
import { createDemoContext } from '../context';
import { createDemoHttpClient } from '../http';

function fakeInner(): HttpClient & { sent: string[]; closed: boolean } {
  const sent: string[] = [];
  const inner = {
    sent,
    closed: false,
    postForm: async (url: string) => (sent.push(`form ${url}`), { status: 200, body: '{"ok":1}' }),
    postJson: async (url: string) => (sent.push(`json ${url}`), { status: 200, body: '{"ok":1}' }),
    get: async (url: string) => (sent.push(`get ${url}`), { status: 200, body: '{"ok":1}' }),
    close: async () => void (inner.closed = true),
  };
  return inner;
}

function setup() {
  const inner = fakeInner();
  const context = createDemoContext();
  const sleeps: number[] = [];
  const http = createDemoHttpClient(inner, { context, sleep: async (ms) => void sleeps.push(ms), timeoutWaitMs: 700 });
  return { inner, context, sleeps, http };
}

describe('the demo HTTP client', () => {
  it('passes calls straight through outside a demo call, with no wait', async () => {
    const { inner, sleeps, http } = setup();
    expect(await http.get('http://sim/token')).toEqual({ status: 200, body: '{"ok":1}' });
    expect(inner.sent).toEqual(['get http://sim/token']);
    expect(sleeps).toEqual([]);
  });

  it('waits the session latency before every upstream call', async () => {
    const { inner, context, sleeps, http } = setup();
    await context.run({ latencyMs: 400 }, async () => {
      await http.get('http://sim/token');
      await http.postForm('http://sim/calls/login', { a: '1' });
      await http.postJson('http://sim/calls/flow', {});
    });
    expect(sleeps).toEqual([400, 400, 400]);
    expect(inner.sent).toHaveLength(3);
  });

  it('fails a timeout fault with the real client timeout error after the short wait, never reaching upstream', async () => {
    const { inner, context, sleeps, http } = setup();
    const error = await context.run({ latencyMs: 0, fault: 'timeout' }, () => http.postForm('http://sim/x', {})).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ failure: 'timeout', message: 'upstream did not answer in time' });
    expect(sleeps).toEqual([700]);
    expect(inner.sent).toEqual([]);
  });

  it('answers a 5xx fault with an HTML 502 and a malformed fault with a 200 that is not JSON', async () => {
    const { inner, context, http } = setup();
    const bad = await context.run({ latencyMs: 0, fault: '5xx' }, () => http.get('http://sim/token'));
    expect(bad.status).toBe(502);
    expect(bad.body).toContain('502 Bad Gateway');
    const garbage = await context.run({ latencyMs: 0, fault: 'malformed' }, () => http.postJson('http://sim/x', {}));
    expect(garbage.status).toBe(200);
    expect(() => JSON.parse(garbage.body)).toThrow();
    expect(inner.sent).toEqual([]);
  });

  it('closes the client it wraps', async () => {
    const { inner, http } = setup();
    await http.close();
    expect(inner.closed).toBe(true);
  });
});
