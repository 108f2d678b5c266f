import type { FlowScenario, RecoveryScenario } from '../providers/dianhua/sandbox';
import type { Copy } from './copy';
import { regionEn } from './copy';
import { kebab } from './script';

/** Ids, titles and zh-CN summaries of Dianhua flows and recoveries, built from their flags. */

type Part = Copy & { id: string };

const LOGIN_PARTS = (flow: FlowScenario): Array<Part | false> => [
  flow.needs.pin && { id: 'pin', zh: '服务密码', en: 'password' },
  flow.needs.name && { id: 'name', zh: '姓名', en: 'name' },
  flow.needs.idCard && { id: 'id-card', zh: '身份证号', en: 'ID card' },
  flow.loginCaptcha === true && { id: 'captcha', zh: '图片验证码', en: 'captcha' },
  flow.loginSms === true && { id: 'sms', zh: '短信验证码', en: 'SMS code' },
];

const ROUNDS: Readonly<Record<NonNullable<FlowScenario['verify']>[number], Part>> = {
  sms: { id: 'sms', zh: '短信', en: 'SMS' },
  captcha: { id: 'captcha', zh: '图片验证码', en: 'captcha' },
  both: { id: 'both', zh: '短信 + 图片验证码', en: 'SMS + captcha' },
};

const SPECIALS: Readonly<Record<NonNullable<FlowScenario['special']>, Part>> = {
  reset: { id: 'reset', zh: '登录后要求重新开始（reset）', en: 'login answers "reset"' },
  tokenExpires: { id: 'token-expires', zh: '中途 token 过期（4000）后自动续期', en: 'token expires mid-flow' },
  relogin: { id: 'relogin', zh: '要求重新登录', en: 'asks to log in again' },
};

const present = (parts: Array<Part | false>): Part[] => parts.filter((p): p is Part => p !== false);

/** e.g. `dianhua-flow-pin-name-id-card`, `dianhua-flow-pin-verify-sms-captcha`. */
export function flowId(flow: FlowScenario): string {
  const parts = [
    ...present(LOGIN_PARTS(flow)).map((p) => p.id),
    ...(flow.verify?.length ? ['verify', ...flow.verify.map((r) => ROUNDS[r].id)] : []),
    ...(flow.jilinNotes ? ['jilin'] : []),
    ...(flow.special ? [SPECIALS[flow.special].id] : []),
  ];
  return `dianhua-flow-${parts.join('-') || 'plain'}`;
}

export function flowCopy(flow: FlowScenario): { title: Copy; summary: Copy } {
  const login = present(LOGIN_PARTS(flow));
  const verify = (flow.verify ?? []).map((r) => ROUNDS[r]);
  const special = flow.special ? SPECIALS[flow.special] : undefined;
  const zh = [
    `登录：${login.map((p) => p.zh).join(' + ')}`,
    ...(verify.length ? [`二次验证：${verify.map((p) => p.zh).join('，然后')}`] : []),
    ...(flow.jilinNotes ? ['用户发短信 CXXD 到 10001 取码'] : []),
    ...(special ? [special.zh] : []),
  ];
  const en = [
    `Login: ${login.map((p) => p.en).join(' + ')}`,
    ...(verify.length ? [`verification: ${verify.map((p) => p.en).join(', then ')}`] : []),
    ...(flow.jilinNotes ? ['user texts CXXD to 10001'] : []),
    ...(special ? [special.en] : []),
  ];
  return {
    title: { zh: `${flow.region}：${zh.join('；')}`, en: `${regionEn(flow.region)}: ${en.join('; ')}` },
    summary: { zh: `${zh.join('；')}。`, en: `${en.join('; ')}.` },
  };
}

const RECOVERY_STEPS: Readonly<Record<RecoveryScenario['steps'][number], Copy>> = {
  sms: { zh: '短信验证码', en: 'SMS code' },
  loginSms: { zh: '登录短信验证码', en: 'login SMS code' },
  contacts: { zh: '近期联系人', en: 'recent contacts' },
  newPassword: { zh: '新密码', en: 'new password' },
  newPassword8: { zh: '8 位新密码', en: '8-digit new password' },
};

/** e.g. `dianhua-recovery-sms-new-password`, `dianhua-recovery-30001`. */
export function recoveryId(recovery: RecoveryScenario): string {
  if (recovery.failCode !== undefined) return `dianhua-recovery-${recovery.failCode}`;
  if (recovery.plainPassword !== undefined) return 'dianhua-recovery-plain-password';
  return `dianhua-recovery-${recovery.steps.map(kebab).join('-') || 'plain'}`;
}

export function recoveryCopy(recovery: RecoveryScenario): { title: Copy; summary: Copy } {
  if (recovery.failCode !== undefined) {
    return {
      title: { zh: `找回密码：${recovery.failCode} 无法在线重置`, en: `Recovery: ${recovery.failCode}, no online reset` },
      summary: {
        zh: `填写姓名和身份证号后返回 ${recovery.failCode}，回到登录步骤并显示原因。`,
        en: `After name and ID card ${recovery.failCode} is answered: back on the login step with the reason.`,
      },
    };
  }
  const steps = recovery.steps.map((s) => RECOVERY_STEPS[s]);
  if (recovery.plainPassword !== undefined) {
    return {
      title: { zh: '找回密码：上海电信直接告知新密码', en: 'Recovery: Shanghai Telecom answers the new password' },
      summary: {
        zh: `“忘记服务密码？”：姓名和身份证号，然后${steps.map((s) => s.zh).join('、')}；运营商直接返回随机新密码（${recovery.plainPassword}），登录步骤上显示给申请人，之后用它登录。`,
        en: `"Forgot password": name and ID card, then ${steps.map((s) => s.en).join(', ')}; the carrier answers the random new password (${recovery.plainPassword}), shown to the applicant on the login step; then log in with it.`,
      },
    };
  }
  const texted = !recovery.steps.some((s) => s.startsWith('newPassword'));
  return {
    title: {
      zh: `找回密码：${steps.map((s) => s.zh).join(' → ')}`,
      en: `Recovery: ${steps.map((s) => s.en).join(' → ')}`,
    },
    summary: {
      zh: `“忘记服务密码？”：姓名和身份证号，然后${steps.map((s) => s.zh).join('、')}${texted ? '，运营商短信下发随机新密码' : ''}；之后用新密码登录。`,
      en: `"Forgot password": name and ID card, then ${steps.map((s) => s.en).join(', ')}; then log in with the new password.`,
    },
  };
}
