import { afterEach, describe, expect, it } from 'vitest';
import { UpstreamError } from '../../upstream-error';
import { buildSigningString, createRong360Client, qualifyMethod, signRequest, verifySignature } from '../client';
import { startCaptureServer } from '../../../test-support/providers/rong360/capture-server';
import { APP_ID, PRIVATE_KEY_PEM, PUBLIC_KEY_PEM, fixture } from '../../../test-support/providers/rong360/helpers';

const FIELDS = {
  method: 'crawler.api.mobile.v4.login',
  app_id: '1000001',
  version: '1.0',
  sign_type: 'RSA',
  format: 'json',
  timestamp: '1700000000',
  biz_data: '{"cellphone":"13800138000","password":"123456","user_id":"u-1"}',
};
// Cross-checked with `openssl dgst -sha1 -sign merchant-private.pem | base64`.
const FIELDS_SIGNATURE =
  'ilc4pc2Vj3vHfL2cjss4LYTl39GjFzE7Wgq9jAWiGT414gCSoyzVXW3FJomd+ti1Aad6cyEaiQdpGdaiQXj0vYz2sEl3RMFORoNkcCEQQf7en9Vse5ayW/Xh2qngWpjWNQzDp9xvut5r+qqYojYZQ9FiBguRfesm/36ZbVsiUwYZJLEhswDB3jACwXogR/GXSqxD22AoDGzOz8osXjzWGp431YtxICnKJEaD1pjNeJgl4rR/Bj15txfE7RnXhel2FtGtgJeOjVW4Dao2lpG7jZlbYuBg+tgTNfLjN7B2CJY+Qz6VXxJKvHES+PM3woMthQIAv6K9M4U3hlUjlSojtQ==';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

async function server(respond: Parameters<typeof startCaptureServer>[0]) {
  const started = await startCaptureServer(respond);
  cleanups.push(started.close);
  return started;
}

function client(gatewayUrl: string, timeoutMs = 2000) {
  const created = createRong360Client(
    { gatewayUrl, appId: APP_ID, privateKeyPem: PRIVATE_KEY_PEM, timeoutMs },
    { now: () => 1_700_000_000_999 },
  );
  cleanups.push(created.close);
  return created;
}

async function failure(promise: Promise<unknown>): Promise<UpstreamError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UpstreamError);
  return error as UpstreamError;
}

describe('Rong360 client signing', () => {
  it('builds the signing string from sorted raw k=v pairs without sign', () => {
    expect(buildSigningString({ ...FIELDS, sign: 'ignored' })).toBe(
      'app_id=1000001&biz_data={"cellphone":"13800138000","password":"123456","user_id":"u-1"}' +
        '&format=json&method=crawler.api.mobile.v4.login&sign_type=RSA&timestamp=1700000000&version=1.0',
    );
  });

  it('signs with SHA1withRSA so the merchant public key verifies it', () => {
    const signature = signRequest(FIELDS, PRIVATE_KEY_PEM);
    expect(signature).toBe(FIELDS_SIGNATURE);
    expect(verifySignature(FIELDS, signature, PUBLIC_KEY_PEM)).toBe(true);
  });

  it('fails verification when any field is tampered with', () => {
    const tampered = { ...FIELDS, biz_data: FIELDS.biz_data.replace('13800138000', '13800138001') };
    expect(verifySignature(tampered, FIELDS_SIGNATURE, PUBLIC_KEY_PEM)).toBe(false);
    expect(verifySignature(FIELDS, 'not base64 at all', PUBLIC_KEY_PEM)).toBe(false);
  });

  it('prefixes short method names and keeps dotted ones', () => {
    expect(qualifyMethod('submitMessageCode')).toBe('crawler.api.mobile.v4.submitMessageCode');
    expect(qualifyMethod('wd.api.crawler.queryStatus')).toBe('wd.api.crawler.queryStatus');
  });
});

describe('Rong360 client calls', () => {
  it('posts the signed form fields and returns the parsed envelope', async () => {
    const upstream = await server((_req, res) => res.end(fixture('doc-3.1.5-1-login-sms.json')));
    const answer = await client(upstream.url).call('login', { cellphone: '13800138000', password: 'pw', user_id: 'u-1' });
    expect(answer.code).toBe(200);
    expect(answer.payload).toHaveProperty('next.method', 'submitMessageCode');

    const request = upstream.requests[0]!;
    expect(request.method).toBe('POST');
    expect(request.contentType).toMatch(/^application\/x-www-form-urlencoded/);
    const fields = Object.fromEntries(new URLSearchParams(request.body));
    expect(fields).toMatchObject({
      method: 'crawler.api.mobile.v4.login',
      app_id: APP_ID,
      version: '1.0',
      sign_type: 'RSA',
      format: 'json',
      timestamp: '1700000000',
    });
    expect(JSON.parse(fields['biz_data']!)).toEqual({ cellphone: '13800138000', password: 'pw', user_id: 'u-1' });
    expect(verifySignature(fields, fields['sign']!, PUBLIC_KEY_PEM)).toBe(true);
  });

  it('signs the exact bytes it sends, even values that need URL encoding', async () => {
    const upstream = await server((_req, res) => res.end('{"error":200,"msg":"成功"}'));
    await client(upstream.url).call('crawler.api.mobile.v4.submitEntryCity', { entry_city: '北京 & 上海=+%' });
    const fields = Object.fromEntries(new URLSearchParams(upstream.requests[0]!.body));
    expect(fields['method']).toBe('crawler.api.mobile.v4.submitEntryCity');
    expect(JSON.parse(fields['biz_data']!)).toEqual({ entry_city: '北京 & 上海=+%' });
    expect(verifySignature(fields, fields['sign']!, PUBLIC_KEY_PEM)).toBe(true);
  });

  it('throws http on a 502 page, invalid on garbage, timeout on silence, network when refused', async () => {
    const bad = await server((req, res) => {
      if (req.url === '/502') {
        res.writeHead(502, { 'content-type': 'text/html' });
        res.end('<html>502 Bad Gateway</html>');
      } else if (req.url === '/garbage') {
        res.end('<html>系统维护中</html>');
      }
      // any other path: never answer
    });
    const base = bad.url.replace('/gateway', '');
    const http = await failure(client(`${base}/502`).call('login', {}));
    expect(http).toMatchObject({ failure: 'http', status: 502 });
    expect((await failure(client(`${base}/garbage`).call('login', {}))).failure).toBe('invalid');
    const started = Date.now();
    expect((await failure(client(`${base}/silent`, 200).call('login', {}))).failure).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(1500);

    const closed = await server((_req, res) => res.end());
    await closed.close();
    expect((await failure(client(closed.url).call('login', {}))).failure).toBe('network');
  });
});
