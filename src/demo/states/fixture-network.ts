import type { Step } from '../../flow';
import { SERVER_TIME } from './fixtures';

/** One request the sheet's screens made, as the fixture network saw it (no headers, no body). */
export interface FixtureRequest {
  method: string;
  path: string;
}

export interface FixtureNetwork {
  /** Every request answered (or held) so far, in order. */
  readonly requests: readonly FixtureRequest[];
  /** Puts the page's own fetch back. */
  uninstall: () => void;
}

/** Session token -> the step that session is on. */
export type FixtureSessions = ReadonlyMap<string, Step>;

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

function refusal(status: number, code: string, message: string): Response {
  return json(status, { error: { code, message, retryable: false } });
}

function pathOf(input: RequestInfo | URL): string {
  const href = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  return new URL(href, 'http://states.sheet').pathname;
}

function bearer(init: RequestInit | undefined): string | undefined {
  const value = new Headers(init?.headers).get('authorization');
  return value?.startsWith('Bearer ') ? value.slice('Bearer '.length) : undefined;
}

/**
 * The states sheet's fixture network: replaces `window.fetch` for the sheet page only. It answers
 * the session API from the sheet's fixtures and never reaches a server:
 * - `GET /api/session` answers the step of the caller's session token (401 for an unknown one);
 * - `GET /api/outages` (the phone step's outage notice) answers no outage: the sheet's phone cells
 *   show the screens as most applicants see them;
 * - every `POST` (starting a session, submitting a step, refresh/resend/recover, restart, cancel)
 *   is held pending forever, so a submission or a captcha refresh stays on screen as in flight
 *   (the widget's own 60 s abort is ignored on purpose: the picture must not change);
 * - anything else is a 404.
 */
export function installFixtureNetwork(sessions: FixtureSessions, target: typeof globalThis = globalThis): FixtureNetwork {
  const original = target.fetch;
  const requests: FixtureRequest[] = [];
  const fixtureFetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const method = (init?.method ?? 'GET').toUpperCase();
    const path = pathOf(input);
    requests.push({ method, path });
    if (method === 'POST') return new Promise<Response>(() => undefined);
    if (method === 'GET' && path === '/api/session') {
      const token = bearer(init);
      const step = token === undefined ? undefined : sessions.get(token);
      if (!step) return Promise.resolve(refusal(401, 'session_expired', '会话已过期'));
      return Promise.resolve(json(200, { step, serverTime: SERVER_TIME }));
    }
    if (method === 'GET' && path === '/api/outages') {
      return Promise.resolve(json(200, { outages: [], checkedAt: SERVER_TIME, windowMinutes: 15 }));
    }
    return Promise.resolve(refusal(404, 'bad_request', '演示页面没有这个接口'));
  };
  target.fetch = fixtureFetch;
  return {
    requests,
    uninstall: () => {
      // Only our own fetch is taken back: something installed over it since stays.
      if (target.fetch === fixtureFetch) target.fetch = original;
    },
  };
}
