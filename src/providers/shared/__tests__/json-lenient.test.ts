import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_JSON_NESTING, nestingExceeds, parseJsonLenient } from '../json-lenient';

/**
 * The repair this reader had before it was made linear, kept as the oracle: the linear one must
 * forgive exactly what it forgave and read exactly what it read.
 */
function quadraticRepair(text: string): string {
  const valueEnd = /["\d}\]el]/;
  const nextNonSpace = (from: number) => {
    let i = from;
    while (i < text.length && /\s/.test(text[i]!)) i++;
    return text[i] ?? '';
  };
  const lastNonSpace = (out: string) => {
    let i = out.length - 1;
    while (i >= 0 && /\s/.test(out[i]!)) i--;
    return out[i] ?? '';
  };
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (inString) {
      out += char;
      if (char === '\\') out += text[++i] ?? '';
      else if (char === '"') inString = false;
      continue;
    }
    if (char === ',' && /[}\]]/.test(nextNonSpace(i + 1))) continue;
    if (char === '\n' && valueEnd.test(lastNonSpace(out)) && nextNonSpace(i + 1) === '"') out += ',';
    if (char === '"') inString = true;
    out += char;
  }
  return out;
}

function referenceParse(text: string): unknown {
  const trimmed = text.replace(/^\uFEFF/, '');
  try {
    return JSON.parse(trimmed);
  } catch {
    try {
      return JSON.parse(quadraticRepair(trimmed));
    } catch {
      return undefined;
    }
  }
}

/** Text built from the characters the repair cares about, so most samples exercise it. */
const jsonish = fc
  .array(
    fc.constantFrom('{', '}', '[', ']', ',', ':', '"', '\\', '\n', ' ', '\t', '\u00a0', '1', 'e', 'l', 'a', 'true', 'null', '"k"', '"v"'),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(''));

/** Real JSON with trailing commas and line-broken members, as PHP gateways write it. */
const sloppyJson = fc.jsonValue({ maxDepth: 4 }).map((value) =>
  JSON.stringify(value, null, 1)
    .replace(/,\n/g, (match, offset: number) => (offset % 3 === 0 ? '\n' : match))
    .replace(/\n(\s*)([}\]])/g, ',\n$1$2'),
);

describe('parseJsonLenient', () => {
  it('reads exactly what the former (quadratic) repair read, on random near-JSON text', () => {
    fc.assert(
      fc.property(fc.oneof(jsonish, sloppyJson), (text) => {
        expect(parseJsonLenient(text)).toEqual(referenceParse(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('forgives a BOM, trailing commas and a comma missing at a line break, and nothing else', () => {
    expect(parseJsonLenient('\uFEFF{"a":"x,}","b":[1,2,],}')).toEqual({ a: 'x,}', b: [1, 2] });
    expect(parseJsonLenient('{"action": "processing"\n  "msg": ""}')).toEqual({ action: 'processing', msg: '' });
    expect(parseJsonLenient('{"a": 1\n\n\n"b": 2}')).toEqual({ a: 1, b: 2 });
    for (const bad of ['not json', '{"a":[1,2,3', '{"a":1', "{'a':1}", '<html>502</html>']) expect(parseJsonLenient(bad)).toBeUndefined();
  });

  it(`reads nesting up to ${MAX_JSON_NESTING} levels and refuses deeper without parsing`, () => {
    const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
    expect(parseJsonLenient(nested(MAX_JSON_NESTING))).toBeDefined();
    expect(parseJsonLenient(nested(MAX_JSON_NESTING + 1))).toBeUndefined();
    // Brackets inside strings are text, not nesting.
    expect(parseJsonLenient(JSON.stringify({ s: '['.repeat(1000) }))).toEqual({ s: '['.repeat(1000) });
    expect(nestingExceeds('"\\"[[[["', 2)).toBe(false);
  });
});
