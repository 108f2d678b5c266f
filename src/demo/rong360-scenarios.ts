import { mapUpstreamError, mapVendorError } from '../providers/rong360/errors';
import {
  CAPTCHA_SEQUENCE,
  ERROR_SCENARIOS,
  FAULT_SCENARIOS,
  BRAND_OPTIONS,
  FLOW_SCENARIOS,
  JILIN_SMS,
  SANDBOX_ID_CARD,
  SANDBOX_NAME,
  SANDBOX_PASSWORD,
  SANDBOX_SMS_CODE,
  SUM_CAPTCHA_SEQUENCE,
} from '../providers/rong360/sandbox';
import type { ErrorTrigger, FlowKind } from '../providers/rong360/sandbox';
import { errorCopy, FAULT_FAILURES, faultScenario, regionEn } from './copy';
import type { Copy } from './copy';
import type { FillKind, Scenario, ScriptAction } from './scenario-types';
import { errorEnd, fill, inputsOf, kebab, press, step } from './script';

/** Every Rong360 sandbox entry as a demo scenario: flows, appendix-A errors, transport faults. */

const password = () => fill('servicePassword', SANDBOX_PASSWORD);
const smsCode = () => fill('smsCode', SANDBOX_SMS_CODE);
const captcha = (index: number) =>
  fill('imageCaptcha', CAPTCHA_SEQUENCE[index % CAPTCHA_SEQUENCE.length] ?? '', { sequence: 'CAPTCHA_SEQUENCE', index });
const sumCaptcha = (index: number) =>
  fill('imageCaptcha', SUM_CAPTCHA_SEQUENCE[index % SUM_CAPTCHA_SEQUENCE.length]?.answer ?? '', {
    sequence: 'SUM_CAPTCHA_SEQUENCE',
    index,
  });
const login = () => step(password());

/** Each flow as the e2e suite walks it (captchaFirst refreshes once to show the next picture). */
const FLOWS: Readonly<Record<FlowKind, { title: Copy; summaryZh: string; script: ScriptAction[] }>> = {
  sms: {
    title: { zh: '服务密码 + 短信验证码', en: 'Password, then SMS code' },
    summaryZh: '最简流程：服务密码，然后短信验证码。',
    script: [...login(), ...step(smsCode())],
  },
  captchaFirst: {
    title: { zh: '登录后图片验证码', en: 'Image captcha after login' },
    summaryZh: '服务密码后要求图片验证码（演示刷新一次），然后短信验证码。',
    script: [...login(), press('refresh'), ...step(captcha(1)), ...step(smsCode())],
  },
  shanxi: {
    title: { zh: '先图片验证码再获取短信', en: 'Captcha to request the SMS' },
    summaryZh: '获取短信验证码前要先填图片验证码。',
    script: [...login(), ...step(captcha(0)), ...step(smsCode())],
  },
  shandong: {
    title: { zh: '短信与图片验证码同时提交', en: 'SMS code and captcha together' },
    summaryZh: '图片验证码随短信一起下发，两者一起提交。',
    script: [...login(), ...step(captcha(0), smsCode())],
  },
  jilin: {
    title: { zh: '用户发短信取验证码', en: 'User texts for the SMS code' },
    summaryZh: `用户用本机发送 ${JILIN_SMS.body} 到 ${JILIN_SMS.to} 获取短信验证码。`,
    script: [...login(), ...step(smsCode())],
  },
  guangxi: {
    title: { zh: '姓名 + 身份证号后获取短信', en: 'Name and ID card before the SMS' },
    summaryZh: '获取短信验证码前需要填写姓名和身份证号。',
    script: [...login(), ...step(fill('name', SANDBOX_NAME), fill('idCard', SANDBOX_ID_CARD)), ...step(smsCode())],
  },
  shanghai: {
    title: { zh: '算术图片验证码', en: 'Arithmetic captcha' },
    summaryZh: `图片验证码要求填写算式结果（detail_hint），如 ${SUM_CAPTCHA_SEQUENCE[0].question} 填 ${SUM_CAPTCHA_SEQUENCE[0].answer}。`,
    script: [...login(), ...step(sumCaptcha(0)), ...step(smsCode())],
  },
  unknownStep: {
    title: { zh: '未知步骤与字段类型', en: 'Unknown step and field type' },
    summaryZh: '出现从未见过的步骤方法和参数类型，按标题渲染为文本框，然后短信验证码。',
    script: [...login(), ...step(fill('text', '北京')), ...step(smsCode())],
  },
  brandChoice: {
    title: { zh: '下拉选择号码品牌', en: 'Brand chosen from a list' },
    summaryZh: '服务密码后要求从列表中选择号码品牌（下拉选择），然后短信验证码。',
    script: [...login(), ...step(fill('select', BRAND_OPTIONS[2].title)), ...step(smsCode())],
  },
};

/** Each error trigger: the actions that reach it, and the fields of the step it answers. */
const TRIGGERS: Readonly<Record<ErrorTrigger, { raisedAt: Copy; script: ScriptAction[]; fields: FillKind[] }>> = {
  login: { raisedAt: { zh: '登录（服务密码）时', en: 'the login call' }, script: login(), fields: ['servicePassword'] },
  captcha: {
    raisedAt: { zh: '提交图片验证码时', en: 'the captcha submission' },
    script: [...login(), ...step(captcha(0))],
    fields: ['imageCaptcha'],
  },
  captchaRefresh: {
    raisedAt: { zh: '刷新图片验证码时', en: 'the captcha refresh' },
    script: [...login(), press('refresh')],
    fields: ['imageCaptcha'],
  },
  smsRequest: {
    raisedAt: { zh: '凭图片验证码获取短信时', en: 'the SMS request (with captcha)' },
    script: [...login(), ...step(captcha(0))],
    fields: ['imageCaptcha'],
  },
  identity: {
    raisedAt: { zh: '提交姓名和身份证号时', en: 'the name + ID card submission' },
    script: [...login(), ...step(fill('name', SANDBOX_NAME), fill('idCard', SANDBOX_ID_CARD))],
    fields: ['name', 'idCard'],
  },
  sms: {
    raisedAt: { zh: '提交短信验证码时', en: 'the SMS code submission' },
    script: [...login(), ...step(smsCode())],
    fields: ['smsCode'],
  },
  final: {
    raisedAt: { zh: '短信验证码正确之后', en: 'the call after a correct SMS code' },
    script: [...login(), ...step(smsCode())],
    fields: ['smsCode'],
  },
};

const jilinInput = { label: '发送短信', labelEn: 'Text message', value: `${JILIN_SMS.body} → ${JILIN_SMS.to}` };

const flows: Scenario[] = FLOW_SCENARIOS.map(({ phone, flow, region, summary }) => {
  const { title, summaryZh, script } = FLOWS[flow];
  return {
    id: `rong360-flow-${kebab(flow)}`,
    provider: 'rong360',
    group: 'rong360-flows',
    title: `${region}：${title.zh}`,
    titleEn: `${regionEn(region)}: ${title.en}`,
    summary: summaryZh,
    summaryEn: summary,
    phone,
    inputs: inputsOf(script, flow === 'jilin' ? [jilinInput] : []),
    script,
    expect: { ending: 'authorized' },
  };
});

const errors: Scenario[] = ERROR_SCENARIOS.map(({ phone, code, trigger }) => {
  const { raisedAt, script, fields } = TRIGGERS[trigger];
  const error = mapVendorError(code, null);
  const end = errorEnd(error, fields);
  const { title, summary } = errorCopy(code, error, raisedAt, end);
  return {
    id: `rong360-error-${code}`,
    provider: 'rong360',
    group: 'rong360-errors',
    title: title.zh,
    titleEn: title.en,
    summary: summary.zh,
    summaryEn: summary.en,
    phone,
    upstreamCode: code,
    inputs: inputsOf(script),
    script,
    expect: end,
  };
});

const faults: Scenario[] = FAULT_SCENARIOS.map(({ phone, fault, summary }) => {
  const expect = errorEnd(mapUpstreamError({ failure: FAULT_FAILURES[fault] }), ['servicePassword']);
  return faultScenario({ provider: 'rong360', fault, phone, summaryEn: summary, script: login(), expect });
});

export const RONG360_SCENARIOS: readonly Scenario[] = [...flows, ...errors, ...faults];
