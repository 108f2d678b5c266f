import { configDefaults, defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

/** Test files that need PostgreSQL (they run against both stores). */
const POSTGRES_TESTS = ['src/server/store/__tests__/**/*.test.ts', 'src/**/*.pg.test.ts'];

// The widget is built into dist/widget and served by the BFF (src/server). In development run
// `npm run dev` (the BFF) and `npx vite` side by side: Vite proxies /api to the BFF.
export default defineConfig({
  plugins: [react()],
  publicDir: 'public',
  build: {
    outDir: 'dist/widget',
    emptyOutDir: true,
    target: 'es2020',
    sourcemap: false,
    modulePreload: { polyfill: false },
    // The widget, and the designers' demo gallery (served at /demo when DEMO_MODE is on).
    rollupOptions: { input: { index: 'index.html', demo: 'demo.html' } },
  },
  server: {
    proxy: { '/api': `http://127.0.0.1:${process.env.PORT ?? '3000'}` },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: [
            'src/{flow,providers,server}/**/*.test.ts',
            'scripts/**/*.test.ts',
            'src/embed/**/*.node.test.ts',
            'src/demo/**/*.test.ts',
            'src/dashboard/**/*.test.ts',
          ],
          // Demo tests that need a DOM run in the jsdom project below; store tests in the postgres project.
          exclude: [...configDefaults.exclude, 'src/demo/**/*.dom.test.{ts,tsx}', ...POSTGRES_TESTS],
        },
      },
      {
        // Tests that run against both stores: SQLite and a real PostgreSQL the global setup starts
        // (only when a file of this project is selected).
        extends: true,
        test: {
          name: 'postgres',
          environment: 'node',
          include: POSTGRES_TESTS,
          globalSetup: ['scripts/vitest-postgres.ts'],
          // Starting a cluster (initdb) on a busy machine takes a while.
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'widget',
          environment: 'jsdom',
          include: [
            'src/widget/**/*.test.{ts,tsx}',
            'src/embed/**/*.test.{ts,tsx}',
            'src/demo/**/*.dom.test.{ts,tsx}',
            'src/dashboard/**/*.dom.test.{ts,tsx}',
          ],
          // What must run without a DOM (importing the loader, building embed.js) runs in the node project.
          exclude: [...configDefaults.exclude, 'src/embed/**/*.node.test.ts'],
          setupFiles: ['src/test-support/widget/setup.ts'],
        },
      },
    ],
  },
});
