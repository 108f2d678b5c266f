import * as z from 'zod';

// Dianhua's extras, passed through to lenders typed (document §15 calls/report, §16 cuishou,
// §17 itag). Loose objects: the key fields are typed, every other field passes through untouched.
// No transforms, so what lenders receive is exactly what Dianhua sent and /openapi.json can
// describe it. The vendor sends numbers as strings or numbers at will, and null for anything.

const Num = z.union([z.number(), z.string()]).nullish();
const Str = z.string().nullish();
const List = z.array(z.unknown()).nullish();
const MonthList = z.array(z.union([z.string(), z.number()])).nullish();

/** The number-statistics block the report repeats per contact, region and tag. */
const ContactStatsSchema = z.looseObject({
  format_tel: Str,
  fancha_telloc: Str,
  call_tel_label: z.union([z.array(z.string()), z.string()]).nullish(),
  call_times: Num,
  call_length: Num,
  call_in_times: Num,
  call_out_times: Num,
  call_in_length: Num,
  call_out_length: Num,
  tags_label: Str,
  tags_label_times: Num,
  tags_yellow_page: Str,
  tags_financial: List,
});

const CuishouStatsSchema = z.looseObject({
  nums_tel: Num,
  call_times: Num,
  call_in_times: Num,
  call_in_length: Num,
  call_out_times: Num,
  call_out_length: Num,
  '7day_times': Num,
  '30day_times': Num,
  '60day_times': Num,
  '90day_times': Num,
  '120day_times': Num,
});

/** calls/report (§15.4). `sid` is the report id (the §15.5 example spells it `sic`). */
export const DianhuaReportSchema = z
  .looseObject({
    sid: Str,
    version: Str,
    tel_info: z.looseObject({ tel: Str, id_card: Str, full_name: Str, address: Str, open_date: Num, fancha_telloc: Str }).nullish(),
    user_info: z
      .looseObject({
        user_name: Str,
        user_idcard: Str,
        user_province: Str,
        user_city: Str,
        user_address: Str,
        conclusion_of_user_name_check: Num,
        conclusion_of_user_idcard_check: Num,
        conclusion_of_user_address_check: Num,
      })
      .nullish(),
    mergency_contact: z.array(ContactStatsSchema.extend({ contact_name: Str, contact_relationship: Str, contact_priority: Num })).nullish(),
    calls_overview: z
      .looseObject({
        most_active_region: Str,
        tel_region: Str,
        most_contacted_region: Str,
        conclusion_of_region_check: Num,
        result_of_region_check: Num,
        blank_times_count: Num,
        blank_times_count_180: Num,
        blank_times_count_max: Num,
        blank_times_list: List,
        night_calls_length: Num,
        night_calls_percent: Num,
        both_side_calls_count: Num,
        phone_bill_average: Num,
        call_times_sum: Num,
        call_tel_sum: Num,
        call_region_sum: Num,
      })
      .nullish(),
    cuishou_risk_detection: z
      .looseObject({
        total_tels: Num,
        total_call_times: Num,
        total_call_in_times: Num,
        total_call_out_times: Num,
        /** 0 none, 1 light, 2 medium, 3 heavy debt collection. */
        detection_result: Num,
        cuishou: CuishouStatsSchema.nullish(),
        cuishou_degree: CuishouStatsSchema.nullish(),
        yisicuishou: CuishouStatsSchema.nullish(),
        yisicuishou_degree: CuishouStatsSchema.nullish(),
      })
      .nullish(),
    calls_sa_by_major_contact: z.array(ContactStatsSchema).nullish(),
    calls_sa_by_times: z.array(ContactStatsSchema).nullish(),
    calls_sa_by_length: z.array(ContactStatsSchema).nullish(),
    calls_sa_by_region: z.array(z.looseObject({ region: Str, total_format_tel: Num, call_times: Num, call_length: Num })).nullish(),
    calls_sa_by_tags_financial: z
      .array(z.looseObject({ tags_name: Str, call_times: Num, call_length: Num, contact_last_time: Str, contact_detail: List }))
      .nullish(),
    calls_sa_monthly_usage: z
      .array(
        z.looseObject({
          month: Str,
          call_times: Num,
          call_length: Num,
          month_active_most: Str,
          month_bill_amount: Num,
          month_bill_detail: z.unknown().optional(),
        }),
      )
      .nullish(),
    call_log_group_by_tel: z.array(ContactStatsSchema.extend({ recent_call_time: Num, first_call_time: Num })).nullish(),
    call_behavior: z.looseObject({ result_num_tags: Str, result_num_used: Str, result_law_dispute: Str }).nullish(),
    invalid_call_log: List,
    call_log_missing_month_list: MonthList,
    call_log_possibly_missing_month_list: MonthList,
    call_log_part_missing_month_list: MonthList,
    phone_bill_missing_month_list: MonthList,
    date_range_start: Str,
    date_range_end: Str,
    created_at: Num,
  })
  .meta({ id: 'DianhuaReport', description: 'Dianhua calls/report (邦秒爬 详单报告, document §15), as Dianhua sent it.' });
export type DianhuaReport = z.infer<typeof DianhuaReportSchema>;

const CallTotalsSchema = z.looseObject({
  call_tel_total_nums: Num,
  call_total_times: Num,
  call_out_times: Num,
  call_in_times: Num,
  call_total_duration: Num,
  call_avg_duration: Num,
  call_out_duration: Num,
  call_in_duration: Num,
  call_duration_below15: Num,
  call_duration_between15_and_30: Num,
  call_duration_above60: Num,
  first_call_time: Num,
  last_call_time: Num,
});
/** One period: calls with known (`dunning`) and suspected (`not_sure_dunning`) debt collectors. */
const PeriodSchema = z.looseObject({ dunning: CallTotalsSchema.nullish(), not_sure_dunning: CallTotalsSchema.nullish() }).nullish();

/** cuishou (§16.4): the collection-call score. */
export const DianhuaScoreSchema = z
  .looseObject({
    sid: Str,
    tel: Str,
    uid: Str,
    /** Unix seconds the score was computed at. */
    time: Num,
    total_num: Num,
    effective_num: Num,
    overview: PeriodSchema,
    last_week: PeriodSchema,
    last_two_weeks: PeriodSchema,
    last_three_weeks: PeriodSchema,
    last_30_days: PeriodSchema,
    last_30_and_60_days: PeriodSchema,
    last_60_and_90_days: PeriodSchema,
  })
  .meta({ id: 'DianhuaScore', description: 'Dianhua cuishou (催收分, document §16), as Dianhua sent it.' });
export type DianhuaScore = z.infer<typeof DianhuaScoreSchema>;

const NumberTagSchema = z.looseObject({
  status: Num,
  name: Str,
  teldesc: Str,
  telnum: Str,
  telloc: Str,
  flag: z.looseObject({ type: Str, num: Num, fid: Num }).nullish(),
  catnames: List,
  itag_ids: z.array(z.union([z.number(), z.string()])).nullish(),
});

/** itag (§17.4): tags of the numbers in the call log, keyed by number. */
export const DianhuaTagsSchema = z
  .looseObject({
    sid: Str,
    // PHP sends an empty map as `[]`.
    tags: z.union([z.record(z.string(), NumberTagSchema), z.array(NumberTagSchema).max(0)]).nullish(),
  })
  .meta({ id: 'DianhuaTags', description: 'Dianhua itag (邦秒配 number tags, document §17), as Dianhua sent it.' });
export type DianhuaTags = z.infer<typeof DianhuaTagsSchema>;
