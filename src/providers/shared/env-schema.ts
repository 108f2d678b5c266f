import * as z from 'zod';

// Building blocks of the environment schemas: the server's own variables and each vendor's. One
// reading everywhere: `FOO=` means unset, numbers are whole, problems name the variable.

/** The process environment, or a test's stand-in. */
export type EnvSource = Readonly<Record<string, string | undefined>>;

/** `FOO=` in an .env file means "unset", not "the empty string". */
export const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.optional(schema));

/** A whole number written in decimal, within bounds. */
export const int = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, { error: `must be a whole number between ${min} and ${max}` })
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, { error: `must be at least ${min}` })
        .max(max, { error: `must be at most ${max}` }),
    );

/** A short non-empty setting (names, ids). */
export const text = z.string().trim().min(1).max(200);

/** An http(s) URL; `example` completes the message. */
export const httpUrl = (example?: string) =>
  z.url({ protocol: /^https?$/, error: example === undefined ? 'must be an http(s) URL' : `must be an http(s) URL (${example})` });

/** The value when it holds more than blanks. */
export const given = (value: string | undefined): string | undefined => (value?.trim() ? value : undefined);

/** Never echoed in a problem message: they hold credentials. */
export const SECRET_VARIABLES = /KEY|SECRET|^DATABASE_URL$|^METRICS_TOKEN$/;

/**
 * One line per bad variable, `NAME: what is wrong (got "value")`. Short non-secret inputs are
 * echoed so the operator sees what was wrong; secrets never are.
 */
export function envProblems(error: z.ZodError, source: EnvSource): string[] {
  return error.issues.map((issue) => {
    const name = String(issue.path[0] ?? 'environment');
    const raw = source[name];
    const shown = raw !== undefined && !SECRET_VARIABLES.test(name) && raw.length <= 80 ? ` (got "${raw}")` : '';
    return `${name}: ${issue.message}${shown}`;
  });
}

/** Parses `schema` over `source`; problems are pushed, and undefined returned, when it fails. */
export function readEnvSchema<T extends z.ZodType>(schema: T, source: EnvSource, problems: string[]): z.output<T> | undefined {
  const parsed = schema.safeParse(source);
  if (parsed.success) return parsed.data;
  problems.push(...envProblems(parsed.error, source));
  return undefined;
}
