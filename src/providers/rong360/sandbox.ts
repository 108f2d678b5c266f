/**
 * The Rong360 simulator's sandbox: which phone number plays which scenario. The simulator, the
 * README's sandbox table and the end-to-end suite all read this table.
 */

/** Accepted by the simulator for every number. Any other service password is refused (208101). */
export const SANDBOX_PASSWORD = '123456';
/** Accepted SMS code. Any other code is refused (211101). */
export const SANDBOX_SMS_CODE = '123456';
/** Digit captchas, shown in this order: the first image of a session, then one per refresh. */
export const CAPTCHA_SEQUENCE = ['1234', '5678', '2468', '1357'] as const;
/** Shanghai Telecom's arithmetic captchas: the image shows `question`, the answer is `answer`. */
export const SUM_CAPTCHA_SEQUENCE = [
  { question: '3+5=?', answer: '8' },
  { question: '6+7=?', answer: '13' },
] as const;
/** A valid GB 11643 number for the identity steps (any valid number and name are accepted). */
export const SANDBOX_ID_CARD = '11010519491231002X';
export const SANDBOX_NAME = '张三';
/** What a Jilin Telecom user texts, and to which number. */
export const JILIN_SMS = { to: '10001', body: 'CXXD' } as const;

export type FlowKind =
  | 'sms' // password -> SMS code -> done
  | 'captchaFirst' // password -> image captcha (login again) -> SMS code -> done
  | 'shanxi' // password -> image captcha to request the SMS -> SMS code -> done
  | 'shandong' // password -> SMS code + image captcha in one step -> done
  | 'jilin' // password -> SMS code the user requests by texting CXXD to 10001 -> done
  | 'guangxi' // password -> name + ID card to request the SMS -> SMS code -> done
  | 'shanghai' // password -> arithmetic image captcha (detail_hint) -> SMS code -> done
  | 'unknownStep' // password -> a never-seen method with a never-seen param type -> SMS code -> done
  | 'brandChoice'; // password -> the number's brand chosen from a list (type 11 select) -> SMS code -> done

export interface FlowScenario {
  phone: string;
  flow: FlowKind;
  /** Province and carrier the number pretends to be. */
  region: string;
  summary: string;
}

export const FLOW_SCENARIOS: readonly FlowScenario[] = [
  { phone: '13800138000', flow: 'sms', region: '北京移动', summary: 'Plain flow: service password, then SMS code.' },
  { phone: '13800138001', flow: 'captchaFirst', region: '北京移动', summary: 'Image captcha after the password, then SMS code.' },
  { phone: '13800138002', flow: 'shanxi', region: '山西移动', summary: 'Requesting the SMS code needs an image captcha first.' },
  {
    phone: '13800138003',
    flow: 'shandong',
    region: '山东移动',
    summary: 'An image captcha arrives with the SMS and is submitted with it.',
  },
  { phone: '18900138004', flow: 'jilin', region: '吉林电信', summary: 'The user texts CXXD to 10001 to get the SMS code.' },
  { phone: '18900138005', flow: 'guangxi', region: '广西电信', summary: 'Name and ID card are needed to request the SMS code.' },
  { phone: '18900138006', flow: 'shanghai', region: '上海电信', summary: 'The captcha asks for the result of a sum (detail_hint).' },
  {
    phone: '13000138007',
    flow: 'unknownStep',
    region: '北京联通',
    summary: 'A step method and param type never seen before, then SMS code.',
  },
  {
    phone: '13800138008',
    flow: 'brandChoice',
    region: '广东移动',
    summary: "The number's brand is chosen from a list (a select), then SMS code.",
  },
];

/** The brands the brandChoice flow offers (Rong360 type 11 `options`); any of them is accepted. */
export const BRAND_OPTIONS = [
  { title: '全球通', value: '1' },
  { title: '动感地带', value: '2' },
  { title: '神州行（大众卡、畅听卡、家园卡等）', value: '3' },
] as const;

/**
 * The plain flow, but its SMS step's detail_hint names the number in full ("短信验证码已发送至…"), as
 * many carriers' own pages do: an update session must show it masked.
 */
export const ECHO_NUMBER_SCENARIO = { phone: '13800138005', flow: 'sms', region: '北京移动' } as const satisfies Omit<
  FlowScenario,
  'summary'
>;

/** Where in its flow an error scenario answers with its code. */
export type ErrorTrigger =
  | 'login' // the login call (password step)
  | 'captcha' // submitting the image captcha (captchaFirst flow)
  | 'captchaRefresh' // refreshing the image captcha (captchaFirst flow)
  | 'smsRequest' // requesting the SMS with the captcha (shanxi flow)
  | 'identity' // submitting name + ID card (guangxi flow)
  | 'sms' // submitting the SMS code (sms flow)
  | 'final'; // after a correct SMS code (sms flow)

export interface ErrorScenario {
  /** 13900 + the six-digit code. */
  phone: string;
  code: string;
  flow: FlowKind;
  trigger: ErrorTrigger;
}

/** Appendix-A codes and where each is raised. Each fires once per login session, at its trigger. */
const ERROR_TRIGGERS: ReadonlyArray<readonly [code: string, flow: FlowKind, trigger: ErrorTrigger]> = [
  ['210101', 'captchaFirst', 'captcha'],
  ['211101', 'sms', 'sms'],
  ['506100', 'sms', 'login'],
  ['506101', 'sms', 'login'],
  ['506102', 'sms', 'login'],
  ['208101', 'sms', 'login'],
  ['506004', 'shanxi', 'smsRequest'],
  ['506003', 'shanxi', 'smsRequest'],
  ['506005', 'sms', 'login'],
  ['506006', 'sms', 'login'],
  ['506007', 'sms', 'login'],
  ['506008', 'sms', 'login'],
  ['506009', 'sms', 'login'],
  ['506010', 'sms', 'login'],
  ['506011', 'sms', 'login'],
  ['506012', 'sms', 'login'],
  ['506013', 'sms', 'login'],
  ['506014', 'sms', 'login'],
  ['506015', 'sms', 'login'],
  ['506016', 'sms', 'final'],
  ['506017', 'sms', 'login'],
  ['506018', 'guangxi', 'identity'],
  ['506019', 'sms', 'login'],
  ['506020', 'shanxi', 'smsRequest'],
  ['506021', 'captchaFirst', 'captchaRefresh'],
  ['506025', 'sms', 'login'],
  ['506026', 'sms', 'sms'],
  ['506201', 'sms', 'login'],
];

export const ERROR_SCENARIOS: readonly ErrorScenario[] = ERROR_TRIGGERS.map(([code, flow, trigger]) => ({
  phone: `13900${code}`,
  code,
  flow,
  trigger,
}));

/** Whether this number's SMS step names it in full. */
export function echoesNumber(phone: string): boolean {
  return phone === ECHO_NUMBER_SCENARIO.phone;
}

/** Transport failures, raised at the login call. */
export const FAULT_SCENARIOS = [
  { phone: '13900000408', fault: 'timeout', summary: 'The upstream never answers the login call (client timeout).' },
  { phone: '13900000502', fault: 'http502', summary: 'The gateway answers HTTP 502 with an HTML page.' },
  { phone: '13900000200', fault: 'garbage', summary: 'HTTP 200 with a body that is not JSON.' },
  { phone: '13900000201', fault: 'wrongShape', summary: 'JSON whose payload has a malformed next step.' },
] as const;
export type FaultKind = (typeof FAULT_SCENARIOS)[number]['fault'];

/**
 * Numbers whose login succeeds but whose crawl then fails: the notice push says status 3,
 * queryStatus answers 3 (抓取失败) and getdata the error `code`. They play the plain `sms` flow.
 */
export const CRAWL_FAILURE_SCENARIOS = [
  { phone: '13800506016', code: '506016', summary: 'Login succeeds, then the crawl fails (notice status 3, getdata 506016).' },
] as const;

/** The error getdata answers when the number's crawl fails, or undefined when it succeeds. */
export function crawlFailureOf(phone: string): string | undefined {
  return CRAWL_FAILURE_SCENARIOS.find((s) => s.phone === phone)?.code;
}

/** Any number not listed plays the plain `sms` flow. */
export function scenarioFor(
  phone: string,
):
  | { kind: 'flow'; flow: FlowKind }
  | { kind: 'error'; flow: FlowKind; code: string; trigger: ErrorTrigger }
  | { kind: 'fault'; fault: FaultKind } {
  const fault = FAULT_SCENARIOS.find((s) => s.phone === phone);
  if (fault) return { kind: 'fault', fault: fault.fault };
  const error = ERROR_SCENARIOS.find((s) => s.phone === phone);
  if (error) return { kind: 'error', flow: error.flow, code: error.code, trigger: error.trigger };
  return { kind: 'flow', flow: FLOW_SCENARIOS.find((s) => s.phone === phone)?.flow ?? 'sms' };
}
