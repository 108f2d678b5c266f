import { createDianhuaAdapter } from '../../providers/dianhua/adapter';
import type { DianhuaConfig } from '../../providers/dianhua/adapter';
import {
  CAPTCHA_SEQUENCE,
  SANDBOX_CONTACTS,
  SANDBOX_ID_CARD,
  SANDBOX_LOGIN_CODE,
  SANDBOX_NAME,
  SANDBOX_NEW_PASSWORD,
  SANDBOX_NEW_PASSWORD_8,
  SANDBOX_PASSWORD,
  SANDBOX_PLAIN_PASSWORD,
  SANDBOX_SMS_CODE,
} from '../../providers/dianhua/sandbox';
import { sandboxValuesFor } from '../../providers/dianhua/sandbox-user';
import { startDianhuaSimulator } from '../../providers/dianhua/simulator';
import type { FieldValue, FormStep } from '../../flow';
import { tokenKey } from '../../server/session/token';
import { startRecordingProxy } from '../recording-proxy';
import type { Exchange } from '../recording-proxy';
import type { LinkOptions } from '../../server/app';
import { createTestApp } from './test-app';
import type { TestApp } from './test-app';

export const APP_ID = 'carrierlink-test';
export const APP_SECRET = 'dh-APPSECRET-5f1c2e9a7b';

export interface DianhuaHarness {
  t: TestApp;
  /** Every call the adapter made to the simulator, in order. */
  upstream: Exchange[];
  /** Shifts the clock of the service, the store, the adapter and the simulator. */
  advance(ms: number): void;
  /** Moves that clock to `ms` past an ISO instant (never back). */
  advancePast(instant: string, ms?: number): void;
  /** Upstream identifiers seen so far: every token, sid and tid the simulator handed out. */
  upstreamIds(): Set<string>;
  /** Fails if a response holds a secret, an upstream id, a session-token hash or a captcha answer. */
  assertNoLeaks(tokens: readonly string[]): void;
  /** Fails if a log line holds a secret, an upstream id, or a full phone, ID card, name or contact. */
  assertCleanLogs(phones: readonly string[]): void;
  close(): Promise<void>;
}

/** Values no answer may carry, whatever the step. */
export const SECRETS = [APP_SECRET, SANDBOX_PASSWORD, SANDBOX_SMS_CODE, SANDBOX_LOGIN_CODE, SANDBOX_NEW_PASSWORD, SANDBOX_NEW_PASSWORD_8];

function idsIn(exchange: Exchange, into: Set<string>): void {
  const token = exchange.query.get('token');
  if (token) into.add(token);
  for (const key of ['sid', 'tid']) {
    const value = exchange.query.get(key) ?? new URLSearchParams(exchange.requestBody).get(key);
    if (value) into.add(value);
  }
  if (!exchange.responseBody) return;
  try {
    const json = JSON.parse(exchange.responseBody) as { token?: unknown; data?: Record<string, unknown> };
    for (const value of [json.token, json.data?.['token'], json.data?.['sid'], json.data?.['tid']]) {
      if (typeof value === 'string' && value.trim().length >= 6) into.add(value.trim());
    }
  } catch {
    // a fault scenario's garbage body
  }
}

/** Every string in a JSON body except pictures, for exact matches against short secrets. */
function stringsOf(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') {
    if (!value.startsWith('data:')) out.push(value);
  } else if (Array.isArray(value)) {
    for (const item of value) stringsOf(item, out);
  } else if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) stringsOf(item, out);
  }
  return out;
}

export async function startDianhuaHarness(
  options: {
    timeoutMs?: number;
    timeoutFaultMs?: number;
    tokenTtlSeconds?: number;
    smsResend?: DianhuaConfig['smsResend'];
    /** Lender links (API keys, REQUIRE_LINK_TOKEN, TTL) for the app. */
    links?: LinkOptions;
  } = {},
): Promise<DianhuaHarness> {
  let offset = 0;
  const now = () => Date.now() + offset;
  const sim = await startDianhuaSimulator({
    appId: APP_ID,
    appSecret: APP_SECRET,
    host: '127.0.0.1',
    port: 0,
    timeoutFaultMs: options.timeoutFaultMs ?? 5_000,
    // One clock for the simulator's SMS locks and token expiry, the adapter and the service.
    now,
    ...(options.tokenTtlSeconds ? { tokenTtlSeconds: options.tokenTtlSeconds } : {}),
  });
  const proxy = await startRecordingProxy(sim.url);
  const adapter = createDianhuaAdapter(
    {
      baseUrl: proxy.url,
      appId: APP_ID,
      appSecret: APP_SECRET,
      timeoutMs: options.timeoutMs ?? 10_000,
      smsResend: options.smsResend ?? 'off',
      maxSmsResends: 2,
    },
    { now },
  );
  const t = await createTestApp({ adapter, now, ...(options.links ? { links: options.links } : {}) });
  const upstreamIds = () => {
    const ids = new Set<string>();
    for (const exchange of proxy.exchanges) idsIn(exchange, ids);
    return ids;
  };

  return {
    t,
    upstream: proxy.exchanges,
    advance: (ms) => void (offset += ms),
    advancePast: (instant, ms = 1) => void (offset += Math.max(0, Date.parse(instant) + ms - now())),
    upstreamIds,
    assertNoLeaks(tokens) {
      const forbidden = [...SECRETS, ...upstreamIds(), ...tokens.map(tokenKey)];
      for (const body of t.bodies) {
        for (const secret of forbidden) {
          if (body.includes(secret)) throw new Error(`a response leaked a secret (${secret.slice(0, 3)}...): ${body.slice(0, 200)}`);
        }
        // Short answers (captcha text) only count as a whole value.
        const strings = stringsOf(JSON.parse(body));
        const hit = strings.find((s) => (CAPTCHA_SEQUENCE as readonly string[]).includes(s));
        if (hit) throw new Error(`a response carries a captcha answer: ${hit}`);
      }
    },
    assertCleanLogs(phones) {
      const logs = t.logs.map((line) => {
        // Timestamps and durations are numbers that could contain any digits.
        const { time: _time, responseTime: _rt, ...rest } = JSON.parse(line) as Record<string, unknown>;
        return JSON.stringify(rest);
      });
      // 上海电信's plain-text new password is shown to the applicant, never logged.
      const personal = [
        ...phones,
        SANDBOX_PLAIN_PASSWORD,
        SANDBOX_ID_CARD,
        SANDBOX_ID_CARD.toLowerCase(),
        SANDBOX_NAME,
        ...SANDBOX_CONTACTS,
      ];
      for (const secret of [...SECRETS, ...upstreamIds(), ...personal]) {
        const hit = logs.find((line) => line.includes(secret));
        if (hit) throw new Error(`a log line holds a secret or personal data (${secret.slice(0, 3)}...): ${hit.slice(0, 160)}`);
      }
    },
    async close() {
      await t.close();
      await adapter.close();
      await proxy.close();
      await sim.close();
    },
  };
}

/** A Dianhua sandbox applicant on one number, answering each step as a person would. */
export class DianhuaUser {
  /** The service password to log in with; a recovery changes it. */
  password: string = SANDBOX_PASSWORD;
  constructor(readonly phone: string) {}

  answer(step: FormStep): Record<string, FieldValue> {
    return sandboxValuesFor(step.fields, this.phone, this.password);
  }
}
