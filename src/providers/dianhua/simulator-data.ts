import { createHash } from 'node:crypto';
import { formatBeijingTime } from './wire';

// What calls/record (§13), calls/report (§15), cuishou (§16) and itag (§17) answer after an
// authorization: small data shaped like the document's examples, the same for every number.

interface Who {
  sid: string;
  tel: string;
  uid: string;
  now: number;
}

const DAY = 86_400_000;
const unix = (ms: number) => String(Math.floor(ms / 1000));
const month = (ms: number) => formatBeijingTime(ms).slice(0, 7).replace('-', '');
/** The Beijing month `back` months before the month of `ms`, as yyyymm. */
function monthBefore(ms: number, back: number): string {
  const [y = 0, m = 1] = formatBeijingTime(ms).slice(0, 7).split('-').map(Number);
  const index = y * 12 + (m - 1) - back;
  return `${Math.floor(index / 12)}${String((index % 12) + 1).padStart(2, '0')}`;
}

function bill(billMonth: string, amount: string, extCalls: string) {
  return {
    bill_amount: amount,
    bill_zengzhifei: '0.00',
    bill_qita: '0.00',
    bill_package: '6.00',
    bill_ext_sms: '0.00',
    bill_daishoufei: '0.00',
    bill_ext_data: '0.00',
    bill_month: billMonth,
    bill_ext_calls: extCalls,
  };
}

/** [days ago, method, peer, duration as printed, call type, from, to, cost]: one of every call type the normalizer maps. */
const CALLS: ReadonlyArray<readonly [number, string, string, string, string, string, string, string]> = [
  [3, '被叫', '18709257665', '7', '国内通话', '北京', '陕西西安', '0.00'],
  [9, '主叫', '10010', '8', '国内通话', '北京', '北京', '0.00'],
  [14, '主叫', '13800138000', '1分20秒', '本地通话', '北京', '北京', '0.20'],
  [21, '被叫', '15501154766', '46', '国内漫游', '上海', '北京', '0.00'],
  [33, '主叫', '17321021422', '312', '国内漫游', '上海', '上海', '1.80'],
  [47, '主叫', '85223456789', '95', '国际漫游', '香港', '香港', '9.90'],
  [58, '被叫', '13027613576', '1178', '本地通话', '北京', '河南', '0.00'],
  [76, '主叫', '95187', '56', '国内通话', '北京', '全国', '0.30'],
];

export function recordData({ sid, tel, uid, now }: Who) {
  return {
    tel,
    uid,
    sid,
    call_log_missing_month_list: [],
    call_log_possibly_missing_month_list: [],
    phone_bill_missing_month_list: [],
    // As live: call_time unix seconds, most durations in seconds, one as 1分20秒.
    call_log: CALLS.map(([daysAgo, method, peer, duration, type, from, to, cost]) => ({
      call_method: method,
      call_from: from,
      call_cost: cost,
      call_duration: duration,
      call_time: unix(now - daysAgo * DAY),
      call_tel: peer,
      call_to: to,
      call_type: type,
    })),
    tel_info: { id_card: '1101****002X', full_name: '李四', address: '北京市西城区西大街 18 号', open_date: unix(now - 900 * DAY) },
    // Six billed months, the newest first (the current month is not billed yet).
    bill: [1, 2, 3, 4, 5, 6].map((back, i) =>
      bill(monthBefore(now, back), ((855 + i * 110) / 100).toFixed(2), ((255 + i * 110) / 100).toFixed(2)),
    ),
  };
}

const contact = (formatTel: string, labels: string[], times: string, length: string, yellowPage = '') => ({
  call_out_times: 0,
  tags_label: '',
  call_length: length,
  format_tel: formatTel,
  call_tel_label: labels,
  fancha_telloc: '北京',
  tags_yellow_page: yellowPage,
  call_times: times,
  tags_label_times: 0,
  tags_financial: [],
  call_in_times: Number(times),
});

export function reportData({ sid, tel, uid, now }: Who) {
  return {
    sid,
    version: '2.0',
    tel_info: { tel, id_card: '1101****002X', full_name: '李四', address: '北京市西城区西大街 18 号', open_date: unix(now - 900 * DAY) },
    user_info: { user_name: '', conclusion_of_user_name_check: 0, user_idcard: '', conclusion_of_user_idcard_check: 0, uid },
    mergency_contact: [],
    calls_overview: {
      most_active_region: '北京',
      result_of_region_check: 1,
      conclusion_of_region_check: 1,
      tel_region: '北京',
      blank_times_count_180: 2,
      blank_times_count_max: 96,
      both_side_calls_count: 1,
      phone_bill_average: '7.28',
      call_times_sum: 2,
    },
    cuishou_risk_detection: { total_tels: 0, total_call_times: 0, total_call_in_times: 0, total_call_out_times: 0, detection_result: 0 },
    calls_sa_by_times: [contact('18709257665', ['高频联系人 1'], '1', '7'), contact('10010', [], '1', '8', '中国联通客服')],
    calls_sa_by_length: [contact('10010', ['长时间联系人 1'], '1', '8', '中国联通客服'), contact('18709257665', [], '1', '7')],
    calls_sa_monthly_usage: [
      { month: month(now - 30 * DAY), call_times: '2', call_length: '15', month_active_most: '北京', month_bill_amount: '8.55' },
    ],
    call_log_missing_month_list: [],
    call_log_possibly_missing_month_list: [],
    call_log_part_missing_month_list: [],
    phone_bill_missing_month_list: [],
    date_range_start: formatBeijingTime(now - 180 * DAY).slice(0, 10),
    date_range_end: formatBeijingTime(now).slice(0, 10),
    created_at: Math.floor(now / 1000),
  };
}

const quiet = () => ({
  call_tel_total_nums: '0',
  call_total_times: '0',
  call_out_times: '0',
  call_in_times: '0',
  call_total_duration: '0',
  call_avg_duration: '0.00',
  call_out_duration: '0',
  call_in_duration: '0',
  call_duration_below15: '0',
  call_duration_between15_and_30: '0',
  call_duration_above60: '0',
});
const overview = () => ({
  dunning: { ...quiet(), first_call_time: '无', last_call_time: '无' },
  not_sure_dunning: { ...quiet(), first_call_time: '无', last_call_time: '无' },
});
const period = () => ({ dunning: quiet(), not_sure_dunning: quiet() });

/** An id of the vendor's own (the score's, the tagging's), derived from the crawl's sid: 32 hex digits as in §16.5. */
function ownId(kind: string, sid: string): string {
  return createHash('md5').update(`${kind}:${sid}`).digest('hex');
}

/** §16.5: the score has its own `sid`; its `uid` is the crawl's sid it was computed under. */
export function cuishouData({ sid, tel, now }: Who) {
  return {
    sid: ownId('cuishou', sid),
    tel,
    uid: sid,
    time: Math.floor(now / 1000),
    total_num: 2,
    effective_num: 2,
    overview: overview(),
    last_week: overview(),
    last_two_weeks: period(),
    last_three_weeks: period(),
    last_30_days: period(),
    last_30_and_60_days: period(),
    last_60_and_90_days: period(),
  };
}

/** §17.5: the tagging answers under its own `sid`. */
export function itagData({ sid }: Who) {
  return {
    sid: ownId('itag', sid),
    tags: {
      '10010': { status: '0', teldesc: '客户服务热线', telnum: '10010', itag_ids: [] },
      '95217169': { status: '0', flag: { type: '推销', num: 705, fid: 2 }, telnum: '95217169', itag_ids: [] },
      '18709257665': { status: '0', telnum: '18709257665', telloc: '陕西西安', itag_ids: [] },
    },
  };
}
