import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { stubFetch } from '../../../test-support/widget/fetch-mock';
import { contactsField, formStep, stepAnswer } from '../../../test-support/widget/fixtures';
import { renderFormStep } from '../../../test-support/widget/render';

const step = formStep([contactsField], { id: 'contacts-step' });
const row = (n: number) => screen.getByLabelText(`联系人号码 ${n}`);

describe('contacts field', () => {
  it('starts with min numeric phone inputs labelled 联系人号码 N, under the field label and its hint', () => {
    renderFormStep(step);
    const group = screen.getByRole('group', { name: '联系人号码' });
    expect(within(group).getAllByRole('textbox')).toHaveLength(2);
    for (const n of [1, 2]) {
      expect(row(n)).toHaveAttribute('type', 'tel');
      expect(row(n)).toHaveAttribute('inputmode', 'numeric');
      expect(row(n)).toHaveAccessibleDescription('请输入 5 天前 90 天内通话过的联系人号码');
    }
    expect(screen.queryByLabelText('联系人号码 3')).not.toBeInTheDocument();
    // The first min rows are required: nothing to remove.
    expect(screen.queryByRole('button', { name: /删除号码/ })).not.toBeInTheDocument();
  });

  it('prefers the upstream label for the group', () => {
    renderFormStep(formStep([{ ...contactsField, label: '近期通话号码' }]));
    expect(screen.getByRole('group', { name: '近期通话号码' })).toBeInTheDocument();
    expect(row(1)).toBeInTheDocument();
  });

  it('adds rows up to max, each removable, and renumbers them after a removal', async () => {
    const { requests } = stubFetch(() => stepAnswer({ type: 'authorized', id: 'done' }));
    const { user } = renderFormStep(step);
    await user.click(screen.getByRole('button', { name: '添加号码' }));
    expect(row(3)).toHaveFocus();
    await user.type(row(3), '13912345678');
    await user.click(screen.getByRole('button', { name: '添加号码' }));
    await user.type(row(4), '18611112222');
    // max is 4: no more rows can be added.
    expect(screen.queryByRole('button', { name: '添加号码' })).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: '删除号码 3' }));
    expect(screen.queryByLabelText('联系人号码 4')).not.toBeInTheDocument();
    expect(row(3)).toHaveValue('18611112222');
    expect(row(2)).toHaveFocus();
    expect(screen.getByRole('button', { name: '添加号码' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '删除号码 3' })).toBeInTheDocument();

    // A row added again after a removal starts empty, and the removed number is not sent.
    await user.click(screen.getByRole('button', { name: '添加号码' }));
    expect(row(4)).toHaveValue('');
    await user.click(screen.getByRole('button', { name: '删除号码 4' }));
    await user.type(row(1), '15055556666');
    await user.type(row(2), '13700001111');
    await user.click(screen.getByRole('button', { name: '下一步' }));
    await waitFor(() => expect(requests).toHaveLength(1));
    expect(requests[0]?.body).toEqual({ values: { contacts: ['15055556666', '13700001111', '18611112222'] } });
  });

  it('submits the numbers as an array, normalized, keyed by the field id', async () => {
    const { requests } = stubFetch(() => stepAnswer({ type: 'authorized', id: 'done' }));
    const { user } = renderFormStep(step);
    await user.type(row(1), ' 139 1234 5678 ');
    await user.type(row(2), '+86 186-1111-2222');
    await user.click(screen.getByRole('button', { name: '添加号码' }));
    await user.type(row(3), '15055556666');
    await user.click(screen.getByRole('button', { name: '下一步' }));

    await waitFor(() => expect(requests).toHaveLength(1));
    expect(requests[0]).toMatchObject({
      method: 'POST',
      path: '/api/session/steps/contacts-step',
      body: { values: { contacts: ['13912345678', '18611112222', '15055556666'] } },
    });
  });

  it('asks for every shown row before anything is sent', async () => {
    const { fetchMock } = stubFetch(() => 'network-error');
    const { user } = renderFormStep(step);
    await user.type(row(1), '13912345678');
    await user.click(screen.getByRole('button', { name: '下一步' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('请输入联系人号码 2');
    expect(row(2)).toHaveAttribute('aria-invalid', 'true');
    expect(row(2)).toHaveFocus();
    expect(row(1)).not.toHaveAttribute('aria-invalid');
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('refuses an invalid number, a repeated one and the applicant’s own, and sends nothing', async () => {
    const { fetchMock } = stubFetch(() => 'network-error');
    const { user } = renderFormStep(step, { phone: '13800138000' });
    await user.type(row(1), '1391234567');
    await user.type(row(2), '13800138000');
    await user.click(screen.getByRole('button', { name: '添加号码' }));
    await user.type(row(3), '1391234567');
    await user.click(screen.getByRole('button', { name: '下一步' }));

    await waitFor(() => expect(row(1)).toHaveAccessibleDescription(/请输入正确的11位手机号码/));
    expect(row(2)).toHaveAccessibleDescription(/不能填写本人的手机号码/);

    // Fixing row 1 makes row 3 a repeat of it; the later copy is the one flagged.
    await user.type(row(1), '8');
    await user.type(row(3), '8');
    await waitFor(() => expect(row(3)).toHaveAccessibleDescription(/联系人号码不能重复/));
    expect(row(1)).not.toHaveAttribute('aria-invalid');

    await user.click(screen.getByRole('button', { name: '下一步' }));
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('accepts the applicant’s own number only when the widget does not know it (the server checks)', async () => {
    const { requests } = stubFetch(() => stepAnswer({ type: 'authorized', id: 'done' }));
    const { user } = renderFormStep(step);
    await user.type(row(1), '13912345678');
    await user.type(row(2), '13800138000');
    await user.click(screen.getByRole('button', { name: '下一步' }));
    await waitFor(() => expect(requests).toHaveLength(1));
    expect(requests[0]?.body).toEqual({ values: { contacts: ['13912345678', '13800138000'] } });
  });
});
