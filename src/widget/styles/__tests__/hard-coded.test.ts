import { readFileSync, readdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const STYLES = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const sheets = readdirSync(STYLES)
  .filter((name) => name.endsWith('.css') && name !== 'tokens.css')
  .map((name) => ({ name, css: readFileSync(resolve(STYLES, name), 'utf8') }));

/** Declarations as `file: property: value`, comments dropped. */
const declarations = sheets.flatMap(({ name, css }) =>
  [...css.replace(/\/\*[\s\S]*?\*\//g, '').matchAll(/([\w-]+)\s*:\s*([^;{}]+);/g)].map((m) => `${name}: ${m[1]}: ${m[2]?.trim()}`),
);

describe('styles outside tokens.css', () => {
  it('round every corner with a radius token (circles excepted)', () => {
    const radii = declarations.filter((d) => /: border-radius: /.test(d));
    expect(radii.length).toBeGreaterThan(5);
    for (const declaration of radii) {
      expect(declaration).toMatch(/: border-radius: (?:(?:var\(--cl-radius(?:-\w+)?\)|0)\s*)+$|: border-radius: 50%$/);
    }
  });

  it('name no colour except the carriers’ own badges and the white behind captcha images', () => {
    const literal = declarations.filter((d) => /#[0-9a-f]{3,8}\b|rgba?\(|hsla?\(/i.test(d));
    expect(literal.filter((d) => !d.startsWith('consent.css: ') && d !== 'form.css: background: #fff')).toEqual([]);
    // The badges' literal colours are the carriers' brands, not ours: 4 carriers x (background, colour).
    expect(literal.filter((d) => d.startsWith('consent.css: '))).toHaveLength(8);
  });
});
