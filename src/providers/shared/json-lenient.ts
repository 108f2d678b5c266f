/**
 * JSON.parse that also forgives what vendor documents and PHP gateways get wrong: a BOM, trailing
 * commas (Rong360 §3.6.4 `"msg": "成功",}`, Dianhua §10.5 `},\n}`) and a comma missing at a line
 * break (Dianhua §1.3 `"action": "processing"\n  "msg": ""`). Strict parsing is tried first.
 * Returns undefined when the text is not JSON even then.
 */
export function parseJsonLenient(text: string): unknown {
  const trimmed = text.replace(/^\uFEFF/, '');
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

/** The last character of a complete JSON value (string, number, literal, object, array). */
const VALUE_END = /["\d}\]el]/;

function repair(text: string): string {
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
    if (char === ',' && /[}\]]/.test(nextNonSpace(text, i + 1))) continue;
    if (char === '\n' && VALUE_END.test(lastNonSpace(out)) && nextNonSpace(text, i + 1) === '"') out += ',';
    if (char === '"') inString = true;
    out += char;
  }
  return out;
}

function nextNonSpace(text: string, from: number): string {
  let i = from;
  while (i < text.length && /\s/.test(text[i]!)) i++;
  return text[i] ?? '';
}

function lastNonSpace(text: string): string {
  let i = text.length - 1;
  while (i >= 0 && /\s/.test(text[i]!)) i--;
  return text[i] ?? '';
}
