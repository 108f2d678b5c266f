import { DIANHUA_ERRORS, mapDianhuaError, mapUpstreamError } from '../providers/dianhua/errors';
import { ERROR_SCENARIOS, FAULT_SCENARIOS, FLOW_SCENARIOS, JILIN_SMS, RECOVERY_SCENARIOS, scenarioFor } from '../providers/dianhua/sandbox';
import type { ErrorScenario, ErrorTrigger } from '../providers/dianhua/sandbox';
import { errorCopy, FAULT_FAILURES, faultScenario } from './copy';
import type { Copy } from './copy';
import { flowCopy, flowId, recoveryCopy, recoveryId } from './dianhua-copy';
import {
  flowScript,
  loginFields,
  loginScript,
  passwordAfter,
  recoveryFields,
  recoveryScript,
  verifyFields,
  verifyScript,
} from './dianhua-scripts';
import type { ExpectedEnd, FillKind, Scenario, ScriptAction } from './scenario-types';
import { errorEnd, inputsOf, press } from './script';

/** Every Dianhua sandbox entry as a demo scenario: flows, recoveries, section-20 errors, faults. */

const jilinInput = { label: '发送短信', labelEn: 'Text message', value: `${JILIN_SMS.body} → ${JILIN_SMS.to}` };

const flows: Scenario[] = FLOW_SCENARIOS.map((flow) => {
  const script = flowScript(flow);
  const { title, summary } = flowCopy(flow);
  return {
    id: flowId(flow),
    provider: 'dianhua',
    group: 'dianhua-flows',
    title: title.zh,
    titleEn: title.en,
    summary: summary.zh,
    summaryEn: flow.summary,
    phone: flow.phone,
    inputs: inputsOf(script, flow.jilinNotes ? [jilinInput] : []),
    script,
    expect: { ending: 'authorized' },
  };
});

const recoveries: Scenario[] = RECOVERY_SCENARIOS.map((recovery) => {
  const { flow } = scenarioFor(recovery.phone);
  const rule = recovery.failCode === undefined ? undefined : DIANHUA_ERRORS[recovery.failCode];
  // A recovery that cannot go on puts its reason on the login step; otherwise log in with the new password.
  const script = rule
    ? recoveryScript([])
    : [...recoveryScript(recovery.steps), ...flowScript(flow, recovery.plainPassword ?? passwordAfter(recovery.steps))];
  const end: ExpectedEnd = rule ? { ending: 'error', code: rule.code, at: 'step' } : { ending: 'authorized' };
  const { title, summary } = recoveryCopy(recovery);
  return {
    id: recoveryId(recovery),
    provider: 'dianhua',
    group: 'dianhua-recovery',
    title: title.zh,
    titleEn: title.en,
    summary: summary.zh,
    summaryEn: recovery.summary,
    phone: recovery.phone,
    ...(recovery.failCode !== undefined && { upstreamCode: recovery.failCode }),
    inputs: inputsOf(script),
    script,
    expect: end,
  };
});

const RAISED_AT: Readonly<Record<ErrorTrigger, Copy>> = {
  token: { zh: '令牌校验（calls/flow）时', en: 'the token check (calls/flow)' },
  flow: { zh: 'calls/flow 时', en: 'calls/flow' },
  login: { zh: '登录（calls/login）时', en: 'calls/login' },
  verify: { zh: '二次验证（calls/verify）时', en: 'calls/verify' },
  captchaRefresh: { zh: '刷新图片验证码时', en: 'the captcha refresh' },
  recovery: { zh: '找回密码时', en: 'password recovery' },
  data: { zh: '授权完成后的数据接口（calls/record）', en: 'calls/record after authorization' },
};

/** The actions that reach the error, the fields of the step it answers, and how it ends. */
function errorPlay(scenario: ErrorScenario): { script: ScriptAction[]; end: ExpectedEnd } {
  const { flow } = scenarioFor(scenario.phone);
  const login = loginFields(flow);
  const mapped = (fields: FillKind[]) =>
    errorEnd(mapDianhuaError(scenario.code, undefined, { captchaShown: fields.includes('imageCaptcha') }), fields);
  switch (scenario.trigger) {
    case 'token':
    case 'flow':
      // Nothing to stay on before calls/flow answered: the phone step leads to the failed screen.
      return { script: [], end: mapped([]) };
    case 'login':
      // 20017 (already authorized) ends the session with its data, not as an error.
      return { script: loginScript(flow), end: scenario.code === '20017' ? { ending: 'authorized' } : mapped(login) };
    case 'verify': {
      const round = flow.verify?.[0] ?? 'sms';
      return { script: [...loginScript(flow), ...verifyScript(round)], end: mapped(verifyFields(round)) };
    }
    case 'captchaRefresh':
      return { script: [press('refresh')], end: mapped(login) };
    case 'recovery': {
      const until = scenario.recoveryStep ?? 'identity';
      const steps = scenario.recovery ?? [];
      const script = until === 'identity' ? recoveryScript([]) : recoveryScript(steps, until);
      const fields = until === 'identity' ? (['name', 'idCard'] as FillKind[]) : recoveryFields(until);
      const end = mapped(fields);
      // A final recovery error sends the user back to the login step, the reason shown there.
      return { script, end: end.ending === 'error' && end.at === 'failed' ? { ...end, at: 'step' } : end };
    }
    case 'data':
      return { script: flowScript(flow), end: { ending: 'authorized' } };
  }
}

const errors: Scenario[] = ERROR_SCENARIOS.map((scenario) => {
  const { script, end } = errorPlay(scenario);
  const { title, summary } = errorCopy(scenario.code, mapDianhuaError(scenario.code, undefined), RAISED_AT[scenario.trigger], end);
  return {
    id: `dianhua-error-${scenario.code}`,
    provider: 'dianhua',
    group: 'dianhua-errors',
    title: title.zh,
    titleEn: title.en,
    summary: summary.zh,
    summaryEn: summary.en,
    phone: scenario.phone,
    upstreamCode: scenario.code,
    inputs: inputsOf(script),
    script,
    expect: end,
  };
});

const faults: Scenario[] = FAULT_SCENARIOS.map(({ phone, fault, summary }) => {
  const { flow } = scenarioFor(phone);
  const expect = errorEnd(mapUpstreamError({ failure: FAULT_FAILURES[fault] }), loginFields(flow));
  return faultScenario({ provider: 'dianhua', fault, phone, summaryEn: summary, script: loginScript(flow), expect });
});

export const DIANHUA_SCENARIOS: readonly Scenario[] = [...flows, ...recoveries, ...errors, ...faults];
