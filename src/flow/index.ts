export * from './fields';
export * from './errors';
export * from './step';
export * from './api';
export * from './demo';
export * from './phone';
export * from './id-card';
export * from './new-password';
