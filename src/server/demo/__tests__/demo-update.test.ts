import * as z from 'zod';
import { afterEach, describe, expect, it } from 'vitest';
import { maskPhone } from '../../../flow';
import type { HandoffResponse } from '../../../flow';
import { sandboxCaptchaAnswer as dianhuaCaptcha } from '../../../providers/dianhua/sandbox-user';
import { sandboxCaptchaAnswer as rong360Captcha } from '../../../providers/rong360/sandbox-user';
import { VENDORS } from '../../../providers/registry';
import type { ProviderAdapter } from '../../../providers/types';
import { UPDATE_SCENARIOS } from '../../../demo/update-scenarios';
import { play } from '../../../test-support/demo/play';
import { echoingPageBuild } from '../../../test-support/server/echoing-page';
import { CONSENT, createTestApp, errorOf } from '../../../test-support/server/test-app';
import type { TestApp } from '../../../test-support/server/test-app';
import { bodyWithNumber } from '../../../test-support/server/update-link';

// The gallery's update scenarios: a demo session played as an update link's, on the vendor's demo
// update number, which the page never has in full.

/** The server's configured upstream: demo sessions never reach it. */
const unused: ProviderAdapter<null> = {
  provider: 'rong360',
  stateSchema: z.null(),
  start: () => Promise.reject(new Error('the configured upstream was called')),
  submit: () => Promise.reject(new Error('the configured upstream was called')),
  fieldAction: () => Promise.reject(new Error('the configured upstream was called')),
  cancel: () => Promise.reject(new Error('the configured upstream was called')),
};

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const demoApp = async (page = false) => {
  t = await createTestApp({ adapter: unused, demo: { enabled: true }, ...(page ? echoingPageBuild() : {}) });
  return t;
};
const CAPTCHAS = { rong360: rong360Captcha, dianhua: dianhuaCaptcha };

describe('demo update sessions', () => {
  it.each(UPDATE_SCENARIOS.map((s) => [s.id, s] as const))(
    '%s starts without a number, reaches authorized, and never answers the number whole',
    async (_id, scenario) => {
      expect(scenario.phone).toBe(VENDORS[scenario.provider].demo.updatePhone);
      const app = await demoApp();
      const start = () =>
        app.app.inject({
          method: 'POST',
          url: '/api/sessions',
          payload: { consent: CONSENT, demo: { provider: scenario.provider, update: true } },
        });
      const { outcome, problems } = await play(app, scenario, CAPTCHAS[scenario.provider], start);
      expect(problems).toEqual([]);
      expect(outcome).toEqual(scenario.expect);
      // The carrier named the number in its SMS hint: shown masked.
      expect(app.bodies.some((body) => body.includes(`已发送至${maskPhone(scenario.phone)}`))).toBe(true);
      expect(bodyWithNumber(app.bodies, scenario.phone)).toBeUndefined();
    },
  );

  it('refuses a demo update start that names a number (400 on phone), and an update outside demo mode', async () => {
    const app = await demoApp();
    const named = await app.app.inject({
      method: 'POST',
      url: '/api/sessions',
      payload: { phone: '13800138000', consent: CONSENT, demo: { provider: 'rong360', update: true } },
    });
    expect(named.statusCode).toBe(400);
    expect(errorOf(named)).toMatchObject({ code: 'bad_request', field: 'phone' });
    await t?.close();
    t = await createTestApp({ adapter: unused });
    const off = await t.app.inject({
      method: 'POST',
      url: '/api/sessions',
      payload: { consent: CONSENT, demo: { provider: 'rong360', update: true } },
    });
    expect(off.statusCode).toBe(400);
  });

  it('starts from the no-script form of a demo update page and hands the number back masked', async () => {
    const app = await demoApp(true);
    const scenario = UPDATE_SCENARIOS[0]!;
    const url = `/?demo=${scenario.provider}&update=${encodeURIComponent(maskPhone(scenario.phone))}`;
    const posted = await app.app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      payload: new URLSearchParams({ update: '1', consent: 'on', locale: 'zh-CN' }).toString(),
    });
    expect(posted.statusCode, posted.body).toBe(303);
    const code = new URL(posted.headers.location ?? '', 'http://widget.test').searchParams.get('handoff') ?? '';
    const redeemed = await app.app.inject({ method: 'POST', url: '/api/session/handoff', payload: { code } });
    expect(redeemed.json<HandoffResponse>().phone).toBe(maskPhone(scenario.phone));
    expect(bodyWithNumber(app.bodies, scenario.phone)).toBeUndefined();
  });
});
