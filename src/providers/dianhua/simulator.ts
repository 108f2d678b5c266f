import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { maskPhone } from '../../flow';
import { startSimServer } from '../shared/sim-http';
import type { SimulatorStateStore } from '../shared/sim-state';
import { createPersistedMap } from '../shared/sim-store';
import { tokenSign } from './client';
import { SANDBOX_PASSWORD, scenarioFor } from './sandbox';
import { createDianhuaCrawl } from './simulator-crawl';
import type { DianhuaPushOptions } from './simulator-crawl';
import { createFlowSandbox } from './simulator-flows';
import type { WorldWithReset } from './simulator-flows';
import { createRecoverySandbox, recoveryApplicant } from './simulator-recovery';
import { badParams, json, str, vendorError } from './simulator-replies';
import type { SimParams, SimReply } from './simulator-replies';
import { formatBeijingTime } from './wire';

export interface DianhuaSimulatorOptions {
  appId: string;
  appSecret: string;
  host?: string;
  /** 0 = a random free port. */
  port?: number;
  /** Lifetime of the tokens it hands out (default 7200, as live). */
  tokenTtlSeconds?: number;
  /** How long the timeout fault hangs before answering 504 (default 120000). */
  timeoutFaultMs?: number;
  /**
   * Each new applicant of a number (a calls/flow whose `uid` is not the last one seen for it) finds
   * the number as the sandbox left it: the sandbox password again, and its recovery error scenario
   * armed again. The demo gallery replays recovery scenarios this way. Off: a recovered password and
   * a recovery error already shown last, as live.
   */
  freshApplicants?: boolean;
  /** One line per call (path, masked phone, status); never secrets, codes or upstream ids. */
  log?: (line: string) => void;
  /** The simulator's clock (tests share one with the adapter). */
  now?: () => number;
  /**
   * How long the crawl takes after a flow is done: the data endpoints answer 3001 until then and
   * the result and report pushes go out then. Default 2000 with `push`, 0 without (data at once).
   */
  crawlMs?: number;
  /** Push the §19 auth, §14 result and §18 report status to these URLs. */
  push?: DianhuaPushOptions;
  /** Keeps flow and recovery sessions, recovered passwords and pending pushes for a new simulator. */
  state?: SimulatorStateStore;
}

export interface DianhuaSimulator {
  /** The base URL, e.g. http://127.0.0.1:4312 (paths: /token, /calls/flow...). */
  url: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 256 * 1024;
/** Recovered passwords and fired scenarios kept; past it the oldest are forgotten. */
const MAX_REMEMBERED = 50_000;
/** §2.5: the signed `time` may be 10 minutes off. */
const TIME_WINDOW_S = 600;
/** A one-shot error scenario already shown to this applicant. */
const firedKey = (applicant: string, code: string) => `${applicant}:${code}`;
const GET_PATHS = new Set(['token', 'calls/verify/sms', 'calls/verify/captcha', 'calls/record', 'calls/report', 'cuishou', 'itag']);
const POST_PATHS = new Set(['calls/flow', 'calls/login', 'calls/verify', 'forget/pwd']);

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

/** Form fields the way PHP reads them: `k[]` / `k[0]` build lists, `k[name]` builds objects. */
export function parseForm(body: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const match = /^([^[\]]+)\[([^[\]]*)\]$/.exec(key);
    if (!match) {
      out[key] = value;
      continue;
    }
    const [, name = '', inner = ''] = match;
    if (inner === '' || /^\d+$/.test(inner)) {
      const current = out[name];
      out[name] = Array.isArray(current) ? [...current, value] : [value];
    } else {
      const current = out[name];
      out[name] = { ...(typeof current === 'object' && current !== null && !Array.isArray(current) ? current : {}), [inner]: value };
    }
  }
  return out;
}

function parseParams(body: string, contentType: string): SimParams | undefined {
  if (!contentType.includes('json')) return parseForm(body);
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as SimParams) : undefined;
  } catch {
    return undefined;
  }
}

export async function startDianhuaSimulator(opts: DianhuaSimulatorOptions): Promise<DianhuaSimulator> {
  const ttlMs = (opts.tokenTtlSeconds ?? 7200) * 1000;
  const now = opts.now ?? Date.now;
  const timeoutFaultMs = opts.timeoutFaultMs ?? 120_000;
  const { state } = opts;
  // Tokens are not kept: after a restart the adapters get 4000 and fetch a new one, as live.
  const tokens = new Map<string, number>();
  const passwords = createPersistedMap<string>({
    state,
    namespace: 'dianhua:passwords',
    decode: (raw) => (typeof raw === 'string' ? raw : undefined),
    max: MAX_REMEMBERED,
  });
  const fired = createPersistedMap<true>({
    state,
    namespace: 'dianhua:fired',
    decode: (raw) => (raw === true ? true : undefined),
    max: MAX_REMEMBERED,
  });
  /** tel → the uid of its latest calls/flow (kept only with `freshApplicants`). */
  const applicants = createPersistedMap<string>({
    state,
    namespace: 'dianhua:applicants',
    decode: (raw) => (typeof raw === 'string' ? raw : undefined),
    max: MAX_REMEMBERED,
  });
  const crawl = createDianhuaCrawl({ now, crawlMs: opts.crawlMs ?? (opts.push ? 2000 : 0), push: opts.push, state, log: opts.log });

  const world: WorldWithReset = {
    now,
    state,
    passwordOf: (tel) => passwords.get(tel) ?? SANDBOX_PASSWORD,
    fire(play, applicant, trigger) {
      const error = play.error;
      if (!error || error.trigger !== trigger) return undefined;
      const key = firedKey(applicant, error.code);
      if (!error.persistent && fired.has(key)) return undefined;
      fired.set(key, true);
      return vendorError(error.code);
    },
    resetOnce(applicant) {
      const key = `${applicant}:reset`;
      if (fired.has(key)) return false;
      fired.set(key, true);
      return true;
    },
    authorized: (session) => crawl.authorized(session),
  };
  const flows = createFlowSandbox(world);
  const recovery = createRecoverySandbox({ ...world, setPassword: (tel, password) => passwords.set(tel, password) });

  /** With `freshApplicants`: a calls/flow of a new uid resets what an earlier applicant left on the number. */
  function applicantArrives(params: SimParams): void {
    const tel = str(params, 'tel');
    const uid = str(params, 'uid') ?? '';
    if (!opts.freshApplicants || !tel || applicants.get(tel) === uid) return;
    applicants.set(tel, uid);
    passwords.delete(tel);
    const code = scenarioFor(tel).error?.code;
    if (code !== undefined) fired.delete(firedKey(recoveryApplicant(tel), code));
  }

  function issueToken(query: URLSearchParams): SimReply {
    const appid = query.get('appid');
    const sign = query.get('sign');
    const time = query.get('time');
    if (!appid || !sign || !time) return badParams('appid, sign, time');
    if (appid !== opts.appId) return vendorError('3998');
    const skew = Math.abs(now() / 1000 - Number(time));
    if (!/^\d+$/.test(time) || skew > TIME_WINDOW_S || sign !== tokenSign(opts.appId, opts.appSecret, time)) return vendorError('4005');
    // `+`, `/` and `=`: a token that is not URL-encoded breaks, as live.
    const token = `tk+${randomBytes(16).toString('base64')}`;
    const expiresAt = now() + ttlMs;
    tokens.set(token, expiresAt);
    return json({ status: 0, action: 'processing', msg: 'OK', data: { token, expires: formatBeijingTime(expiresAt) } });
  }

  function route(path: string, params: SimParams, token: string): SimReply {
    switch (path) {
      case 'calls/flow': {
        applicantArrives(params);
        const { reply } = flows.flow(params);
        // The token "expires" mid-flow: revoked right after calls/flow, so the next call gets 4000.
        if (scenarioFor(str(params, 'tel') ?? '').flow.special === 'tokenExpires') tokens.delete(token);
        return reply;
      }
      case 'forget/pwd':
        return recovery.handle(params);
      case 'calls/record':
      case 'calls/report':
      case 'cuishou':
      case 'itag': {
        const sid = str(params, 'sid') ?? '';
        return crawl.data(path, sid, flows.session(sid), world);
      }
      default:
        return flows.handle(path, params);
    }
  }

  async function handle(req: IncomingMessage, send: (reply: SimReply) => Promise<void>): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const path = url.pathname.replace(/^\/+|\/+$/g, '');
    const method = GET_PATHS.has(path) ? 'GET' : POST_PATHS.has(path) ? 'POST' : undefined;
    if (!method) return send({ kind: 'raw', status: 404, contentType: 'text/plain', body: 'not found' });
    if (req.method !== method) return send({ kind: 'raw', status: 405, contentType: 'text/plain', body: `${method} only` });
    if (path === 'token') {
      const issued = issueToken(url.searchParams);
      opts.log?.(`token -> ${issued.kind === 'json' ? String((issued.body as { status?: unknown }).status) : issued.kind}`);
      return send(issued);
    }
    const token = url.searchParams.get('token') ?? '';
    const expiresAt = tokens.get(token);
    if (expiresAt === undefined || expiresAt <= now()) {
      opts.log?.(`${path} -> 4000`);
      return send(vendorError('4000'));
    }
    let params: SimParams | undefined = Object.fromEntries(url.searchParams);
    if (method === 'POST') {
      const body = await readBody(req);
      params = body === undefined ? undefined : parseParams(body, req.headers['content-type'] ?? '');
    }
    if (!params) return send(badParams('body'));
    const reply = route(path, params, token);
    const status = reply.kind === 'json' ? String((reply.body as { status?: unknown }).status) : reply.kind;
    opts.log?.(`${path} ${maskPhone(str(params, 'tel') ?? '')} -> ${status}`);
    return send(reply);
  }

  const server = await startSimServer(
    { host: opts.host, port: opts.port, timeoutFaultMs, jsonContentType: 'application/json; charset=utf-8' },
    handle,
  ).catch(async (error: unknown) => {
    await crawl.close();
    throw error;
  });
  return {
    url: server.url,
    async close() {
      await crawl.close();
      await server.close();
    },
  };
}
