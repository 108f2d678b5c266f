import pg from 'pg';

/** What the store files query through: the pool, or a client inside a transaction. */
export type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

// bigint (int8) columns hold epoch milliseconds and serial ids, far below 2^53: read them as
// numbers. Set on this store's pool only, never globally, so other pg users in the process keep
// their own parsing.
const INT8_OID = 20;
const parseInt8 = (value: string): number => Number(value);
export const storeTypes: pg.CustomTypesConfig = {
  getTypeParser: (oid, format) => (oid === INT8_OID ? parseInt8 : pg.types.getTypeParser(oid, format)),
};

/**
 * Runs `work` in one transaction on one pooled client: COMMIT when it resolves, ROLLBACK when it
 * throws. A client whose ROLLBACK failed (a broken connection) is destroyed, not pooled again.
 */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollback: unknown) => {
      broken = rollback instanceof Error ? rollback : new Error('rollback failed');
    });
    throw error;
  } finally {
    client.release(broken);
  }
}

/** A unique-constraint violation (SQLSTATE 23505). */
export const isUniqueViolation = (error: unknown): boolean =>
  error instanceof Error && 'code' in error && (error as { code?: unknown }).code === '23505';
