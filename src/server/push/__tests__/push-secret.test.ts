import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeAdapter } from '../../../test-support/server/fake-adapter';
import { buildApp } from '../../app';
import { openSqliteStore } from '../../store/sqlite';
import { PUSH_SECRET_FILE, PUSH_SECRET_PATTERN, isPushSecret, loadOrCreatePushSecret } from '../push-secret';

const dirs: string[] = [];
const freshDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'cl-push-secret-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the development push secret', () => {
  it('is generated once into DATA_DIR (owner-only) and read back on every later start', () => {
    const dir = join(freshDir(), 'data');
    const first = loadOrCreatePushSecret(dir);
    expect(first).toMatch(PUSH_SECRET_PATTERN);
    expect(loadOrCreatePushSecret(dir)).toBe(first);
    const file = join(dir, PUSH_SECRET_FILE);
    expect(readFileSync(file, 'utf8').trim()).toBe(first);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('is fresh per process for an in-memory store, and a damaged file stops the start naming it', () => {
    expect(loadOrCreatePushSecret(undefined)).not.toBe(loadOrCreatePushSecret(undefined));
    const dir = freshDir();
    writeFileSync(join(dir, PUSH_SECRET_FILE), 'short');
    expect(() => loadOrCreatePushSecret(dir)).toThrow(/push-secret does not hold a push secret/);
  });

  it('is compared whole', () => {
    const secret = 'a'.repeat(40);
    expect(isPushSecret(secret, secret)).toBe(true);
    for (const other of ['', 'a'.repeat(39), 'a'.repeat(41), `${'a'.repeat(39)}b`]) expect(isPushSecret(other, secret)).toBe(false);
  });
});

describe('a forged push on a listening server', () => {
  it('is answered 404 before its body is read, and the connection is closed', async () => {
    const store = openSqliteStore({ path: ':memory:', sessionTtlSeconds: 1800 });
    const app = await buildApp({
      config: { logLevel: 'silent', sessionTtlSeconds: 1800 },
      adapter: createFakeAdapter(),
      logger: false,
      widgetDir: '/nonexistent-widget-dir',
      embedDir: '/nonexistent-embed-dir',
      durable: { store, background: false, pushSecret: 'b'.repeat(40), pushProviders: ['dianhua'] },
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    try {
      // Announces 8 MB and sends one chunk: an answer can only come before the body was read.
      const outcome = await new Promise<{ status: number; closed: boolean }>((resolve, reject) => {
        const req = request({
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: `/hooks/dianhua/${'c'.repeat(40)}`,
          headers: { 'content-type': 'application/json', 'content-length': String(8 * 1024 * 1024) },
        });
        req.on('response', (response) => {
          response.resume();
          response.on('end', () => resolve({ status: response.statusCode ?? 0, closed: response.headers.connection === 'close' }));
        });
        req.on('error', reject);
        req.write('{"status":0,');
      });
      expect(outcome).toEqual({ status: 404, closed: true });
      expect(await store.pushes.list('dianhua', 'x')).toEqual([]);
    } finally {
      await app.close();
      await store.close();
    }
  });
});
