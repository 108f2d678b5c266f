import { afterEach, describe, expect, it } from 'vitest';
import { maskPhone } from '../../flow';
import type { FieldValue, FormStep, StartSessionResponse, Step } from '../../flow';
import * as dianhua from '../../providers/dianhua/sandbox';
import * as rong360 from '../../providers/rong360/sandbox';
import { createMemoryLinkStore } from '../link/store';
import { DianhuaUser, startDianhuaHarness } from '../../test-support/server/dianhua-harness';
import { SandboxUser, startHarness } from '../../test-support/server/rong360-harness';
import { asForm, stepOf } from '../../test-support/server/test-app';
import type { TestApp } from '../../test-support/server/test-app';
import { bodyWithNumber, putUpdateLink, startFromLink } from '../../test-support/server/update-link';

// A whole update flow on each vendor's simulator, on the sandbox number whose carrier names it in
// full in the SMS hints: every answer the widget reads shows it masked.
const RONG360_PHONE = rong360.ECHO_NUMBER_SCENARIO.phone;
const DIANHUA_PHONE = dianhua.FLOW_SCENARIOS.find((s) => s.echoesNumber)!.phone;

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/** What the widget of an update link sends: never a phone value (the field is locked and masked). */
function withoutPhone(step: FormStep, values: Record<string, FieldValue>): Record<string, FieldValue> {
  const phones = new Set(step.fields.filter((field) => field.kind === 'phone').map((field) => field.id));
  return Object.fromEntries(Object.entries(values).filter(([id]) => !phones.has(id)));
}

const smsHints = (step: Step) =>
  step.type === 'form' ? step.fields.flatMap((f) => (f.kind === 'smsCode' && f.detailHint ? [f.detailHint] : [])) : [];

async function startUpdate(t: TestApp, links: ReturnType<typeof createMemoryLinkStore>, phone: string) {
  const response = await startFromLink(t.app, await putUpdateLink(links, phone));
  expect(response.statusCode, response.body).toBe(201);
  return response.json<StartSessionResponse>();
}

describe('an update session on the simulators never answers the number whole', () => {
  it('Rong360: password, a wrong SMS code, a resend, the right code; every step and status masked', async () => {
    const links = createMemoryLinkStore();
    const h = await startHarness({ links: { store: links } });
    close = () => h.close();
    const user = new SandboxUser(RONG360_PHONE);
    const started = await startUpdate(h.t, links, RONG360_PHONE);
    const login = asForm(started.step);
    const sms = asForm(stepOf(await h.t.submit(started.token, login.id, withoutPhone(login, user.answer(login)))));
    expect(smsHints(sms)).toEqual([`短信验证码已发送至${maskPhone(RONG360_PHONE)}，请注意查收`]);
    expect(stepOf(await h.t.current(started.token))).toEqual(sms);

    const wrong = asForm(stepOf(await h.t.submit(started.token, sms.id, { message_code: '000000' })));
    expect(wrong.fields[0]?.error?.code).toBe('sms_code_incorrect');
    h.advance(61_000);
    const resent = asForm(stepOf(await h.t.action(started.token, wrong.id, 'message_code', 'resend')));
    expect(smsHints(resent)).toEqual(smsHints(sms));
    const done = stepOf(await h.t.submit(started.token, resent.id, withoutPhone(resent, user.answer(resent))));
    expect(done.type).toBe('authorized');
    expect(stepOf(await h.t.current(started.token)).type).toBe('authorized');

    expect(bodyWithNumber(h.t.bodies, RONG360_PHONE)).toBeUndefined();
    h.assertNoLeaks([started.token]);
    h.assertCleanLogs([RONG360_PHONE]);
  });

  it('Dianhua: password with the SMS sent at flow, then SMS second verification; both notes masked', async () => {
    const links = createMemoryLinkStore();
    const h = await startDianhuaHarness({ links: { store: links } });
    close = () => h.close();
    const user = new DianhuaUser(DIANHUA_PHONE);
    const started = await startUpdate(h.t, links, DIANHUA_PHONE);
    const login = asForm(started.step);
    expect(smsHints(login)).toEqual([`短信验证码已发送至${maskPhone(DIANHUA_PHONE)}，请注意查收`]);
    expect(stepOf(await h.t.current(started.token))).toEqual(login);

    const verify = asForm(stepOf(await h.t.submit(started.token, login.id, withoutPhone(login, user.answer(login)))));
    expect(smsHints(verify)).toEqual([`短信验证码已发送至${maskPhone(DIANHUA_PHONE)}，请注意查收`]);
    const done = stepOf(await h.t.submit(started.token, verify.id, withoutPhone(verify, user.answer(verify))));
    expect(done.type).toBe('authorized');

    expect(bodyWithNumber(h.t.bodies, DIANHUA_PHONE)).toBeUndefined();
    h.assertNoLeaks([started.token]);
    h.assertCleanLogs([DIANHUA_PHONE]);
  });

  it('the same numbers in a first session show the hints whole (the simulators do name them)', async () => {
    const r = await startHarness();
    const d = await startDianhuaHarness();
    close = async () => {
      await r.close();
      await d.close();
    };
    const first = await r.t.startOk(RONG360_PHONE);
    const sms = stepOf(await r.t.submit(first.token, first.step.id, new SandboxUser(RONG360_PHONE).answer(asForm(first.step))));
    expect(smsHints(sms)).toEqual([`短信验证码已发送至${RONG360_PHONE}，请注意查收`]);
    const second = await d.t.startOk(DIANHUA_PHONE);
    expect(smsHints(second.step)[0]).toContain(`${DIANHUA_PHONE.slice(0, 3)} ${DIANHUA_PHONE.slice(3, 7)} ${DIANHUA_PHONE.slice(7)}`);
  });
});
