import { RONG360_ERRORS } from './errors';
import { payloadKeyOf } from './wire';

import { transportFaultReply } from '../shared/sim-http';
import type { SimReply } from '../shared/sim-http';

export type { SimReply } from '../shared/sim-http';

export const MSG_OK = '成功';
/** The gateway's content type for JSON answers, as live. */
export const JSON_CONTENT_TYPE = 'application/json;charset=UTF-8';

/** The live envelope with the method's `<method>_response` payload (none when `payload` is absent). */
export function ok(method: string, payload?: object, msg: string | null = MSG_OK): SimReply {
  return { kind: 'json', body: { error: 200, msg, ...(payload && { [payloadKeyOf(method)]: payload }) } };
}

/** The envelope as the document's tables (§2.2, §3.1.3) name it: `code`, `msg`, `response`. */
export function okAsTables(payload: object, msg: string | null = MSG_OK): SimReply {
  return { kind: 'json', body: { code: 200, msg, response: payload } };
}

/** An appendix-A error with the document's message; 506018 comes as a string on the live service. */
export function vendorError(code: string, asString = false): SimReply {
  return { kind: 'json', body: { error: asString ? code : Number(code), msg: RONG360_ERRORS[code]?.message ?? '系统异常' } };
}

export function badRequest(msg: string, code = 400): SimReply {
  return { kind: 'json', body: { error: code, msg } };
}

/** The transport faults of the sandbox's fault numbers, at the login call. */
export function faultReply(fault: string, method: string): SimReply {
  switch (fault) {
    case 'timeout':
    case 'http502':
    case 'garbage':
      return transportFaultReply(fault);
    default:
      // wrongShape: `param` is an object, not a list, and its entry has no key.
      return ok(method, { next: { method: 'submitMessageCode', param: { type: 9, title: '短信验证码' }, hidden: [] } });
  }
}
