import { cpSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The server compiled to JavaScript (dist/server), what `npm start` and production run with plain
// node. Vite's SSR build bundles our TypeScript (extensionless imports, moduleResolution Bundler,
// `import type` erased) into ES modules and leaves every package in node_modules external: native
// better-sqlite3, pg, fastify load as installed, and nothing of tsx or @types is needed at run time.
// tsc cannot emit this (it keeps extensionless specifiers Node's ESM loader refuses).
const src = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url));

export default defineConfig({
  publicDir: false,
  build: {
    ssr: true,
    outDir: fileURLToPath(new URL('./dist/server', import.meta.url)),
    emptyOutDir: true,
    target: 'node20',
    sourcemap: true,
    minify: false,
    rollupOptions: {
      input: {
        main: src('server/main.ts'),
        // The SQLite funnel reader's thread (store/sqlite/analytics-reader.ts finds it here).
        'analytics-worker': src('server/store/sqlite/analytics-worker.ts'),
        'simulator-rong360': src('providers/rong360/simulator-main.ts'),
        'simulator-dianhua': src('providers/dianhua/simulator-main.ts'),
      },
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
    },
  },
  plugins: [
    {
      name: 'carrierlink-example-pages',
      // The example lender's static pages, for a deployment that ships dist/ without src/.
      closeBundle() {
        cpSync(src('example-lender/pages'), fileURLToPath(new URL('./dist/example-lender/pages', import.meta.url)), { recursive: true });
      },
    },
  ],
});
