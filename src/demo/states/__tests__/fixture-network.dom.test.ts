import { describe, expect, it, vi } from 'vitest';
import { StepSchema } from '../../../flow/schemas';
import { installFixtureNetwork } from '../fixture-network';
import { SERVER_TIME, STEPS } from '../fixtures';
import { freezeClock } from '../frozen-clock';

const TOKEN = 'sheet_password-empty';

function withNetwork() {
  const realNetwork = vi.fn(async () => new Response('{}'));
  vi.stubGlobal('fetch', realNetwork);
  const network = installFixtureNetwork(new Map([[TOKEN, STEPS.password]]));
  return { network, realNetwork };
}

/** Whether a promise has settled after the pending microtasks and a macrotask have run. */
async function settles(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await new Promise((resolve) => setTimeout(resolve, 10));
  return settled;
}

describe('the sheet fixtures', () => {
  it('are steps the API could answer', () => {
    for (const step of Object.values(STEPS)) expect(StepSchema.safeParse(step).success).toBe(true);
  });
});

describe('the fixture network', () => {
  it("answers GET /api/session with the caller's step at the fixed server time", async () => {
    const { network, realNetwork } = withNetwork();
    const response = await fetch('/api/session', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ step: STEPS.password, serverTime: SERVER_TIME });
    expect(network.requests).toEqual([{ method: 'GET', path: '/api/session' }]);
    expect(realNetwork).not.toHaveBeenCalled();
    network.uninstall();
  });

  it('refuses an unknown session as expired', async () => {
    const { network } = withNetwork();
    const response = await fetch('/api/session', { headers: { authorization: 'Bearer nobody' } });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'session_expired' } });
    network.uninstall();
  });

  it('holds submissions and field actions in flight, even past an abort', async () => {
    const { network, realNetwork } = withNetwork();
    const controller = new AbortController();
    const submit = fetch('/api/session/steps/sheet-password', { method: 'POST', body: '{}', signal: controller.signal });
    const refresh = fetch('/api/session/steps/sheet-captcha/fields/captcha/refresh', { method: 'POST' });
    controller.abort();
    expect(await settles(submit)).toBe(false);
    expect(await settles(refresh)).toBe(false);
    expect(realNetwork).not.toHaveBeenCalled();
    network.uninstall();
  });

  it('answers anything else with a 404 of its own', async () => {
    const { network, realNetwork } = withNetwork();
    const response = await fetch('/api/demo/config');
    expect(response.status).toBe(404);
    expect(realNetwork).not.toHaveBeenCalled();
    network.uninstall();
  });

  it('puts the page fetch back when uninstalled', () => {
    const { network, realNetwork } = withNetwork();
    expect(globalThis.fetch).not.toBe(realNetwork);
    network.uninstall();
    expect(globalThis.fetch).toBe(realNetwork);
  });
});

describe('the frozen clock', () => {
  it('holds Date.now at one instant until restored', async () => {
    const restore = freezeClock(1_000);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(Date.now()).toBe(1_000);
    restore();
    expect(Date.now()).toBeGreaterThan(1_000);
  });
});
