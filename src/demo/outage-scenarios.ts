import { FLOW_SCENARIOS, SANDBOX_PASSWORD, SANDBOX_SMS_CODE } from '../providers/rong360/sandbox';
import type { Scenario, ScriptAction } from './scenario-types';
import { inputsOf } from './script';

/**
 * The phone step's outage notice, without real failures: the widget asks the server for a simulated
 * outage of every carrier (`outage=1` on the widget page, GET /api/outages?demo=1&simulate=outage),
 * shows the notice under the number, and the session then runs Rong360's plain flow to the end.
 */
const plain = FLOW_SCENARIOS.find((s) => s.flow === 'sms');
if (!plain) throw new Error('the Rong360 sandbox has no plain (password + SMS) flow');

const script: ScriptAction[] = [
  { type: 'fill', field: 'servicePassword', value: SANDBOX_PASSWORD },
  { type: 'submit' },
  { type: 'fill', field: 'smsCode', value: SANDBOX_SMS_CODE },
  { type: 'submit' },
];

export const OUTAGE_SCENARIOS: readonly Scenario[] = [
  {
    id: 'outage-notice',
    provider: 'rong360',
    outage: true,
    group: 'outage',
    title: '运营商系统繁忙提示（模拟故障）',
    titleEn: 'Carrier outage notice (simulated outage)',
    summary:
      '近期该运营商大量授权失败时，手机号下方提示“该地区运营商系统繁忙，可能需要多试一次”（此处为模拟的故障，无需真实失败）；授权照常完成。',
    summaryEn:
      'When many recent sessions of the carrier failed, the phone step says another try may be needed (a simulated outage here, no real failures); the authorization then completes as usual.',
    phone: plain.phone,
    inputs: inputsOf(script),
    script,
    expect: { ending: 'authorized' },
  },
];
