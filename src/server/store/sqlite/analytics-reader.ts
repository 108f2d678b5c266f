import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FunnelResponse } from '../../../flow/dashboard-api';
import { packageRoot } from '../../package-root';
import type { AnalyticsScope } from '../analytics-types';

export interface ReaderRequest {
  id: number;
  scope: AnalyticsScope;
}

export type ReaderResponse = { id: number; result: Omit<FunnelResponse, 'range'> } | { id: number; error: string };

/** The funnel query on a worker thread; rejects when the worker cannot answer (the caller then runs it in place). */
export interface AnalyticsReader {
  funnel(scope: AnalyticsScope): Promise<Omit<FunnelResponse, 'range'>>;
  close(): Promise<void>;
}

/** The worker's script: beside this module when running from source, dist/server/analytics-worker.js when built. */
function workerScript(): string | undefined {
  const here = import.meta.url;
  const file = here.endsWith('.ts')
    ? fileURLToPath(new URL('./analytics-worker.ts', here))
    : join(packageRoot(fileURLToPath(here)), 'dist', 'server', 'analytics-worker.js');
  return existsSync(file) ? file : undefined;
}

/**
 * Starts the SQLite funnel reader for the database file at `path`: better-sqlite3 answers
 * synchronously, and a large lender's funnel (hundreds of thousands of rows) would otherwise hold
 * every other request of the server (the dashboard page's own scripts included) while it runs.
 * Undefined when the worker's script is not there (the query then runs in place).
 */
export function startAnalyticsReader(path: string): AnalyticsReader | undefined {
  const script = workerScript();
  if (!script) return undefined;
  let worker: Worker | undefined = script.endsWith('.js')
    ? new Worker(script, { workerData: { path } })
    : // From source (development, tests, benchmarks): the thread registers tsx, the TypeScript loader, first.
      new Worker(
        `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(pathToFileURL(script).href)}); });`,
        { eval: true, workerData: { path } },
      );
  worker.unref();
  let next = 0;
  const pending = new Map<number, { resolve: (value: Omit<FunnelResponse, 'range'>) => void; reject: (error: Error) => void }>();
  const fail = (error: Error) => {
    worker = undefined;
    for (const request of pending.values()) request.reject(error);
    pending.clear();
  };
  worker.on('message', (response: ReaderResponse) => {
    const request = pending.get(response.id);
    if (!request) return;
    pending.delete(response.id);
    if ('error' in response) request.reject(new Error(response.error));
    else request.resolve(response.result);
  });
  worker.on('error', (error) => fail(error));
  worker.on('exit', (code) => fail(new Error(`analytics reader exited (${code})`)));

  return {
    funnel(scope) {
      const current = worker;
      if (!current) return Promise.reject(new Error('analytics reader is not running'));
      const id = (next += 1);
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        current.postMessage({ id, scope } satisfies ReaderRequest);
      });
    },
    async close() {
      const current = worker;
      worker = undefined;
      if (current) await current.terminate();
    },
  };
}
