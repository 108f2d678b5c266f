// The flow entry: the step model's constants, pure helpers and types, with no zod, so a bundle that
// needs only a constant (the widget's first load, the SSR page, the demo gallery) loads no schema.
// The zod schemas are in ./schemas; a test proves nothing here reaches zod.
export * from './constants';
export * from './errors';
export * from './phone';
export * from './id-card';
export * from './new-password';
export * from './page';
export {
  DEMO_FAULT_KINDS,
  DEMO_FAULT_POINTS,
  DEMO_PARAM_NAMES,
  DEMO_PROVIDERS,
  MASKED_PHONE_PATTERN,
  MAX_DEMO_LATENCY_MS,
  readDemoSettings,
  readDemoUpdate,
} from './demo-query';
export type { DemoFaultKind, DemoFaultPoint, DemoProvider } from './demo-query';
export type * from './fields';
export type * from './errors-schema';
export type * from './step';
export type * from './api';
export type * from './demo';
export * from './outage';
