import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build, defineConfig, type Rolldown, type UserConfig } from 'vite';

// embed.js, the script lenders put on their pages: one IIFE with no zod and no React, goal 2 KB
// gzip (`npm run bench` prints its size), and beside it embed-modal.js, the modal's parts, which
// embed.js fetches when a modal is created and pins by its hash (Subresource Integrity). Built into
// dist/embed and served by the BFF at /embed.js and /embed-modal.js.
const pkg = JSON.parse(readFileSync(fileURLToPath(new URL('./package.json', import.meta.url)), 'utf8')) as { version: string };
const src = (path: string) => fileURLToPath(new URL(path, import.meta.url));

const iife = (entry: string, fileName: string, name: string) => ({
  target: 'es2017',
  minify: true,
  sourcemap: false,
  lib: { entry: src(entry), formats: ['iife' as const], name, fileName: () => fileName },
});

/** embed-modal.js's code, built in memory first (its hash goes into embed.js). */
async function buildModal(): Promise<string> {
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    publicDir: false,
    build: { ...iife('./src/embed/modal-entry.ts', 'embed-modal.js', 'CarrierLinkModal'), write: false },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
  const chunk = outputs.flatMap((output) => output.output).find((file) => file.type === 'chunk');
  if (!chunk || chunk.type !== 'chunk') throw new Error('embed-modal.js: no output');
  return chunk.code;
}

export default defineConfig(async (): Promise<UserConfig> => {
  const modal = await buildModal();
  const integrity = `sha256-${createHash('sha256').update(modal).digest('base64')}`;
  return {
    publicDir: false,
    define: { __CARRIERLINK_VERSION__: JSON.stringify(pkg.version), __CARRIERLINK_MODAL_SRI__: JSON.stringify(integrity) },
    plugins: [
      {
        name: 'carrierlink-embed-modal',
        generateBundle() {
          this.emitFile({ type: 'asset', fileName: 'embed-modal.js', source: modal });
        },
      },
    ],
    build: { ...iife('./src/embed/embed-entry.ts', 'embed.js', 'CarrierLinkEmbed'), outDir: src('./dist/embed'), emptyOutDir: true },
  };
});
