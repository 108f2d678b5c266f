import { format } from './format';
import type { Locale, Messages } from './messages';

// Wording of what an error adds: the carrier's instruction (verbatim Chinese; in English, what it
// asks as far as it can be recognized, then its own words) and when another try makes sense.

type Action = keyof Messages['guidance']['actions'];

/** What the carrier asks for, recognized in its instruction, in the order met. */
const ACTIONS: ReadonlyArray<readonly [Action, RegExp]> = [
  ['call', /(?:拨打|致电)\s*(\d{3,12})/],
  ['hotline', /(?:拨打|致电).{0,6}(?:客服|热线)/],
  ['hall', /营业厅/],
  ['website', /官网/],
  ['realName', /实名/],
  ['resetPassword', /(?:重置|设置|修改).{0,4}密码|密码.{0,4}(?:重置|设置)/],
  ['contact', /联系(?!人)/],
];

/** The lines shown for a carrier's instruction in `locale`. */
export function instructionLines(m: Messages, locale: Locale, instruction: string): string[] {
  const text = instruction.trim();
  if (locale === 'zh-CN') return [format(m.guidance.says, { text })];
  const actions: string[] = [];
  const seen = new Set<Action>();
  for (const [action, pattern] of ACTIONS) {
    const match = pattern.exec(text);
    // A numbered call says more than "the hotline".
    if (!match || (action === 'hotline' && seen.has('call'))) continue;
    seen.add(action);
    actions.push(format(m.guidance.actions[action], { number: match[1] ?? '' }));
  }
  if (actions.length === 0) return [format(m.guidance.says, { text })];
  return [format(m.guidance.asks, { actions: actions.join(', ') }), format(m.guidance.original, { text })];
}

const pad = (value: number) => String(value).padStart(2, '0');

/** "可在今天 21:50后重试（约20 分钟）": `retryAt` on the server clock, shown on this device's. */
export function retryAtLine(m: Messages, retryAt: string, skewMs: number, deviceNow = Date.now()): string | undefined {
  const serverTarget = Date.parse(retryAt);
  if (Number.isNaN(serverTarget)) return undefined;
  const target = new Date(serverTarget - skewMs);
  const waitMinutes = Math.max(1, Math.ceil((target.getTime() - deviceNow) / 60_000));
  if (target.getTime() <= deviceNow) return undefined;
  const time = `${pad(target.getHours())}:${pad(target.getMinutes())}`;
  const today = new Date(deviceNow);
  const days = Math.round(
    (new Date(target.getFullYear(), target.getMonth(), target.getDate()).getTime() -
      new Date(today.getFullYear(), today.getMonth(), today.getDate()).getTime()) /
      86_400_000,
  );
  const when =
    days === 0
      ? format(m.guidance.today, { time })
      : days === 1
        ? format(m.guidance.tomorrow, { time })
        : format(m.guidance.date, { month: target.getMonth() + 1, day: target.getDate(), time });
  const wait =
    waitMinutes < 60
      ? format(m.guidance.minutes, { n: waitMinutes })
      : waitMinutes < 48 * 60
        ? format(m.guidance.hours, { n: Math.round(waitMinutes / 60) })
        : format(m.guidance.days, { n: Math.round(waitMinutes / 1440) });
  return format(m.guidance.retryAt, { when, wait });
}
