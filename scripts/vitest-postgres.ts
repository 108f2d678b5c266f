/**
 * Vitest globalSetup of the `postgres` project: one PostgreSQL server for the run (see
 * test-postgres.ts), its URL handed to the test files through `inject('postgresUrl')`. Each test
 * file works in schemas of its own, so files run in parallel without seeing each other's rows.
 */
import type { TestProject } from 'vitest/node';
import { startTestPostgres } from './test-postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startTestPostgres();
  project.provide('postgresUrl', server.url);
  return () => server.stop();
}
