import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { stubFetch } from '../../../test-support/widget/fetch-mock';
import { formStep, stepAnswer } from '../../../test-support/widget/fixtures';
import { renderFormStep } from '../../../test-support/widget/render';

/** A valid ID-card number whose check character is X (the vendors' sandbox card). */
const SANDBOX_ID_CARD = '11010519491231002X';

const identityStep = formStep(
  [
    { kind: 'name', id: 'name', required: true },
    { kind: 'idCard', id: 'idCard', required: true },
  ],
  { id: 'identity', intent: 'requestSms' },
);
const submit = () => screen.getByRole('button', { name: '获取短信验证码' });

describe('ID card field', () => {
  it('refuses a number with a wrong check digit in the browser and sends nothing', async () => {
    const { fetchMock } = stubFetch(() => stepAnswer(identityStep));
    const { user } = renderFormStep(identityStep);
    await user.type(screen.getByLabelText('姓名'), '张三');
    // SANDBOX_ID_CARD ends in X; 1 is the wrong check character for the same 17 digits.
    await user.type(screen.getByLabelText('身份证号'), `${SANDBOX_ID_CARD.slice(0, 17)}1`);
    await user.click(submit());

    expect(await screen.findByRole('alert')).toHaveTextContent('身份证号校验位不正确');
    expect(screen.getByLabelText('身份证号')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('身份证号')).toHaveFocus();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it.each([
    ['11010519491231', '身份证号格式不正确'],
    ['110105194913310028', '出生日期不正确'],
  ])('refuses %s with "%s"', async (value, message) => {
    const { fetchMock } = stubFetch(() => stepAnswer(identityStep));
    const { user } = renderFormStep(identityStep);
    await user.type(screen.getByLabelText('姓名'), '张三');
    await user.type(screen.getByLabelText('身份证号'), value);
    await user.click(submit());
    expect(await screen.findByRole('alert')).toHaveTextContent(message);
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('upper-cases the check character, caps the length at 18 and sends a valid number', async () => {
    const { requests } = stubFetch(() => stepAnswer({ type: 'authorized', id: 'done' }));
    const { user } = renderFormStep(identityStep);
    const input = screen.getByLabelText('身份证号');
    expect(input).toHaveAttribute('maxlength', '18');
    await user.type(screen.getByLabelText('姓名'), ' 张三 ');
    await user.type(input, SANDBOX_ID_CARD.toLowerCase());
    expect(input).toHaveValue(SANDBOX_ID_CARD);
    await user.click(submit());
    await waitFor(() => expect(requests).toHaveLength(1));
    expect(requests[0]?.path).toBe('/api/session/steps/identity');
    expect(requests[0]?.body).toEqual({ values: { name: '张三', idCard: SANDBOX_ID_CARD } });
  });

  it('refuses a one-character name', async () => {
    const { fetchMock } = stubFetch(() => stepAnswer(identityStep));
    const { user } = renderFormStep(identityStep);
    await user.type(screen.getByLabelText('姓名'), '张');
    await user.type(screen.getByLabelText('身份证号'), SANDBOX_ID_CARD);
    await user.click(submit());
    expect(await screen.findByRole('alert')).toHaveTextContent('请输入2-30个字的姓名');
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
