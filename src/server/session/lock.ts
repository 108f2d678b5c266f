/**
 * Runs work for one key strictly one after another, so a session never has two upstream calls
 * in flight (a double click must not reach the carrier twice).
 */
export function createKeyedQueue() {
  const tails = new Map<string, Promise<unknown>>();

  return {
    run<T>(key: string, work: () => Promise<T>): Promise<T> {
      const previous = tails.get(key) ?? Promise.resolve();
      const result = previous.then(work, work);
      const tail = result.catch(() => undefined);
      tails.set(key, tail);
      // Forget the key once nothing else queued behind this call.
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
    /** Keys with queued or running work (for tests). */
    pending(): number {
      return tails.size;
    },
  };
}
export type KeyedQueue = ReturnType<typeof createKeyedQueue>;
