import * as z from 'zod';

/** A JSON Schema (2020-12) object, as OpenAPI 3.1 embeds it. */
export type JsonSchema = Record<string, unknown>;

const DEFS = '#/$defs/';
export const COMPONENTS = '#/components/schemas/';

/** Points zod's local `$defs` refs at the document's `components.schemas`. */
function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      key === '$ref' && typeof inner === 'string' && inner.startsWith(DEFS)
        ? `${COMPONENTS}${inner.slice(DEFS.length)}`
        : rewriteRefs(inner),
    ]),
  );
}

/**
 * Converts zod schemas for one OpenAPI document. A schema with `.meta({ id })` becomes a
 * `components.schemas` entry (zod puts it in `$defs`); the same id converted twice must come out
 * the same, or building the document fails rather than publishing one shape under two meanings.
 */
export function createSchemaComponents() {
  const components: Record<string, JsonSchema> = {};
  const seen = new Map<string, string>();

  return {
    components,
    /** The JSON Schema of `schema` as requests (`input`) or answers (`output`) carry it; a `$ref` when it has an id. */
    convert(schema: z.core.$ZodType, io: 'input' | 'output'): JsonSchema {
      const converted = z.toJSONSchema(schema, { target: 'draft-2020-12', io }) as JsonSchema;
      const { $schema: _dialect, $defs, ...root } = converted;
      for (const [id, def] of Object.entries(($defs ?? {}) as Record<string, unknown>)) {
        const rewritten = rewriteRefs(def) as JsonSchema;
        const text = JSON.stringify(rewritten);
        const before = seen.get(id);
        if (before !== undefined && before !== text) throw new Error(`OpenAPI schema ${id} converts to two different shapes`);
        seen.set(id, text);
        components[id] = rewritten;
      }
      return rewriteRefs(root) as JsonSchema;
    },
  };
}
