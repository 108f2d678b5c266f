import type * as z from 'zod';
import { DianhuaReportSchema, DianhuaScoreSchema, DianhuaTagsSchema } from '../../providers/dianhua/extras-wire';
import type { ExtraKind } from '../../providers/data-model';

/** The schema of each Dianhua extra's `data` (passed through as the vendor sent it; documented in /openapi.json). */
export const EXTRA_DATA_SCHEMAS = {
  report: DianhuaReportSchema,
  score: DianhuaScoreSchema,
  tags: DianhuaTagsSchema,
} as const satisfies Record<ExtraKind, z.ZodType>;
