import { afterEach, describe, expect, it } from 'vitest';
import { createFakeAdapter } from '../../test-support/server/fake-adapter';
import { createTestApp } from '../../test-support/server/test-app';
import type { TestApp } from '../../test-support/server/test-app';

let t: TestApp | undefined;
afterEach(async () => t?.close());

describe('server logger', () => {
  it('redacts the Authorization header and bodies even when logged whole', async () => {
    t = await createTestApp({ adapter: createFakeAdapter() });
    t.app.log.info(
      {
        req: { headers: { authorization: 'Bearer TOKEN-SECRET' } },
        headers: { authorization: 'Bearer TOKEN-SECRET' },
        body: { pwd: 'PW-SECRET' },
        values: { code: '123456' },
      },
      'whole request',
    );
    const line = t.logs.find((l) => l.includes('whole request')) ?? '';
    expect(line).toContain('[redacted]');
    expect(line).not.toMatch(/TOKEN-SECRET|PW-SECRET|123456/);
  });

  it('redacts a session record or config logged whole: ID card, applicant, adapter state, app secret', async () => {
    t = await createTestApp({ adapter: createFakeAdapter() });
    const record = { idCard: '11010519491231002X', applicant: { name: '李四' }, adapterState: { sid: 'SID-SECRET' } };
    t.app.log.info({ record, ...record, dianhua: { appSecret: 'APP-SECRET' } }, 'whole record');
    const line = t.logs.find((l) => l.includes('whole record')) ?? '';
    expect(line).toContain('[redacted]');
    expect(line).not.toMatch(/11010519491231002X|李四|SID-SECRET|APP-SECRET/);
  });

  it('redacts link tokens, API keys and a link logged whole', async () => {
    t = await createTestApp({ adapter: createFakeAdapter() });
    const link = {
      linkToken: 'lt_LINK-SECRET',
      lenderUserId: 'USER-SECRET@lender.example',
      applicant: { contacts: [{ phone: '13912345678' }] },
    };
    t.app.log.info(
      {
        link,
        ...link,
        apiKey: 'sk_KEY-SECRET',
        config: { lenderApiKeys: [{ lenderId: 'acme', key: 'sk_CFG-SECRET' }] },
        key: 'sk_RAW-SECRET',
      },
      'whole link',
    );
    const line = t.logs.find((l) => l.includes('whole link')) ?? '';
    expect(line).toContain('[redacted]');
    expect(line).not.toMatch(/LINK-SECRET|USER-SECRET|13912345678|KEY-SECRET|CFG-SECRET|RAW-SECRET/);
  });

  it('logs requests by method and path only, without the query string', async () => {
    t = await createTestApp({ adapter: createFakeAdapter() });
    await t.app.inject({ method: 'GET', url: '/healthz?phone=13800138000', headers: { authorization: 'Bearer X-SECRET' } });
    const incoming = t.logs.map((l) => JSON.parse(l) as { msg?: string; req?: unknown }).find((l) => l.msg === 'incoming request');
    expect(incoming?.req).toEqual({ method: 'GET', url: '/healthz' });
    expect(t.logs.join('')).not.toMatch(/13800138000|X-SECRET/);
  });
});
