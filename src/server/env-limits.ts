import ipaddr from 'ipaddr.js';

// The abuse limits and HTTP server limits the environment can tune. Each definition carries its
// variable, default and bounds, so the parser, the start-up line and the README table agree.

/** One numeric setting. */
export interface LimitDefinition {
  env: string;
  default: number;
  min: number;
  max: number;
  /** For the README table and error messages. */
  meaning: string;
}

/** Abuse limits, all held in the durable store (shared by every instance, kept across restarts). */
export const ABUSE_LIMITS = {
  startsPerNumber: {
    env: 'LIMIT_STARTS_PER_NUMBER_PER_HOUR',
    default: 10,
    min: 1,
    max: 10_000,
    meaning: 'Session starts (and restarts) per phone number per hour.',
  },
  smsPerNumberShort: {
    env: 'LIMIT_SMS_PER_NUMBER_PER_10_MIN',
    default: 5,
    min: 1,
    max: 10_000,
    meaning: 'SMS codes sent to one number (first sends and resends, across sessions) per 10 minutes.',
  },
  smsPerNumberDay: {
    env: 'LIMIT_SMS_PER_NUMBER_PER_DAY',
    default: 20,
    min: 1,
    max: 100_000,
    meaning: 'SMS codes sent to one number per 24 hours.',
  },
  wrongPasswordsPerNumber: {
    env: 'LIMIT_WRONG_PASSWORDS_PER_NUMBER',
    default: 3,
    min: 1,
    max: 1_000,
    meaning:
      'Wrong service passwords forwarded to the carrier per number in 24 hours (an authorization resets it); then refused until the 24 hours end.',
  },
  captchaRefreshSeconds: {
    env: 'LIMIT_CAPTCHA_REFRESH_SECONDS',
    default: 2,
    min: 0,
    max: 600,
    meaning: 'Seconds between two image-captcha refreshes of one session (0: no limit, for benchmarks; refused in production).',
  },
  startsPerIp: {
    env: 'LIMIT_STARTS_PER_IP_PER_10_MIN',
    default: 100,
    min: 1,
    max: 1_000_000,
    meaning: 'Session starts per client IP per 10 minutes (generous: carriers put many phones behind one address).',
  },
  linkRedemptionsPerIp: {
    env: 'LIMIT_LINK_REDEMPTIONS_PER_IP_PER_10_MIN',
    default: 300,
    min: 1,
    max: 1_000_000,
    meaning: 'Link-token look-ups and redemptions (`GET /api/link`, starts with a link token) per client IP per 10 minutes.',
  },
  linkTokensPerLender: {
    env: 'LIMIT_LINK_TOKENS_PER_LENDER_PER_MIN',
    default: 600,
    min: 1,
    max: 1_000_000,
    meaning: 'Link tokens one lender API key may create per minute.',
  },
} as const satisfies Record<string, LimitDefinition>;

export type AbuseLimits = { [K in keyof typeof ABUSE_LIMITS]: number };

export const DEFAULT_ABUSE_LIMITS: AbuseLimits = Object.fromEntries(
  Object.entries(ABUSE_LIMITS).map(([key, definition]) => [key, definition.default]),
) as AbuseLimits;

/**
 * For test and benchmark servers that replay the sandbox numbers hundreds of times from one
 * address: every abuse limit as loose as it goes (the captcha interval off). Never for a deployment.
 */
export const LOOSE_LIMITS_ENV: Readonly<Record<string, string>> = Object.fromEntries(
  Object.values(ABUSE_LIMITS).map((definition) => [definition.env, String(definition.min === 0 ? 0 : definition.max)]),
);

/** The HTTP server's own limits (Node's http.Server settings). */
export const SERVER_LIMITS = {
  requestTimeoutMs: {
    env: 'REQUEST_TIMEOUT_MS',
    default: 30_000,
    min: 1_000,
    max: 600_000,
    meaning: 'Time a client has to send a whole request (headers and body); slower ones are cut off (408).',
  },
  headersTimeoutMs: {
    env: 'HEADERS_TIMEOUT_MS',
    default: 10_000,
    min: 1_000,
    max: 600_000,
    meaning: 'Time a client has to send the request headers; at most REQUEST_TIMEOUT_MS.',
  },
  keepAliveTimeoutMs: {
    env: 'KEEP_ALIVE_TIMEOUT_MS',
    default: 5_000,
    min: 1_000,
    max: 600_000,
    meaning: "Idle time before a kept-alive connection is closed; set it above your load balancer's idle timeout.",
  },
  maxConnections: {
    env: 'MAX_CONNECTIONS',
    default: 2_048,
    min: 1,
    max: 1_000_000,
    meaning: 'Open connections at once; further ones are refused at accept.',
  },
} as const satisfies Record<string, LimitDefinition>;

export type ServerLimits = { [K in keyof typeof SERVER_LIMITS]: number };

/** Reads every setting of `definitions`, pushing a problem per bad one; defaults for the unset. */
export function readLimits<K extends string>(
  definitions: Readonly<Record<K, LimitDefinition>>,
  source: Readonly<Record<string, string | undefined>>,
  problems: string[],
): Record<K, number> {
  const values = {} as Record<K, number>;
  for (const key of Object.keys(definitions) as K[]) {
    const definition = definitions[key];
    const raw = source[definition.env]?.trim();
    values[key] = definition.default;
    if (raw === undefined || raw === '') continue;
    const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isSafeInteger(value) || value < definition.min || value > definition.max) {
      problems.push(
        `${definition.env}: must be a whole number between ${definition.min} and ${definition.max} (got "${raw.slice(0, 40)}")`,
      );
    } else {
      values[key] = value;
    }
  }
  return values;
}

/**
 * Which proxies' X-Forwarded-For to believe (Fastify's trustProxy): none, a hop count, or the
 * proxies' addresses. `true` (everyone) is refused: any client could then name its own address.
 */
export type TrustProxy = false | number | string[];

export function readTrustProxy(raw: string | undefined, problems: string[]): TrustProxy {
  const value = raw?.trim();
  if (value === undefined || value === '' || value === 'false') return false;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops >= 1 && hops <= 10) return hops;
  } else if (value !== 'true') {
    const entries = value.split(',').map((entry) => entry.trim());
    const valid = (entry: string) => (entry.includes('/') ? isCidr(entry) : ipaddr.isValid(entry));
    if (entries.every((entry) => entry !== '' && valid(entry))) return entries;
  }
  problems.push(
    'TRUST_PROXY: must be false, a hop count (1-10) or comma-separated proxy addresses/CIDRs (e.g. 10.0.0.0/8,127.0.0.1); ' +
      '"true" would let any client name its own address',
  );
  return false;
}

function isCidr(entry: string): boolean {
  try {
    ipaddr.parseCIDR(entry);
    return true;
  } catch {
    return false;
  }
}
