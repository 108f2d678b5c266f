import { detectCarrier } from '../../flow';
import type { Carrier } from '../data-model';

// Helpers both data normalizers share: Beijing times, Chinese durations, yuan amounts,
// months and masking. Vendors send text for everything, so each takes `unknown` and answers
// undefined/null for what it cannot read; the caller decides whether that skips a record.

const BEIJING_OFFSET_MS = 8 * 3600_000;
const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** Any scalar as trimmed text; empty means absent. */
export function textOf(value: unknown): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value).trim();
  return text === '' ? undefined : text;
}

export function textOrNull(value: unknown): string | null {
  return textOf(value) ?? null;
}

/** Epoch milliseconds as Beijing wall-clock parts. */
function beijingParts(ms: number) {
  const d = new Date(ms + BEIJING_OFFSET_MS);
  return {
    y: d.getUTCFullYear(),
    mo: d.getUTCMonth() + 1,
    d: d.getUTCDate(),
    h: d.getUTCHours(),
    mi: d.getUTCMinutes(),
    s: d.getUTCSeconds(),
  };
}

/** Unix seconds (10 digits) or milliseconds (13 digits), as a number or digit string. */
function epochMs(value: unknown): number | undefined {
  const text = textOf(value);
  if (!text || !/^\d{9,13}$/.test(text)) return undefined;
  return text.length >= 12 ? Number(text) : Number(text) * 1000;
}

const WALL_CLOCK = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/** `YYYY-MM-DD HH:mm:ss` (also `/`, `T`, no seconds, date only) as checked Beijing parts. */
function wallClock(text: string) {
  const match = WALL_CLOCK.exec(text);
  if (!match) return undefined;
  const [y, mo, d, h, mi, s] = match.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  const check = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  // Date.UTC rolls 2015-02-30 over to March: a real date survives the round trip unchanged.
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59)
    return undefined;
  return { y, mo, d, h, mi, s };
}

/** A carrier time (Beijing wall clock text, or unix seconds/ms) as ISO 8601 with `+08:00`. */
export function beijingIso(value: unknown): string | undefined {
  const ms = epochMs(value);
  const text = textOf(value);
  const p = ms !== undefined ? beijingParts(ms) : text ? wallClock(text) : undefined;
  if (!p) return undefined;
  return `${pad(p.y, 4)}-${pad(p.mo)}-${pad(p.d)}T${pad(p.h)}:${pad(p.mi)}:${pad(p.s)}+08:00`;
}

/** A carrier date (text or unix time) as the Beijing date `YYYY-MM-DD`. */
export function beijingDate(value: unknown): string | undefined {
  return beijingIso(value)?.slice(0, 10);
}

/** The Beijing month `YYYY-MM` of an instant. */
export function beijingMonth(ms: number): string {
  const p = beijingParts(ms);
  return `${pad(p.y, 4)}-${pad(p.mo)}`;
}

/** `YYYYMM`, `YYYY-MM`, `YYYY/MM` or `YYYY年MM月` as `YYYY-MM`. */
export function normalizeMonth(value: unknown): string | undefined {
  const match = /^(\d{4})(?:[-/年]?)(\d{1,2})月?$/.exec(textOf(value) ?? '');
  if (!match) return undefined;
  const month = Number(match[2]);
  return month >= 1 && month <= 12 ? `${match[1]}-${pad(month)}` : undefined;
}

/** `count` Beijing months, newest first, ending `skip` months before the month of `now`. */
export function recentMonths(now: number, count: number, skip = 0): string[] {
  const p = beijingParts(now);
  const months: string[] = [];
  for (let i = skip; i < skip + count; i++) {
    const index = p.y * 12 + (p.mo - 1) - i;
    months.push(`${pad(Math.floor(index / 12), 4)}-${pad((index % 12) + 1)}`);
  }
  return months;
}

const DURATION_UNITS = /^(?:(\d+)\s*(?:小时|时))?\s*(?:(\d+)\s*(?:分钟|分))?\s*(?:(\d+)\s*秒)?$/;

/**
 * A call duration in whole seconds: `45`, `45.0`, `1分20秒`, `1小时2分3秒`, `2分钟`, `01:20`
 * (m:s) or `1:02:03` (h:m:s), as carriers print it. Undefined when unreadable.
 */
export function durationSeconds(value: unknown): number | undefined {
  const text = textOf(value)?.replace(/\s+/g, '');
  if (!text) return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text));
  const colon = /^(?:(\d+):)?(\d{1,2}):(\d{1,2})$/.exec(text);
  if (colon) return Number(colon[1] ?? 0) * 3600 + Number(colon[2]) * 60 + Number(colon[3]);
  const units = DURATION_UNITS.exec(text);
  if (!units || (units[1] === undefined && units[2] === undefined && units[3] === undefined)) return undefined;
  return Number(units[1] ?? 0) * 3600 + Number(units[2] ?? 0) * 60 + Number(units[3] ?? 0);
}

/**
 * A yuan amount (`8.55`, `-1.2`, `1,024.50元`, `￥3`) in fen, rounded half up on the third decimal.
 * String arithmetic: `Number('1.005') * 100` is 100.49999, and a bill must not lose a fen.
 */
export function yuanToFen(value: unknown): number | null {
  const text = textOf(value)?.replace(/[,，\s]|元$|^[¥￥]/g, '');
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text ?? '');
  if (!match) return null;
  const fraction = `${match[3] ?? ''}000`;
  const fen = Number(match[2]) * 100 + Number(fraction.slice(0, 2)) + (Number(fraction[2]) >= 5 ? 1 : 0);
  return match[1] === '-' && fen !== 0 ? -fen : fen;
}

/**
 * An ID card as the data model keeps it: first 4 and last 2 characters, the rest `*` (re-masking
 * what a vendor already masked, so the rule holds whatever came). Text without digits ("运营商未透露") is none.
 */
export function maskIdCardKeep(value: unknown): string | null {
  const text = textOf(value)?.replace(/\s+/g, '');
  if (!text || !/\d/.test(text)) return null;
  const chars = Array.from(text);
  if (chars.length <= 6) return '*'.repeat(chars.length);
  return `${chars.slice(0, 4).join('')}${'*'.repeat(chars.length - 6)}${chars.slice(-2).join('')}`;
}

const CARRIER_OF: Readonly<Record<string, Carrier>> = {
  chinaMobile: 'china_mobile',
  chinaUnicom: 'china_unicom',
  chinaTelecom: 'china_telecom',
};

/** The carrier of a mainland mobile number from its prefix (the widget's MIIT table); null when unknown. */
export function carrierOfPhone(phone: string | undefined): Carrier | null {
  const carrier = phone ? detectCarrier(phone) : undefined;
  return (carrier && CARRIER_OF[carrier]) ?? null;
}

/** Keeps the first of each key, in order. */
export function dedupeBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Newest first by an ISO time with a fixed offset (string order is time order then). */
export function newestFirst<T extends { time: string }>(items: T[]): T[] {
  return items.sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : 0));
}
