import * as z from 'zod';
import { TimeSchema, UnreadableSchema } from './model-base';

// The neutral shapes of two vendor extras (today Dianhua's, document §16 cuishou and §17 itag).
// Every value is nullable and read on its own; `unreadable` counts what could not be read.

const Text = z.string().nullable();
const Int = z.number().int().nullable();
const Time = TimeSchema.nullable();

/** Calls with one kind of number over one period. */
export const CallTotalsSchema = z
  .object({
    numbers: Int,
    calls: Int,
    outgoingCalls: Int,
    incomingCalls: Int,
    seconds: Int,
    averageSeconds: z.number().nullable(),
    outgoingSeconds: Int,
    incomingSeconds: Int,
    callsUnder15s: Int,
    calls15To30s: Int,
    callsOver60s: Int,
    /** Only the overall and last-week periods carry these. */
    firstCall: Time,
    lastCall: Time,
  })
  .meta({ id: 'CallTotals' });

/** Known debt collectors and numbers that look like them, over one period. */
export const CollectionPeriodSchema = z
  .object({ collectors: CallTotalsSchema.nullable(), suspectedCollectors: CallTotalsSchema.nullable() })
  .meta({ id: 'CollectionPeriod' });

export const COLLECTION_PERIODS = [
  'overall',
  'lastWeek',
  'lastTwoWeeks',
  'lastThreeWeeks',
  'last30Days',
  'days30To60',
  'days60To90',
] as const;
export type CollectionPeriod = (typeof COLLECTION_PERIODS)[number];

export const CollectionScoreSchema = z
  .object({
    /** The vendor's id of the score. */
    scoreId: Text,
    phone: Text,
    /** The id the score was requested under (the crawl's, as the vendor echoes it). */
    requestId: Text,
    /** When the score was computed. */
    computedAt: Time,
    /** Call records given, and those usable. */
    records: Int,
    usableRecords: Int,
    periods: z.object(
      Object.fromEntries(COLLECTION_PERIODS.map((period) => [period, CollectionPeriodSchema.nullable()])) as Record<
        CollectionPeriod,
        z.ZodNullable<typeof CollectionPeriodSchema>
      >,
    ),
    unreadable: UnreadableSchema,
  })
  .meta({ id: 'CollectionScore', description: 'Calls with debt collectors by period (Dianhua cuishou), vendor-neutral.' });
export type CollectionScore = z.infer<typeof CollectionScoreSchema>;

export const TaggedNumberSchema = z
  .object({
    /** The number as matched. */
    number: z.string(),
    /** The key it was listed under, when it differs (e.g. with an area code: 035110000 for 10000). */
    listedAs: Text,
    /** Whether the lookup succeeded (vendor status 0). */
    ok: z.boolean().nullable(),
    /** The business behind the number. */
    name: Text,
    description: Text,
    /** Region and carrier (e.g. 北京移动). */
    location: Text,
    /** Crowd label: its type, how many users gave it, the label's id. */
    flag: z.object({ type: Text, count: Int, id: Int }).nullable(),
    categories: z.array(z.string()),
    /** Financial tag ids. */
    financialTagIds: z.array(z.number().int()),
  })
  .meta({ id: 'TaggedNumber' });

export const NumberTagsSchema = z
  .object({
    /** The vendor's id of the tagging. */
    tagsId: Text,
    numbers: z.array(TaggedNumberSchema),
    unreadable: UnreadableSchema,
  })
  .meta({ id: 'NumberTags', description: 'Tags of the numbers in the call records (Dianhua itag), vendor-neutral.' });
export type NumberTags = z.infer<typeof NumberTagsSchema>;
