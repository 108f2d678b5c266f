import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The lender dashboard (src/dashboard), its own build into dist/dashboard, served by the BFF at
// /dashboard. A separate build rather than another input of vite.config.ts: the widget's chunks
// stay exactly as they are, and chart.js can never land in them.
export default defineConfig({
  plugins: [react()],
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
