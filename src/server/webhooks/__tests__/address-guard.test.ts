import { afterEach, describe, expect, it } from 'vitest';
import { lenderHarness } from '../../lender/__tests__/harness';
import type { Harness } from '../../lender/__tests__/harness';
import { createPublicOnlyFetch, isPrivateAddress, isPrivateHost } from '../address-guard';
import { postWebhook } from '../deliver';
import { startReceiver } from './receiver';
import type { Receiver } from './receiver';

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
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    '::',
    'fd00::1',
    'fe80::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
  ])('%s is private', (address) => expect(isPrivateAddress(address)).toBe(true));

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '2001:4860:4860::8888', '::ffff:8.8.8.8'])('%s is public', (address) =>
    expect(isPrivateAddress(address)).toBe(false),
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
      expect(result).toEqual({ ok: false, error: 'network_EPRIVATEADDRESS' });
    }
    expect(receiver.requests).toHaveLength(0);
  });
});

describe('PUT /api/v1/webhook with private networks refused', () => {
  it('refuses loopback and private hosts with a message naming the field, and takes a public https URL', async () => {
    harness = await lenderHarness({ allowPrivateNetworks: false });
    for (const url of ['http://localhost:8080/hook', 'https://127.0.0.1/hook', 'https://10.0.0.8/hook', 'https://[::1]/hook']) {
      const answer = await harness.send('PUT', '/api/v1/webhook', { url });
      expect(answer.statusCode).toBe(400);
      expect(answer.json()).toMatchObject({ error: { code: 'bad_request', field: 'url' } });
    }
    expect((await harness.send('PUT', '/api/v1/webhook', { url: 'https://hooks.lender.example/carrierlink' })).statusCode).toBe(200);
  });
});
