// A JSON reader for Rong360's getdata (document §4.4, vendor-notes "Data and callback"): the vendor
// repeats keys inside one object (`"teldata": [...]` twice) and JSON.parse keeps only the last. Here a
// repeated key merges instead: arrays are concatenated, objects merged key by key (the same rule),
// an array meeting an object takes it as one more item; scalars keep the last non-empty value.
// It also forgives a BOM, trailing commas and a comma missing at a line break, like parseJsonLenient.
// Linear in the text: a repeated key merges into the value already read (no copy per repetition),
// so a hostile answer repeating one key a hundred thousand times costs what reading it costs.

/** Nesting beyond this is refused rather than risking the stack on a hostile body. */
const MAX_NESTING = 200;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(value: unknown): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Sets an own property, also for `__proto__` (plain assignment would replace the prototype). */
function setOwn(target: { [key: string]: Json }, key: string, value: Json): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** How two values of one repeated key combine (a new value; neither argument is changed). */
export function mergeJson(first: Json, second: Json): Json {
  if (Array.isArray(first) && Array.isArray(second)) return [...first, ...second];
  if (isObject(first) && isObject(second)) {
    const merged: { [key: string]: Json } = {};
    for (const [key, value] of Object.entries(first)) setOwn(merged, key, value);
    for (const [key, value] of Object.entries(second)) {
      const existing = merged[key];
      setOwn(merged, key, Object.hasOwn(merged, key) && existing !== undefined ? mergeJson(existing, value) : value);
    }
    return merged;
  }
  if (Array.isArray(first) && isObject(second)) return [...first, second];
  if (isObject(first) && Array.isArray(second)) return [first, ...second];
  return second === null || second === '' ? first : second;
}

/**
 * mergeJson's rule, reusing `first` (an array or object the reader just built and owns): arrays
 * grow in place and objects take the second's keys in place, so merging costs the size of
 * `second`, never of what was merged before.
 */
function mergeInto(first: Json, second: Json): Json {
  if (Array.isArray(first)) {
    if (Array.isArray(second)) {
      for (const item of second) first.push(item);
      return first;
    }
    if (isObject(second)) {
      first.push(second);
      return first;
    }
  } else if (isObject(first)) {
    if (isObject(second)) {
      for (const [key, value] of Object.entries(second)) {
        const existing = first[key];
        setOwn(first, key, Object.hasOwn(first, key) && existing !== undefined ? mergeInto(existing, value) : value);
      }
      return first;
    }
    if (Array.isArray(second)) {
      second.unshift(first);
      return second;
    }
  }
  return second === null || second === '' ? first : second;
}

class JsonSyntaxError extends Error {}

/** Parses `text`, merging repeated keys; undefined when it is not JSON even with the forgiveness above. */
export function parseJsonMerging(text: string): unknown {
  try {
    return new Reader(text.replace(/^\uFEFF/, '')).document();
  } catch (error) {
    if (error instanceof JsonSyntaxError) return undefined;
    throw error;
  }
}

/** `\s` beyond ASCII (no-break space, line separators, ideographic space…). */
const WIDE_SPACE = /\s/;
/** A run of string characters up to a quote or a backslash. */
const PLAIN = /[^"\\]*/y;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

class Reader {
  private at = 0;
  constructor(private readonly text: string) {}

  document(): Json {
    const value = this.value(0);
    this.space();
    if (this.at < this.text.length) this.fail();
    return value;
  }

  private fail(): never {
    // The position only: the text may hold personal data and errors reach logs.
    throw new JsonSyntaxError(`unexpected input at offset ${this.at}`);
  }

  /** Skips whitespace; answers whether a line break was among it. */
  private space(): boolean {
    let newline = false;
    const { text } = this;
    while (this.at < text.length) {
      const code = text.charCodeAt(this.at);
      if (code === 0x0a) newline = true;
      else if (
        !(code === 0x20 || code === 0x09 || code === 0x0d || code === 0x0b || code === 0x0c) &&
        !(code >= 0x80 && WIDE_SPACE.test(text[this.at] ?? ''))
      )
        break;
      this.at++;
    }
    return newline;
  }

  private value(depth: number): Json {
    if (depth > MAX_NESTING) this.fail();
    this.space();
    const char = this.text[this.at];
    if (char === '{') return this.object(depth + 1);
    if (char === '[') return this.array(depth + 1);
    if (char === '"') return this.string();
    for (const [word, literal] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (this.text.startsWith(word, this.at)) {
        this.at += word.length;
        return literal;
      }
    }
    NUMBER.lastIndex = this.at;
    const number = NUMBER.exec(this.text);
    if (!number) this.fail();
    this.at += number[0].length;
    return Number(number[0]);
  }

  /** After a member: true if another follows (a comma, or only a line break before `next`). */
  private another(close: string, startsNext: (char: string) => boolean): boolean {
    const newline = this.space();
    const char = this.text[this.at] ?? '';
    if (char === ',') {
      this.at++;
      this.space();
      // A trailing comma: `[1, 2,]`.
      if (this.text[this.at] === close) return false;
      return true;
    }
    if (char === close) return false;
    if (newline && startsNext(char)) return true;
    return this.fail();
  }

  private object(depth: number): Json {
    this.at++; // {
    const result: { [key: string]: Json } = {};
    this.space();
    if (this.text[this.at] !== '}') {
      do {
        this.space();
        if (this.text[this.at] !== '"') this.fail();
        const key = this.string();
        this.space();
        if (this.text[this.at] !== ':') this.fail();
        this.at++;
        const value = this.value(depth);
        const existing = result[key];
        setOwn(result, key, Object.hasOwn(result, key) && existing !== undefined ? mergeInto(existing, value) : value);
      } while (this.another('}', (char) => char === '"'));
    }
    this.at++; // }
    return result;
  }

  private array(depth: number): Json {
    this.at++; // [
    const result: Json[] = [];
    this.space();
    if (this.text[this.at] !== ']') {
      do result.push(this.value(depth));
      while (this.another(']', (char) => /["{[\d\-tfn]/.test(char)));
    }
    this.at++; // ]
    return result;
  }

  private string(): string {
    this.at++; // opening quote
    let out = '';
    for (;;) {
      PLAIN.lastIndex = this.at;
      const run = PLAIN.exec(this.text)?.[0] ?? '';
      out += run;
      this.at += run.length;
      const char = this.text[this.at++];
      if (char === '"') return out;
      if (char !== '\\') return this.fail(); // the end of the text
      const escape = this.text[this.at++] ?? '';
      if (escape === 'u') {
        const hex = this.text.slice(this.at, this.at + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail();
        out += String.fromCharCode(parseInt(hex, 16));
        this.at += 4;
      } else {
        const mapped = ESCAPES[escape];
        if (mapped === undefined) this.fail();
        out += mapped;
      }
    }
  }
}
