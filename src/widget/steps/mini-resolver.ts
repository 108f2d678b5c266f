import type { FieldErrors, FieldValues, Resolver } from 'react-hook-form';

interface Issue {
  code: string;
  message: string;
  path: readonly PropertyKey[];
}

/** The part of a zod/mini object schema the resolver needs. */
export interface ObjectParser<T> {
  safeParse(data: unknown): { success: true; data: T } | { success: false; error: { issues: readonly Issue[] } };
}

/** Set on `errors.root` when the schema chunk could not be downloaded. */
export const SCHEMA_UNAVAILABLE = 'schemaUnavailable';

/**
 * react-hook-form resolver over a zod/mini schema that is loaded on first use, which keeps zod out
 * of the entry chunk (@hookform/resolvers is not a dependency). Issue messages are catalogue keys;
 * the form translates them when it renders.
 */
export function lazyMiniResolver<T extends FieldValues>(load: () => Promise<ObjectParser<T>>): Resolver<T> {
  let loading: Promise<ObjectParser<T>> | undefined;
  return async (values) => {
    loading ??= load();
    let schema: ObjectParser<T>;
    try {
      schema = await loading;
    } catch {
      loading = undefined; // try the download again on the next submit
      return { values: {}, errors: { root: { type: 'load', message: SCHEMA_UNAVAILABLE } } as FieldErrors<T> };
    }
    const result = schema.safeParse(values);
    if (result.success) return { values: result.data, errors: {} };
    const errors: Record<string, { type: string; message: string }> = {};
    for (const issue of result.error.issues) {
      const key = String(issue.path[0] ?? 'root');
      errors[key] ??= { type: issue.code, message: issue.message };
    }
    return { values: {}, errors: errors as FieldErrors<T> };
  };
}
