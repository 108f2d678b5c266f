import { describe, expect, it } from 'vitest';
import { GALLERY_MESSAGES } from '../../i18n/messages';
import { fill, press, step } from '../../script';
import { SCENARIOS } from '../../scenarios';
import { stepLabels } from '../../gallery/step-labels';
import { endStepIndex, scriptSteps } from '../steps';

const script = [...step(fill('servicePassword', '1')), press('refresh'), ...step(fill('imageCaptcha', 'ab'), fill('smsCode', '2'))];

describe('scriptSteps', () => {
  it('starts with the phone step and ends a step at every button press', () => {
    expect(scriptSteps(script).map((s) => s.actions.map((a) => a.type))).toEqual([
      [],
      ['fill', 'submit'],
      ['refresh'],
      ['fill', 'fill', 'submit'],
    ]);
    expect(endStepIndex(script)).toBe(4);
  });

  it('labels each step in the locale, with the end screen last', () => {
    expect(stepLabels(script, 'en', GALLERY_MESSAGES.en)).toEqual([
      'Phone number and consent',
      'Service password → submit',
      'refresh captcha',
      'Image captcha, SMS code → submit',
      'End screen',
    ]);
    expect(stepLabels(script, 'zh-CN', GALLERY_MESSAGES['zh-CN'])[3]).toBe('图片验证码、短信验证码 → 提交');
  });

  it('splits every catalogue script into steps that each end at a button press', () => {
    for (const scenario of SCENARIOS) {
      const steps = scriptSteps(scenario.script).slice(1);
      // An error raised at the session start has no script: the phone step's answer is the end.
      if (scenario.script.length === 0) expect(scenario.expect, scenario.id).toMatchObject({ ending: 'error', at: 'failed' });
      for (const s of steps) expect(s.actions.at(-1)?.type, scenario.id).not.toBe('fill');
    }
  });
});
