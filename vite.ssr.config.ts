import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The widget's page renderer for the server (src/widget/ssr/render.tsx): the phone step as HTML
// before the widget's script runs. Node ESM in dist/widget-ssr; React and the other packages stay
// imports of node_modules. Stylesheets are the browser build's (dist/widget), not emitted here.
export default defineConfig({
  plugins: [react()],
  publicDir: false,
  build: {
    ssr: fileURLToPath(new URL('./src/widget/ssr/render.tsx', import.meta.url)),
    outDir: fileURLToPath(new URL('./dist/widget-ssr', import.meta.url)),
    emptyOutDir: true,
    target: 'node20',
    sourcemap: false,
    minify: false,
    rollupOptions: { output: { entryFileNames: 'render.js', inlineDynamicImports: true } },
  },
});
