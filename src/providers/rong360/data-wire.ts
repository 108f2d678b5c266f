import * as z from 'zod';
import { parseJsonMerging } from './json-merge';
import { readEnvelope } from './wire';

export { mergeJson, parseJsonMerging } from './json-merge';

// Rong360's data side, vendor names verbatim: `wd.api.mobilephone.getdata` (document §4-5, with the
// method name of vendor-notes) and `wd.api.crawler.queryStatus`. Records are read one by one, so
// one odd record is skipped and counted instead of failing the whole answer.

/** The document's `wd.api.mobile.v4.phone.getdata` is wrong (vendor-notes); its response key is right. */
export const GETDATA_METHOD = 'wd.api.mobilephone.getdata';
/** Undocumented, used by every PHP client: `status_id` in, crawl status out. */
export const QUERY_STATUS_METHOD = 'wd.api.crawler.queryStatus';
/** queryStatus `status`: 1 crawling, 2 done; anything else means the crawl failed. */
export const CRAWL_STATUS = { crawling: 1, done: 2 } as const;

/** Any scalar as trimmed text; null and "" mean absent. */
const Text = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((value) => {
    const text = value === null || value === undefined ? '' : String(value).trim();
    return text === '' ? undefined : text;
  });

/** §5.1 (named in the table of contents only; fields from the §4.4 example). */
export const UserdataSchema = z.looseObject({
  user_source: Text,
  id_card: Text,
  addr: Text,
  real_name: Text,
  phone_remain: Text,
  phone: Text,
});
export type Rong360Userdata = z.infer<typeof UserdataSchema>;

/** §5.2: trade_type 1 local / 2 domestic roaming / 3 other; call_type 1 outgoing / 2 incoming / 3 unknown. */
export const TelRecordSchema = z.looseObject({
  trade_type: Text,
  trade_time: Text,
  call_time: Text,
  trade_addr: Text,
  receive_phone: Text,
  call_type: Text,
});
export type Rong360TelRecord = z.infer<typeof TelRecordSchema>;

/** §5.3: trade_way 1 sent / 2 received / 3 unknown. */
export const MsgRecordSchema = z.looseObject({ send_time: Text, trade_way: Text, receiver_phone: Text });
export type Rong360MsgRecord = z.infer<typeof MsgRecordSchema>;

/** §5.4: `month` (YYYYMM or YYYY-MM) and `call_pay` in yuan. */
export const BillRecordSchema = z.looseObject({ month: Text, call_pay: Text });
export type Rong360BillRecord = z.infer<typeof BillRecordSchema>;

export const QueryStatusSchema = z.looseObject({
  status: z.union([
    z.number().int(),
    z
      .string()
      .regex(/^\s*-?\d+\s*$/)
      .transform(Number),
  ]),
  status_desc: Text,
});

/** A getdata (or queryStatus) answer read with repeated keys merged. */
export interface Rong360DataAnswer {
  /** `error` (or `code`): 200 on success. */
  code: number;
  msg: string | null;
  /** The object under the payload key (see `payloadKeyIn`). */
  payload: unknown;
  /** The whole answer, repeated keys merged: what `raw` keeps. */
  json: Record<string, unknown>;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads the envelope of an answer's text, with every payload key the document and the notes allow (see readEnvelope). */
export function readDataAnswer(text: string): Rong360DataAnswer {
  const json = parseJsonMerging(text);
  const answer = readEnvelope(json);
  return { ...answer, json: json as Record<string, unknown> };
}

/** What one getdata answer holds, records still vendor-shaped and unchecked. */
export interface GetdataLists {
  /** False when `data_list` is missing or empty: the data has not landed yet. */
  landed: boolean;
  userdata: unknown[];
  teldata: unknown[];
  msgdata: unknown[];
  billdata: unknown[];
}

/** The object holding `data_list`: the payload itself or its `data` (one or two levels down). */
function dataRoot(payload: unknown): Record<string, unknown> | undefined {
  let node = payload;
  for (let level = 0; level < 3 && isRecord(node); level++) {
    if ('data_list' in node) return node;
    node = node['data'];
  }
  return undefined;
}

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]);

/**
 * Every list of every `data_list` entry, plus lists beside `data_list` itself (the §4.4 example
 * puts a `teldata` there too; the duplicates it brings are removed after normalization).
 */
export function getdataLists(payload: unknown): GetdataLists {
  const root = dataRoot(payload);
  const entries = asList(root?.['data_list']).filter(isRecord);
  const lists: GetdataLists = { landed: entries.length > 0, userdata: [], teldata: [], msgdata: [], billdata: [] };
  for (const holder of root ? [...entries, root] : entries) {
    lists.userdata.push(...asList(holder['userdata']));
    lists.teldata.push(...asList(holder['teldata']));
    lists.msgdata.push(...asList(holder['msgdata']));
    lists.billdata.push(...asList(holder['billdata']));
  }
  return lists;
}

/** How deep `teldata` inside `teldata` is followed (vendor-notes: items hold another list of the same name). */
export const MAX_RECORD_NESTING = 4;

/**
 * The records of a list whose items may hold a list of the same name, at any depth up to
 * MAX_RECORD_NESTING. `looksLikeRecord` tells a record from a container; anything else
 * (or anything nested deeper) is counted in `unreadable`.
 */
export function flattenRecords(
  items: readonly unknown[],
  key: string,
  looksLikeRecord: (item: Record<string, unknown>) => boolean,
): { records: Record<string, unknown>[]; unreadable: number } {
  const records: Record<string, unknown>[] = [];
  let unreadable = 0;
  const walk = (list: readonly unknown[], depth: number) => {
    for (const item of list) {
      if (!isRecord(item)) {
        unreadable++;
        continue;
      }
      const nested = item[key];
      const isRecordItem = looksLikeRecord(item);
      if (nested !== undefined && nested !== null) {
        if (depth < MAX_RECORD_NESTING) walk(asList(nested), depth + 1);
        else unreadable += asList(nested).length;
      } else if (!isRecordItem) {
        unreadable++;
      }
      if (isRecordItem) records.push(item);
    }
  };
  walk(items, 1);
  return { records, unreadable };
}
