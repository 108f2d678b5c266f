import { createPushSender } from '../shared/sim-push';
import type { SimPush } from '../shared/sim-push';
import type { SimulatorStateStore } from '../shared/sim-state';
import { encryptDianhuaPush } from './push';
import { crawlFailureOf } from './sandbox';
import { cuishouData, itagData, recordData, reportData } from './simulator-data';
import type { FlowSession, SimWorld } from './simulator-flows';
import { badParams, json, vendorError } from './simulator-replies';
import type { SimReply } from './simulator-replies';

/** Where and how the simulator pushes (§14 result, §18 report status, §19 auth status). */
export interface DianhuaPushOptions {
  /** §19 authorization pushes; read when a flow completes. Unset or empty: no push. */
  authUrl?: () => string | undefined;
  /** §18 report-status pushes. */
  reportUrl?: () => string | undefined;
  /** §14 result-set pushes (the calls/record data). */
  resultUrl?: () => string | undefined;
  /** Encrypt every body with AES/CBC and send it as base64 text (§14.2 "AES/CBC 加密的数据"). */
  aes?: { key: Buffer; iv: Buffer };
  /** Retry waits (default [2000, 10000] ms). */
  delaysMs?: number[];
  /** Per-attempt timeout (default 5000 ms). */
  timeoutMs?: number;
}

export interface CrawlOptions {
  now: () => number;
  /** How long the crawl takes after the flow is done. */
  crawlMs: number;
  push?: DianhuaPushOptions;
  state?: SimulatorStateStore;
  log?: (line: string) => void;
}

const BUILDERS = { 'calls/record': recordData, 'calls/report': reportData, cuishou: cuishouData, itag: itagData } as const;

/** §18 note: one URL for both status pushes gets `yulore_flag=auth|report` appended (any query kept). */
function flagged(url: string, flag: 'auth' | 'report'): string {
  try {
    const parsed = new URL(url);
    parsed.searchParams.append('yulore_flag', flag);
    return parsed.toString();
  } catch {
    return url; // the sender refuses it and logs
  }
}

/** The crawl after an authorization: the data endpoints' answers over time, and the pushes. */
export function createDianhuaCrawl(options: CrawlOptions) {
  const { now, crawlMs, push } = options;
  const sender = createPushSender({
    namespace: 'dianhua:pushes',
    state: options.state,
    now,
    log: options.log,
    delaysMs: push?.delaysMs,
    timeoutMs: push?.timeoutMs,
  });

  function encode(body: object): Pick<SimPush, 'body' | 'contentType'> {
    const plain = JSON.stringify(body);
    if (!push?.aes) return { body: plain, contentType: 'application/json' };
    // Ciphertext is not JSON: sent as the raw base64 text.
    return { body: encryptDianhuaPush(plain, push.aes), contentType: 'text/plain; charset=utf-8' };
  }

  function schedule(kind: 'auth' | 'result' | 'report', url: string | undefined, sid: string, body: object, dueAt: number): void {
    if (!url?.trim()) {
      options.log?.(`${kind} push skipped: no URL`);
      return;
    }
    sender.schedule({ id: `${kind}:${sid}`, url, expect: 'ok', dueAt, ...encode(body) });
  }

  /** A flow reached `done`: auth at once; result then report status once the crawl ends. */
  function authorized(s: FlowSession): void {
    if (!push) return;
    const doneAt = s.doneAt ?? now();
    const endsAt = doneAt + crawlMs;
    const { sid, tel, uid } = s;
    const failed = crawlFailureOf(tel) !== undefined;
    const authUrl = push.authUrl?.();
    const reportUrl = push.reportUrl?.();
    const shared = authUrl !== undefined && authUrl === reportUrl;
    schedule('auth', shared ? flagged(authUrl, 'auth') : authUrl, sid, { status: 0, tel, uid, sid }, doneAt);
    if (!failed) {
      const data = recordData({ sid, tel, uid, now: endsAt });
      schedule('result', push.resultUrl?.(), sid, { status: 0, msg: 'OK', data }, endsAt);
    }
    const report = shared && reportUrl ? flagged(reportUrl, 'report') : reportUrl;
    schedule('report', report, sid, { status: failed ? 2 : 0, sid, tel, uid }, endsAt);
  }

  /** calls/record, calls/report, cuishou, itag: 3001 (查询中) until the crawl ends, then the data. */
  function data(path: string, sid: string, s: FlowSession | undefined, world: Pick<SimWorld, 'fire'>): SimReply {
    if (!s) return vendorError('4016');
    if (s.stage !== 'done') return vendorError('3001');
    const endsAt = (s.doneAt ?? 0) + crawlMs;
    if (now() < endsAt) return vendorError('3001');
    const fired = world.fire(s.play, sid, 'data');
    if (fired) return fired;
    const failure = crawlFailureOf(s.tel);
    if (failure) return vendorError(failure);
    const build = Object.hasOwn(BUILDERS, path) ? BUILDERS[path as keyof typeof BUILDERS] : undefined;
    // The data is dated at the crawl's end, so every call answers the same.
    return build ? json({ status: 0, msg: 'OK', data: build({ sid, tel: s.tel, uid: s.uid, now: endsAt }) }) : badParams(path);
  }

  return { authorized, data, close: () => sender.close() };
}
