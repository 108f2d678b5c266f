import type { HttpClient, HttpResponse } from '../../../providers/http';

export interface GatewayRequest {
  /** The fully qualified method posted. */
  method: string;
  biz: Record<string, string>;
  fields: Record<string, string>;
}

export type GatewayReply = string | HttpResponse | Error;

/** An HttpClient standing in for the Rong360 gateway: `reply` answers each form POST by method. */
export function createStubHttp(reply: (request: GatewayRequest) => GatewayReply) {
  const requests: GatewayRequest[] = [];
  let closed = false;
  const http: HttpClient & { requests: GatewayRequest[]; readonly closed: boolean } = {
    requests,
    get closed() {
      return closed;
    },
    async postForm(_url, fields) {
      const flat: Record<string, string> = {};
      for (const [key, value] of Object.entries(fields)) flat[key] = typeof value === 'string' ? value : value.join(',');
      const request = { method: flat['method'] ?? '', biz: JSON.parse(flat['biz_data'] ?? '{}') as Record<string, string>, fields: flat };
      requests.push(request);
      const answer = reply(request);
      if (answer instanceof Error) throw answer;
      return typeof answer === 'string' ? { status: 200, body: answer } : answer;
    },
    postJson: () => Promise.reject(new Error('stub http: postJson not expected')),
    get: () => Promise.reject(new Error('stub http: get not expected')),
    async close() {
      closed = true;
    },
  };
  return http;
}
