import * as z from 'zod';
import { CARRIERS } from '../../flow/phone';
import { OUTAGE_ERROR_CODES } from './analytics-types';
import type { OutageCount } from './analytics-types';

// outageCounts' rows, the same in SQLite and PostgreSQL. A session counts from its start (started_at);
// its summary row may be older (a link opened it up to a day before, LINK_TOKEN_TTL_SECONDS' most),
// so the query bounds created_at by that day too, which keeps it on the created_at index.

/** How far before its start a session's summary row can have been created (a link's longest life). */
export const OUTAGE_CREATED_SLACK_MS = 86_400_000;

/** The codes as an SQL list of literals (fixed, ours: no input reaches it). */
export const OUTAGE_CODES_SQL = OUTAGE_ERROR_CODES.map((code) => `'${code}'`).join(', ');

export interface OutageRow {
  carrier: string;
  province: string | null;
  sessions: number | string;
  failed: number | string | null;
}

const RowSchema = z.object({
  carrier: z.enum(CARRIERS),
  province: z.string().nullable(),
  sessions: z.coerce.number().int().nonnegative(),
  failed: z.coerce.number().int().nonnegative().nullable(),
});

export function toOutageCount(row: OutageRow): OutageCount {
  const parsed = RowSchema.safeParse(row);
  if (!parsed.success) throw new Error('stored outage counts are unreadable (damaged analytics row)');
  const { carrier, province, sessions, failed } = parsed.data;
  return { carrier, province, sessions, failed: failed ?? 0 };
}
