import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { encryptDianhuaPush } from '../../../providers/dianhua/push';
import { buildApp } from '../../app';
import { openSqliteStore } from '../../store/sqlite';
import type { DurableStore } from '../../store/types';
import { createFakeAdapter } from '../../../test-support/server/fake-adapter';
import { VENDORS } from '../../../providers/registry';

// The vendors' push receivers in process: every push kind, vendor retries (duplicates), encrypted
// bodies, and bodies that must be refused with nothing stored.

const AES = { key: Buffer.from('0123456789abcdef0123456789abcdef'), iv: Buffer.from('abcdefghijklmnop') };
const SID = 'SIDf6207ba2206c42c28b871d6023c82d07';
const NOW = Date.parse('2026-11-22T08:00:00.000Z');
const SECRET = 'push-routes-test-secret-0123456789abcdef';

let app: FastifyInstance;
let store: DurableStore;
let logs: string[];

async function start(options: { failingStore?: boolean } = {}) {
  store = openSqliteStore({ path: ':memory:', sessionTtlSeconds: 1800, now: () => NOW });
  logs = [];
  const durable: DurableStore = options.failingStore
    ? {
        ...store,
        pushes: {
          ...store.pushes,
          record: async () => {
            throw new Error('disk full');
          },
        },
      }
    : store;
  app = await buildApp({
    config: { logLevel: 'info', sessionTtlSeconds: 1800 },
    adapter: createFakeAdapter(),
    logger: { level: 'info', stream: { write: (line: string) => void logs.push(line) } },
    widgetDir: '/nonexistent-widget-dir',
    embedDir: '/nonexistent-embed-dir',
    now: () => NOW,
    durable: {
      store: durable,
      vendorSettings: { dianhua: { pushAes: AES } },
      background: false,
      pushSecret: SECRET,
      pushProviders: ['rong360', 'dianhua'],
    },
  });
  await app.ready();
}

afterEach(async () => {
  await app.close();
  await store.close();
});

const rong360 = (payload: string, contentType = 'application/x-www-form-urlencoded') =>
  app.inject({ method: 'POST', url: `/hooks/rong360/${SECRET}`, headers: { 'content-type': contentType }, payload });
const dianhua = (payload: string, query = '', contentType = 'application/json') =>
  app.inject({ method: 'POST', url: `/hooks/dianhua/${SECRET}${query}`, headers: { 'content-type': contentType }, payload });

describe('Rong360 notice_url', () => {
  it('answers the bare body `success` once the notice is stored, and stores a vendor retry once', async () => {
    await start();
    for (let i = 0; i < 3; i++) {
      const answer = await rong360('user_id=cl_abc123&status=2');
      expect(answer.statusCode).toBe(200);
      expect(answer.body).toBe('success');
    }
    const stored = await store.pushes.list('rong360', 'cl_abc123');
    expect(stored.map((p) => [p.kind, p.ok])).toEqual([['notice', true]]);
  });

  it('stores a failed-crawl notice apart from a later success for the same user', async () => {
    await start();
    await rong360('user_id=cl_abc123&status=3');
    await rong360('user_id=cl_abc123&status=2');
    expect((await store.pushes.list('rong360', 'cl_abc123')).map((p) => p.ok)).toEqual([false, true]);
  });

  it('accepts the notice as JSON too', async () => {
    await start();
    const answer = await rong360(JSON.stringify({ user_id: 'cl_json', status: '2' }), 'application/json');
    expect(answer.body).toBe('success');
    expect(await store.pushes.list('rong360', 'cl_json')).toHaveLength(1);
  });

  it.each([
    ['no user_id', 'status=2'],
    ['no status', 'user_id=cl_abc123'],
    ['a status that is not a number', 'user_id=cl_abc123&status=done'],
    ['an empty body', ''],
  ])('refuses %s with a 400 that says why, storing nothing', async (_name, body) => {
    await start();
    const answer = await rong360(body);
    expect(answer.statusCode).toBe(400);
    expect(answer.body).toMatch(/^push refused: \S/);
    expect(answer.body).not.toBe('success');
    expect(await store.pushes.list('rong360', 'cl_abc123')).toEqual([]);
  });
});

describe('Dianhua pushes', () => {
  const status = (value = 0) => JSON.stringify({ status: value, sid: SID, tel: '15999917956', uid: '1' });

  it('tells the authorization and report pushes apart by yulore_flag, answers `ok`, and stores each once', async () => {
    await start();
    for (const flag of ['auth', 'report', 'auth', 'report']) {
      const answer = await dianhua(status(), `?yulore_flag=${flag}`);
      expect(answer.statusCode).toBe(200);
      expect(answer.body).toBe('ok');
    }
    expect((await store.pushes.list('dianhua', SID)).map((p) => p.kind)).toEqual(['auth', 'report']);
  });

  it('reads a status push without yulore_flag as a plain status push (the form seen live)', async () => {
    await start();
    expect((await dianhua(status())).body).toBe('ok');
    expect((await store.pushes.list('dianhua', SID)).map((p) => [p.kind, p.ok])).toEqual([['status', true]]);
  });

  it('decrypts an AES/CBC body with the configured key and IV', async () => {
    await start();
    const encrypted = encryptDianhuaPush(status(2), AES);
    const answer = await dianhua(encrypted, '?yulore_flag=report', 'text/plain');
    expect(answer.body).toBe('ok');
    expect((await store.pushes.list('dianhua', SID)).map((p) => [p.kind, p.ok])).toEqual([['report', false]]);
  });

  it('takes a result push with its call records (bigger than any widget request)', async () => {
    await start();
    const calls = Array.from({ length: 2000 }, (_, i) => ({
      call_method: '主叫',
      call_from: '北京',
      call_cost: '0.00',
      call_duration: String(i),
      call_time: '1512532021',
      call_tel: '10010',
      call_to: '北京',
      call_type: '国内通话',
    }));
    const body = JSON.stringify({ status: 0, msg: 'OK', data: { tel: '18511071359', uid: '', sid: SID, call_log: calls } });
    expect(body.length).toBeGreaterThan(100_000);
    const answer = await dianhua(body);
    expect(answer.body).toBe('ok');
    // No collection of ours has this sid: the push is recorded, but not the call records it carries.
    expect((await store.pushes.list('dianhua', SID)).map((p) => [p.kind, p.body])).toEqual([['result', null]]);
  });

  it.each([
    ['garbage', 'not json at all'],
    [
      'ciphertext under another key',
      encryptDianhuaPush('{"status":0,"sid":"x"}', { key: Buffer.from('x'.repeat(16)), iv: Buffer.from('y'.repeat(16)) }),
    ],
    ['a status push without sid', JSON.stringify({ status: 0, tel: '15999917956' })],
    ['a JSON array', '[1,2,3]'],
  ])('refuses %s with a 400, storing nothing and never echoing the body', async (_name, body) => {
    await start();
    const answer = await dianhua(body, '', 'text/plain');
    expect(answer.statusCode).toBe(400);
    expect(answer.body).toMatch(/^push refused: /);
    expect(answer.body).not.toContain(body.slice(0, 12));
    expect(await store.pushes.list('dianhua', SID)).toEqual([]);
    expect(logs.join('\n')).not.toContain(body.slice(0, 12));
  });
});

describe('durability before acknowledgement', () => {
  it('answers 500 (so the vendor pushes again) when the push cannot be stored', async () => {
    await start({ failingStore: true });
    const r = await rong360('user_id=cl_abc123&status=2');
    expect(r.statusCode).toBe(500);
    expect(r.body).not.toBe('success');
    const d = await dianhua(JSON.stringify({ status: 0, sid: SID, tel: '', uid: '' }), '?yulore_flag=auth');
    expect(d.statusCode).toBe(500);
    expect(d.body).not.toBe('ok');
  });
});

describe('the push secret', () => {
  const forged = [
    ['no secret', '/hooks/rong360'],
    ['a wrong secret', '/hooks/rong360/push-routes-test-secret-0123456789abcdeX'],
    ['a prefix of the secret', `/hooks/rong360/${SECRET.slice(0, 32)}`],
    ['the secret with more after it', `/hooks/rong360/${SECRET}x`],
    ['the secret as a query', `/hooks/rong360?secret=${SECRET}`],
  ] as const;

  it.each(forged)('refuses a push with %s (404, like an unknown path), storing nothing', async (_name, url) => {
    await start();
    const answer = await app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'user_id=cl_forged&status=2',
    });
    expect(answer.statusCode).toBe(404);
    expect(answer.json()).toMatchObject({ error: { code: 'bad_request' } });
    expect(await store.pushes.list('rong360', 'cl_forged')).toEqual([]);
  });

  it('registers only the hooks of the vendors it is told to', async () => {
    store = openSqliteStore({ path: ':memory:', sessionTtlSeconds: 1800, now: () => NOW });
    app = await buildApp({
      config: { logLevel: 'info', sessionTtlSeconds: 1800 },
      adapter: createFakeAdapter(),
      logger: false,
      widgetDir: '/nonexistent-widget-dir',
      embedDir: '/nonexistent-embed-dir',
      durable: { store, background: false, pushSecret: SECRET, pushProviders: ['dianhua'] },
    });
    expect((await rong360('user_id=cl_abc123&status=2')).statusCode).toBe(404);
    expect((await dianhua(JSON.stringify({ status: 0, sid: SID, tel: '', uid: '' }))).body).toBe('ok');
    expect(await store.pushes.list('rong360', 'cl_abc123')).toEqual([]);
  });
});

describe('push bodies', () => {
  it('refuses a Rong360 notice larger than a form of two fields can be', async () => {
    await start();
    const answer = await rong360(`user_id=cl_abc123&status=2&pad=${'x'.repeat(VENDORS.rong360.push.bodyLimit)}`);
    expect(answer.statusCode).toBe(400);
    expect(answer.json()).toMatchObject({ error: { code: 'bad_request' } });
    expect(await store.pushes.list('rong360', 'cl_abc123')).toEqual([]);
  });

  it('refuses a Dianhua push past its cap, and takes one just under it', async () => {
    await start();
    const record = (padding: number) => JSON.stringify({ status: 0, sid: SID, tel: '', uid: '', pad: 'x'.repeat(padding) });
    const over = await dianhua(record(VENDORS.dianhua.push.bodyLimit));
    expect(over.statusCode).toBe(400);
    expect(await store.pushes.list('dianhua', SID)).toEqual([]);
    expect((await dianhua(record(VENDORS.dianhua.push.bodyLimit - 200))).body).toBe('ok');
  });

  it('refuses a push nesting deeper than any vendor answer, without parsing it', async () => {
    await start();
    const deep = `{"status":0,"sid":"${SID}","x":${'['.repeat(200_000)}${']'.repeat(200_000)}}`;
    const answer = await dianhua(deep);
    expect(answer.statusCode).toBe(400);
    expect(await store.pushes.list('dianhua', SID)).toEqual([]);
  });

  it('refuses a sid longer than any Dianhua gives', async () => {
    await start();
    const answer = await dianhua(JSON.stringify({ status: 0, sid: 'S'.repeat(129), tel: '', uid: '' }));
    expect(answer.statusCode).toBe(400);
    expect(answer.body).toBe('push refused: push sid is not a valid sid');
  });
});
