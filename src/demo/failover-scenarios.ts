import { ERROR_SCENARIOS } from '../providers/dianhua/sandbox';
import { SANDBOX_PASSWORD, SANDBOX_SMS_CODE } from '../providers/rong360/sandbox';
import type { Scenario, ScriptAction } from './scenario-types';
import { inputsOf } from './script';

/**
 * Failover between the two simulators: Dianhua answers 20020 (运营商正在维护) to calls/flow for the
 * number, before any password, so the session silently continues on Rong360's plain flow.
 */
const maintenance = ERROR_SCENARIOS.find((s) => s.code === '20020');
if (!maintenance) throw new Error('the Dianhua sandbox has no 20020 number');

const script: ScriptAction[] = [
  { type: 'fill', field: 'servicePassword', value: SANDBOX_PASSWORD },
  { type: 'submit' },
  { type: 'fill', field: 'smsCode', value: SANDBOX_SMS_CODE },
  { type: 'submit' },
];

export const FAILOVER_SCENARIOS: readonly Scenario[] = [
  {
    id: 'failover-dianhua-maintenance',
    provider: 'dianhua',
    failover: ['rong360'],
    group: 'failover',
    title: '邦秒爬维护中，无感切换到融360',
    titleEn: 'Dianhua in maintenance: the session moves to Rong360 unnoticed',
    summary: '邦秒爬对该号码的运营商返回 20020（维护中），尚未输入服务密码，会话切换到融360 继续，申请人看不到错误。',
    summaryEn:
      'Dianhua answers 20020 (maintenance) for this carrier before any password; the session continues on Rong360 and the applicant sees no error.',
    phone: maintenance.phone,
    upstreamCode: '20020',
    inputs: inputsOf(script),
    script,
    expect: { ending: 'authorized' },
  },
];
