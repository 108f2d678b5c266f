import * as z from 'zod';

// The building blocks every neutral schema shares (the collected data, the report, the extras).

/** `YYYY-MM`. */
export const MonthSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
  .meta({ description: 'Month as YYYY-MM', example: '2025-10' });
/** An instant with the carrier's offset, e.g. `2025-10-31T17:58:41+08:00`. */
export const TimeSchema = z.iso
  .datetime({ offset: true })
  .meta({ description: 'ISO 8601 time with offset (carriers report Beijing time, +08:00)' });
/** `YYYY-MM-DD`, a Beijing date. */
export const DateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .meta({ description: 'Beijing date as YYYY-MM-DD' });
export const FenSchema = z.number().int().meta({ description: 'Amount in fen (1/100 CNY)' });

/** Each part of a monthly bill when the carrier itemizes it; null when not reported. */
export const BillBreakdownSchema = z
  .object({
    packageFen: FenSchema.nullable(),
    extraCallsFen: FenSchema.nullable(),
    extraDataFen: FenSchema.nullable(),
    extraSmsFen: FenSchema.nullable(),
    valueAddedFen: FenSchema.nullable(),
    collectedForOthersFen: FenSchema.nullable(),
    otherFen: FenSchema.nullable(),
  })
  .meta({ id: 'BillBreakdown' });
export type BillBreakdown = z.infer<typeof BillBreakdownSchema>;

/** Counts of values the vendor sent that could not be read (kept in the raw payload), by neutral field path. */
export const UnreadableSchema = z.record(z.string(), z.number().int().positive()).meta({
  id: 'Unreadable',
  description:
    'Values present in the vendor answer that could not be read, counted by field path (`calls[].costFen`; `[]` stands for every item of a list). The value is null (or the record skipped) in the model and intact in /raw.',
  example: { 'calls[].costFen': 2 },
});
