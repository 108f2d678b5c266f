import { describe, expect, it } from 'vitest';
import { createDianhuaAdapter } from '../adapter';
import type { DianhuaAnswer, DianhuaClient } from '../client';

/** A client whose calls/flow asks for nothing and whose calls/login always answers `reset`. */
function resettingClient(): DianhuaClient & { calls: string[] } {
  const calls: string[] = [];
  const answer = (data: unknown, action = 'processing'): DianhuaAnswer => ({ status: 0, action, msg: '请重新登录', data }) as DianhuaAnswer;
  return {
    calls,
    get: async (path) => {
      calls.push(path);
      return answer({});
    },
    postJson: async (path) => {
      calls.push(path);
      return answer({ sid: 'SID1', need_pin_pwd: 0, need_full_name: 0, need_id_card: 0, sms_duration: '', captcha_image: '' });
    },
    postForm: async (path) => {
      calls.push(path);
      if (path === 'calls/flow') {
        return answer({ sid: 'SID1', need_pin_pwd: 0, need_full_name: 0, need_id_card: 0, sms_duration: '', captcha_image: '' });
      }
      return answer({}, 'reset');
    },
    close: async () => undefined,
  };
}

describe('Dianhua reset answers', () => {
  it('stops starting over by itself after a few resets of a flow that asks nothing, instead of looping', async () => {
    const client = resettingClient();
    const adapter = createDianhuaAdapter(
      { baseUrl: 'http://upstream.invalid', appId: 'a', appSecret: 's', timeoutMs: 1000, smsResend: 'off', maxSmsResends: 2 },
      { client },
    );
    const outcome = await adapter.start({ phone: '15000000000', userId: 'u1' });
    expect(outcome).toMatchObject({ type: 'failed', error: { code: 'upstream_invalid_response', retry: 'restart' } });
    expect(client.calls.filter((path) => path === 'calls/login')).toHaveLength(3);
    expect(outcome.state).toMatchObject({ sid: '', identity: {} });
  });
});
