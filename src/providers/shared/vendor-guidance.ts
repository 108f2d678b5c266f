import type { FlowError } from '../../flow';

// What a vendor's message tells the applicant beyond "it failed": how long to wait ("请24小时后重试",
// "请20分钟之后重新验证", "请稍等 30 分钟后重试", "请明天重试") and what to do outside the widget
// ("可拨打10086重置密码", "请到营业厅办理"). Written for the messages of both documents' error tables
// and the live variants the notes list; a message saying neither gives nothing.

const BEIJING_OFFSET_MS = 8 * 3600_000;
const DAY_S = 86_400;

const UNIT_SECONDS: ReadonlyArray<readonly [RegExp, number]> = [
  [/^(秒钟?)$/, 1],
  [/^(分钟|分)$/, 60],
  [/^(个?小时|个?钟头)$/, 3600],
  [/^(天|日)$/, DAY_S],
  [/^(个?星期|周)$/, 7 * DAY_S],
  [/^(个月)$/, 30 * DAY_S],
];

const DIGITS: Readonly<Record<string, number>> = { 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** `24`, `二十四`, `十`, `两`, `半` (0.5) as a number. */
function amountOf(text: string): number | undefined {
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  if (text === '半') return 0.5;
  const match = /^([一二两三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(text);
  if (!match || text === '') return undefined;
  const [, tens, ten, ones] = match;
  if (ten) return (tens ? DIGITS[tens]! : 1) * 10 + (ones ? DIGITS[ones]! : 0);
  return tens ? DIGITS[tens] : undefined;
}

const AMOUNT = '(\\d+(?:\\.\\d+)?|[一二两三四五六七八九十]{1,3}|半)';
const UNIT = '(秒钟?|分钟|分|个?小时|个?钟头|天|日|个?星期|周|个月)';
/** "24小时后", "20分钟之后", "30 分钟以后"; and "锁定24小时". */
const AFTER = new RegExp(`${AMOUNT}\\s*${UNIT}\\s*(?:之后|以后|后)`);
const LOCKED_FOR = new RegExp(`(?:锁定|冻结|限制)\\s*${AMOUNT}\\s*${UNIT}`);
const TOMORROW = /明天|明日|次日/;

/** Seconds from `now` to the next Beijing midnight. */
function untilBeijingMidnight(now: number): number {
  const local = now + BEIJING_OFFSET_MS;
  const next = Math.floor(local / (DAY_S * 1000) + 1) * DAY_S * 1000;
  return Math.ceil((next - local) / 1000);
}

/** The wait a vendor message names, in whole seconds from `now`; undefined when it names none. */
export function waitSecondsIn(text: string | undefined, now: number): number | undefined {
  if (!text) return undefined;
  const match = AFTER.exec(text) ?? LOCKED_FOR.exec(text);
  if (match) {
    const amount = amountOf(match[1] ?? '');
    const unit = UNIT_SECONDS.find(([pattern]) => pattern.test(match[2] ?? ''))?.[1];
    if (amount !== undefined && unit !== undefined && amount > 0) return Math.round(amount * unit);
  }
  return TOMORROW.test(text) ? untilBeijingMidnight(now) : undefined;
}

/** A clause asking the applicant to act with the carrier: call, visit, use the website, register, reset. */
const ACTION = /拨打|致电|联系(?!人)|前往|营业厅|官网|网上营业厅|客户端|携带|请.{0,6}(重置|设置|修改)|(请|办理|进行).{0,12}实名/;
/** A condition leading into the action ("如忘记密码", "如需重置"). */
const CONDITION = /^(如|若|如果|如需)/;
export const INSTRUCTION_MAX_LENGTH = 200;

/** The part of a vendor message that tells the applicant what to do outside the widget, verbatim. */
export function instructionIn(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const clauses = text
    .split(/[，,。；;！!？?]+/)
    .map((clause) => clause.replace(/^(运营商提示|提示|温馨提示)\s*[:：]\s*/, '').trim())
    .filter(Boolean);
  const picked: string[] = [];
  clauses.forEach((clause, i) => {
    if (!ACTION.test(clause)) return;
    const before = clauses[i - 1];
    if (before !== undefined && CONDITION.test(before) && !picked.includes(before)) picked.push(before);
    picked.push(clause);
  });
  const instruction = picked.join('，').slice(0, INSTRUCTION_MAX_LENGTH);
  return instruction === '' ? undefined : instruction;
}

/**
 * The error with the wait and the instruction its messages name: the vendor's live message first
 * (it may name a wait the document's does not), then the document's.
 */
export function withGuidance(error: FlowError, vendorMessage: string | null | undefined, now: number): FlowError {
  // Our own credentials refused ("请联系运营人员"): words for the operator, nothing the applicant can do.
  if (error.code === 'upstream_misconfigured') return error;
  const texts = [vendorMessage ?? undefined, error.message];
  const waitSeconds = texts.map((text) => waitSecondsIn(text, now)).find((wait) => wait !== undefined);
  const instruction = texts.map(instructionIn).find((found) => found !== undefined);
  return {
    ...error,
    ...(waitSeconds !== undefined && { waitSeconds }),
    ...(instruction !== undefined && { instruction }),
  };
}
