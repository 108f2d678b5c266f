import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { createAnalyticsQueries } from './analytics-queries';
import type { ReaderRequest, ReaderResponse } from './analytics-reader';

// The SQLite funnel query, on a thread of its own (analytics-reader.ts): a read-only connection to
// the same file (WAL: it reads the last commit while the server writes), so a large lender's
// funnel never holds the server's event loop.
const { path } = workerData as { path: string };
const db = new Database(path, { readonly: true, fileMustExist: true, timeout: 5000 });
const queries = createAnalyticsQueries(db);

parentPort?.on('message', (request: ReaderRequest) => {
  queries.funnel(request.scope).then(
    (result) => parentPort?.postMessage({ id: request.id, result } satisfies ReaderResponse),
    (error: unknown) =>
      parentPort?.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) } satisfies ReaderResponse),
  );
});
