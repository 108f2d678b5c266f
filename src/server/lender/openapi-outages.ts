import { OutagesQuerySchema, OutagesResponseSchema } from '../../flow/schemas';
import type { JsonSchema } from './json-schema';
import { COMPONENTS } from './json-schema';
import type { createSchemaComponents } from './json-schema';

type SchemaComponents = ReturnType<typeof createSchemaComponents>;

/** Field descriptions of the answer (the flow's schemas are zod mini, which carries no metadata). */
const RESPONSE_FIELDS = {
  outages: 'Carriers and provinces in an outage now, most failures first (at most 200); empty when none',
  checkedAt: 'When the figures were computed (server clock; each instance reuses them for a few seconds)',
  windowMinutes: 'The window the figures cover: sessions started in the last this many minutes',
} as const;
const OUTAGE_FIELDS = {
  carrier: 'The carrier of the failing sessions',
  province:
    'Province short name (e.g. 上海) of the failing sessions; null when their vendor did not say it (then any number of the carrier is concerned)',
} as const;

function describeProperties(schema: JsonSchema, descriptions: Readonly<Record<string, string>>): JsonSchema {
  const properties = schema['properties'] as Record<string, JsonSchema> | undefined;
  if (!properties) throw new Error('OpenAPI: an object schema without properties');
  for (const [name, description] of Object.entries(descriptions)) {
    const property = properties[name];
    if (!property) throw new Error(`OpenAPI: no property ${name} to describe`);
    properties[name] = { description, ...property };
  }
  return schema;
}

/**
 * GET /api/outages, the public outage list behind the phone step's notice and the dashboard's banner.
 * Its answer is the component OutagesResponse; its errors have the widget API's shape (`apiError`).
 */
export function outagesPath(schemas: SchemaComponents, apiError: JsonSchema): Record<string, unknown> {
  const response = describeProperties(schemas.convert(OutagesResponseSchema, 'output'), RESPONSE_FIELDS);
  const items = (response['properties'] as Record<string, JsonSchema>)['outages']?.['items'] as JsonSchema | undefined;
  if (!items) throw new Error('OpenAPI: the outage list has no item schema');
  describeProperties(items, OUTAGE_FIELDS);
  schemas.components['OutagesResponse'] = {
    description: 'Carriers and provinces where many recent sessions failed upstream (aggregates only: no figures, no sessions)',
    ...response,
  };
  const json = (schema: JsonSchema) => ({ content: { 'application/json': { schema } } });
  return {
    get: {
      summary: 'Carriers and provinces in an outage now',
      description: [
        'Public (no API key) and the same for everyone: the carriers and provinces where, among sessions started in the',
        'last OUTAGE_WINDOW_MINUTES minutes across all lenders, at least OUTAGE_MIN_SESSIONS sessions were started and at',
        'least OUTAGE_FAILURE_PERCENT percent of them failed upstream (vendor or carrier unavailable, in maintenance,',
        'timing out or answering nonsense; not applicant mistakes). The widget shows a notice on the phone step for a',
        "number of such a carrier, and the dashboard a banner. Demo sessions never count towards lenders' outages.",
      ].join(' '),
      tags: ['status'],
      // Public: no API key.
      security: [],
      parameters: [
        {
          name: 'demo',
          in: 'query',
          required: false,
          description: "`1`: the demo sessions' outages instead (servers running demo mode only; 404 otherwise)",
          schema: schemas.convert(OutagesQuerySchema.shape.demo, 'input'),
        },
        {
          name: 'simulate',
          in: 'query',
          required: false,
          description:
            '`outage`, with demo=1 only: adds an outage of every carrier (province null), so the demo gallery shows the notice without real failures',
          schema: schemas.convert(OutagesQuerySchema.shape.simulate, 'input'),
        },
      ],
      responses: {
        200: { description: 'The outages now (often none)', ...json({ $ref: `${COMPONENTS}OutagesResponse` }) },
        400: { description: 'A query parameter is malformed, or simulate without demo=1 (bad_request)', ...json(apiError) },
        404: { description: 'demo=1 on a server that does not run demo mode', ...json(apiError) },
      },
    },
  };
}
