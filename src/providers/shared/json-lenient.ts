/**
 * JSON.parse that also forgives what vendor documents and PHP gateways get wrong: a BOM, trailing
 * commas (Rong360 §3.6.4 `"msg": "成功",}`, Dianhua §10.5 `},\n}`) and a comma missing at a line
 * break (Dianhua §1.3 `"action": "processing"\n  "msg": ""`). Strict parsing is tried first.
 * Returns undefined when the text is not JSON even then, or nests deeper than MAX_JSON_NESTING.
 *
 * Every pass is linear in the text: this reads unauthenticated push bodies and upstream answers of
 * megabytes, so one hostile body must not hold the event loop.
 */
export function parseJsonLenient(text: string): unknown {
  const trimmed = text.replace(/^\uFEFF/, '');
  // JSON.parse takes seconds on a megabyte of `[[[[`; no vendor answer nests beyond a dozen levels.
  if (nestingExceeds(trimmed, MAX_JSON_NESTING)) return undefined;
  try {
    return JSON.parse(trimmed);
  } catch {
    try {
      return JSON.parse(repair(trimmed));
    } catch {
      return undefined;
    }
  }
}

/** Deeper nesting is refused unread (vendor answers and pushes nest a few levels). */
export const MAX_JSON_NESTING = 100;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const NEWLINE = 0x0a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const NONE = -1;
/** Where the character `\s` matches beyond ASCII (no-break space, line separators, ideographic space…). */
const WIDE_SPACE = /\s/;

/** `/\s/` on one UTF-16 code unit, without a regex call for ASCII. */
function isSpace(code: number): boolean {
  if (code < 0x80) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  return WIDE_SPACE.test(String.fromCharCode(code));
}

/** The last character of a complete JSON value (string, number, literal, object, array): `"`, a digit, `}`, `]`, `e`, `l`. */
function endsValue(code: number): boolean {
  return (
    code === QUOTE || (code >= 0x30 && code <= 0x39) || code === CLOSE_BRACE || code === CLOSE_BRACKET || code === 0x65 || code === 0x6c
  );
}

/** Whether brackets outside strings nest deeper than `max`; one pass, no allocation. */
export function nestingExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === BACKSLASH) i++;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) {
      inString = true;
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      if (++depth > max) return true;
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}

/**
 * The next non-space character code at or after a position, for positions that only grow: a
 * scanned run of spaces is remembered, so every character is looked at once in total.
 */
function nextNonSpaceFinder(text: string): (from: number) => number {
  let runStart = 0;
  let runEnd = -1;
  return (from) => {
    if (from < runStart || from > runEnd) {
      let i = from;
      while (i < text.length && isSpace(text.charCodeAt(i))) i++;
      runStart = from;
      runEnd = i;
    }
    return runEnd < text.length ? text.charCodeAt(runEnd) : NONE;
  };
}

/**
 * Drops commas before a closing bracket and adds the comma missing where a line break separates a
 * value from the next quoted key or value; strings are copied untouched. Linear: unchanged runs
 * are copied as slices, look-ahead is remembered, and the last kept character is tracked.
 */
function repair(text: string): string {
  const pieces: string[] = [];
  const nextNonSpace = nextNonSpaceFinder(text);
  let copiedTo = 0;
  let inString = false;
  let last = NONE;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === BACKSLASH) i++;
      else if (code === QUOTE) {
        inString = false;
        last = QUOTE;
      }
      continue;
    }
    if (code === COMMA) {
      const after = nextNonSpace(i + 1);
      if (after === CLOSE_BRACE || after === CLOSE_BRACKET) {
        pieces.push(text.slice(copiedTo, i));
        copiedTo = i + 1;
        continue;
      }
    }
    if (code === NEWLINE && endsValue(last) && nextNonSpace(i + 1) === QUOTE) {
      pieces.push(text.slice(copiedTo, i), ',');
      copiedTo = i;
      last = COMMA;
    }
    if (code === QUOTE) inString = true;
    else if (!isSpace(code)) last = code;
  }
  pieces.push(text.slice(copiedTo));
  return pieces.join('');
}
