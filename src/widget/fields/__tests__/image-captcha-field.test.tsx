import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Field } from '../../../flow';
import { deferred, stubFetch, type FakeAnswer } from '../../../test-support/widget/fetch-mock';
import { captchaField, errorAnswer, formStep, IMAGE_A, IMAGE_B, stepAnswer } from '../../../test-support/widget/fixtures';
import { renderFormStep } from '../../../test-support/widget/render';

const refreshButton = () => screen.getByRole('button', { name: '刷新图片验证码' });

describe('image captcha field', () => {
  it('shows the captcha picture from the data URI next to its input', () => {
    renderFormStep(formStep([captchaField]));
    expect(screen.getByRole('img', { name: '图片验证码' })).toHaveAttribute('src', IMAGE_A);
    expect(screen.getByLabelText('图片验证码', { selector: 'input' })).toHaveAttribute('autocomplete', 'off');
    expect(refreshButton()).toHaveTextContent('刷新');
  });

  it('offers no refresh when the upstream cannot refresh the picture', () => {
    renderFormStep(formStep([{ ...captchaField, refreshable: false }]));
    expect(screen.queryByRole('button', { name: '刷新图片验证码' })).not.toBeInTheDocument();
  });

  it('refreshes through the field action, showing a busy button, then the new picture', async () => {
    const pending = deferred<FakeAnswer>();
    const refreshed: Field = { ...captchaField, image: IMAGE_B };
    const { requests } = stubFetch(() => pending.promise);
    const { user } = renderFormStep(formStep([captchaField], { id: 'cap-step' }));
    const input = screen.getByLabelText('图片验证码', { selector: 'input' });
    await user.type(input, '12');

    await user.click(refreshButton());
    expect(refreshButton()).toBeDisabled();
    expect(refreshButton()).toHaveAttribute('aria-busy', 'true');
    expect(refreshButton().querySelector('.cl-spinner')).not.toBeNull();
    expect(requests).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: '/api/session/steps/cap-step/fields/captcha/refresh',
        authorization: expect.stringMatching(/^Bearer /),
      }),
    ]);

    pending.resolve(stepAnswer(formStep([refreshed], { id: 'cap-step', revision: 1 })));
    await waitFor(() => expect(screen.getByRole('img', { name: '图片验证码' })).toHaveAttribute('src', IMAGE_B));
    await waitFor(() => expect(refreshButton()).toBeEnabled());
    // The old answer belonged to the old picture; the user types the new one straight away.
    expect(input).toHaveValue('');
    await waitFor(() => expect(input).toHaveFocus());
  });

  it('shows a failed refresh at the captcha field', async () => {
    stubFetch(() => errorAnswer(502, { code: 'captcha_load_failed', message: '验证码获取失败', retryable: true }));
    const { user } = renderFormStep(formStep([captchaField]));
    await user.click(refreshButton());
    expect(await screen.findByRole('alert')).toHaveTextContent('图片验证码加载失败，请刷新重试');
    const input = screen.getByLabelText('图片验证码', { selector: 'input' });
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input).toHaveFocus();
  });
});
