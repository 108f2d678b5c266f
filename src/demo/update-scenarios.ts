import { ECHO_NUMBER_PHONE, FLOW_SCENARIOS as DIANHUA_FLOWS } from '../providers/dianhua/sandbox';
import { ECHO_NUMBER_SCENARIO, SANDBOX_PASSWORD, SANDBOX_SMS_CODE } from '../providers/rong360/sandbox';
import { flowScript } from './dianhua-scripts';
import type { Scenario, ScriptAction } from './scenario-types';
import { inputsOf } from './script';

/**
 * Update mode as an update link opens it: the earlier number shown masked and locked, the intro
 * and the consent saying this is a data update authorized again, no 更换手机号, and every vendor
 * step naming the number masked. Each plays its vendor's demo update number (the server's: the
 * page only ever has the masked one), whose carrier names the number in its SMS hints.
 */

const dianhuaFlow = DIANHUA_FLOWS.find((flow) => flow.phone === ECHO_NUMBER_PHONE);
if (!dianhuaFlow) throw new Error('the Dianhua sandbox has no flow for its demo update number');

const rong360Script: ScriptAction[] = [
  { type: 'fill', field: 'servicePassword', value: SANDBOX_PASSWORD },
  { type: 'submit' },
  { type: 'fill', field: 'smsCode', value: SANDBOX_SMS_CODE },
  { type: 'submit' },
];
const dianhuaScript = flowScript(dianhuaFlow);

export const UPDATE_SCENARIOS: readonly Scenario[] = [
  {
    id: 'update-rong360',
    provider: 'rong360',
    group: 'rong360-update',
    update: true,
    title: '数据更新：号码打码锁定，再次授权（融360）',
    titleEn: 'Data update: masked locked number, consent again (Rong360)',
    summary: '贷款机构为已授权的申请人生成更新链接：手机号只显示打码且不可修改，需再次同意授权；短信提示中的号码同样打码。',
    summaryEn:
      'A lender refreshes an earlier authorization: the number shows masked and locked, consent is asked again, and the SMS hint names the number masked.',
    phone: ECHO_NUMBER_SCENARIO.phone,
    inputs: inputsOf(rong360Script),
    script: rong360Script,
    expect: { ending: 'authorized' },
  },
  {
    id: 'update-dianhua',
    provider: 'dianhua',
    group: 'dianhua-update',
    update: true,
    title: '数据更新：号码打码锁定，再次授权（邦秒爬）',
    titleEn: 'Data update: masked locked number, consent again (Dianhua)',
    summary: '更新链接打开的会话：号码打码锁定、再次同意授权，登录短信与二次验证短信的提示中号码均打码。',
    summaryEn:
      'A session opened by an update link: masked locked number, consent again; both the login SMS and the second verification name the number masked.',
    phone: ECHO_NUMBER_PHONE,
    inputs: inputsOf(dianhuaScript),
    script: dianhuaScript,
    expect: { ending: 'authorized' },
  },
];
