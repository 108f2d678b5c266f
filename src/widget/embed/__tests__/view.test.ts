import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../../embed/constants';
import { ApiRequestError } from '../../api/http';
import { captchaField, formStep, passwordField, recoveryStep, smsField } from '../../../test-support/widget/fixtures';
import { embedError } from '../embed-error';
import { stepInfo } from '../step-info';
import { viewKey } from '../view';

describe('what the host learns of a screen', () => {
  it('names the step kind and its field kinds in order, never values or ids', () => {
    expect(stepInfo({ screen: 'phone' })).toEqual({ kind: 'phone', fields: ['phone'] });
    expect(stepInfo({ screen: 'step', step: formStep([passwordField, captchaField]) })).toEqual({
      kind: 'authorize',
      fields: ['servicePassword', 'imageCaptcha'],
    });
    expect(stepInfo({ screen: 'step', step: recoveryStep([smsField]) })).toEqual({ kind: 'recoverPassword', fields: ['smsCode'] });
    expect(stepInfo({ screen: 'step', step: { type: 'authorized', id: 'a' } })).toEqual({ kind: 'authorized', fields: [] });
    expect(stepInfo({ screen: 'link_error', code: 'link_used' })).toEqual({ kind: 'link_error', fields: [] });
    expect(stepInfo({ screen: 'loading' })).toBeNull();
    expect(stepInfo({ screen: 'load_error', error: new ApiRequestError(0, 'network_error', '', true) })).toBeNull();
  });

  it('treats a new revision of a step as the same screen and a new step id as another', () => {
    const first = viewKey({ screen: 'step', step: formStep([passwordField], { revision: 0 }) });
    expect(viewKey({ screen: 'step', step: formStep([passwordField], { revision: 3 }) })).toBe(first);
    expect(viewKey({ screen: 'step', step: formStep([passwordField], { id: 'step-2' }) })).not.toBe(first);
  });

  it('masks digit runs in a shown message and keeps it within the protocol bounds', () => {
    expect(embedError('upstream_error', false, '号码13800138000未实名，验证码 4321').message).toBe('号码***********未实名，验证码 ****');
    expect(embedError('busy', true, 'x'.repeat(600)).message).toHaveLength(LIMITS.messageLength);
    expect(embedError('busy', true, 'ok')).toEqual({ code: 'busy', retryable: true, message: 'ok' });
  });
});
