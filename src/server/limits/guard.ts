import { createHash } from 'node:crypto';
import { RateLimiterRes } from 'rate-limiter-flexible';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { AbuseLimits } from '../env-limits';
import { rateLimited } from '../errors';
import type { RateLimitReason } from '../errors';
import type { DurableStore } from '../store/types';

// The server's abuse limits (rate-limiter-flexible over the durable store, so every instance shares
// them and a restart keeps them). Each method refuses with 429 rate_limited (Retry-After, retryAt)
// before the vendor is called; the session service decides when an SMS or a password is at stake.

const HOUR = 3600;
const DAY = 24 * HOUR;

/** Where a refused SMS or password try is shown in the widget. */
export interface GuardTarget {
  /** The field the refusal concerns (the widget shows it there). */
  field?: string;
}

export interface AbuseGuard {
  /** A session start (or restart) from this client address. */
  clientStart(ip: string): Promise<void>;
  /** A link token looked up or redeemed from this client address. */
  linkRedemption(ip: string): Promise<void>;
  /** A link token created with this lender's API key. */
  linkCreation(lenderId: string): Promise<void>;
  /** A session start (or restart) for this number (demo sessions never reach a carrier and are not counted). */
  numberStart(phone: string): Promise<void>;
  /** An image-captcha refresh of this session. */
  captchaRefresh(sessionId: string): Promise<void>;
  sms: {
    /** Refuses when no SMS may be sent to the number now (before a call that may send one). */
    assertAvailable(phone: string, target?: GuardTarget): Promise<void>;
    /** Takes one send before a call that always sends (resend); refuses when none is left. */
    reserve(phone: string, target?: GuardTarget): Promise<void>;
    /** Gives a reserved send back (the call sent nothing). */
    release(phone: string): Promise<void>;
    /** Counts a send the outcome showed (a call that might send did). */
    sent(phone: string): Promise<void>;
    /** Sends left before the guard stops them (the lower of the two windows). */
    left(phone: string): Promise<number>;
  };
  password: {
    /** Takes one try before a service password is forwarded; refuses when the number has none left. */
    reserve(phone: string, target?: GuardTarget): Promise<void>;
    /** A wrong password: keeps the reserved try (or counts one, when none was reserved); answers tries left. */
    failed(phone: string, reserved: boolean): Promise<number>;
    /** The number authorized: its wrong passwords are forgiven. */
    succeeded(phone: string): Promise<void>;
    /** Gives a reserved try back (the carrier did not judge the password). */
    release(phone: string): Promise<void>;
  };
}

/** Numbers are not kept in the counters' keys in plain text. */
const numberKey = (phone: string) => createHash('sha256').update(`carrierlink:number:${phone}`).digest('hex').slice(0, 32);

const isRefusal = (value: unknown): value is RateLimiterRes => value instanceof RateLimiterRes;

export function createAbuseGuard(options: {
  store: Pick<DurableStore, 'rateLimiter'>;
  limits: AbuseLimits;
  now?: () => number;
}): AbuseGuard {
  const { store, limits } = options;
  const now = options.now ?? Date.now;
  const limiter = (keyPrefix: string, points: number, durationSeconds: number) => store.rateLimiter({ keyPrefix, points, durationSeconds });

  const clientStarts = limiter('ip_start', limits.startsPerIp, 600);
  const clientLinks = limiter('ip_link', limits.linkRedemptionsPerIp, 600);
  const lenderLinks = limiter('lender_link', limits.linkTokensPerLender, 60);
  const numberStarts = limiter('number_start', limits.startsPerNumber, HOUR);
  // 0 turns the interval off (benchmarks; production refuses it).
  const captcha = limits.captchaRefreshSeconds > 0 ? limiter('captcha', 1, limits.captchaRefreshSeconds) : undefined;
  const smsShort = limiter('sms_10m', limits.smsPerNumberShort, 600);
  const smsDay = limiter('sms_day', limits.smsPerNumberDay, DAY);
  const passwords = limiter('password', limits.wrongPasswordsPerNumber, DAY);

  /** Consumes one point; a refusal becomes the 429; a store failure is thrown as it is. */
  async function take(
    limit: RateLimiterAbstract,
    key: string,
    reason: RateLimitReason,
    extra: { field?: string; attemptsLeft?: number } = {},
  ) {
    try {
      await limit.consume(key);
    } catch (refusal) {
      if (isRefusal(refusal)) throw rateLimited(reason, refusal.msBeforeNext, now(), extra);
      throw refusal;
    }
  }

  /** Points used in the current window (0 when none). */
  async function used(limit: RateLimiterAbstract, key: string): Promise<RateLimiterRes | null> {
    return limit.get(key);
  }

  async function smsRefusal(phone: string, target: GuardTarget) {
    const key = numberKey(phone);
    for (const limit of [smsShort, smsDay]) {
      const state = await used(limit, key);
      if (state && state.consumedPoints >= limit.points) {
        throw rateLimited('sms', state.msBeforeNext, now(), { ...target, attemptsLeft: 0 });
      }
    }
  }

  return {
    clientStart: (ip) => take(clientStarts, ip, 'client'),
    linkRedemption: (ip) => take(clientLinks, ip, 'client'),
    linkCreation: (lenderId) => take(lenderLinks, lenderId, 'lender'),
    numberStart: (phone) => take(numberStarts, numberKey(phone), 'number'),
    captchaRefresh: async (sessionId) => {
      if (captcha) await take(captcha, sessionId, 'captcha');
    },

    sms: {
      assertAvailable: (phone, target = {}) => smsRefusal(phone, target),
      async reserve(phone, target = {}) {
        await smsRefusal(phone, target);
        const key = numberKey(phone);
        await take(smsShort, key, 'sms', { ...target, attemptsLeft: 0 });
        try {
          await take(smsDay, key, 'sms', { ...target, attemptsLeft: 0 });
        } catch (error) {
          await smsShort.reward(key, 1);
          throw error;
        }
      },
      async release(phone) {
        const key = numberKey(phone);
        await Promise.all([smsShort.reward(key, 1), smsDay.reward(key, 1)]);
      },
      async sent(phone) {
        const key = numberKey(phone);
        // Counted even past the limit: the SMS went out.
        await Promise.all([smsShort.penalty(key, 1), smsDay.penalty(key, 1)]);
      },
      async left(phone) {
        const key = numberKey(phone);
        const [short, day] = await Promise.all([used(smsShort, key), used(smsDay, key)]);
        const leftOf = (state: RateLimiterRes | null, points: number) => Math.max(0, points - (state?.consumedPoints ?? 0));
        return Math.min(leftOf(short, smsShort.points), leftOf(day, smsDay.points));
      },
    },

    password: {
      reserve: (phone, target = {}) => take(passwords, numberKey(phone), 'password', { ...target, attemptsLeft: 0 }),
      async failed(phone, reserved) {
        const key = numberKey(phone);
        const state = reserved ? await used(passwords, key) : await passwords.penalty(key, 1);
        return Math.max(0, passwords.points - (state?.consumedPoints ?? passwords.points));
      },
      async succeeded(phone) {
        await passwords.delete(numberKey(phone));
      },
      async release(phone) {
        await passwords.reward(numberKey(phone), 1);
      },
    },
  };
}
