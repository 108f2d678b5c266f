import { beijingDate, beijingIso, durationSeconds, normalizeMonth, textOf, yuanToFen } from './data-normalize';

// Per-field tolerance for vendor data: every value is read on its own, so one mistyped field
// becomes null (and is counted under its neutral path) instead of failing its record or block.
// Absent values (missing, null, "") are not problems; a value that is there but unreadable is.

/** Words vendors put where the carrier gave nothing (§15.5 "运营商未透露", "暂无数据, 无法分析", "未出账单", "无"). */
const NO_DATA = /^(运营商未透露|未知|暂无数据.*|无法分析|未出账单|无|--?|null|NULL)$/;

export type Json = Record<string, unknown>;

export const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Whether the vendor gave anything at all (absent, null, "" and the no-data words are nothing). */
export function given(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.trim() !== '' && !NO_DATA.test(value.trim());
  return true;
}

/** Counts of unreadable values by neutral path (`[]` for list items), shared by every reader of one block. */
export type Unreadable = Record<string, number>;

export interface FieldReader {
  /** What could not be read so far. */
  readonly unreadable: Unreadable;
  /** Counts one unreadable value (or item) at `path`. */
  miss(path: string, count?: number): void;
  text(value: unknown, path: string): string | null;
  /** A whole number (digits as text too); a fraction is unreadable. */
  int(value: unknown, path: string): number | null;
  num(value: unknown, path: string): number | null;
  /** Yuan as text or number, in fen. */
  fen(value: unknown, path: string): number | null;
  /** Seconds as the carriers print durations (`45`, `1分20秒`, `01:20`). */
  seconds(value: unknown, path: string): number | null;
  /** true/false, 1/0, "true"/"false". */
  bool(value: unknown, path: string): boolean | null;
  /** A carrier time (Beijing text or unix) as ISO with +08:00. */
  time(value: unknown, path: string): string | null;
  date(value: unknown, path: string): string | null;
  month(value: unknown, path: string): string | null;
  /** A code looked up in `table` (keys as text). */
  code<T extends string>(value: unknown, path: string, table: Readonly<Record<string, T>>): T | null;
  /** Texts of a list; a list that is not one is unreadable, and so is each item that is no text. */
  texts(value: unknown, path: string): string[];
  /** Items of a list (PHP's `{}` for an empty list included); a value that is no list is unreadable. */
  list(value: unknown, path: string): unknown[];
  /** An object, or null (a value that is no object is unreadable; PHP's `[]` is an empty object). */
  object(value: unknown, path: string): Json | null;
}

export function createFieldReader(into: Unreadable = {}): FieldReader {
  const unreadable = into;
  const miss = (path: string, count = 1) => {
    if (count > 0) unreadable[path] = (unreadable[path] ?? 0) + count;
  };
  /** `read` applied to a given value; null for nothing, null and counted for what `read` cannot take. */
  function attempt<T>(value: unknown, path: string, read: (value: unknown) => T | null | undefined): T | null {
    if (!given(value)) return null;
    const result = read(value);
    if (result === null || result === undefined) {
      miss(path);
      return null;
    }
    return result;
  }
  const number = (value: unknown): number | undefined => {
    if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
    const text = textOf(value)?.replace(/[,，%]/g, '');
    return text !== undefined && /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : undefined;
  };

  return {
    unreadable,
    miss,
    text: (value, path) => attempt(value, path, (v) => (typeof v === 'string' || typeof v === 'number' ? String(v).trim() : undefined)),
    int: (value, path) =>
      attempt(value, path, (v) => {
        const n = number(v);
        return n !== undefined && Number.isInteger(n) ? n : undefined;
      }),
    num: (value, path) => attempt(value, path, number),
    fen: (value, path) => attempt(value, path, yuanToFen),
    seconds: (value, path) => attempt(value, path, durationSeconds),
    bool: (value, path) =>
      attempt(value, path, (v) => {
        if (typeof v === 'boolean') return v;
        const text = textOf(v)?.toLowerCase();
        return text === 'true' || text === '1' ? true : text === 'false' || text === '0' ? false : undefined;
      }),
    time: (value, path) => attempt(value, path, beijingIso),
    date: (value, path) => attempt(value, path, beijingDate),
    month: (value, path) => attempt(value, path, normalizeMonth),
    code: (value, path, table) =>
      attempt(value, path, (v) => {
        const key = textOf(v);
        return key !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;
      }),
    texts(value, path) {
      if (!given(value)) return [];
      if (!Array.isArray(value)) {
        // One label given as plain text (§15.4 types call_tel_label as string in one table, array in another).
        if (typeof value === 'string') return [value.trim()];
        miss(path);
        return [];
      }
      const out: string[] = [];
      for (const item of value) {
        if (typeof item === 'string' || typeof item === 'number') {
          if (String(item).trim() !== '') out.push(String(item).trim());
        } else miss(`${path}[]`);
      }
      return out;
    },
    list(value, path) {
      if (!given(value)) return [];
      if (Array.isArray(value)) return value;
      if (isRecord(value) && Object.keys(value).length === 0) return [];
      miss(path);
      return [];
    },
    object(value, path) {
      if (!given(value)) return null;
      if (isRecord(value)) return value;
      if (Array.isArray(value) && value.length === 0) return {};
      miss(path);
      return null;
    },
  };
}

/** `read` over each item of a list; an item that is no object is unreadable (counted at `path[]`). */
export function readItems<T>(reader: FieldReader, value: unknown, path: string, read: (item: Json) => T): T[] {
  const out: T[] = [];
  for (const item of reader.list(value, path)) {
    if (isRecord(item)) out.push(read(item));
    else reader.miss(`${path}[]`);
  }
  return out;
}

/** Adds counts of `more` into `into`. */
export function mergeUnreadable(into: Unreadable, more: Readonly<Unreadable>): Unreadable {
  for (const [path, count] of Object.entries(more)) into[path] = (into[path] ?? 0) + count;
  return into;
}
