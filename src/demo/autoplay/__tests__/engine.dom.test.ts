import { describe, expect, it } from 'vitest';
import { fill, press, step } from '../../script';
import type { Scenario } from '../../scenario-types';
import { runAutoplay } from '../engine';
import type { AutoplayOptions } from '../engine';
import { createFakeWidget } from '../../../test-support/demo/fake-widget';
import type { FakeScreen, Pressed } from '../../../test-support/demo/fake-widget';

// Generous answer timeout: a loaded CI machine must not turn a slow fake answer into a failure.
const FAST = { charMs: 1, actionMs: 1, pollMs: 2, timeoutMs: 2_000 };
const PHONE = '13800000001';

const login: FakeScreen = { screen: 'form', id: 's1', fields: [{ kind: 'servicePassword' }] };
const sms: FakeScreen = { screen: 'form', id: 's2', fields: [{ kind: 'smsCode' }] };

function scenario(script: Scenario['script'], expectEnd: Scenario['expect'] = { ending: 'authorized' }) {
  return { phone: PHONE, script, expect: expectEnd };
}

/** A widget that answers press n with screens[n-1]; starts on the phone step. */
function widgetAnswering(screens: FakeScreen[]) {
  const widget = createFakeWidget(document, (_pressed, count) => screens[count - 1]);
  widget.show({ screen: 'phone' });
  return widget;
}

function run(options: Omit<AutoplayOptions, 'document'>) {
  return runAutoplay({ document: () => document, timing: FAST, ...options });
}

describe('runAutoplay', () => {
  it('waits for the outage notice under the number in an outage scenario, then plays on', async () => {
    const widget = createFakeWidget(document, (_pressed, count) => [login, { screen: 'authorized' } as const][count - 1]);
    widget.show({ screen: 'phone', outage: true });
    const result = await run({ scenario: { ...scenario(step(fill('servicePassword', '123456'))), outage: true } });
    expect(result).toEqual({ status: 'passed' });
    expect(widget.pressed.map((p: Pressed) => p.command)).toEqual(['submit', 'submit']);
  });

  it('fails an outage scenario on the phone step when no notice shows, without submitting the number', async () => {
    const widget = createFakeWidget(document, () => login);
    widget.show({ screen: 'phone', outage: false });
    const result = await run({ scenario: { ...scenario(step(fill('servicePassword', '123456'))), outage: true } });
    expect(result).toEqual({ status: 'failed', step: 0, problem: 'no outage notice on the phone step' });
    expect(widget.pressed).toEqual([]);
  });

  it('types the phone, ticks consent, then plays each step to the authorized screen', async () => {
    const widget = widgetAnswering([login, sms, { screen: 'authorized' }]);
    const result = await run({ scenario: scenario([...step(fill('servicePassword', '123456')), ...step(fill('smsCode', '6666'))]) });

    expect(result).toEqual({ status: 'passed' });
    expect(widget.pressed.map((p: Pressed) => p.command)).toEqual(['submit', 'submit', 'submit']);
    expect(widget.pressed[0]).toMatchObject({ consent: true, values: { phone: [PHONE] } });
    expect(widget.pressed[1]?.values).toEqual({ servicePassword: ['123456'] });
    expect(widget.pressed[2]?.values).toEqual({ smsCode: ['6666'] });
  });

  it('types character by character with input events', async () => {
    const widget = widgetAnswering([login, { screen: 'authorized' }]);
    await run({ scenario: scenario(step(fill('servicePassword', '1234'))) });

    const typed = widget.events.filter((e) => e.kind === 'servicePassword' && e.type === 'input').map((e) => e.value);
    expect(typed).toEqual(['1', '12', '123', '1234']);
  });

  it('passes when the expected error shows in the field of that kind', async () => {
    widgetAnswering([login, { ...login, revision: 1, fields: [{ kind: 'servicePassword', error: 'wrong' }] }]);
    const result = await run({
      scenario: scenario(step(fill('servicePassword', '1')), { ending: 'error', code: 'password_incorrect', at: 'servicePassword' }),
    });
    expect(result).toEqual({ status: 'passed' });
  });

  it('checks the code by the catalogue text when the widget gives no code hook', async () => {
    widgetAnswering([login, { ...login, revision: 1, fields: [{ kind: 'servicePassword', error: '服务密码错误' }] }]);
    const expected = { ending: 'error', code: 'password_incorrect', at: 'servicePassword' } as const;
    const texts = (code: string) => (code === 'password_incorrect' ? ['服务密码不正确'] : []);
    const result = await run({ scenario: scenario(step(fill('servicePassword', '1')), expected), errorTexts: texts });
    expect(result).toMatchObject({ status: 'failed', problem: expect.stringContaining('another error') });
  });

  it('fails when the error shows somewhere else than expected', async () => {
    widgetAnswering([login, { ...login, revision: 1, stepError: 'busy' }]);
    const result = await run({
      scenario: scenario(step(fill('servicePassword', '1')), { ending: 'error', code: 'password_incorrect', at: 'servicePassword' }),
    });
    expect(result).toMatchObject({ status: 'failed', step: 2, problem: expect.stringContaining('shown: step') });
  });

  it('recognises a step error and the failed screen as expected places', async () => {
    widgetAnswering([login, { screen: 'failed', message: 'over' }]);
    expect(
      await run({
        scenario: scenario(step(fill('servicePassword', '1')), { ending: 'error', code: 'upstream_unavailable', at: 'failed' }),
      }),
    ).toEqual({
      status: 'passed',
    });
    widgetAnswering([login, { ...login, revision: 1, stepError: 'busy' }]);
    expect(
      await run({ scenario: scenario(step(fill('servicePassword', '1')), { ending: 'error', code: 'upstream_error', at: 'step' }) }),
    ).toEqual({
      status: 'passed',
    });
  });

  it('goes on past an error the script expects on the way, and stops at one it does not', async () => {
    const refused: FakeScreen = { screen: 'form', id: 's1', revision: 1, fields: [{ kind: 'newPassword', error: 'too short' }] };
    const script = [
      fill('newPassword', '1234'),
      press('submit', { code: 'new_password_invalid', at: 'newPassword' }),
      ...step(fill('newPassword', '12345678')),
    ];
    const widget = widgetAnswering([{ screen: 'form', id: 's1', fields: [{ kind: 'newPassword' }] }, refused, { screen: 'authorized' }]);
    expect(await run({ scenario: scenario(script) })).toEqual({ status: 'passed' });
    // Both the new password and its confirmation are typed.
    expect(widget.pressed[2]?.values).toEqual({ newPassword: ['12345678', '12345678'] });

    widgetAnswering([login, { ...login, revision: 1, fields: [{ kind: 'servicePassword', error: 'no' }] }, { screen: 'authorized' }]);
    const unexpected = await run({ scenario: scenario([...step(fill('servicePassword', '1')), ...step(fill('servicePassword', '2'))]) });
    expect(unexpected).toMatchObject({ status: 'failed', step: 1, problem: 'unexpected error at servicePassword' });
  });

  it('fills contacts row by row and picks a select option', async () => {
    const widget = widgetAnswering([
      {
        screen: 'form',
        id: 's1',
        fields: [
          { kind: 'contacts', rows: 2 },
          { kind: 'select', options: ['a', 'b'] },
        ],
      },
      { screen: 'authorized' },
    ]);
    const result = await run({ scenario: scenario(step(fill('contacts', ['13912345678', '18611112222']), fill('select', ''))) });
    expect(result).toEqual({ status: 'passed' });
    expect(widget.pressed[1]?.values).toEqual({ contacts: ['13912345678', '18611112222'], select: ['a'] });
  });

  it('presses field actions and waits for a resend countdown to end', async () => {
    const waiting: FakeScreen = { screen: 'form', id: 's2', fields: [{ kind: 'smsCode', resendDisabled: true }] };
    const widget = widgetAnswering([waiting, { ...waiting, revision: 1, fields: [{ kind: 'smsCode' }] }, { screen: 'authorized' }]);
    setTimeout(() => widget.enableResend(), 60);
    const result = await run({ scenario: scenario([press('resend'), ...step(fill('smsCode', '1'))]) });
    expect(result).toEqual({ status: 'passed' });
    expect(widget.pressed.map((p) => p.command)).toEqual(['submit', 'resend', 'submit']);
  });

  it('jumps: plays the steps before the target with no delay and leaves the target on screen', async () => {
    const widget = widgetAnswering([login, sms, { screen: 'authorized' }]);
    const slow = { charMs: 5_000, actionMs: 5_000, pollMs: 2, timeoutMs: 2_000 };
    const script = [...step(fill('servicePassword', '123456')), ...step(fill('smsCode', '6666'))];
    const seen: number[] = [];
    const result = await runAutoplay({
      document: () => document,
      scenario: scenario(script),
      timing: slow,
      fastUntil: 2,
      stopAt: 2,
      onStep: (n) => seen.push(n),
    });

    expect(result).toEqual({ status: 'stopped', step: 2 });
    expect(seen).toEqual([0, 1]);
    expect(document.querySelector('[data-screen]')?.getAttribute('data-step-id')).toBe('s2');
    expect(widget.pressed).toHaveLength(2);
  });

  it('reports a step that gets no answer, and ends quietly when aborted', async () => {
    createFakeWidget(document, () => undefined).show({ screen: 'phone' });
    expect(await run({ scenario: scenario(step(fill('servicePassword', '1'))) })).toMatchObject({
      status: 'failed',
      step: 0,
      problem: expect.stringContaining('no answer'),
    });

    widgetAnswering([login]);
    const controller = new AbortController();
    const running = runAutoplay({
      document: () => document,
      scenario: scenario(step(fill('servicePassword', '1'))),
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 20);
    expect(await running).toEqual({ status: 'aborted' });
  });

  it('fails when a field the script fills is not on the step', async () => {
    widgetAnswering([sms]);
    const result = await run({ scenario: scenario(step(fill('servicePassword', '1'))) });
    expect(result).toMatchObject({ status: 'failed', step: 1, problem: 'no servicePassword field on this step' });
  });
});

describe('runAutoplay with an empty script', () => {
  it('judges the answer to the phone step as the end', async () => {
    widgetAnswering([{ screen: 'failed', message: 'The carrier is under maintenance' }]);
    const texts = (code: string) => (code === 'upstream_maintenance' ? ['under maintenance'] : ['something else']);
    expect(
      await run({ scenario: scenario([], { ending: 'error', code: 'upstream_maintenance', at: 'failed' }), errorTexts: texts }),
    ).toEqual({ status: 'passed' });
    widgetAnswering([{ screen: 'failed', message: 'The carrier is under maintenance' }]);
    expect(await run({ scenario: scenario([], { ending: 'error', code: 'number_busy', at: 'failed' }), errorTexts: texts })).toMatchObject({
      status: 'failed',
    });
  });
});
