import { afterEach, describe, expect, it } from 'vitest';
import { startDianhuaSimulator } from '../../providers/dianhua/simulator';
import { parseEnv } from '../env';
import { createUpstream } from '../upstream';
import type { Upstream } from '../upstream';

const open: Upstream[] = [];
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const upstream of open.splice(0)) await upstream.close();
  for (const close of closers.splice(0)) await close();
});

async function upstreamFor(env: Record<string, string>) {
  const upstream = await createUpstream(parseEnv(env));
  open.push(upstream);
  return upstream;
}

const input = { phone: '15000000100', userId: 'cl_0123456789abcdef01234567' };

describe('createUpstream', () => {
  it('starts the Dianhua simulator in-process when PROVIDER=dianhua has no URL, and the adapter talks to it', async () => {
    const upstream = await upstreamFor({ PROVIDER: 'dianhua' });
    expect(upstream.adapter.provider).toBe('dianhua');
    expect(upstream.simulator?.label).toMatch(/^Dianhua simulator \(sandbox\) at http:\/\/127\.0\.0\.1:\d+$/);
    const outcome = await upstream.adapter.start(input);
    expect(outcome.type).toBe('step');
    if (outcome.type === 'step') expect(outcome.step.fields.map((f) => f.kind)).toEqual(['servicePassword']);
  });

  it('uses the configured Dianhua URL and credentials, and starts no simulator', async () => {
    const sim = await startDianhuaSimulator({ appId: 'lender-1', appSecret: 'lender-secret', host: '127.0.0.1', port: 0 });
    closers.push(() => sim.close());
    const live = await upstreamFor({
      PROVIDER: 'dianhua',
      DIANHUA_BASE_URL: sim.url,
      DIANHUA_APPID: 'lender-1',
      DIANHUA_APPSECRET: 'lender-secret',
    });
    expect(live.simulator).toBeUndefined();
    expect((await live.adapter.start(input)).type).toBe('step');
    // A wrong secret is refused upstream: proof the configured credentials are the ones used.
    const wrong = await upstreamFor({
      PROVIDER: 'dianhua',
      DIANHUA_BASE_URL: sim.url,
      DIANHUA_APPID: 'lender-1',
      DIANHUA_APPSECRET: 'not-it',
    });
    expect(await wrong.adapter.start(input)).toMatchObject({ type: 'failed', error: { code: 'upstream_misconfigured' } });
  });

  it('keeps Rong360 the default, with its own simulator', async () => {
    const upstream = await upstreamFor({});
    expect(upstream.adapter.provider).toBe('rong360');
    expect(upstream.simulator?.label).toMatch(/^Rong360 simulator \(sandbox\) at http:\/\/127\.0\.0\.1:\d+\/gateway$/);
    expect((await upstream.adapter.start({ phone: '13800138000', userId: input.userId })).type).toBe('step');
  });
});
