import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createContext, runInContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CarrierLinkGlobal } from '../types';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
/**
 * embed.js loads on every lender page that offers CarrierLink, usually before anyone clicks. A ratchet
 * against growth: the goal is 2,048 B, which `npm run bench` prints against the built file.
 */
const BUDGET_GZIP = 2560;

/** Builds embed.js with vite.embed.config.ts in memory (dist/ is left alone) and returns its code. */
async function buildEmbed(): Promise<{ fileName: string; code: string }[]> {
  const result = await build({ root: ROOT, configFile: `${ROOT}/vite.embed.config.ts`, logLevel: 'silent', build: { write: false } });
  const outputs = Array.isArray(result) ? result : [result];
  return outputs.flatMap((output) =>
    'output' in output
      ? output.output.flatMap((file) => (file.type === 'chunk' ? [{ fileName: file.fileName, code: file.code }] : []))
      : [],
  );
}

describe('embed.js (vite.embed.config.ts)', () => {
  let chunks: { fileName: string; code: string }[] = [];
  let code = '';
  beforeAll(async () => {
    chunks = await buildEmbed();
    code = chunks[0]?.code ?? '';
  }, 60_000);

  it('is one self-contained script named embed.js', () => {
    expect(chunks.map((chunk) => chunk.fileName)).toEqual(['embed.js']);
    expect(code).not.toMatch(/\bimport\b|\bexport\b|\brequire\(/);
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
