import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createContext, runInContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CarrierLinkGlobal } from '../types';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
/**
 * embed.js loads on every lender page that offers CarrierLink, usually before anyone clicks: at most
 * 2,048 B gzip (`npm run bench` prints the built file's size against it).
 */
const BUDGET_GZIP = 2048;

interface Output {
  fileName: string;
  code: string;
  type: 'chunk' | 'asset';
}

/** Builds embed.js and embed-modal.js with vite.embed.config.ts in memory (dist/ is left alone). */
async function buildEmbed(): Promise<Output[]> {
  const result = await build({ root: ROOT, configFile: `${ROOT}/vite.embed.config.ts`, logLevel: 'silent', build: { write: false } });
  const outputs = Array.isArray(result) ? result : [result];
  return outputs.flatMap((output) =>
    'output' in output
      ? output.output.map((file) =>
          file.type === 'chunk'
            ? { fileName: file.fileName, code: file.code, type: file.type }
            : { fileName: file.fileName, code: String(file.source), type: file.type },
        )
      : [],
  );
}

describe('embed.js (vite.embed.config.ts)', () => {
  let chunks: Output[] = [];
  let code = '';
  let modal = '';
  beforeAll(async () => {
    const outputs = await buildEmbed();
    chunks = outputs.filter((file) => file.type === 'chunk');
    code = chunks[0]?.code ?? '';
    modal = outputs.find((file) => file.fileName === 'embed-modal.js')?.code ?? '';
  }, 60_000);

  it('is one self-contained script named embed.js, with embed-modal.js beside it', () => {
    expect(chunks.map((chunk) => chunk.fileName)).toEqual(['embed.js']);
    expect(code).not.toMatch(/\bimport\b|\bexport\b|\brequire\(/);
    expect(modal).toMatch(/^\(function\(\)\{/);
    expect(modal).not.toMatch(/\bimport\b|\bexport\b|\brequire\(|zod|react/i);
  });

  it('pins embed-modal.js by its sha256 (Subresource Integrity, fetched with CORS) and asks for this release of it', () => {
    const integrity = `sha256-${createHash('sha256').update(modal).digest('base64')}`;
    expect(code).toContain(integrity);
    expect(code).toContain('anonymous');
    // The URL carries a piece of the hash (sliced at run time), so no cached copy of another release is used.
    expect(code).toContain('embed-modal.js');
    expect(code).toMatch(/\.slice\(7,15\)/);
  });

  it('embed-modal.js defines no global: it hands its parts only to the <script> element that loaded it', () => {
    const handed: unknown[] = [];
    const script = { carrierLink: (create: unknown) => handed.push(create) };
    const context = createContext({ document: { currentScript: script } });
    runInContext(modal, context);
    expect(handed).toEqual([expect.any(Function)]);
    expect(Object.keys(context)).toEqual(['document']);
    // Loaded some other way (no hook on its element), it does nothing.
    runInContext(modal, createContext({ document: { currentScript: null } }));
  });

  it(`stays within ${BUDGET_GZIP} bytes gzipped and carries no zod and no React`, () => {
    const gzip = gzipSync(code, { level: 9 }).length;
    expect(gzip).toBeLessThanOrEqual(BUDGET_GZIP);
    expect(code).not.toMatch(/zod|react/i);
  });

  it('defines window.CarrierLink once on a page that loads it twice, and leaks no other global', () => {
    // A bare page stand-in: installing the global must not need more than window and document.
    const page = { document: { currentScript: null } } as { document: object; CarrierLink?: CarrierLinkGlobal };
    const context = createContext({ window: page });
    runInContext(code, context);
    const first = page.CarrierLink;
    runInContext(code, context);
    expect(page.CarrierLink).toBe(first);
    expect(Object.keys(context)).toEqual(['window']);
    const { version } = JSON.parse(readFileSync(`${ROOT}/package.json`, 'utf8')) as { version: string };
    expect(first?.version).toBe(version);
    expect(() => first?.create({ token: 'lt_nope', onSuccess: () => undefined })).toThrow(/`token` must be a link token/);
  });
});
