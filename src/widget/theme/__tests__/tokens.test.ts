import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Theme } from '../../config';
import { contrast, parseHex, type Rgb } from '../color';
import { SURFACES, brandTokens, radiusTokens } from '../tokens';

const tokensCss = readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), '../../styles/tokens.css'), 'utf8');
const THEMES: readonly Theme[] = ['light', 'dark'];

/** Every brand on a 6-step grid of each channel: pale, dark, saturated and the mid-tones between. */
const GRID = [0x00, 0x33, 0x66, 0x99, 0xcc, 0xff];
const BRANDS: Rgb[] = GRID.flatMap((r) => GRID.flatMap((g) => GRID.map((b): Rgb => [r, g, b])));

function rgb(value: string | undefined): Rgb {
  const parsed = parseHex(value ?? '');
  if (!parsed) throw new Error(`not a hex colour: ${String(value)}`);
  return parsed;
}

/** The custom properties of one tokens.css block (`:root` or `[data-theme='dark']`). */
function cssBlock(theme: Theme): Record<string, string> {
  const start = tokensCss.indexOf(theme === 'light' ? ':root {' : "[data-theme='dark'] {");
  const body = tokensCss.slice(start, tokensCss.indexOf('}', start));
  return Object.fromEntries([...body.matchAll(/(--cl-[\w-]+):\s*([^;]+);/g)].map((m) => [m[1], m[2]?.trim()]));
}

describe('brand tokens', () => {
  it.each(THEMES)('keep button text readable on any brand, at rest, hovered and pressed (%s)', (theme) => {
    for (const brand of BRANDS) {
      const tokens = brandTokens(brand, theme);
      const onBrand = rgb(tokens['--cl-on-brand']);
      for (const fill of ['--cl-brand', '--cl-brand-strong', '--cl-brand-active'] as const) {
        expect(contrast(onBrand, rgb(tokens[fill])), `${tokens['--cl-brand']} ${fill}`).toBeGreaterThanOrEqual(4.5);
      }
      expect(['#ffffff', '#0b1220']).toContain(tokens['--cl-on-brand']);
    }
  });

  it.each(THEMES)('keep brand-coloured text readable on every surface and the buttons visible (%s)', (theme) => {
    const { surface, sunken, bg } = SURFACES[theme];
    for (const brand of BRANDS) {
      const tokens = brandTokens(brand, theme);
      const text = rgb(tokens['--cl-brand-text']);
      for (const background of [surface, sunken, bg, rgb(tokens['--cl-brand-soft']), rgb(tokens['--cl-info-soft'])]) {
        expect(contrast(text, background)).toBeGreaterThanOrEqual(4.5);
      }
      const fillOnCard = contrast(rgb(tokens['--cl-brand']), surface);
      if (fillOnCard < 3) expect(tokens['--cl-brand-border']).toBe(tokens['--cl-brand-text']);
      else expect(tokens['--cl-brand-border']).toBe('transparent');
      expect(tokens['--cl-focus-ring']).toMatch(/^0 0 0 3px rgb\(\d{1,3} \d{1,3} \d{1,3} \/ \d\d%\)$/);
    }
  });

  it('keeps the lender’s colour in light mode and lightens a brand lost on the dark card', () => {
    expect(brandTokens([0x00, 0x33, 0x66], 'light')['--cl-brand']).toBe('#003366');
    const dark = brandTokens([0x00, 0x33, 0x66], 'dark');
    expect(dark['--cl-brand']).not.toBe('#003366');
    expect(contrast(rgb(dark['--cl-brand']), SURFACES.dark.surface)).toBeGreaterThanOrEqual(3);
    // Yellow stays yellow (dark text on it) and gets a darker text colour for links on white.
    const yellow = brandTokens([0xff, 0xcc, 0x00], 'light');
    expect(yellow).toMatchObject({ '--cl-brand': '#ffcc00', '--cl-on-brand': '#0b1220' });
    expect(contrast(rgb(yellow['--cl-brand-text']), SURFACES.light.surface)).toBeGreaterThanOrEqual(4.5);
  });

  it('gives hover and active shades that differ from the fill, even for black and white brands', () => {
    for (const theme of THEMES) {
      for (const brand of [
        [0, 0, 0],
        [255, 255, 255],
        [0x1f, 0x6f, 0xeb],
      ] as const) {
        const tokens = brandTokens(brand, theme);
        expect(contrast(rgb(tokens['--cl-brand-strong']), rgb(tokens['--cl-brand']))).toBeGreaterThan(1.1);
        expect(tokens['--cl-brand-active']).not.toBe(tokens['--cl-brand-strong']);
      }
    }
  });
});

describe('radius tokens', () => {
  it('derives every corner from one radius, the default 14 px giving tokens.css’s values', () => {
    const light = cssBlock('light');
    expect(radiusTokens(14)).toEqual({
      '--cl-radius': light['--cl-radius'],
      '--cl-radius-sm': light['--cl-radius-sm'],
      '--cl-radius-xs': light['--cl-radius-xs'],
      '--cl-radius-pill': light['--cl-radius-pill'],
    });
    expect(radiusTokens(0)).toEqual({ '--cl-radius': '0px', '--cl-radius-sm': '0px', '--cl-radius-xs': '0px', '--cl-radius-pill': '0' });
    expect(radiusTokens(24)).toMatchObject({ '--cl-radius': '24px', '--cl-radius-sm': '17px', '--cl-radius-xs': '10px' });
  });
});

describe('tokens.css', () => {
  it('gives the device dark mode (before the script sets data-theme) exactly the dark theme’s tokens', () => {
    const start = tokensCss.indexOf(":root:not([data-theme='light']) {");
    expect(start).toBeGreaterThan(0);
    const body = tokensCss.slice(start, tokensCss.indexOf('}', start));
    const media = Object.fromEntries([...body.matchAll(/(--cl-[\w-]+):\s*([^;]+);/g)].map((m) => [m[1], m[2]?.trim()]));
    expect(media).toEqual(cssBlock('dark'));
  });

  it.each(THEMES)('has the surfaces theme/tokens.ts computes contrast against (%s)', (theme) => {
    const block = cssBlock(theme);
    const { surface, sunken, bg } = SURFACES[theme];
    expect([rgb(block['--cl-surface']), rgb(block['--cl-surface-sunken']), rgb(block['--cl-bg'])]).toEqual([surface, sunken, bg]);
  });

  it.each(THEMES)('meets the same contrast rules with the default brand (%s)', (theme) => {
    const block = { ...cssBlock('light'), ...(theme === 'dark' ? cssBlock('dark') : {}) };
    const text = rgb(block['--cl-brand-text']);
    for (const name of ['--cl-surface', '--cl-surface-sunken', '--cl-bg', '--cl-brand-soft', '--cl-info-soft']) {
      expect(contrast(text, rgb(block[name])), name).toBeGreaterThanOrEqual(4.5);
    }
    const onBrand = rgb(block['--cl-on-brand']);
    for (const name of ['--cl-brand', '--cl-brand-strong', '--cl-brand-active']) {
      expect(contrast(onBrand, rgb(block[name])), name).toBeGreaterThanOrEqual(4.5);
    }
  });

  it.each(THEMES)('keeps body text readable on the amber outage callout (%s)', (theme) => {
    const block = { ...cssBlock('light'), ...(theme === 'dark' ? cssBlock('dark') : {}) };
    expect(contrast(rgb(block['--cl-fg']), rgb(block['--cl-warning-soft']))).toBeGreaterThanOrEqual(4.5);
    // The callout must read as distinct from the card it sits on.
    expect(contrast(rgb(block['--cl-warning-border']), rgb(block['--cl-surface']))).toBeGreaterThan(1.3);
  });
});
