import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// House rules every committed text file keeps: comments never cite a work item by its number, and
// no file carries a path of the machine it was written on. A test that needs a
// scratch folder asks os.tmpdir() for one.
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** Not committed (.gitignore) or not text. */
const SKIP_DIRS = new Set([
  '.git',
  'node_modules',
  'dist',
  'coverage',
  'playwright-report',
  'test-results',
  'blob-report',
  '.cache',
  'data',
  'screenshots',
]);
const TEXT = /\.(ts|tsx|js|mjs|cjs|json|md|html|css|sh|sql|txt|ya?ml)$/;

function textFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return SKIP_DIRS.has(name) ? [] : textFiles(path);
    return TEXT.test(name) && name !== 'package-lock.json' ? [path] : [];
  });
}

// Built from parts so that this file does not match itself.
const WORK_ITEM = new RegExp(
  ['\\b(issue|issues|ticket|work item)\\s*#?\\d+', '\\(#\\d+\\)', '(^|\\s)#\\d{1,4}\\b(?![0-9a-fA-F])'].join('|'),
  'i',
);
const MACHINE_PATH = new RegExp(`(^|[^\\w.~-])/(${['work', 'tmp', 'home', 'root', 'Users'].join('|')})/`);

/** Every line of every committed text file that matches `pattern`, as `path:line: text`. */
function offenders(pattern: RegExp, skip: (path: string) => boolean = () => false): string[] {
  return textFiles(ROOT)
    .map((file) => relative(ROOT, file))
    .filter((path) => !skip(path))
    .flatMap((path) =>
      readFileSync(join(ROOT, path), 'utf8')
        .split('\n')
        .flatMap((line, index) => (pattern.test(line) ? [`${path}:${index + 1}: ${line.trim().slice(0, 120)}`] : [])),
    );
}

describe('house rules', () => {
  it('cites no work item number in any comment or document', () => {
    // Stylesheets are skipped: `#222` there is a colour.
    expect(offenders(WORK_ITEM, (path) => path.endsWith('.css'))).toEqual([]);
  });

  it('carries no path of this machine in any committed file', () => {
    expect(offenders(MACHINE_PATH)).toEqual([]);
  });

  it('recognises what it looks for', () => {
    const hash = '#';
    expect(WORK_ITEM.test(`// read the data (${'issue'} 6).`)).toBe(true);
    expect(WORK_ITEM.test(`/** fixed in ${hash}12 */`)).toBe(true);
    expect(WORK_ITEM.test(`/** fixed (${hash}12) */`)).toBe(true);
    expect(WORK_ITEM.test("color: '#767676'")).toBe(false);
    expect(MACHINE_PATH.test(`see ${'/work'}/shared/notes.md`)).toBe(true);
    expect(MACHINE_PATH.test(`mkdtemp(join(tmpdir(), 'x'))`)).toBe(false);
    expect(MACHINE_PATH.test('GET /api/v1/sessions/tmp/1')).toBe(false);
  });
});
