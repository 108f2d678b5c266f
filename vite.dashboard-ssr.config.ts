import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The dashboard's first-view renderer for the server (src/dashboard/ssr/render.tsx): the overview's
// key figures and funnel table as HTML in the page, hydrated by the dashboard's script. Node ESM in
// dist/dashboard-ssr; React and the other packages stay imports of node_modules. The stylesheet is
// the browser build's (dist/dashboard), not emitted here.
export default defineConfig({
  plugins: [react()],
  publicDir: false,
  build: {
    ssr: fileURLToPath(new URL('./src/dashboard/ssr/render.tsx', import.meta.url)),
    outDir: fileURLToPath(new URL('./dist/dashboard-ssr', import.meta.url)),
    emptyOutDir: true,
    target: 'node20',
    sourcemap: false,
    minify: false,
    // The charts and the other pages stay chunks of their own: the server never loads chart.js.
    rollupOptions: { output: { entryFileNames: 'render.js', chunkFileNames: '[name]-[hash].js' } },
  },
});
