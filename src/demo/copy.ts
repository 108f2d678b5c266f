import type { FlowError } from '../flow';
import type { UpstreamFailure } from '../providers/upstream-error';
import type { ProviderName } from '../providers/types';
import type { ErrorPlace, ExpectedEnd, Scenario, ScriptAction } from './scenario-types';
import { FIELD_LABELS, inputsOf, kebab } from './script';

/**
 * Wording shared by the catalogue: titles and summaries built from the sandbox tables, so a new
 * sandbox number gets readable text without anyone writing it.
 */

export interface Copy {
  zh: string;
  en: string;
}

/** 'identity_incorrect' -> 'Identity incorrect'. */
export const humanize = (code: string): string => code.charAt(0).toUpperCase() + code.slice(1).replaceAll('_', ' ');

function placeCopy(at: ErrorPlace): Copy {
  if (at === 'failed') return { zh: '授权未完成页', en: 'the failed screen' };
  if (at === 'step') return { zh: '步骤顶部', en: 'the step' };
  return { zh: `“${FIELD_LABELS[at].zh}”字段`, en: `the ${FIELD_LABELS[at].en.toLowerCase()} field` };
}

const RETRY_COPY: Readonly<Record<FlowError['retry'], Copy>> = {
  field: { zh: '用户改正后重试', en: 'the user corrects it and retries' },
  step: { zh: '用户可重试该步骤', en: 'the user can retry the step' },
  restart: { zh: '用户可重新开始', en: 'the user can start again' },
  none: { zh: '用户暂时无法继续', en: 'the user cannot go on for now' },
};

/** Title and summary of an error scenario: the vendor code, where it is raised and how it shows. */
export function errorCopy(
  upstreamCode: string,
  error: Pick<FlowError, 'code' | 'message' | 'retry'>,
  raisedAt: Copy,
  end: ExpectedEnd,
): { title: Copy; summary: Copy } {
  const title = { zh: `${upstreamCode} ${error.message}`, en: `${upstreamCode} · ${humanize(error.code)}` };
  if (end.ending === 'authorized') {
    return {
      title,
      summary: {
        zh: `${raisedAt.zh}返回 ${upstreamCode}：申请人看不到它，授权照常成功。`,
        en: `${upstreamCode} is answered by ${raisedAt.en}: the applicant never sees it and authorization succeeds.`,
      },
    };
  }
  const place = placeCopy(end.at);
  // A final error that still shows on a step (a recovery that cannot go on) leaves the login step.
  const final = error.retry === 'none' || error.retry === 'restart';
  const retry =
    final && end.at !== 'failed' ? { zh: '用户回到登录步骤', en: 'the user is back on the login step' } : RETRY_COPY[error.retry];
  return {
    title,
    summary: {
      zh: `${raisedAt.zh}返回 ${upstreamCode}，在${place.zh}显示 ${end.code}；${retry.zh}。`,
      en: `${upstreamCode} at ${raisedAt.en} shows ${end.code} at ${place.en}; ${retry.en}.`,
    },
  };
}

type FaultKind = 'timeout' | 'http502' | 'garbage' | 'wrongShape';

/** How each transport fault reaches the adapter (the same four in both simulators). */
export const FAULT_FAILURES: Readonly<Record<FaultKind, UpstreamFailure>> = {
  timeout: 'timeout',
  http502: 'http',
  garbage: 'invalid',
  wrongShape: 'invalid',
};

export const FAULT_TITLES: Readonly<Record<FaultKind, Copy & { summaryZh: string }>> = {
  timeout: { zh: '上游超时', en: 'Upstream timeout', summaryZh: '登录请求上游一直不应答（客户端超时）。' },
  http502: { zh: '网关 502', en: 'Gateway 502', summaryZh: '网关返回 HTTP 502 和一个 HTML 页面。' },
  garbage: { zh: '返回内容不是 JSON', en: 'Body is not JSON', summaryZh: 'HTTP 200，但返回内容不是 JSON。' },
  wrongShape: { zh: 'JSON 结构错误', en: 'Malformed JSON', summaryZh: '返回的 JSON 结构不符合文档。' },
};

/** A transport-fault scenario of either vendor: the login call fails with `fault`. */
export function faultScenario(options: {
  provider: ProviderName;
  fault: FaultKind;
  phone: string;
  /** The sandbox table's English summary. */
  summaryEn: string;
  script: ScriptAction[];
  expect: ExpectedEnd;
}): Scenario {
  const { provider, fault, phone, summaryEn, script, expect } = options;
  const copy = FAULT_TITLES[fault];
  return {
    id: `${provider}-fault-${kebab(fault)}`,
    provider,
    group: `${provider}-faults`,
    title: copy.zh,
    titleEn: copy.en,
    summary: copy.summaryZh,
    summaryEn,
    phone,
    inputs: inputsOf(script),
    script,
    expect,
  };
}

const PROVINCES_EN: Readonly<Record<string, string>> = {
  北京: 'Beijing',
  上海: 'Shanghai',
  天津: 'Tianjin',
  重庆: 'Chongqing',
  山西: 'Shanxi',
  山东: 'Shandong',
  吉林: 'Jilin',
  广西: 'Guangxi',
  广东: 'Guangdong',
  江苏: 'Jiangsu',
  浙江: 'Zhejiang',
  河北: 'Hebei',
};
const CARRIERS_EN: Readonly<Record<string, string>> = { 移动: 'Mobile', 联通: 'Unicom', 电信: 'Telecom' };

/** '山西移动' -> 'Shanxi Mobile' (unknown parts stay as they are). */
export function regionEn(region: string): string {
  const carrier = region.slice(-2);
  const province = region.slice(0, -2);
  if (!CARRIERS_EN[carrier]) return region;
  return `${PROVINCES_EN[province] ?? province} ${CARRIERS_EN[carrier]}`;
}
