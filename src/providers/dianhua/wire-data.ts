import * as z from 'zod';
import { IntegerLikeSchema, TextSchema } from './wire';

// The data side of Dianhua: calls/record (§13) and
// the pushes of §14, §18 and §19. Loose objects: the vendor adds fields without notice.

/** One `call_log` item (§13.4). */
export const CallRecordSchema = z.looseObject({
  call_method: TextSchema,
  call_from: TextSchema,
  call_cost: TextSchema,
  call_duration: TextSchema,
  call_time: TextSchema,
  call_tel: TextSchema,
  call_to: TextSchema,
  call_type: TextSchema,
});

/** One `bill` item (§13.4): yuan amounts as text, `bill_month` yyyymm. */
export const BillRecordSchema = z.looseObject({
  bill_month: TextSchema,
  bill_amount: TextSchema,
  bill_package: TextSchema,
  bill_ext_calls: TextSchema,
  bill_ext_data: TextSchema,
  bill_ext_sms: TextSchema,
  bill_zengzhifei: TextSchema,
  bill_daishoufei: TextSchema,
  bill_qita: TextSchema,
});

const monthList = z
  .array(z.union([z.string(), z.number()]))
  .nullish()
  .transform((value) => (value ?? []).map(String));

/** calls/record's data (§13.4); also the `data` of the result push (§14.3). */
export const RecordDataSchema = z.looseObject({
  tel: TextSchema,
  uid: TextSchema,
  sid: z.string().min(1),
  call_log_missing_month_list: monthList,
  call_log_possibly_missing_month_list: monthList,
  phone_bill_missing_month_list: monthList,
  call_log: z
    .array(CallRecordSchema)
    .nullish()
    .transform((value) => value ?? []),
  tel_info: z
    .looseObject({ id_card: TextSchema, full_name: TextSchema, address: TextSchema, open_date: TextSchema })
    .nullish()
    .transform((value) => value ?? undefined),
  bill: z
    .array(BillRecordSchema)
    .nullish()
    .transform((value) => value ?? []),
});
export type DianhuaRecordData = z.infer<typeof RecordDataSchema>;

/** §18/§19 and the plain pushes seen live: `status` 0 ok, 2 failed. Reply with the bare body `ok`. */
export const StatusPushSchema = z.object({ status: IntegerLikeSchema, sid: z.string().min(1), tel: TextSchema, uid: TextSchema });

/** Keys of the raw record, report, score and tags payloads that hold an ID-card number (§13.4, §15.4). */
export const RAW_ID_CARD_KEYS: readonly string[] = ['id_card', 'user_idcard'];
