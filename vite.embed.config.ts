import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// embed.js, the script lenders put on their pages: one IIFE with no zod and no React, goal 2 KB
// gzip (`npm run bench` prints its size). Built into dist/embed and served by the BFF at /embed.js.
const pkg = JSON.parse(readFileSync(fileURLToPath(new URL('./package.json', import.meta.url)), 'utf8')) as { version: string };

export default defineConfig({
  publicDir: false,
  define: { __CARRIERLINK_VERSION__: JSON.stringify(pkg.version) },
  build: {
    outDir: fileURLToPath(new URL('./dist/embed', import.meta.url)),
    emptyOutDir: true,
    target: 'es2017',
    minify: true,
    sourcemap: false,
    lib: {
      entry: fileURLToPath(new URL('./src/embed/embed-entry.ts', import.meta.url)),
      formats: ['iife'],
      name: 'CarrierLinkEmbed',
      fileName: () => 'embed.js',
    },
  },
});
