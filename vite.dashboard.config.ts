import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import type { Plugin } from 'vite';
import react from '@vitejs/plugin-react';

// The lender dashboard (src/dashboard), its own build into dist/dashboard, served by the BFF at
// /dashboard. A separate build rather than another input of vite.config.ts: the widget's chunks
// stay exactly as they are, and chart.js can never land in them.
/**
 * The entry script is `async`: it loads and runs while the server is still computing the first
 * view's figures (the boot block it streams at the end of the page); main.tsx waits for the
 * page's end before it reads the block. Deferred, it would wait for the whole page to arrive.
 */
const asyncEntry: Plugin = {
  name: 'carrierlink-async-entry',
  transformIndexHtml: {
    order: 'post',
    handler(html) {
      const tag = /<script type="module" crossorigin src=/;
      if (!tag.test(html)) throw new Error('dashboard.html: the entry script tag is not where it was expected');
      return html.replace(tag, '<script type="module" async crossorigin src=');
    },
  },
};

export default defineConfig({
  plugins: [react(), asyncEntry],
  base: '/dashboard/',
  publicDir: false,
  build: {
    outDir: fileURLToPath(new URL('./dist/dashboard', import.meta.url)),
    emptyOutDir: true,
    target: 'es2020',
    sourcemap: false,
    modulePreload: { polyfill: false },
    rollupOptions: { input: { dashboard: fileURLToPath(new URL('./dashboard.html', import.meta.url)) } },
  },
  // `npx vite -c vite.dashboard.config.ts` beside `npm run dev`: /dashboard/dashboard.html with hot reload.
  server: { proxy: { '/api': `http://127.0.0.1:${process.env.PORT ?? '3000'}` } },
});
