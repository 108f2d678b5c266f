/**
 * A Dianhua-compatible upstream written apart from our simulator (no code shared with
 * src/providers). Its flow needs service password, name, ID card and an image captcha, then a
 * second verification by SMS; it revokes its token right after calls/flow (so the next call gets
 * status 4000), hands out tokens that break unless URL-encoded, and answers with the live quirks
 * of vendor-notes: `action` with a leading space or missing, `msg` missing, `sms_duration` a string.
 *
 *   PORT=4322 DIANHUA_APPID=... DIANHUA_APPSECRET=... tsx e2e/support/foreign-upstream/dianhua.ts
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';

const port = Number(process.env.PORT ?? 4322);
const appId = process.env.DIANHUA_APPID ?? '';
const appSecret = process.env.DIANHUA_APPSECRET ?? '';
const PASSWORD = '802613';
const NAME = '王五';
const ID_CARD = '11010519491231002X';
const CAPTCHA = '7k3p';
const SMS = '480159';
// A 1x1 PNG: the picture's content does not matter to this upstream, only the answer.
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

const tokens = new Set<string>();
const sessions = new Map<string, { tel: string; stage: 'flow' | 'verify' | 'done' }>();

function send(response: ServerResponse, body: object): void {
  response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

const error = (status: number, msg: string) => ({ status, msg, data: {} });

function handle(path: string, query: URLSearchParams, form: URLSearchParams): object {
  if (path === '/token') {
    const time = query.get('time') ?? '';
    const sign = createHash('md5').update(`${appId}${appSecret}${time}`).digest('hex');
    if (query.get('appid') !== appId) return error(3998, '无效的 appid');
    if (query.get('sign') !== sign || Math.abs(Date.now() / 1000 - Number(time)) > 600) return error(4005, 'API 签名错误');
    // '+', '/' and '=' break a token that is not URL-encoded.
    const token = `t+${randomBytes(12).toString('base64')}/=`;
    tokens.add(token);
    const expires = new Date(Date.now() + 8 * 3600_000 + 7200_000).toISOString().replace('T', ' ').slice(0, 19);
    return { status: 0, action: 'processing', msg: '', data: { token, expires } };
  }
  const token = query.get('token') ?? '';
  if (!tokens.has(token)) return error(4000, '无效的 token');
  switch (path) {
    case '/calls/flow': {
      const tel = form.get('tel') ?? '';
      const sid = `SID${randomBytes(8).toString('hex')}`;
      sessions.set(sid, { tel, stage: 'flow' });
      // The token "expires" mid-flow: the next call must refresh it once and retry.
      tokens.delete(token);
      return {
        status: 0,
        action: ' processing',
        data: { sid, need_pin_pwd: '1', need_full_name: 1, need_id_card: 1, sms_duration: '', captcha_image: PNG, verify_notes: '' },
      };
    }
    case '/calls/verify/captcha':
      return { status: 0, data: { captcha_image: `data:image/png;base64,${PNG}` } };
    case '/calls/login': {
      const session = sessions.get(form.get('sid') ?? '');
      if (!session || session.stage !== 'flow') return error(4016, '无效会话');
      if (form.get('pin_pwd') !== PASSWORD) return error(4012, '手机号或服务密码错误');
      if (form.get('full_name') !== NAME || form.get('id_card') !== ID_CARD) return error(4010, '姓名或身份证号错误');
      if (form.get('captcha_code') !== CAPTCHA) return error(4008, '验证码错误，请输入正确的验证码');
      session.stage = 'verify';
      return { status: 0, action: 'processing', msg: '', data: { sms_duration: '120', captcha_image: '', verify_notes: '' } };
    }
    case '/calls/verify': {
      const session = sessions.get(form.get('sid') ?? '');
      if (!session || session.stage !== 'verify') return error(4016, '无效会话');
      if (form.get('sms_code') !== SMS) return error(4008, '验证码错误，请输入正确的验证码');
      session.stage = 'done';
      return { status: 0, action: 'done', msg: 'OK', data: { sms_duration: '', captcha_image: '', content: '' } };
    }
    default:
      return error(4001, 'API 参数错误');
  }
}

createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://upstream');
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const raw = Buffer.concat(chunks).toString('utf8');
    let form = new URLSearchParams(raw);
    if ((request.headers['content-type'] ?? '').includes('json') && raw) {
      const json = JSON.parse(raw) as Record<string, unknown>;
      form = new URLSearchParams(Object.entries(json).filter((e): e is [string, string] => typeof e[1] === 'string'));
    }
    send(response, handle(url.pathname, url.searchParams, form));
  });
}).listen(port, '127.0.0.1');
