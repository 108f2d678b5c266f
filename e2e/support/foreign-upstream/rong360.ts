/**
 * A Rong360-compatible upstream written apart from our simulator (no code shared with
 * src/providers), answering the way the vendor document does: every payload under the document's
 * `crawler_api_mobile_login_response` key, a step method and a param type CarrierLink has never
 * seen, `type` as a string, a hidden entry without value, and completion in the `code`/`data`
 * envelope. It verifies the merchant's signature with the public key it is given.
 *
 *   PORT=4312 RONG360_PUBLIC_KEY_FILE=... tsx e2e/support/foreign-upstream/rong360.ts
 */
import { createVerify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const port = Number(process.env.PORT ?? 4312);
const publicKey = readFileSync(process.env.RONG360_PUBLIC_KEY_FILE ?? '', 'utf8');
const FOREIGN_PASSWORD = '246810';
const FOREIGN_CITY = '杭州';
const FOREIGN_SMS = '975310';

type Biz = Record<string, string>;
const fail = (code: number, msg: string) => ({ error: code, msg });
const step = (next: object) => ({ error: 200, msg: null, crawler_api_mobile_login_response: { next } });

function verified(form: URLSearchParams): boolean {
  const sign = form.get('sign') ?? '';
  const signed = [...form.entries()]
    .filter(([key]) => key !== 'sign')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
  return createVerify('RSA-SHA1').update(signed, 'utf8').verify(publicKey, sign, 'base64');
}

function answer(method: string, biz: Biz): object {
  switch (method) {
    case 'crawler.api.mobile.v4.login':
      if (biz.password !== FOREIGN_PASSWORD) return fail(208101, '服务密码错误');
      return step({
        method: 'verifyHouseholdCity',
        param: [{ key: 'household_city', type: '33', title: '开户城市', hint: '请输入办理号码时所在的城市', value: '' }],
        hidden: [{ key: 'ticket', value: 'T-8842' }, { key: 'password' }],
      });
    case 'crawler.api.mobile.v4.verifyHouseholdCity':
      if (biz.ticket !== 'T-8842' || biz.password !== FOREIGN_PASSWORD) return fail(506201, 'hidden values not echoed');
      if (biz.household_city !== FOREIGN_CITY) return fail(506101, '开户城市不正确');
      return step({
        method: 'submitMessageCode',
        param: [{ key: 'message_code', type: 9, title: '短信验证码', hint: '' }],
        hidden: [{ key: 'ticket', value: 'T-8842' }],
      });
    case 'crawler.api.mobile.v4.submitMessageCode':
      if (biz.message_code !== FOREIGN_SMS) return fail(211101, '短信验证码错误');
      return { code: 200, msg: 'ok', data: { status_id: 7781 } };
    default:
      return fail(404, `unknown method ${method}`);
  }
}

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    let body: object;
    if (request.url !== '/gateway' || request.method !== 'POST') body = fail(404, 'not found');
    else if (!verified(form)) body = fail(401, 'bad signature');
    else {
      const biz = JSON.parse(form.get('biz_data') ?? '{}') as Biz;
      const common = ['merchant_id', 'app_name', 'app_version', 'platform', 'user_id', 'notice_url'];
      const missing = common.filter((key) => !biz[key]);
      body =
        missing.length > 0 || biz.merchant_id !== form.get('app_id')
          ? fail(400, `common parameters missing: ${missing.join(',')}`)
          : answer(form.get('method') ?? '', biz);
    }
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    response.end(JSON.stringify(body));
  });
});
server.listen(port, '127.0.0.1');
