import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { compressDirectory } from '../compress';

describe('compressDirectory', () => {
  it('writes .br and .gz beside every js, css, html and svg file that decompress to the original', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cl-compress-'));
    mkdirSync(join(dir, 'assets'));
    const files = {
      'index.html': '<!doctype html>'.repeat(50),
      'favicon.svg': '<svg xmlns="http://www.w3.org/2000/svg"></svg>',
      'assets/a-1.js': 'export const a = 1;'.repeat(100),
      'assets/a-1.css': 'body{margin:0}'.repeat(100),
      'assets/logo.png': 'PNG',
    };
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);

    const done = await compressDirectory(dir);

    expect(done.map((f) => f.file.slice(dir.length + 1)).sort()).toEqual(
      ['assets/a-1.css', 'assets/a-1.js', 'favicon.svg', 'index.html'].sort(),
    );
    for (const name of ['index.html', 'favicon.svg', 'assets/a-1.js', 'assets/a-1.css'] as const) {
      const path = join(dir, name);
      expect(brotliDecompressSync(readFileSync(`${path}.br`)).toString()).toBe(files[name]);
      expect(gunzipSync(readFileSync(`${path}.gz`)).toString()).toBe(files[name]);
    }
    expect(existsSync(join(dir, 'assets/logo.png.br'))).toBe(false);
    const js = done.find((f) => f.file.endsWith('a-1.js'));
    expect(js && js.br < js.bytes && js.gz < js.bytes).toBe(true);
  });
});
