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

/**
 * The data dictionary (§5), vendor names verbatim. §5.1 is named in the table of contents only:
 * userdata's fields are those of the §4.4 example. §5.2 names the other party of a call
 * `receive_phone` and §5.3 that of an SMS `receiver_phone`: both spellings are read in both lists.
 */
export const USERDATA_FIELDS = {
  source: 'user_source',
  idCard: 'id_card',
  address: 'addr',
  name: 'real_name',
  balance: 'phone_remain',
  phone: 'phone',
} as const;
export const PEER_KEYS = ['receive_phone', 'receiver_phone'] as const;
/** §5.2: trade_type 1 local / 2 domestic roaming / 3 other; call_type 1 outgoing / 2 incoming / 3 unknown. */
export const CALL_FIELDS = {
  roaming: 'trade_type',
  duration: 'trade_time',
  time: 'call_time',
  place: 'trade_addr',
  direction: 'call_type',
} as const;
/** §5.3: trade_way 1 sent / 2 received / 3 unknown. */
export const SMS_FIELDS = { time: 'send_time', direction: 'trade_way' } as const;
/** §5.4: `month` (YYYYMM or YYYY-MM) and `call_pay` in yuan. */
export const BILL_FIELDS = { month: 'month', total: 'call_pay' } as const;

/** The lists of a data_list entry: §4.4 shows userdata, teldata and msgdata. */
export const USERDATA_KEY = 'userdata';
export const CALLS_KEY = 'teldata';
export const SMS_KEY = 'msgdata';
/**
 * §5.4's list is named nowhere in the document or the notes. Public clients read `billdata` (the
 * name the teldata/msgdata pattern gives); the other spellings are read too, and so is any other
 * list of an entry whose records carry §5.4's fields (see getdataLists).
 */
export const BILL_KEYS = ['billdata', 'bill_data', 'billData', 'bills', 'bill'] as const;

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
  /** Which lists the answer had at all (an absent list differs from an empty one). */
  present: { teldata: boolean; msgdata: boolean; billdata: boolean };
  /** The keys bills were read from, when not one of BILL_KEYS (found by their §5.4 fields). */
  billKeysFound: string[];
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

const KNOWN_KEYS = new Set<string>([USERDATA_KEY, CALLS_KEY, SMS_KEY, 'data_list', ...BILL_KEYS]);
const hasBillFields = (item: Record<string, unknown>) => item[BILL_FIELDS.month] !== undefined || item[BILL_FIELDS.total] !== undefined;

/** Whether a list of another name holds §5.4 records (directly, or in containers of the same name). */
function holdsBills(key: string, value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  return flattenRecords(value, key, hasBillFields).records.length > 0;
}

/**
 * Every list of every `data_list` entry, plus lists beside `data_list` itself (the §4.4 example
 * puts a `teldata` there too; the duplicates it brings are removed after normalization).
 */
export function getdataLists(payload: unknown): GetdataLists {
  const root = dataRoot(payload);
  const entries = asList(root?.['data_list']).filter(isRecord);
  const lists: GetdataLists = {
    landed: entries.length > 0,
    userdata: [],
    teldata: [],
    msgdata: [],
    billdata: [],
    present: { teldata: false, msgdata: false, billdata: false },
    billKeysFound: [],
  };
  for (const holder of root ? [...entries, root] : entries) {
    lists.userdata.push(...asList(holder[USERDATA_KEY]));
    for (const [key, list] of [
      [CALLS_KEY, lists.teldata],
      [SMS_KEY, lists.msgdata],
    ] as const) {
      if (holder[key] !== undefined && holder[key] !== null) lists.present[key] = true;
      list.push(...asList(holder[key]));
    }
    for (const key of BILL_KEYS) {
      if (holder[key] === undefined || holder[key] === null) continue;
      lists.present.billdata = true;
      // Containers keep their own name: normalize them to `billdata` so one flatten reads them all.
      lists.billdata.push(
        ...asList(holder[key]).map((item) => (isRecord(item) && key !== 'billdata' && key in item ? { billdata: item[key] } : item)),
      );
    }
    for (const [key, value] of Object.entries(holder)) {
      if (KNOWN_KEYS.has(key) || !holdsBills(key, value)) continue;
      lists.present.billdata = true;
      if (!lists.billKeysFound.includes(key)) lists.billKeysFound.push(key);
      lists.billdata.push(...flattenRecords(asList(value), key, hasBillFields).records);
    }
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

/** Keys of the raw getdata answer that hold an ID-card number (masked for lenders without full numbers). */
export const RAW_ID_CARD_KEYS: readonly string[] = [USERDATA_FIELDS.idCard];
