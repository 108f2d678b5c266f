import type * as z from 'zod';
import { describeIssue, missingIsRequired } from '../link/schemas';
import { lenderFailures } from './errors';

/** The parsed value, or a 400 naming the first bad path (`url: must use https …`). */
export function parseOrRefuse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value, { error: missingIsRequired });
  if (parsed.success) return parsed.data;
  const { message, field } = describeIssue(parsed.error);
  throw lenderFailures.badRequest(message, field);
}
