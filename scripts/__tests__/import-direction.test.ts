import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The layering of architecture.md: flow imports nothing of ours; providers import flow; server
// imports flow and providers; widget imports flow and embed's protocol (never the loader); embed
// imports only itself, so embed.js stays free of widget code; the example lender site uses embed as a
// lender would; production code never imports test helpers.
const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');
const ALLOWED: Record<string, readonly string[]> = {
  flow: ['flow'],
  providers: ['flow', 'providers'],
  server: ['flow', 'providers', 'server'],
  widget: ['flow', 'widget', 'embed'],
  embed: ['embed'],
  'example-lender': ['embed', 'example-lender'],
  // The lender dashboard runs in the browser and speaks the shared API schemas only.
  dashboard: ['flow', 'dashboard'],
  // The designers' gallery runs in the browser: never server code (the catalogue reads the sandboxes' tables).
  demo: ['flow', 'providers', 'demo', 'widget', 'embed'],
};

/** Narrower rules inside a layer: [importing file pattern, target pattern it may not reach, why]. */
const FORBIDDEN: Array<[RegExp, RegExp, string]> = [
  [/^widget\//, /^embed\/(?!protocol$|constants$)/, 'the widget speaks the protocol, never the loader'],
  [/^server\/(?!main\.ts$)/, /^example-lender\//, 'only the composition root starts the example lender'],
];
// main.ts, the composition root, starts the example lender page in development.
const COMPOSITION_ROOT = 'server/main.ts';
// The vendors' names and labels: plain data with no imports, which flow (the widget's demo
// parameters, the dashboard's filters) reads without dragging vendor or server code along.
const VENDOR_NAMES = 'providers/vendor-names.ts';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

/** Tests, their fixtures, and the one home of test helpers (src/test-support). */
const isTest = (path: string) => /(^|\/)(__tests__|__fixtures__|test-support)\//.test(path) || /\.test\.tsx?$/.test(path);

/** Every relative import of a file, as the top-level src/ folder and path it lands in. */
function importsOf(file: string): Array<{ layer: string; path: string }> {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)].map((match) => {
    const target = relative(SRC, resolve(dirname(file), match[1]!));
    return { layer: target.split('/')[0]!, path: target };
  });
}

describe('import direction', () => {
  const files = sources(SRC).filter((file) => !isTest(relative(SRC, file)));

  it('keeps every production file inside its layer', () => {
    const violations: string[] = [];
    for (const file of files) {
      const layer = relative(SRC, file).split('/')[0]!;
      const allowed = ALLOWED[layer];
      if (!allowed) continue;
      const name = relative(SRC, file);
      for (const target of importsOf(file)) {
        const rootException = name === COMPOSITION_ROOT && target.layer === 'example-lender';
        const namesException = layer === 'flow' && target.path.replace(/(\.ts)?$/, '.ts') === VENDOR_NAMES;
        if (!allowed.includes(target.layer) && !rootException && !namesException) violations.push(`${name} -> ${target.path}`);
        for (const [from, to, why] of FORBIDDEN) {
          if (from.test(name) && to.test(target.path.replace(/\.tsx?$/, ''))) violations.push(`${name} -> ${target.path} (${why})`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it('never imports test helpers from production code', () => {
    const violations = files.flatMap((file) =>
      importsOf(file)
        .filter((target) => isTest(target.path))
        .map((target) => `${relative(SRC, file)} -> ${target.path}`),
    );
    expect(violations).toEqual([]);
  });

  it('lets flow reach the vendor names only because that file imports nothing', () => {
    expect(/^\s*(import|export)\b[^;]*\bfrom\b/m.test(readFileSync(join(SRC, VENDOR_NAMES), 'utf8'))).toBe(false);
  });

  it('reads the layers it guards', () => {
    const layers = new Set(files.map((file) => relative(SRC, file).split('/')[0]));
    for (const layer of Object.keys(ALLOWED)) expect(layers.has(layer), layer).toBe(true);
  });
});
