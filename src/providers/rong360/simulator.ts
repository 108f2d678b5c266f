import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { maskPhone } from '../../flow';
import { startSimServer } from '../shared/sim-http';
import { createPushSender } from '../shared/sim-push';
import type { SimulatorStateStore } from '../shared/sim-state';
import { verifySignature } from './client';
import type { CrawlTask } from './simulator-crawl';
import { createSandbox } from './simulator-flows';
import type { SimReply } from './simulator-flows';
import { JSON_CONTENT_TYPE } from './simulator-replies';

export interface Rong360SimulatorOptions {
  /** app_id -> the merchant's public key PEM. */
  merchants: Record<string, string>;
  host?: string;
  /** 0 = a random free port. */
  port?: number;
  /** How long the timeout fault hangs before answering 504 (default 120000). */
  timeoutFaultMs?: number;
  /** One line per call (method, masked phone, code) and per push attempt; never passwords or codes. */
  log?: (line: string) => void;
  /** The simulator's clock (tests move it to end a crawl). */
  now?: () => number;
  /** How long the crawl takes after login completes: queryStatus, getdata and the notice follow it (default 2000). */
  crawlMs?: number;
  /** Where the notice push goes instead of the login's biz notice_url, when it returns a URL. */
  noticeUrlOverride?: () => string | undefined;
  /** false: never push notices (demo simulators, whose sessions nobody collects). Default true. */
  sendNotices?: boolean;
  /** Notice push retry waits and per-attempt timeout (defaults: [2000, 10000] ms, 5000 ms). */
  push?: { delaysMs?: number[]; timeoutMs?: number };
  /** Keeps sessions, crawl tasks and pending pushes, so a new simulator continues them. */
  state?: SimulatorStateStore;
}

export interface Rong360Simulator {
  /** http://host:port/gateway */
  url: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;
const COMMON_PARAMS = ['app_name', 'app_version', 'platform', 'user_id', 'notice_url'] as const;

/** A merchant key pair like the one registered on the Rong360 open platform. */
export function generateMerchantKeyPair(): { publicKeyPem: string; privateKeyPem: string } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { publicKeyPem: publicKey, privateKeyPem: privateKey };
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) resolve(undefined);
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Form fields (live) or the document's JSON body `{method, biz_data, ...}`, as strings. */
function parseFields(body: string, contentType: string): Record<string, string> | undefined {
  if (!contentType.includes('json')) return Object.fromEntries(new URLSearchParams(body));
  try {
    const json: unknown = JSON.parse(body);
    if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
    const fields: Record<string, string> = {};
    for (const [key, value] of Object.entries(json)) {
      fields[key] = typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
    }
    return fields;
  } catch {
    return undefined;
  }
}

function parseBizData(raw: string | undefined): Record<string, string> | undefined {
  try {
    const json: unknown = JSON.parse(raw ?? '');
    if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
    return Object.fromEntries(Object.entries(json).map(([key, value]) => [key, String(value)]));
  } catch {
    return undefined;
  }
}

function replyCode(reply: SimReply): string {
  if (reply.kind !== 'json') return reply.kind === 'raw' ? `HTTP ${reply.status}` : 'hang';
  const body = reply.body as { error?: unknown; code?: unknown };
  return String(body.error ?? body.code);
}

const envelope = (error: number, msg: string): SimReply => ({ kind: 'json', body: { error, msg } });

/** Gateway checks a live request goes through before its method runs. */
function checkRequest(
  fields: Record<string, string>,
  keys: ReadonlyMap<string, KeyObject>,
): { biz: Record<string, string>; method: string } | SimReply {
  const key = keys.get(fields['app_id'] ?? '');
  if (!key) return envelope(401, 'app_id无效');
  if (!fields['sign'] || !verifySignature(fields, fields['sign'], key)) return envelope(401, '签名验证失败');
  const method = fields['method'];
  if (!method) return envelope(400, '缺少参数: method');
  const biz = parseBizData(fields['biz_data']);
  if (!biz) return envelope(400, 'biz_data格式错误');
  if (biz['merchant_id'] !== fields['app_id']) return envelope(400, 'merchant_id与app_id不一致');
  const missing = COMMON_PARAMS.find((name) => !biz[name]);
  if (missing) return envelope(400, `缺少公共参数: ${missing}`);
  return { biz, method };
}

export async function startRong360Simulator(opts: Rong360SimulatorOptions): Promise<Rong360Simulator> {
  const keys = new Map(Object.entries(opts.merchants).map(([appId, pem]) => [appId, createPublicKey(pem)]));
  const timeoutFaultMs = opts.timeoutFaultMs ?? 120_000;
  const now = opts.now ?? Date.now;
  const pushes = createPushSender({
    namespace: 'rong360:pushes',
    state: opts.state,
    now,
    log: opts.log,
    delaysMs: opts.push?.delaysMs,
    timeoutMs: opts.push?.timeoutMs,
  });

  // The notice_url callback (vendor-notes): a form POST of user_id and status once the crawl ends.
  function scheduleNotice(task: CrawlTask, crawl: { endsAt: number; failed: boolean }): void {
    if (opts.sendNotices === false) return;
    const url = opts.noticeUrlOverride?.() || task.noticeUrl;
    if (!url.trim()) {
      opts.log?.('notice push skipped: no notice_url');
      return;
    }
    const body = new URLSearchParams({ user_id: task.userId, status: crawl.failed ? '3' : '2' }).toString();
    pushes.schedule({
      id: `notice:${task.statusId}`,
      url,
      contentType: 'application/x-www-form-urlencoded',
      body,
      expect: 'success',
      dueAt: crawl.endsAt,
    });
  }

  const sandbox = createSandbox({ now, crawlMs: opts.crawlMs, state: opts.state, onCrawlStarted: scheduleNotice });

  async function handle(req: IncomingMessage, send: (reply: SimReply) => Promise<void>): Promise<void> {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/gateway') return send({ kind: 'raw', status: 404, contentType: 'text/plain', body: 'not found' });
    if (req.method !== 'POST') return send({ kind: 'raw', status: 405, contentType: 'text/plain', body: 'POST only' });
    const body = await readBody(req);
    const fields = body === undefined ? undefined : parseFields(body, req.headers['content-type'] ?? '');
    if (!fields) return send(envelope(400, '请求格式错误'));
    const checked = checkRequest(fields, keys);
    if ('kind' in checked) return send(checked);
    const reply = sandbox.handle(checked.method, checked.biz);
    opts.log?.(`${checked.method} ${maskPhone(checked.biz['cellphone'] ?? '')} -> ${replyCode(reply)}`);
    return send(reply);
  }

  const server = await startSimServer(
    { host: opts.host, port: opts.port, timeoutFaultMs, jsonContentType: JSON_CONTENT_TYPE, path: '/gateway' },
    handle,
  ).catch(async (error: unknown) => {
    await pushes.close();
    throw error;
  });
  return {
    url: server.url,
    async close() {
      await pushes.close();
      await server.close();
    },
  };
}
