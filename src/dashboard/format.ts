import { fill } from './i18n/i18n';
import type { Messages } from './i18n/zh-cn';

// Numbers, times and money as the dashboard shows them. Times are Beijing time (the carriers',
// the applicants' and the lenders'), whatever the viewer's clock says.

const BEIJING = 'Asia/Shanghai';

// A formatter is costly to create (hundreds of figures per view on a slow phone): one per kind and locale.
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, create: () => T): T {
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = create();
    formatters.set(key, formatter);
  }
  return formatter as T;
}

export function number(value: number, locale: string): string {
  return cached(`n:${locale}`, () => new Intl.NumberFormat(locale)).format(value);
}

export function percent(part: number, whole: number, locale: string): string {
  if (whole === 0) return '–';
  return cached(`p:${locale}`, () => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 })).format(part / whole);
}

export function duration(ms: number | null, m: Messages): string {
  if (ms === null) return '–';
  if (ms < 1000) return fill(m.units.ms, { n: Math.round(ms) });
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return fill(m.units.s, { n: seconds });
  if (seconds < 3600) return fill(m.units.min, { m: Math.floor(seconds / 60), s: seconds % 60 });
  return fill(m.units.h, { h: Math.floor(seconds / 3600), m: Math.floor((seconds % 3600) / 60) });
}

/** `2030-03-01 16:00` (Beijing). */
export function dateTime(iso: string | null, locale: string): string {
  if (iso === null) return '–';
  const tag = locale === 'en' ? 'en-CA' : 'zh-CN';
  return cached(
    `d:${tag}`,
    () =>
      new Intl.DateTimeFormat(tag, {
        timeZone: BEIJING,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hour12: false,
      }),
  ).format(new Date(iso));
}

/** Fen (1/100 CNY) as yuan with two decimals. */
export function yuan(fen: number | null, m: Messages, locale: string): string {
  if (fen === null) return '–';
  const formatter = cached(`y:${locale}`, () => new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
  return fill(m.units.yuan, { n: formatter.format(fen / 100) });
}

/** A phone number with its middle hidden (138****8000), unless the viewer chose to see it. */
export function peerShown(peer: string, reveal: boolean): string {
  if (reveal || peer.length < 7) return peer;
  return `${peer.slice(0, 3)}****${peer.slice(-4)}`;
}

/** Beijing days (shared with the server, which computes the first view for the same range). */
export { beijingDay, beijingMidnight } from '../flow/dashboard-filters';
