import type { CollectRef, CollectResult, CrawlStage, ProviderDataSource } from '../data-model';
import { UpstreamError } from '../upstream-error';
import type { Rong360AdapterDeps, Rong360Config } from './adapter';
import { commonParams } from './biz-data';
import { DATA_MAX_BODY_BYTES } from '../data-model';
import { createHttpClient } from '../http';
import { createRong360Client } from './client';
import type { Rong360Client, Rong360RawClient } from './client';
import { normalizeGetdata } from './data-map';
import { CRAWL_STATUS, GETDATA_METHOD, QUERY_STATUS_METHOD, QueryStatusSchema, getdataLists, readDataAnswer } from './wire-data';
import type { Rong360DataAnswer } from './wire-data';
import { RONG360_OK, payloadKeyOf } from './wire';

export interface Rong360DataDeps extends Rong360AdapterDeps {
  /** Ask `wd.api.crawler.queryStatus` before getdata, for a crawl still running or failed (default true). */
  queryStatus?: boolean;
}

const LOGGED_IN: CrawlStage[] = ['login'];
const ALL_STAGES: CrawlStage[] = ['login', 'bills', 'calls', 'sms'];

function hasText(client: Rong360Client): client is Rong360RawClient {
  return typeof (client as Partial<Rong360RawClient>).callText === 'function';
}

/**
 * The Rong360 data side: queryStatus (optional) then getdata for the applicant's
 * `user_id`, normalized. Vendor error codes and transport failures throw (the collector retries).
 */
export function createRong360DataSource(
  config: Rong360Config,
  deps: Rong360DataDeps = {},
): ProviderDataSource & { close(): Promise<void> } {
  const now = deps.now ?? Date.now;
  const client =
    deps.client ??
    createRong360Client(
      { gatewayUrl: config.gatewayUrl, appId: config.appId, privateKeyPem: config.privateKeyPem, timeoutMs: config.timeoutMs },
      { now, http: deps.http ?? createHttpClient({ timeoutMs: config.timeoutMs, maxBodyBytes: DATA_MAX_BODY_BYTES }) },
    );

  async function request(method: string, biz: Record<string, string>): Promise<Rong360DataAnswer> {
    if (hasText(client)) return readDataAnswer(await client.callText(method, biz));
    // A client without raw text (a test stub): its JSON.parse has already dropped repeated keys.
    const answer = await client.call(method, biz);
    return { ...answer, json: { error: answer.code, msg: answer.msg, [payloadKeyOf(method)]: answer.payload } };
  }

  /** A verdict from queryStatus, or undefined to go on to getdata. */
  async function crawlStatus(ref: CollectRef, common: Record<string, string>): Promise<CollectResult | undefined> {
    const answer = await request(QUERY_STATUS_METHOD, { ...common, status_id: ref.taskId });
    // Undocumented method: an error code from it is no verdict on the crawl.
    if (answer.code !== RONG360_OK) return undefined;
    const parsed = QueryStatusSchema.safeParse(answer.payload);
    if (!parsed.success) return undefined;
    const { status, status_desc: desc } = parsed.data;
    if (status === CRAWL_STATUS.crawling) return { type: 'pending', stages: [...LOGGED_IN], reason: 'crawl in progress' };
    if (status === CRAWL_STATUS.done) return undefined;
    return {
      type: 'failed',
      code: 'crawl_failed',
      message: `Rong360 reports the crawl failed (queryStatus status ${status}${desc ? `, "${desc}"` : ''}).`,
    };
  }

  return {
    async collect(ref) {
      const common = commonParams(config, ref.userId);
      // A login completed without status_id is known by its user_id only (see the adapter): nothing to ask queryStatus.
      if (deps.queryStatus !== false && ref.taskId !== ref.userId) {
        const verdict = await crawlStatus(ref, common);
        if (verdict) return verdict;
      }
      const answer = await request(GETDATA_METHOD, { ...common, user_id: ref.userId });
      if (answer.code !== RONG360_OK) throw new UpstreamError('invalid', `getdata answered error code ${answer.code}`);
      const lists = getdataLists(answer.payload);
      // Data lands asynchronously after login (vendor-notes): an empty data_list is "not yet".
      if (!lists.landed) return { type: 'pending', stages: [...LOGGED_IN], reason: 'data not landed yet' };
      const data = normalizeGetdata(lists, { now: now(), phone: ref.phone, userId: ref.userId, taskId: ref.taskId });
      return { type: 'ready', data, raw: { [GETDATA_METHOD]: answer.json }, stages: [...ALL_STAGES] };
    },
    close: () => client.close(),
  };
}
