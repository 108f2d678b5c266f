import * as z from 'zod';

// Times cross the store interface as ISO strings but are kept as epoch milliseconds, so SQL
// comparisons and ORDER BY are numeric whatever offset or precision a caller wrote. They come
// back in the canonical `toISOString()` form.

const IsoTimeSchema = z.iso.datetime({ offset: true });

/** A bad argument (an unreadable time, a value that is not JSON): the caller's bug, nothing was written. */
export class StoreInputError extends TypeError {
  override readonly name = 'StoreInputError';
}

/** A write the current state does not allow (unknown session, wrong status): nothing was written. */
export class StoreStateError extends Error {
  override readonly name = 'StoreStateError';
}

export function toMs(iso: string, what: string): number {
  if (!IsoTimeSchema.safeParse(iso).success) throw new StoreInputError(`${what} must be an ISO 8601 time, got ${JSON.stringify(iso)}`);
  return Date.parse(iso);
}

export const toMsOrNull = (iso: string | null, what: string): number | null => (iso === null ? null : toMs(iso, what));
export const toIso = (ms: number): string => new Date(ms).toISOString();
export const toIsoOrNull = (ms: number | null): string | null => (ms === null ? null : toIso(ms));

/** JSON text of `value`; refuses what JSON cannot hold rather than storing a lossy stand-in. */
export function toJson(value: unknown, what: string): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new StoreInputError(`${what} is not JSON-serializable (${error instanceof Error ? error.message : 'unknown error'})`);
  }
  if (text === undefined) throw new StoreInputError(`${what} is not a JSON value`);
  return text;
}

/** The parsed value, or undefined when the text is not JSON. */
export function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

/** Parses JSON we wrote ourselves and checks its shape; a mismatch is a damaged row, said clearly. */
export function readJson<T>(text: string, schema: z.ZodType<T>, what: string): T {
  const parsed = parseJson(text);
  const checked = parsed ? schema.safeParse(parsed.value) : undefined;
  if (!checked?.success) throw new Error(`stored ${what} is unreadable (damaged row)`);
  return checked.data;
}

/** The value when it matches `schema`; otherwise a StoreInputError naming the bad paths (never the values). */
export function checkInput<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const checked = schema.safeParse(value);
  if (!checked.success) throw new StoreInputError(`${what} is malformed at: ${issuePaths(checked.error)}`);
  return checked.data;
}

/** A positive whole number of rows. */
export function checkLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1) throw new StoreInputError(`limit must be a positive integer, got ${limit}`);
  return limit;
}

/** Tells the opener a stored record did not parse and was treated as absent (key only: no contents). */
export type CorruptHandler = (store: 'sessions' | 'links', key: string) => void;

/**
 * Runs `sweep` every `intervalMs` without keeping the process alive. A failing sweep (the file
 * busy under another process past busy_timeout) is skipped: expired rows are invisible anyway
 * and the next tick retries.
 */
export function startSweep(sweep: () => void, intervalMs: number): NodeJS.Timeout {
  const timer = setInterval(() => {
    try {
      sweep();
    } catch {
      // retried on the next tick
    }
  }, intervalMs);
  timer.unref();
  return timer;
}

/** Issue paths only: messages about stored records must not echo their personal data. */
export const issuePaths = (error: z.ZodError): string =>
  error.issues.map((issue) => (issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)')).join(', ');
