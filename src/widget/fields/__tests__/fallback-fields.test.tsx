import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Field } from '../../../flow';
import { stubFetch } from '../../../test-support/widget/fetch-mock';
import { formStep, stepAnswer } from '../../../test-support/widget/fixtures';
import { renderFormStep } from '../../../test-support/widget/render';

describe('fields without a dedicated kind', () => {
  it('renders an unknown upstream field as a text input labelled with the upstream title', async () => {
    const unknown: Field = {
      kind: 'text',
      id: 'x.weird[0]',
      required: true,
      label: '客服查询码',
      inputMode: 'numeric',
      detailHint: '拨打10086获取',
    };
    const { requests } = stubFetch(() => stepAnswer({ type: 'authorized', id: 'done' }));
    const { user } = renderFormStep(formStep([unknown], { id: 'odd' }));
    const input = screen.getByRole('textbox', { name: '客服查询码' });
    expect(input).toHaveAttribute('inputmode', 'numeric');
    expect(input).toHaveAccessibleDescription('拨打10086获取');

    await user.type(input, '4321');
    await user.click(screen.getByRole('button', { name: '下一步' }));
    // The opaque id (dots, brackets) comes back unchanged as the value's key.
    await waitFor(() => expect(requests[0]?.body).toEqual({ values: { 'x.weird[0]': '4321' } }));
  });

  it('falls back to 请输入 when the upstream gives no title, and masks a secret one', () => {
    renderFormStep(formStep([{ kind: 'text', id: 'pin', required: true, secret: true }]));
    const input = screen.getByLabelText('请输入');
    expect(input).toHaveAttribute('type', 'password');
  });

  it('requires an unlabelled field with a generic message', async () => {
    const { fetchMock } = stubFetch(() => 'network-error');
    const { user } = renderFormStep(formStep([{ kind: 'text', id: 'anything', required: true }]));
    await user.click(screen.getByRole('button', { name: '下一步' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('此项为必填项');
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('renders a select as a native select and sends the chosen value', async () => {
    const select: Field = {
      kind: 'select',
      id: 'city',
      label: '归属城市',
      required: true,
      options: [
        { label: '南宁', value: '0771' },
        { label: '桂林', value: '0773' },
      ],
    };
    const { requests } = stubFetch(() => stepAnswer({ type: 'authorized', id: 'done' }));
    const { user } = renderFormStep(formStep([select]));
    const control = screen.getByRole('combobox', { name: '归属城市' });
    await user.click(screen.getByRole('button', { name: '下一步' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('请选择归属城市');
    await user.selectOptions(control, '桂林');
    await user.click(screen.getByRole('button', { name: '下一步' }));
    await waitFor(() => expect(requests[0]?.body).toEqual({ values: { city: '0773' } }));
  });

  it('prefills a locked phone field read-only and sends it', async () => {
    const phone: Field = { kind: 'phone', id: 'mobile', required: true, value: '13800138000', locked: true };
    const { requests } = stubFetch(() => stepAnswer({ type: 'authorized', id: 'done' }));
    const { user } = renderFormStep(formStep([phone]));
    const input = screen.getByLabelText('手机号码');
    expect(input).toHaveValue('13800138000');
    expect(input).toHaveAttribute('readonly');
    await user.click(screen.getByRole('button', { name: '下一步' }));
    await waitFor(() => expect(requests[0]?.body).toEqual({ values: { mobile: '13800138000' } }));
  });
});
