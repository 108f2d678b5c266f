import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { DurableStore } from '../store/types';
import { CSRF_HEADER } from '../../flow/dashboard-api';
import type { DashboardMe } from '../../flow/dashboard-api';
import { lenderFailures } from '../lender/errors';
import type { ApiKeyring } from '../link/api-keys';
import { tokenKey } from '../session/token';
import type { DashboardSessionStore } from '../store/types';

/**
 * Dashboard sign-in. The lender signs in with its API key once; the browser then holds a random
 * session token in an HttpOnly, SameSite=Strict cookie (Secure and `__Host-` prefixed when the
 * server is reached over https). The store keeps only the token's SHA-256, the lender, and a
 * fingerprint of the key used: rotating the key in LENDER_API_KEYS ends those sessions; signing out
 * deletes the row, so a copied cookie stops working too. Every state-changing request made with the
 * cookie must carry the CSRF token (an HMAC of the cookie's token, handed to the page at sign-in)
 * and, when the browser names one, our own Origin. Scripts may use `Authorization: Bearer <key>`.
 */

export interface DashboardAuthOptions {
  keyring: ApiKeyring;
  store: DashboardSessionStore;
  /** PUBLIC_URL: its scheme decides Secure, its origin is the only one allowed to post. */
  publicUrl: string;
  /** How long a sign-in lasts (DASHBOARD_SESSION_HOURS). */
  sessionHours: number;
  now: () => number;
  /** Limits sign-in attempts per client address; the durable store's (shared by every instance) when given. */
  rateLimiter?: DurableStore['rateLimiter'];
}

export interface DashboardPrincipal {
  lenderId: string;
  /** null when signed in with a bearer key (no cookie, no CSRF). */
  csrfToken: string | null;
  expiresAt: string | null;
}

/** Sign-in attempts per client address per 10 minutes. */
export const LOGIN_ATTEMPTS = 10;

const csrfOf = (token: string): string => createHmac('sha256', token).update('carrierlink dashboard csrf').digest('base64url');

const sameText = (a: string, b: string): boolean => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function createDashboardAuth(options: DashboardAuthOptions) {
  const { keyring, store, now } = options;
  const origin = new URL(options.publicUrl).origin;
  const secure = origin.startsWith('https:');
  const cookieName = secure ? '__Host-cl_dashboard' : 'cl_dashboard';
  const maxAgeSeconds = options.sessionHours * 3600;
  const attempts =
    options.rateLimiter?.({ keyPrefix: 'dashboard_login', points: LOGIN_ATTEMPTS, durationSeconds: 600 }) ??
    new RateLimiterMemory({ points: LOGIN_ATTEMPTS, duration: 600 });
  const cookieOptions = { httpOnly: true, secure, sameSite: 'strict' as const, path: '/' };

  /** A browser that names an origin must name ours: a cross-site form or fetch is refused. */
  function checkOrigin(request: FastifyRequest): void {
    const given = request.headers.origin;
    if (given !== undefined && given !== origin) throw lenderFailures.forbidden('Requests must come from the dashboard itself');
  }

  const cookieToken = (request: FastifyRequest): string | undefined => {
    const value = request.cookies[cookieName];
    return value !== undefined && TOKEN_PATTERN.test(value) ? value : undefined;
  };

  return {
    cookieName,

    /** POST /api/dashboard/login: the API key in, a session cookie out. */
    async login(request: FastifyRequest, reply: FastifyReply, apiKey: string): Promise<DashboardMe> {
      checkOrigin(request);
      try {
        await attempts.consume(request.ip);
      } catch (error) {
        const wait = error instanceof RateLimiterRes ? Math.ceil(error.msBeforeNext / 1000) : 600;
        throw lenderFailures.rateLimited(wait);
      }
      const lender = keyring.verify(`Bearer ${apiKey}`);
      const fingerprint = lender ? keyring.fingerprint(lender.lenderId) : undefined;
      if (!lender || fingerprint === undefined) {
        request.log.info({ ip: request.ip }, 'dashboard sign-in refused');
        throw lenderFailures.unauthorized();
      }
      const token = randomBytes(32).toString('base64url');
      const t = now();
      const expiresAt = new Date(t + maxAgeSeconds * 1000).toISOString();
      await store.create(tokenKey(token), {
        lenderId: lender.lenderId,
        keyFingerprint: fingerprint,
        createdAt: new Date(t).toISOString(),
        expiresAt,
      });
      reply.setCookie(cookieName, token, { ...cookieOptions, maxAge: maxAgeSeconds });
      request.log.info({ lenderId: lender.lenderId }, 'dashboard signed in');
      return { signedIn: true, lenderId: lender.lenderId, csrfToken: csrfOf(token), expiresAt };
    },

    /** POST /api/dashboard/logout: deletes the session and the cookie (already signed out is fine). */
    async logout(request: FastifyRequest, reply: FastifyReply): Promise<void> {
      checkOrigin(request);
      const token = cookieToken(request);
      if (token !== undefined) {
        const csrf = request.headers[CSRF_HEADER];
        if (typeof csrf !== 'string' || !sameText(csrf, csrfOf(token))) throw lenderFailures.forbidden('Missing or wrong CSRF token');
        await store.revoke(tokenKey(token));
      }
      reply.clearCookie(cookieName, cookieOptions);
    },

    /**
     * The lender a request acts for: a bearer API key, else a live cookie session made with the
     * lender's current key. `mutating` requests made with the cookie need the CSRF header.
     */
    async authenticate(request: FastifyRequest, mutating: boolean): Promise<DashboardPrincipal> {
      const authorization = request.headers.authorization;
      if (authorization !== undefined) {
        const lender = keyring.verify(authorization);
        if (!lender) throw lenderFailures.unauthorized();
        return { lenderId: lender.lenderId, csrfToken: null, expiresAt: null };
      }
      const token = cookieToken(request);
      if (token === undefined) throw lenderFailures.unauthorized();
      const session = await store.get(tokenKey(token), new Date(now()).toISOString());
      const current = session ? keyring.fingerprint(session.lenderId) : undefined;
      if (!session || current === undefined || !sameText(current, session.keyFingerprint)) throw lenderFailures.unauthorized();
      const csrfToken = csrfOf(token);
      if (mutating) {
        checkOrigin(request);
        const given = request.headers[CSRF_HEADER];
        if (typeof given !== 'string' || !sameText(given, csrfToken)) throw lenderFailures.forbidden('Missing or wrong CSRF token');
      }
      return { lenderId: session.lenderId, csrfToken, expiresAt: session.expiresAt };
    },
  };
}

export type DashboardAuth = ReturnType<typeof createDashboardAuth>;
