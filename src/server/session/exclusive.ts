import type { StepResponse } from '../../flow';
import { failures } from '../errors';
import type { SessionRecord } from './record';
import type { ServiceContext } from './service-context';
import type { SessionLease } from './service-types';
import { bearerToken, isWellFormedToken, randomId, tokenKey } from './token';

/** A call's lease on its session; renewed every third of it while the upstream call runs. */
export const DEFAULT_LEASE_MS = 30_000;

/** Finding a session by its bearer token, and running a call on it alone across every instance. */
export function createSessionAccess(ctx: ServiceContext, leaseMs: number, instanceId: string) {
  const { store, log, queue } = ctx;

  async function load(authorization: string | undefined): Promise<{ key: string; record: SessionRecord }> {
    const token = bearerToken(authorization);
    if (token === undefined || !isWellFormedToken(token)) throw failures.noSession();
    const key = tokenKey(token);
    const record = await store.get(key);
    // A well-formed token we do not know has almost always idled out (or outlived a restart).
    // A session waiting for its hand-off answers to no token yet.
    if (!record || record.handoff) throw failures.expired();
    return { key, record };
  }

  /**
   * Runs `work` alone for this session, across every instance sharing the store: the call leases
   * the session at the version it saw (renewing the lease while the upstream call runs) and its
   * result is committed only while it holds the lease. Within this process a second call queues
   * and then finds the record changed (outdated); on another instance it finds the lease (busy).
   * Either way a double click reaches the upstream once.
   */
  async function exclusive(
    authorization: string | undefined,
    work: (record: SessionRecord, lease: SessionLease) => Promise<StepResponse>,
  ): Promise<StepResponse> {
    const { key, record: seen } = await load(authorization);
    return queue.run(key, async () => {
      const owner = `${instanceId}:${randomId('call', 6)}`;
      const claimed = await store.claim(key, { version: seen.version, owner, leaseMs });
      if (claimed.status === 'missing') throw failures.expired();
      if (claimed.status === 'outdated') throw failures.outdated();
      if (claimed.status === 'busy') throw failures.busy();
      if (claimed.record.handoff) {
        // Parked for the page's hand-off code: no bearer token may act on it.
        await store.release(key, owner).catch(() => undefined);
        throw failures.expired();
      }
      const lease: SessionLease = { key, owner, committed: false };
      const heartbeat = setInterval(
        () => {
          store.renew(key, owner, leaseMs).then(
            (held) => {
              if (!held) log.warn({ session: seen.id }, 'session lease lost during an upstream call');
            },
            () => log.warn({ session: seen.id }, 'session lease not renewed'),
          );
        },
        Math.max(1000, Math.floor(leaseMs / 3)),
      );
      heartbeat.unref();
      try {
        return await work(claimed.record, lease);
      } finally {
        clearInterval(heartbeat);
        if (!lease.committed) await store.release(key, owner).catch(() => undefined);
      }
    });
  }

  return { load, exclusive };
}
