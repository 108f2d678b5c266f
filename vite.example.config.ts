import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The example lender's React page (src/example-lender/web), built into dist/example-lender and
// served by the example lender server on its own port (a different origin from the widget).
const root = fileURLToPath(new URL('./src/example-lender/web', import.meta.url));

export default defineConfig({
  root,
  plugins: [react()],
  publicDir: false,
  build: {
    outDir: fileURLToPath(new URL('./dist/example-lender', import.meta.url)),
    emptyOutDir: true,
    target: 'es2020',
    sourcemap: false,
    modulePreload: { polyfill: false },
    rollupOptions: { input: { react: fileURLToPath(new URL('./src/example-lender/web/react.html', import.meta.url)) } },
  },
});
