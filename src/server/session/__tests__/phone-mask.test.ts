import { describe, expect, it } from 'vitest';
import type { Step } from '../../../flow';
import { maskPhoneInStep, stepForBrowser } from '../phone-mask';

const PHONE = '13800138000';
const MASKED = '138****8000';
const IMAGE = `data:image/png;base64,iVBORw0KGgo${PHONE}AAAA`;

const form = (notice: string): Step => ({
  type: 'form',
  id: 'st_1',
  revision: 0,
  intent: 'verify',
  notice,
  fields: [
    { id: 'mobile', kind: 'phone', required: true, value: PHONE },
    { id: 'other', kind: 'phone', required: false, value: '13900139000' },
    { id: 'pic', kind: 'imageCaptcha', required: true, image: IMAGE, refreshable: false },
    { id: 'code', kind: 'smsCode', required: true, detailHint: `验证码已发送至${PHONE}` },
  ],
});

const noticeOf = (step: Step) => (step.type === 'form' ? step.notice : undefined);

describe('maskPhoneInStep', () => {
  it.each([
    [`短信已发送至${PHONE}`, `短信已发送至${MASKED}`],
    ['短信已发送至138 0013 8000。', `短信已发送至${MASKED}。`],
    ['已发送至138-0013-8000', `已发送至${MASKED}`],
    [`已发送至+86${PHONE}`, `已发送至${MASKED}`],
    [`已发送至+86 ${PHONE}`, `已发送至${MASKED}`],
    [`已发送至0086${PHONE}`, `已发送至${MASKED}`],
    [`${PHONE}，${PHONE}`, `${MASKED}，${MASKED}`],
  ])('masks the number written as %s', (notice, expected) => {
    expect(noticeOf(maskPhoneInStep(form(notice), PHONE))).toBe(expected);
  });

  it('leaves a longer digit run, another number and an already masked number alone', () => {
    for (const notice of [`订单9${PHONE}1`, '联系人13900139000', `已发送至${MASKED}`]) {
      expect(noticeOf(maskPhoneInStep(form(notice), PHONE))).toBe(notice);
    }
  });

  it('masks and locks a field pre-filled with the number, and keeps captcha pictures intact', () => {
    const step = maskPhoneInStep(form('ok'), PHONE);
    if (step.type !== 'form') throw new Error('form expected');
    expect(step.fields[0]).toEqual({ id: 'mobile', kind: 'phone', required: true, value: MASKED, locked: true });
    expect(step.fields[1]).toEqual({ id: 'other', kind: 'phone', required: false, value: '13900139000' });
    expect(step.fields[2]).toMatchObject({ image: IMAGE });
    expect(step.fields[3]).toMatchObject({ detailHint: `验证码已发送至${MASKED}` });
  });

  it('masks errors of a failed step', () => {
    const failed: Step = {
      type: 'failed',
      id: 'st_2',
      canRestart: true,
      error: { code: 'upstream_error', message: `${PHONE}已停机`, retryable: false },
    };
    expect(maskPhoneInStep(failed, PHONE)).toMatchObject({ error: { message: `${MASKED}已停机` } });
  });
});

describe('stepForBrowser', () => {
  const link = { lenderId: 'acme', lenderUserId: 'u', allowedOrigins: ['https://lender.example'] };

  it('masks only the steps of an update session', () => {
    const step = form(`已发送至${PHONE}`);
    expect(stepForBrowser(step, { phone: PHONE, link })).toBe(step);
    expect(stepForBrowser(step, { phone: PHONE })).toBe(step);
    expect(noticeOf(stepForBrowser(step, { phone: PHONE, link: { ...link, previousSessionId: 'ses_prev' } }))).toBe(`已发送至${MASKED}`);
  });
});
