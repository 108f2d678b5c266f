import { randomBytes } from 'node:crypto';
import { HANDOFF_CODE_PATTERN, HANDOFF_TTL_SECONDS, maskPhone, type HandoffResponse } from '../../flow';
import { failures } from '../errors';
import type { KeyedQueue } from './lock';
import { hidesPhone } from './phone-mask';
import type { SessionStore } from './store';
import { createToken, tokenKey } from './token';

export interface HandoffOptions {
  store: SessionStore;
  queue: KeyedQueue;
  now: () => number;
  log: { info(obj: object, msg: string): void };
}

/** `ho_` + 32 random bytes: the page URL's one-time code (flow/page.ts). */
function createCode(): string {
  return `ho_${randomBytes(32).toString('base64url')}`;
}

/**
 * Sessions started from the phone form posted before the widget's script ran. The form's answer is
 * a redirect, and a URL must never carry a session token: the session is parked under a one-time
 * code instead (stored, like a token, only as its SHA-256), and the page exchanges the code for a
 * token minted then. The code is useless as a bearer token, lives HANDOFF_TTL_SECONDS, and is
 * spent by its first exchange: exchanges of a code queue behind each other on one instance, and
 * across instances the store's session lease lets only one of them take it.
 */
export function createHandoffs({ store, queue, now, log }: HandoffOptions) {
  return {
    /** Moves the session of `token` (just started, its token never sent anywhere) under a new code. */
    async park(token: string): Promise<string> {
      const from = tokenKey(token);
      const record = await store.get(from);
      if (!record) throw failures.expired();
      const code = createCode();
      const expiresAt = new Date(now() + HANDOFF_TTL_SECONDS * 1000).toISOString();
      // Removed before it is stored again: a store keeps one row per session id. The token was
      // never sent anywhere, so nothing can use the session between the two.
      await store.delete(from);
      await store.put(tokenKey(code), { ...record, handoff: { expiresAt } });
      return code;
    },

    /** The session parked under `code`, under a new token; the code is spent. */
    redeem(code: string): Promise<HandoffResponse> {
      if (!HANDOFF_CODE_PATTERN.test(code)) throw failures.noSession();
      const key = tokenKey(code);
      return queue.run(key, async () => {
        const record = await store.get(key);
        if (!record?.handoff) throw failures.expired();
        // Taken once across instances too: of two exchanges racing on two instances, only the one
        // whose lease the store grants goes on; the other finds the code spent.
        const taken = await store.claim(key, {
          version: record.version,
          owner: `handoff:${randomBytes(6).toString('hex')}`,
          leaseMs: 30_000,
        });
        if (taken.status !== 'claimed') throw failures.expired();
        await store.delete(key);
        if (Date.parse(record.handoff.expiresAt) <= now()) throw failures.expired();
        const token = createToken();
        const { handoff: _spent, ...session } = record;
        await store.put(tokenKey(token), { ...session, version: session.version + 1 });
        log.info({ session: record.id, event: 'handoff' }, 'session handed to the page');
        const { recordedAt: _recorded, ...consent } = record.consent;
        // An update link's number never reaches the browser in full (the page only ever showed it masked).
        const phone = hidesPhone(record) ? maskPhone(record.phone) : record.phone;
        return { token, step: record.step, serverTime: new Date(now()).toISOString(), phone, consent };
      });
    },
  };
}
