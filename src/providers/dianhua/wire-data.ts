import * as z from 'zod';
import { parseJsonLenient } from '../shared/json-lenient';
import { UpstreamError } from '../upstream-error';
import { IntegerLikeSchema, TextSchema } from './wire';

// The data side of Dianhua (for the data API and push receivers to come): calls/record (§13) and
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
  call_log: z.array(CallRecordSchema).nullish().transform((value) => value ?? []),
  tel_info: z
    .looseObject({ id_card: TextSchema, full_name: TextSchema, address: TextSchema, open_date: TextSchema })
    .nullish()
    .transform((value) => value ?? undefined),
  bill: z.array(BillRecordSchema).nullish().transform((value) => value ?? []),
});
export type DianhuaRecordData = z.infer<typeof RecordDataSchema>;

/** §18/§19 and the plain pushes seen live: `status` 0 ok, 2 failed. Reply with the bare body `ok`. */
export const StatusPushSchema = z.object({ status: IntegerLikeSchema, sid: z.string().min(1), tel: TextSchema, uid: TextSchema });

export type DianhuaPush =
  | { kind: 'auth' | 'report' | 'status'; status: number; sid: string; tel?: string; uid?: string }
  | { kind: 'result'; record: DianhuaRecordData };

/**
 * @deprecated Use `parseDianhuaPush` (push.ts): it also reads AES bodies and answers the shared ParsedPush.
 * A push body. `yulore_flag` (auth | report) tells the two status pushes apart when they share a
 * URL (§18.4); without it a status push is `status`. A body with call records is the §14 result.
 */
export function parsePush(body: string, yuloreFlag?: string | null): DianhuaPush {
  const json = parseJsonLenient(body);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new UpstreamError('invalid', 'push body is not a JSON object');
  const data = (json as Record<string, unknown>)['data'];
  if (typeof data === 'object' && data !== null) {
    const record = RecordDataSchema.safeParse(data);
    if (!record.success) throw new UpstreamError('invalid', 'result push has an unexpected shape');
    return { kind: 'result', record: record.data };
  }
  const push = StatusPushSchema.safeParse(json);
  if (!push.success) throw new UpstreamError('invalid', 'status push has an unexpected shape');
  const kind = yuloreFlag === 'auth' || yuloreFlag === 'report' ? yuloreFlag : 'status';
  const { status, sid, tel, uid } = push.data;
  return { kind, status, sid, ...(tel !== undefined && { tel }), ...(uid !== undefined && { uid }) };
}
