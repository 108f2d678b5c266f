import { afterEach, describe, expect, it } from 'vitest';
import { lenderHarness } from '../../../test-support/server/lender-harness';
import type { Harness } from '../../../test-support/server/lender-harness';
import { blockedRange, createPublicOnlyFetch, isPrivateAddress, isPrivateHost } from '../address-guard';
import { postWebhook } from '../deliver';
import { startReceiver } from '../../../test-support/server/webhook-receiver';
import type { Receiver } from '../../../test-support/server/webhook-receiver';

let receiver: Receiver | undefined;
let harness: Harness | undefined;
afterEach(async () => {
  await receiver?.close();
  await harness?.close();
  receiver = undefined;
  harness = undefined;
});

describe('private addresses', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['224.0.0.1', 'multicast'],
    ['192.0.0.8', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['198.51.100.7', 'reserved'],
    ['203.0.113.9', 'reserved'],
    ['240.0.0.1', 'reserved'],
    ['192.88.99.1', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fd00::1', 'uniqueLocal'],
    ['fe80::1', 'linkLocal'],
    ['fec0::1', 'deprecatedSiteLocal'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'ipv4Mapped'],
    ['::ffff:10.0.0.1', 'ipv4Mapped'],
    // Mapped even when the IPv4 inside is public: never unwrapped, never reached.
    ['::ffff:8.8.8.8', 'ipv4Mapped'],
    ['::7f00:1', 'ipv4Compatible'],
    ['::a00:1', 'ipv4Compatible'],
    ['64:ff9b::7f00:1', 'rfc6052'],
    ['64:ff9b:1::a00:1', 'rfc6052'],
    ['2002:7f00:1::', '6to4'],
    ['2002:0808:0808::1', '6to4'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'teredo'],
    ['2001:db8::1', 'reserved'],
    ['100::1', 'discard'],
    ['4000::1', 'notGlobalUnicast'],
  ])('%s is refused (%s)', (address, range) => {
    expect(blockedRange(address)).toBe(range);
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '2001:4860:4860::8888', '2400:3200::1', '[2606:4700::1111]'])(
    '%s is plain public unicast',
    (address) => expect(isPrivateAddress(address)).toBe(false),
  );

  it('names localhost and bracketed literals as private hosts, and leaves other names to the connect-time check', () => {
    expect(isPrivateHost('localhost')).toBe(true);
    expect(isPrivateHost('api.localhost')).toBe(true);
    expect(isPrivateHost('[::1]')).toBe(true);
    expect(isPrivateHost('hooks.lender.example')).toBe(false);
  });
});

describe('the public-only fetch', () => {
  it('never reaches a receiver on loopback, whether named by IP or by a name resolving there', async () => {
    receiver = await startReceiver(() => 204);
    const port = new URL(receiver.url).port;
    const guarded = createPublicOnlyFetch();
    for (const url of [`http://127.0.0.1:${port}/hook`, `http://localhost:${port}/hook`]) {
      const result = await postWebhook(
        guarded,
        { url, secret: 's', eventId: 'evt_1', eventType: 'authorized', body: '{}', timestampSeconds: 1 },
        2000,
      );
      expect(result).toEqual({ ok: false, error: 'unreachable', detail: 'network_EPRIVATEADDRESS' });
    }
    expect(receiver.requests).toHaveLength(0);
  });
});

describe('PUT /api/v1/webhook with private networks refused', () => {
  it('refuses loopback and private hosts with a message naming the field, and takes a public https URL', async () => {
    harness = await lenderHarness({ allowPrivateNetworks: false });
    for (const url of [
      'http://localhost:8080/hook',
      'https://127.0.0.1/hook',
      'https://10.0.0.8/hook',
      'https://[::1]/hook',
      'https://[::ffff:127.0.0.1]/hook',
      'https://[64:ff9b::a9fe:a9fe]/hook',
      'https://[2002:a9fe:a9fe::1]/hook',
      'https://[fec0::1]/hook',
      'http://2130706433/hook',
      'http://0x7f.1/hook',
    ]) {
      const answer = await harness.send('PUT', '/api/v1/webhook', { url });
      expect(answer.statusCode).toBe(400);
      expect(answer.json()).toMatchObject({ error: { code: 'bad_request', field: 'url' } });
    }
    expect((await harness.send('PUT', '/api/v1/webhook', { url: 'https://hooks.lender.example/carrierlink' })).statusCode).toBe(200);
  });
});

describe('what a lender learns from a failed delivery', () => {
  it('reads the same for a refused port, a reset connection and a timeout', async () => {
    const { createServer } = await import('node:net');
    // A port that refuses: bound, then closed.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const refusedPort = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    // A port that resets every connection, and one that never answers.
    const resetting = createServer((socket) => socket.resetAndDestroy());
    const silent = createServer(() => undefined);
    for (const server of [resetting, silent]) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const portOf = (server: typeof silent) => (server.address() as { port: number }).port;
    const attempt = (port: number) =>
      postWebhook(
        fetch,
        { url: `http://127.0.0.1:${port}/hook`, secret: 's', eventId: 'evt_1', eventType: 'authorized', body: '{}', timestampSeconds: 1 },
        300,
      );
    try {
      const results = [await attempt(refusedPort), await attempt(portOf(resetting)), await attempt(portOf(silent))];
      expect(results.map((r) => !r.ok && r.error)).toEqual(['unreachable', 'unreachable', 'unreachable']);
      // Our logs still tell them apart.
      expect(new Set(results.map((r) => !r.ok && r.detail)).size).toBe(3);
    } finally {
      resetting.close();
      silent.close();
    }
  });
});
