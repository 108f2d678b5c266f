import { createHash } from 'node:crypto';
import { createHttpClient } from '../http';
import type { HttpClient, HttpResponse } from '../http';
import { UpstreamError } from '../upstream-error';
import { createDianhuaTokenCache } from './token-cache';
import type { DianhuaTokenCache, TokenFetch } from './token-cache';
import { DIANHUA_OK, DIANHUA_TOKEN_INVALID, TokenDataSchema, parseAnswer, parseBeijingTime, parseData } from './wire';
import type { DianhuaAnswer } from './wire';

export type { DianhuaAnswer } from './wire';

export interface DianhuaClientConfig {
  /** e.g. https://crs-api.dianhua.cn */
  baseUrl: string;
  appId: string;
  appSecret: string;
  timeoutMs: number;
}

/** Form fields; a list is sent as repeated `key[]` pairs (PHP arrays, e.g. forget/pwd's `tel_list`). */
export type DianhuaForm = Readonly<Record<string, string | readonly string[]>>;

export interface DianhuaClient {
  get(path: string, query: Readonly<Record<string, string>>): Promise<DianhuaAnswer>;
  postForm(path: string, form: DianhuaForm): Promise<DianhuaAnswer>;
  /** For nested data (calls/flow's `user_info` / `user_contact`): the only form seen working live. */
  postJson(path: string, body: Readonly<Record<string, unknown>>): Promise<DianhuaAnswer>;
  close(): Promise<void>;
}

/** §2.5: md5(appid + appsecret + time), lowercase hex. */
export function tokenSign(appId: string, appSecret: string, time: string): string {
  return createHash('md5').update(`${appId}${appSecret}${time}`, 'utf8').digest('hex');
}

/** A token is replaced this long before its `expires`, so no call races its end. */
export const TOKEN_REFRESH_MARGIN_MS = 5 * 60_000;
/** Used when `expires` is missing or unreadable (vendor-notes: the lifetime is 7200 s). */
const DEFAULT_LIFETIME_MS = 7200_000;
/** However a skewed `expires` reads, a token is kept this long: refreshing often gets an appid limited (§2.7). */
const MIN_CACHE_MS = 60_000;

export interface DianhuaClientDeps {
  now?: () => number;
  http?: HttpClient;
  /**
   * The app id's token cache, shared with every other client of the same app id (and, through the
   * store behind it, with every instance). Without it the client keeps a cache of its own.
   */
  tokens?: DianhuaTokenCache;
}

export function createDianhuaClient(config: DianhuaClientConfig, deps: DianhuaClientDeps = {}): DianhuaClient {
  const now = deps.now ?? Date.now;
  // An injected client (demo mode's latency and faults) is owned, and closed, like the built one.
  const http = deps.http ?? createHttpClient({ timeoutMs: config.timeoutMs });
  const base = config.baseUrl.replace(/\/+$/, '');
  if (deps.tokens && deps.tokens.appId !== config.appId) throw new Error('Dianhua client: the token cache belongs to another app id');
  const tokens = deps.tokens ?? createDianhuaTokenCache({ appId: config.appId, now });

  async function fetchToken(): Promise<TokenFetch> {
    const time = String(Math.floor(now() / 1000));
    const query = new URLSearchParams({ appid: config.appId, sign: tokenSign(config.appId, config.appSecret, time), time });
    const answer = read(await http.get(`${base}/token?${query}`));
    if (answer.status !== DIANHUA_OK) return answer;
    const data = parseData(TokenDataSchema, answer.data);
    const issuedAt = now();
    const expiresAt = parseBeijingTime(data.expires) ?? issuedAt + DEFAULT_LIFETIME_MS;
    const refreshAt = Math.max(expiresAt - TOKEN_REFRESH_MARGIN_MS, issuedAt + MIN_CACHE_MS);
    return { token: data.token, refreshAt, expiresAt: Math.max(expiresAt, refreshAt) };
  }

  /** One call with the token in the query (always URL-encoded, §2.7); on 4000 one refresh and one retry. */
  async function withToken(send: (token: string) => Promise<HttpResponse>): Promise<DianhuaAnswer> {
    for (let attempt = 0; ; attempt++) {
      // The cached token, or one refresh shared by every caller waiting for it; a refused refresh is the answer.
      const current = await tokens.token(fetchToken);
      if (!('token' in current)) return current;
      const answer = read(await send(current.token));
      if (answer.status !== DIANHUA_TOKEN_INVALID || attempt > 0) return answer;
      await tokens.invalidate(current.token);
    }
  }

  // URLSearchParams percent-encodes the token's `+`, `/` and `=`.
  const url = (path: string, token: string, query: Readonly<Record<string, string>> = {}) =>
    `${base}/${path}?${new URLSearchParams({ token, ...query })}`;

  return {
    get: (path, query) => withToken((t) => http.get(url(path, t, query))),
    postForm: (path, form) => withToken((t) => http.postForm(url(path, t), form)),
    postJson: (path, body) => withToken((t) => http.postJson(url(path, t), body)),
    close: () => http.close(),
  };
}

function read(response: HttpResponse): DianhuaAnswer {
  if (response.status < 200 || response.status >= 300) {
    throw new UpstreamError('http', `upstream answered HTTP ${response.status}`, { status: response.status });
  }
  return parseAnswer(response.body);
}
