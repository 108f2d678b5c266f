import * as z from 'zod';
import type { SimulatorStateStore } from '../shared/sim-state';
import { createPersistedMap } from '../shared/sim-store';
import { crawlFailureOf } from './sandbox';
import { rong360GetdataBody } from './simulator-data';
import { JSON_CONTENT_TYPE, badRequest, ok, vendorError } from './simulator-replies';
import type { SimReply } from './simulator-replies';

/** A crawl started by a completed login (plain JSON: it is saved in the simulator state). */
const CrawlTaskSchema = z.object({
  statusId: z.number().int().positive(),
  phone: z.string(),
  userId: z.string(),
  /** When the login completed (ms); the crawl ends `crawlMs` later. */
  issuedAt: z.number(),
  /** The login's biz notice_url (the push may go elsewhere: see noticeUrlOverride). */
  noticeUrl: z.string(),
});
export type CrawlTask = z.infer<typeof CrawlTaskSchema>;

/** The live name, the newer v2, and the document's two (wrong) spellings (vendor-notes). */
export const GETDATA_METHODS: ReadonlySet<string> = new Set([
  'wd.api.mobilephone.getdata',
  'wd.api.mobilephone.getdatav2',
  'wd.api.mobile.v4.phone.getdata',
  'wd.api.mobile.phone.getdata',
]);
export const QUERY_STATUS_METHOD = 'wd.api.crawler.queryStatus';

const FIRST_STATUS_ID = 5446;
const MAX_TASKS = 10_000;

export interface CrawlOptions {
  now: () => number;
  /** How long a crawl takes after the login completes. */
  crawlMs: number;
  state?: SimulatorStateStore;
  /** A crawl started (schedule its notice push). */
  onStarted?: (task: CrawlTask, outcome: { endsAt: number; failed: boolean }) => void;
}

/** The crawls behind completed logins: queryStatus and getdata read them. */
export function createCrawlTasks(options: CrawlOptions) {
  const { now, crawlMs } = options;
  const tasks = createPersistedMap<CrawlTask>({
    state: options.state,
    namespace: 'rong360:tasks',
    decode: (raw) => CrawlTaskSchema.safeParse(raw).data,
    max: MAX_TASKS,
  });
  // getdata is keyed by user_id: the user's latest task answers.
  const latestOf = new Map<string, CrawlTask>();
  let nextStatusId = FIRST_STATUS_ID;
  for (const task of tasks.values()) {
    nextStatusId = Math.max(nextStatusId, task.statusId + 1);
    const known = latestOf.get(task.userId);
    if (!known || known.statusId < task.statusId) latestOf.set(task.userId, task);
  }

  const crawled = (task: CrawlTask) => now() - task.issuedAt >= crawlMs;

  function start(input: { phone: string; userId: string; noticeUrl: string }): number {
    const task: CrawlTask = { ...input, statusId: nextStatusId++, issuedAt: now() };
    tasks.set(String(task.statusId), task);
    latestOf.delete(task.userId);
    latestOf.set(task.userId, task);
    if (latestOf.size > MAX_TASKS) latestOf.delete(latestOf.keys().next().value ?? '');
    options.onStarted?.(task, { endsAt: task.issuedAt + crawlMs, failed: crawlFailureOf(task.phone) !== undefined });
    return task.statusId;
  }

  function queryStatus(method: string, statusId: string | undefined): SimReply {
    const task = tasks.get(statusId ?? '');
    if (!task) return badRequest('任务不存在');
    const status = !crawled(task) ? [1, '抓取中'] : crawlFailureOf(task.phone) ? [3, '抓取失败'] : [2, '抓取成功'];
    return ok(method, { status_id: statusId, status: status[0], status_desc: status[1] });
  }

  function getdata(userId: string | undefined): SimReply {
    const task = latestOf.get(userId ?? '');
    if (!task || !tasks.has(String(task.statusId))) return badRequest('用户不存在或未完成授权');
    const failure = crawlFailureOf(task.phone);
    if (failure && crawled(task)) return vendorError(failure);
    // Nothing lands before the crawl ends: asked earlier, the body is the empty data_list.
    const at = crawled(task) && !failure ? now() : task.issuedAt;
    const body = rong360GetdataBody({ phone: task.phone, userId: task.userId, now: at, doneAt: task.issuedAt });
    return { kind: 'raw', status: 200, contentType: JSON_CONTENT_TYPE, body };
  }

  return { start, queryStatus, getdata };
}

export type CrawlTasks = ReturnType<typeof createCrawlTasks>;
