import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorResponseSchema } from '../../flow/schemas';
import type { Step } from '../../flow';
import { tokenKey } from '../session/token';
import { FAKE_PASSWORD, FAKE_SMS, createFakeAdapter } from '../../test-support/server/fake-adapter';
import { createTestApp } from '../../test-support/server/test-app';
import type { TestApp } from '../../test-support/server/test-app';

const PHONE = '13812345678';
let t: TestApp;

beforeEach(async () => {
  t = await createTestApp({ adapter: createFakeAdapter() });
});
afterEach(async () => {
  await t.close();
});

async function toSmsStep() {
  const started = await t.startOk(PHONE);
  const submitted = await t.submit(started.token, started.step.id, { phone: PHONE, pwd: FAKE_PASSWORD });
  return { token: started.token, step: submitted.json<{ step: Step }>().step };
}

describe('answer headers and logs', () => {
  it('sets security headers everywhere and no-store on API answers; unknown API routes are JSON 404s', async () => {
    const started = await t.start(PHONE);
    const missing = await t.app.inject({ method: 'POST', url: '/api/nope' });
    const health = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.json()).toEqual({ status: 'ok' });
    for (const response of [started, missing, health]) {
      expect(response.headers['content-security-policy']).toContain("frame-ancestors 'self'");
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
      expect(response.headers['cache-control']).toBe('no-store');
    }
    expect(missing.statusCode).toBe(404);
    expect(ErrorResponseSchema.parse(missing.json()).error.code).toBe('bad_request');
  });

  it('logs transitions with the session id and masked phone, never values or tokens', async () => {
    const { token } = await toSmsStep();
    const lines = t.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
    const transitions = lines.filter((l) => l.msg === 'session step');
    expect(transitions.map((l) => l.event)).toEqual(['start', 'submit']);
    expect(transitions[1]).toMatchObject({ phone: '138****5678', intent: 'verify', fields: ['smsCode', 'imageCaptcha'] });
    expect(String(transitions[0]?.session)).toMatch(/^ses_/);
    expect(t.logs.join('')).not.toContain(token);
    expect(t.logs.join('')).not.toContain(tokenKey(token));
    for (const secret of [FAKE_PASSWORD, FAKE_SMS, PHONE]) expect(t.logs.join('')).not.toContain(secret);
  });
});
