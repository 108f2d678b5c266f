import type { Theme } from '../config';
import { BLACK, WHITE, contrast, ensureContrast, mix, toHex, toRgbChannels, type Rgb } from './color';

/** CSS custom property name -> value, written on the root element (apply-theme.ts). */
export type ThemeTokens = Readonly<Record<`--cl-${string}`, string>>;

/** The largest `radius` parameter; larger corners would eat the 44 px touch targets. */
export const MAX_RADIUS = 24;

/** A whole number of px from 0 to MAX_RADIUS. */
export function isRadius(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= MAX_RADIUS;
}

/** The text colour on a light brand (the dark theme's ink, softer than pure black). */
export const NEAR_BLACK: Rgb = [0x0b, 0x12, 0x20];

/**
 * The backgrounds brand-coloured text and controls sit on, per theme: copies of tokens.css
 * (`--cl-surface`, `--cl-surface-sunken`, `--cl-bg`), which a test holds equal.
 */
export const SURFACES: Readonly<Record<Theme, { surface: Rgb; sunken: Rgb; bg: Rgb }>> = {
  light: { surface: [0xff, 0xff, 0xff], sunken: [0xf7, 0xf8, 0xfb], bg: [0xf2, 0xf4, 0xf8] },
  dark: { surface: [0x16, 0x1b, 0x24], sunken: [0x11, 0x16, 0x1e], bg: [0x0d, 0x11, 0x17] },
};

/** WCAG AA for body text, and for the outline of a control (1.4.11). */
const TEXT_CONTRAST = 4.5;
const CONTROL_CONTRAST = 3;

/** White or near-black, whichever reads better on `fill`. */
export function textOn(fill: Rgb): Rgb {
  return contrast(WHITE, fill) >= contrast(NEAR_BLACK, fill) ? WHITE : NEAR_BLACK;
}

/**
 * `fill` moved `amount` away from its text colour, so the text only gains contrast. A fill that
 * is already (nearly) black or white barely changes that way; it moves towards the text instead
 * when the text still reads on the result.
 */
function shade(fill: Rgb, onBrand: Rgb, amount: number): Rgb {
  const away = mix(fill, onBrand === WHITE ? BLACK : WHITE, amount);
  if (contrast(away, fill) >= 1.1) return away;
  const towards = mix(fill, onBrand, amount);
  return contrast(onBrand, towards) >= TEXT_CONTRAST ? towards : away;
}

/**
 * Everything the brand colour drives, for one theme. Light keeps the lender's colour as the button
 * fill; dark lightens a brand that would vanish on the dark card (as the default dark palette does).
 * A mid-tone neither text colour reads on is darkened just enough for white; a fill too pale for
 * the card gets an outline. Brand-coloured text (links, outlined buttons, focus border) is darkened
 * (light) or lightened (dark) until it reads on every surface; hover and active shades move away
 * from the button's text colour, so they only ever gain contrast.
 */
export function brandTokens(brand: Rgb, theme: Theme): ThemeTokens {
  const { surface, sunken, bg } = SURFACES[theme];
  const dark = theme === 'dark';
  const seen = dark ? ensureContrast(brand, [surface], CONTROL_CONTRAST, WHITE) : brand;
  // Mid-tones (luminance near 0.19) read below 4.5:1 with either text colour: darken those for white.
  const fill = contrast(textOn(seen), seen) >= TEXT_CONTRAST ? seen : ensureContrast(seen, [WHITE], TEXT_CONTRAST, BLACK);
  const onBrand = textOn(fill);
  const soft = mix(surface, fill, dark ? 0.22 : 0.1);
  const infoSoft = mix(surface, fill, dark ? 0.12 : 0.06);
  const text = ensureContrast(fill, [surface, sunken, bg, soft, infoSoft], TEXT_CONTRAST, dark ? WHITE : BLACK);
  return {
    '--cl-brand': toHex(fill),
    '--cl-brand-strong': toHex(shade(fill, onBrand, 0.15)),
    '--cl-brand-active': toHex(shade(fill, onBrand, 0.28)),
    // A fill too pale to see on the card (yellow, white) gets an outline in the text colour.
    '--cl-brand-border': contrast(fill, surface) >= CONTROL_CONTRAST ? 'transparent' : toHex(text),
    '--cl-brand-soft': toHex(soft),
    '--cl-brand-text': toHex(text),
    '--cl-on-brand': toHex(onBrand),
    '--cl-info-soft': toHex(infoSoft),
    '--cl-focus-ring': `0 0 0 3px rgb(${toRgbChannels(text)} / ${dark ? 55 : 45}%)`,
  };
}

/**
 * Every rounded corner from one radius: cards take it, inputs and buttons 5/7 of it, small
 * details 3/7 (14 px gives the default 14/10/6). Pills stay pills unless corners are square.
 */
export function radiusTokens(radius: number): ThemeTokens {
  return {
    '--cl-radius': `${radius}px`,
    '--cl-radius-sm': `${Math.round((radius * 5) / 7)}px`,
    '--cl-radius-xs': `${Math.round((radius * 3) / 7)}px`,
    '--cl-radius-pill': radius === 0 ? '0' : '999px',
  };
}
