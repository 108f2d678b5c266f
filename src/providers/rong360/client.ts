import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { createHttpClient } from '../http';
import type { HttpClient } from '../http';
import { UpstreamError } from '../upstream-error';
import { parseAnswer } from './wire';
import type { Rong360Answer } from './wire';

export type { Rong360Answer } from './wire';

export interface Rong360ClientConfig {
  /** e.g. https://openapi.rong360.com/gateway */
  gatewayUrl: string;
  appId: string;
  /** The merchant's RSA private key (PKCS#1 or PKCS#8 PEM). */
  privateKeyPem: string;
  timeoutMs: number;
}

export interface Rong360Client {
  /** Calls one open-platform method; `method` may be short (`login`) or fully qualified. */
  call(method: string, bizData: Readonly<Record<string, string>>): Promise<Rong360Answer>;
  close(): Promise<void>;
}

/** The built client also hands out an answer's raw text (getdata repeats keys that JSON.parse would drop). */
export interface Rong360RawClient extends Rong360Client {
  /** Calls one method like `call` and returns the body text unparsed (an HTTP error status still throws). */
  callText(method: string, bizData: Readonly<Record<string, string>>): Promise<string>;
}

/** Short `next.method` names (`submitMessageCode`) live under this namespace. */
export const RONG360_METHOD_PREFIX = 'crawler.api.mobile.v4.';

export function qualifyMethod(method: string): string {
  return method.includes('.') ? method : `${RONG360_METHOD_PREFIX}${method}`;
}

/** Every field but `sign`, sorted by key, raw `k=v` joined by `&` (no URL encoding). */
export function buildSigningString(fields: Readonly<Record<string, string>>): string {
  return Object.keys(fields)
    .filter((key) => key !== 'sign')
    .sort()
    .map((key) => `${key}=${fields[key]}`)
    .join('&');
}

/** SHA1withRSA (PKCS#1 v1.5) over the signing string, base64. */
export function signRequest(fields: Readonly<Record<string, string>>, privateKeyPem: string | KeyObject): string {
  const key = typeof privateKeyPem === 'string' ? createPrivateKey(privateKeyPem) : privateKeyPem;
  return sign('sha1', Buffer.from(buildSigningString(fields), 'utf8'), key).toString('base64');
}

/** The gateway's side of `signRequest`, for the simulator and tests. */
export function verifySignature(fields: Readonly<Record<string, string>>, signature: string, publicKeyPem: string | KeyObject): boolean {
  const key = typeof publicKeyPem === 'string' ? createPublicKey(publicKeyPem) : publicKeyPem;
  try {
    return verify('sha1', Buffer.from(buildSigningString(fields), 'utf8'), key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

export function createRong360Client(config: Rong360ClientConfig, deps: { now?: () => number; http?: HttpClient } = {}): Rong360RawClient {
  const now = deps.now ?? Date.now;
  // Parsed once: a broken key is a configuration error and should fail at startup, not per call.
  const privateKey = createPrivateKey(config.privateKeyPem);
  // An injected client (demo mode's latency and faults) is owned, and closed, like the built one.
  const http = deps.http ?? createHttpClient({ timeoutMs: config.timeoutMs });

  async function callText(method: string, bizData: Readonly<Record<string, string>>): Promise<string> {
    const fields: Record<string, string> = {
      method: qualifyMethod(method),
      app_id: config.appId,
      version: '1.0',
      sign_type: 'RSA',
      format: 'json',
      timestamp: String(Math.floor(now() / 1000)),
      biz_data: JSON.stringify(bizData),
    };
    // The signed values are exactly the ones posted: the gateway verifies the decoded form fields.
    fields['sign'] = signRequest(fields, privateKey);
    const response = await http.postForm(config.gatewayUrl, fields);
    if (response.status < 200 || response.status >= 300) {
      throw new UpstreamError('http', `upstream answered HTTP ${response.status}`, { status: response.status });
    }
    return response.body;
  }

  return {
    call: async (method, bizData) => parseAnswer(await callText(method, bizData)),
    callText,
    close: () => http.close(),
  };
}
