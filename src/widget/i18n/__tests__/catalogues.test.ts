import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { en } from '../en';
import { zhCN } from '../zh-cn';

const WIDGET = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** `path = value` for every string of a catalogue, arrays included. */
function leaves(value: unknown, path = ''): [string, unknown][] {
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, child]) => leaves(child, path ? `${path}.${key}` : key));
  }
  return [[path, value]];
}

/** The widget's .tsx sources, tests and test helpers excluded. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === '__tests__' || entry.name === 'test' ? [] : sources(path);
    return entry.name.endsWith('.tsx') ? [path] : [];
  });
}

describe('catalogues', () => {
  it('have the same keys in zh-CN and en, every one a non-empty string', () => {
    const zh = leaves(zhCN);
    const english = leaves(en);
    expect(english.map(([path]) => path)).toEqual(zh.map(([path]) => path));
    for (const [path, value] of [...zh, ...english]) {
      expect(typeof value === 'string' && value.trim() !== '', path).toBe(true);
    }
  });

  it('leave no user-facing text in the components themselves', () => {
    const files = sources(WIDGET);
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      // Accessible names and alternatives as string literals, and words between JSX tags.
      const attributes = [...code.matchAll(/\b(aria-label|aria-description|title|alt|placeholder)=(["'`])[^"'`]*\2/g)].map((m) => m[0]);
      const text = [...code.matchAll(/>([^<>{}]*[A-Za-z\u4e00-\u9fff][^<>{}]*)</g)]
        .map((m) => m[1]?.trim() ?? '')
        .filter((words) => words !== '' && !/^[\w.]+\s*=>/.test(words) && !/[;=(]/.test(words));
      // Chinese anywhere in the code is user-facing by definition.
      const chinese = code.match(/[\u4e00-\u9fff]+/g) ?? [];
      expect({ file, found: [...attributes, ...text, ...chinese] }).toEqual({ file, found: [] });
    }
  });
});
