import type { CollectionPeriod, CollectionScore, NumberTags } from '../extras-model';
import { createFieldReader, isRecord, readItems } from '../shared/field-reader';
import type { FieldReader, Json } from '../shared/field-reader';
import { UpstreamError } from '../upstream-error';
import { normalizeReport } from './report-map';

// cuishou (document §16.4) and itag (§17.4) into the neutral CollectionScore and NumberTags, one
// value at a time: a mistyped value is null and counted, never the end of the block.

/** §16.4's periods, neutral name first. */
const PERIODS: ReadonlyArray<readonly [CollectionPeriod, string]> = [
  ['overall', 'overview'],
  ['lastWeek', 'last_week'],
  ['lastTwoWeeks', 'last_two_weeks'],
  ['lastThreeWeeks', 'last_three_weeks'],
  ['last30Days', 'last_30_days'],
  ['days30To60', 'last_30_and_60_days'],
  ['days60To90', 'last_60_and_90_days'],
];

function totals(read: FieldReader, value: unknown, path: string) {
  const t = read.object(value, path);
  if (t === null) return null;
  return {
    numbers: read.int(t['call_tel_total_nums'], `${path}.numbers`),
    calls: read.int(t['call_total_times'], `${path}.calls`),
    outgoingCalls: read.int(t['call_out_times'], `${path}.outgoingCalls`),
    incomingCalls: read.int(t['call_in_times'], `${path}.incomingCalls`),
    seconds: read.int(t['call_total_duration'], `${path}.seconds`),
    averageSeconds: read.num(t['call_avg_duration'], `${path}.averageSeconds`),
    outgoingSeconds: read.int(t['call_out_duration'], `${path}.outgoingSeconds`),
    incomingSeconds: read.int(t['call_in_duration'], `${path}.incomingSeconds`),
    callsUnder15s: read.int(t['call_duration_below15'], `${path}.callsUnder15s`),
    calls15To30s: read.int(t['call_duration_between15_and_30'], `${path}.calls15To30s`),
    callsOver60s: read.int(t['call_duration_above60'], `${path}.callsOver60s`),
    // "无" when there was no such call.
    firstCall: read.time(t['first_call_time'], `${path}.firstCall`),
    lastCall: read.time(t['last_call_time'], `${path}.lastCall`),
  };
}

/** cuishou's `data` as a CollectionScore. Throws UpstreamError when it is no object. */
export function normalizeScore(data: unknown): CollectionScore {
  if (!isRecord(data)) throw new UpstreamError('invalid', 'cuishou data is not an object');
  const read = createFieldReader();
  const periods = {} as CollectionScore['periods'];
  for (const [name, key] of PERIODS) {
    const period = read.object(data[key], `collectionScore.periods.${name}`);
    const path = `collectionScore.periods.${name}`;
    periods[name] =
      period === null
        ? null
        : {
            collectors: totals(read, period['dunning'], `${path}.collectors`),
            suspectedCollectors: totals(read, period['not_sure_dunning'], `${path}.suspectedCollectors`),
          };
  }
  return {
    scoreId: read.text(data['sid'], 'collectionScore.scoreId'),
    phone: read.text(data['tel'], 'collectionScore.phone'),
    requestId: read.text(data['uid'], 'collectionScore.requestId'),
    computedAt: read.time(data['time'], 'collectionScore.computedAt'),
    records: read.int(data['total_num'], 'collectionScore.records'),
    usableRecords: read.int(data['effective_num'], 'collectionScore.usableRecords'),
    periods,
    unreadable: read.unreadable,
  };
}

function taggedNumber(read: FieldReader, listedAs: string, t: Json) {
  const p = 'numberTags.numbers[]';
  const flag = read.object(t['flag'], `${p}.flag`);
  const number = read.text(t['telnum'], `${p}.number`) ?? listedAs;
  const status = read.text(t['status'], `${p}.ok`);
  return {
    number,
    listedAs: listedAs !== number && listedAs !== '' ? listedAs : null,
    ok: status === null ? null : status === '0',
    name: read.text(t['name'], `${p}.name`),
    description: read.text(t['teldesc'], `${p}.description`),
    location: read.text(t['telloc'], `${p}.location`),
    flag:
      flag === null
        ? null
        : {
            type: read.text(flag['type'], `${p}.flag.type`),
            count: read.int(flag['num'], `${p}.flag.count`),
            id: read.int(flag['fid'], `${p}.flag.id`),
          },
    categories: read.texts(t['catnames'], `${p}.categories`),
    financialTagIds: read
      .list(t['itag_ids'], `${p}.financialTagIds`)
      .map((id) => read.int(id, `${p}.financialTagIds[]`))
      .filter((id): id is number => id !== null),
  };
}

/** itag's `data` as NumberTags; `tags` is keyed by number (PHP's `[]` when empty; a list is read too). */
export function normalizeTags(data: unknown): NumberTags {
  if (!isRecord(data)) throw new UpstreamError('invalid', 'itag data is not an object');
  const read = createFieldReader();
  const tags = data['tags'];
  const numbers = Array.isArray(tags)
    ? readItems(read, tags, 'numberTags.numbers', (t) => taggedNumber(read, '', t))
    : Object.entries(read.object(tags, 'numberTags.numbers') ?? {}).flatMap(([key, t]) => {
        if (isRecord(t)) return [taggedNumber(read, key, t)];
        read.miss('numberTags.numbers[]');
        return [];
      });
  return { tagsId: read.text(data['sid'], 'numberTags.tagsId'), numbers, unreadable: read.unreadable };
}

/** An extra as Dianhua sent it, in its neutral shape (extras stored before they were normalized). */
export function normalizeDianhuaExtra(kind: 'report' | 'score' | 'tags', data: unknown): unknown {
  return kind === 'report' ? normalizeReport(data) : kind === 'score' ? normalizeScore(data) : normalizeTags(data);
}
