// The step model's zod schemas, for code that parses or checks a value at a boundary (the server's
// routes, the widget's API client). Constants, helpers and types come from the zod-free entry (./index).
export * from './fields';
export * from './errors-schema';
export * from './step';
export * from './api';
export * from './demo';
export * from './outage-schema';
