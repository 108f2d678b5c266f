import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { FieldError, Step } from '../../../flow';
import { retryAtLine, instructionLines } from '../../i18n/guidance-text';
import { en } from '../../i18n/en';
import { zhCN } from '../../i18n/zh-cn';
import { stubFetch } from '../../../test-support/widget/fetch-mock';
import { formStep, passwordField, stepAnswer, storeSession } from '../../../test-support/widget/fixtures';
import { renderApp, renderFormStep } from '../../../test-support/widget/render';

const LOCKED: FieldError = {
  code: 'account_locked',
  message: '您的账户已锁定，如忘记密码，可拨打10086重置密码',
  instruction: '如忘记密码，可拨打10086重置密码',
};

describe("an error's vendor guidance", () => {
  it('shows the carrier instruction verbatim under a field error, announced with it (zh-CN)', () => {
    renderFormStep(formStep([{ ...passwordField, error: LOCKED }]));
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('您的运营商账户已被锁定');
    expect(alert).toHaveTextContent('运营商提示：如忘记密码，可拨打10086重置密码');
  });

  it('says in English what the carrier asks, keeping its words', () => {
    renderFormStep(formStep([{ ...passwordField, error: LOCKED }]), { locale: 'en' });
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('Your carrier asks you to call 10086, reset your service password.');
    expect(alert).toHaveTextContent("The carrier's words: 如忘记密码，可拨打10086重置密码");
  });

  it('says when to try again on a step error, from the server clock', () => {
    // The device runs 5 minutes behind the server; retryAt is 20 minutes after the server's now.
    const skewMs = 5 * 60_000;
    const retryAt = new Date(Date.now() + skewMs + 20 * 60_000).toISOString();
    renderFormStep(formStep([passwordField], { error: { code: 'too_many_attempts', message: 'x', retryAt } }), { skewMs });
    expect(screen.getByRole('alert')).toHaveTextContent(/可在(今天|明天) \d{2}:\d{2}后重试（约(20|21) 分钟）/);
  });

  it('shows both on the failed screen', async () => {
    storeSession();
    const failed: Step = {
      type: 'failed',
      id: 'end',
      canRestart: false,
      error: {
        code: 'sms_rate_limited',
        message: '请24小时后重试',
        retryable: false,
        retryAt: new Date(Date.now() + 24 * 3600_000).toISOString(),
        instruction: '请到营业厅办理',
      },
    };
    stubFetch(() => stepAnswer(failed));
    renderApp({ locale: 'en' });
    expect(await screen.findByText(/You can try again after tomorrow at \d{2}:\d{2} \(in about 24 h\)\./)).toBeInTheDocument();
    expect(screen.getByText('Your carrier asks you to visit a carrier service hall.')).toBeInTheDocument();
  });

  it('leaves an error without guidance as it was', () => {
    renderFormStep(formStep([{ ...passwordField, error: { code: 'password_incorrect', message: 'm' } }]));
    expect(screen.getByRole('alert').textContent).toBe('服务密码错误，请重新输入');
  });
});

describe('guidance wording', () => {
  const NOW = new Date(2024, 4, 1, 20, 30).getTime();

  it('words retryAt as today, tomorrow or a date, with about how long', () => {
    expect(retryAtLine(zhCN, new Date(NOW + 20 * 60_000).toISOString(), 0, NOW)).toBe('可在今天 20:50后重试（约20 分钟）');
    expect(retryAtLine(zhCN, new Date(NOW + 24 * 3600_000).toISOString(), 0, NOW)).toBe('可在明天 20:30后重试（约24 小时）');
    expect(retryAtLine(en, new Date(NOW + 3 * 86_400_000).toISOString(), 0, NOW)).toBe(
      'You can try again after 5/4 at 20:30 (in about 3 days).',
    );
    expect(retryAtLine(zhCN, new Date(NOW - 1000).toISOString(), 0, NOW)).toBeUndefined();
  });

  it('keeps an instruction it cannot translate in the carrier words', () => {
    expect(instructionLines(en, 'en', '请按提示操作')).toEqual(['Your carrier says: 请按提示操作']);
    expect(instructionLines(zhCN, 'zh-CN', '请到营业厅办理')).toEqual(['运营商提示：请到营业厅办理']);
  });
});
