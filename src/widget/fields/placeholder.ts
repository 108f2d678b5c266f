/**
 * Where a field's short hint goes. A placeholder that does not fit its field is cut off (at 320 px,
 * or at 200% zoom a phone's field is about 125 CSS px wide), so only a short one stays a
 * placeholder; a longer one becomes a help line under the field, which wraps. Upstream hints often
 * start with "请输入…" ("please enter…"): the label already says that, so it is dropped first.
 */

/** A placeholder's budget in width units: a CJK glyph counts 2, anything else 1 (about 8 px at 16 px). */
export const PLACEHOLDER_UNITS = 14;

const FILLER = /^\s*(?:请输入|请填写|请输|输入)\s*/;
// CJK ideographs and punctuation, kana, hangul, full-width forms: about a whole em each.
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

/** The text's width in units (see PLACEHOLDER_UNITS). */
export function widthUnits(text: string): number {
  let units = 0;
  for (const char of text) units += WIDE.test(char) ? 2 : 1;
  return units;
}

export interface HintPlacement {
  /** What the input shows while empty, if the hint fits. */
  placeholder?: string;
  /** The hint as a help line under the field, if it does not fit. */
  helpLine?: string;
}

/** Puts `hint` in the placeholder when it fits (without its filler), else in a help line. */
export function placeHint(hint: string | undefined): HintPlacement {
  const text = hint?.trim();
  if (!text) return {};
  const short = text.replace(FILLER, '') || text;
  return widthUnits(short) <= PLACEHOLDER_UNITS ? { placeholder: short } : { helpLine: text };
}

/**
 * A select's budget for its prompt: less than an input's, as its arrow takes room on the right
 * (about 100 CSS px of text at 200% zoom on a 390 px phone).
 */
export const SELECT_PROMPT_UNITS = 12;

const CHOOSE = /^\s*(?:请选择|选择|please (?:choose|select)|choose|select)\s*/i;

/**
 * Where a select's hint goes: it is the prompt (the empty option) when it fits, a help line under
 * the field when it does not, and nowhere when it only says "choose" plus the label (the widget's
 * own short prompt, e.g. 请选择, is shown instead).
 */
export function placeSelectHint(hint: string | undefined, label: string): HintPlacement {
  const text = hint?.trim();
  if (!text) return {};
  const rest = text.replace(CHOOSE, '').trim();
  if (rest === '' || rest === label.trim()) return {};
  return widthUnits(text) <= SELECT_PROMPT_UNITS ? { placeholder: text } : { helpLine: text };
}

/** The field's help text: a hint too long for a placeholder first, then the detail hint. */
export function helpText(helpLine: string | undefined, detailHint: string | undefined): string | undefined {
  const lines = [helpLine, detailHint].filter((line): line is string => Boolean(line));
  return lines.length > 0 ? lines.join(' ') : undefined;
}
