import type { CollectRef, CollectResult, CrawlStage, ExtraKind, ExtraResult, ProviderDataSource } from '../data-model';
import { UpstreamError } from '../upstream-error';
import type { DianhuaAdapterDeps, DianhuaConfig } from './adapter';
import { DATA_MAX_BODY_BYTES } from '../data-model';
import { createHttpClient } from '../http';
import { createDianhuaClient } from './client';
import type { DianhuaAnswer } from './client';
import { normalizeRecord } from './data-map';
import { normalizeScore, normalizeTags } from './extras-map';
import { normalizeReport } from './report-map';
import { DIANHUA_OK } from './wire';

// The Dianhua data side: calls/record normalized, and the extras passed through typed.
// Status codes of document §20 plus the leaked ones of vendor-notes decide ready/pending/failed.

/** 查询中 / 数据生成中: not yet. */
const PENDING = new Set([3001, 3101]);
/** 查询失败 / 数据生成失败: this crawl will not produce data. */
const CRAWL_FAILED = new Set([3100, 3102]);
/** §20 20015 (number barred from the service) and 20016 (the carrier forbids querying the month's records). */
const FORBIDDEN = new Set([20015, 20016]);
/** 无效会话, and the leaked 5000 invalid / 5001 outdated sid: Dianhua does not know the sid (any more). */
const UNKNOWN_TASK = new Set([4016, 5000, 5001]);

/**
 * Where each extra comes from and how it is read. All three are asked with the crawl's sid: §17.3
 * says so for itag; §16.3 calls cuishou's `sid` the score's own id, but nothing in the document
 * hands one out, and §16.5's answer echoes the crawl's sid as the `uid` it was computed under
 * (the pattern of itag, whose answer names its own id too). See `scoreMatches`.
 */
const EXTRA_PATHS: Readonly<Record<ExtraKind, { path: string; normalize: (data: unknown) => unknown }>> = {
  report: { path: 'calls/report', normalize: normalizeReport },
  score: { path: 'cuishou', normalize: normalizeScore },
  tags: { path: 'itag', normalize: normalizeTags },
};

/** A score computed under another crawl than ours is not ours (an unnamed `uid` is accepted). */
function scoreMatches(data: unknown, sid: string): boolean {
  const uid = typeof data === 'object' && data !== null ? (data as Record<string, unknown>)['uid'] : undefined;
  return typeof uid !== 'string' || uid.trim() === '' || !uid.startsWith('SID') || uid === sid;
}

const LOGGED_IN: readonly CrawlStage[] = ['login'];
const READY_STAGES: readonly CrawlStage[] = ['login', 'bills', 'calls'];

type Verdict = { type: 'ok' } | { type: 'pending' } | { type: 'failed'; code: string; message: string } | { type: 'unknown' };

/** How an answer's status reads; `unknown` codes are the caller's to treat (retry). */
function verdictOf(path: string, answer: DianhuaAnswer): Verdict {
  if (answer.status === DIANHUA_OK) return { type: 'ok' };
  if (PENDING.has(answer.status)) return { type: 'pending' };
  // The vendor's own words go along for support, after an English sentence lenders can read.
  const said = answer.msg ? `, "${answer.msg.slice(0, 120)}"` : '';
  if (CRAWL_FAILED.has(answer.status)) {
    return {
      type: 'failed',
      code: 'crawl_failed',
      message: `Dianhua reports the data could not be produced (${path} status ${answer.status}${said}).`,
    };
  }
  if (FORBIDDEN.has(answer.status)) {
    return {
      type: 'failed',
      code: 'query_forbidden',
      message: `Dianhua reports the carrier forbids this query (${path} status ${answer.status}${said}).`,
    };
  }
  if (UNKNOWN_TASK.has(answer.status)) {
    return {
      type: 'failed',
      code: 'task_unknown',
      message: `Dianhua does not know this crawl session (${path} status ${answer.status}${said}).`,
    };
  }
  return { type: 'unknown' };
}

export function createDianhuaDataSource(
  config: Pick<DianhuaConfig, 'baseUrl' | 'appId' | 'appSecret' | 'timeoutMs'>,
  deps: DianhuaAdapterDeps = {},
): ProviderDataSource & { close(): Promise<void> } {
  const client =
    deps.client ??
    createDianhuaClient(
      { baseUrl: config.baseUrl, appId: config.appId, appSecret: config.appSecret, timeoutMs: config.timeoutMs },
      {
        ...(deps.now && { now: deps.now }),
        ...(deps.tokens && { tokens: deps.tokens }),
        http: deps.http ?? createHttpClient({ timeoutMs: config.timeoutMs, maxBodyBytes: DATA_MAX_BODY_BYTES }),
      },
    );

  async function extra(kind: ExtraKind, ref: CollectRef): Promise<ExtraResult | undefined> {
    const { path, normalize } = EXTRA_PATHS[kind];
    let answer: DianhuaAnswer;
    try {
      answer = await client.get(path, { sid: ref.taskId });
    } catch (error) {
      // A transport failure: no verdict, the collector asks again later.
      if (error instanceof UpstreamError) return undefined;
      throw error;
    }
    const verdict = verdictOf(path, answer);
    if (verdict.type === 'pending') return { status: 'pending' };
    if (verdict.type === 'failed') return { status: 'failed', code: verdict.code, message: verdict.message };
    if (verdict.type === 'unknown') return undefined;
    if (kind === 'score' && !scoreMatches(answer.data, ref.taskId)) {
      return { status: 'failed', code: 'invalid_data', message: `Dianhua ${path} answered a score computed for another crawl.` };
    }
    try {
      return { status: 'ready', data: normalize(answer.data), raw: { [path]: answer.data } };
    } catch (error) {
      if (!(error instanceof UpstreamError)) throw error;
      return { status: 'failed', code: 'invalid_data', message: `Dianhua ${path} data is not an object.` };
    }
  }

  return {
    async collect(ref): Promise<CollectResult> {
      const answer = await client.get('calls/record', { sid: ref.taskId });
      const verdict = verdictOf('calls/record', answer);
      if (verdict.type === 'pending') return { type: 'pending', stages: [...LOGGED_IN], reason: 'data not generated yet' };
      if (verdict.type === 'failed') return verdict;
      if (verdict.type === 'unknown') throw new UpstreamError('invalid', `calls/record answered status ${answer.status}`);
      const data = normalizeRecord(answer.data, { phone: ref.phone });
      return { type: 'ready', data, raw: { 'calls/record': answer.data }, stages: [...READY_STAGES] };
    },

    async collectExtras(ref, kinds) {
      const wanted = [...new Set(kinds)];
      const results = await Promise.all(wanted.map(async (kind) => [kind, await extra(kind, ref)] as const));
      const out: Partial<Record<ExtraKind, ExtraResult>> = {};
      for (const [kind, result] of results) if (result) out[kind] = result;
      return out;
    },

    close: () => client.close(),
  };
}
