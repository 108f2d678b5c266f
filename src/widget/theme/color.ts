/** An sRGB colour as three 0..255 channels. */
export type Rgb = readonly [number, number, number];

export const WHITE: Rgb = [255, 255, 255];
export const BLACK: Rgb = [0, 0, 0];

/** `#rgb` or `#rrggbb` only: a URL parameter never reaches CSS unless it matches this exactly. */
export const HEX_COLOUR = /^#(?:[\da-f]{3}){1,2}$/i;

/** The colour of a `#rgb`/`#rrggbb` string, or undefined for anything else. */
export function parseHex(value: string): Rgb | undefined {
  if (!HEX_COLOUR.test(value)) return undefined;
  const digits = value.length === 4 ? [...value.slice(1)].map((d) => d + d) : [value.slice(1, 3), value.slice(3, 5), value.slice(5, 7)];
  const [r = 0, g = 0, b = 0] = digits.map((pair) => Number.parseInt(pair, 16));
  return [r, g, b];
}

export function toHex(rgb: Rgb): string {
  return `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

/** `r g b` for `rgb(r g b / alpha)` in CSS. */
export function toRgbChannels(rgb: Rgb): string {
  return rgb.join(' ');
}

/**
 * `from` moved `amount` (0..1) of the way to `to`, channel by channel, rounded: contrast is then
 * checked on exactly the colour that `toHex` writes.
 */
export function mix(from: Rgb, to: Rgb, amount: number): Rgb {
  const at = (i: 0 | 1 | 2) => Math.round(from[i] + (to[i] - from[i]) * amount);
  return [at(0), at(1), at(2)];
}

/** WCAG 2 relative luminance (0 for black, 1 for white). */
export function luminance(rgb: Rgb): number {
  const linear = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  const [r = 0, g = 0, b = 0] = linear;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio, 1 (same) to 21 (black on white). */
export function contrast(a: Rgb, b: Rgb): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return ((light ?? 0) + 0.05) / ((dark ?? 0) + 0.05);
}

/**
 * `colour` moved towards `towards` in 5% steps until it reaches `ratio` against every background
 * (or `towards` itself, the best it can do).
 */
export function ensureContrast(colour: Rgb, backgrounds: readonly Rgb[], ratio: number, towards: Rgb): Rgb {
  for (let step = 0; step <= 20; step += 1) {
    const candidate = mix(colour, towards, step / 20);
    if (backgrounds.every((background) => contrast(candidate, background) >= ratio)) return candidate;
  }
  return towards;
}
