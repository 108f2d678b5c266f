/**
 * The bundler entry for lenders who install CarrierLink from npm instead of loading embed.js: the
 * loader and every public type, in one place. The React wrapper is its own entry (./react), so
 * pages without React never pull it in.
 */
export { createCarrierLink } from './loader';
export type { LoaderEnv } from './loader';
export type * from './types';
