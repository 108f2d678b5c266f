import { afterEach, describe, expect, it } from 'vitest';
import type { FormStep } from '../../flow';
import { SANDBOX_PASSWORD as DIANHUA_PASSWORD } from '../../providers/dianhua/sandbox';
import { SANDBOX_PASSWORD, SANDBOX_SMS_CODE } from '../../providers/rong360/sandbox';
import { abuseHarness, stepOf } from '../../test-support/server/abuse-harness';
import type { AbuseHarness } from '../../test-support/server/abuse-harness';

// The service password is kept in the stored session only while the vendor still needs it.

let h: AbuseHarness;
afterEach(async () => h.close());

const WRONG = '987650';
const holds = async (token: string, secret: string) => JSON.stringify(await h.record(token)).includes(secret);

describe('Rong360', () => {
  it('keeps the password only while later steps of the login resend it, and drops it at the end', async () => {
    h = await abuseHarness('rong360');
    const { token, step } = (await h.start('13800138000')).json<{ token: string; step: FormStep }>();
    // A refused login: nothing will resend it; the next login submits it again.
    await h.submit(token, step.id, { password: WRONG });
    expect(await holds(token, WRONG)).toBe(false);
    // Every `next` call carries the password (vendor notes): kept while the SMS step is open.
    const sms = stepOf(await h.submit(token, step.id, { password: SANDBOX_PASSWORD })) as FormStep;
    expect(await holds(token, SANDBOX_PASSWORD)).toBe(true);
    expect(stepOf(await h.submit(token, sms.id, { message_code: SANDBOX_SMS_CODE })).type).toBe('authorized');
    expect(await holds(token, SANDBOX_PASSWORD)).toBe(false);
  });
});

describe('Dianhua', () => {
  it('never stores the service password, refused or accepted', async () => {
    h = await abuseHarness('dianhua');
    const { token, step } = (await h.start('13800138000')).json<{ token: string; step: FormStep }>();
    await h.submit(token, step.id, { password: WRONG });
    expect(await holds(token, WRONG)).toBe(false);
    const after = stepOf(await h.submit(token, step.id, { password: DIANHUA_PASSWORD }));
    expect(after.type === 'authorized' || after.type === 'form').toBe(true);
    expect(await holds(token, DIANHUA_PASSWORD)).toBe(false);
  });
});
