// Lint: typescript-eslint's recommended rules, React hooks discipline left to review, and the
// import boundaries of the architecture (flow imports nothing of ours; the widget never imports
// the server; the loader imports only the protocol; production code never imports tests).
import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** The architecture's import directions, for every file (tests included). */
const BOUNDARIES = [
  // Except the vendors' names and labels: plain data, so flow still drags no vendor or server code.
  {
    target: './src/flow',
    from: './src',
    except: ['./flow', './providers/vendor-names.ts'],
    message: 'flow imports nothing of ours but the vendor names.',
  },
  { target: './src/widget', from: './src/server', message: 'The widget never imports the server.' },
  { target: './src/widget', from: './src/providers', message: 'The widget never imports vendor code.' },
  { target: './src/embed/loader.ts', from: './src', except: ['./embed'], message: 'The loader imports only the embed protocol.' },
  { target: './src/providers', from: './src/server', message: 'Vendors never import the server.' },
  { target: './src/server', from: './src/widget', message: 'The server never imports the widget.' },
  { target: './src/dashboard', from: './src', except: ['./dashboard', './flow'], message: 'The dashboard speaks flow schemas only.' },
  { target: './src/server', from: './src/dashboard', message: 'The server never imports the dashboard page.' },
  // Helpers keep the boundaries of the layer they serve.
  { target: './src/test-support/widget', from: './src/server', message: 'Widget test helpers never import the server.' },
  { target: './src/test-support/widget', from: './src/providers', message: 'Widget test helpers never import vendor code.' },
  { target: './src/test-support/providers', from: './src/server', message: 'Vendor test helpers never import the server.' },
];

/** node:assert throws AssertionErrors with no code: production code throws errors that say what went wrong. */
const NO_ASSERT = ['node:assert', 'assert', 'node:assert/strict', 'assert/strict'].map((name) => ({
  name,
  message: 'node:assert belongs in tests: throw an error that says what went wrong.',
}));

/** flow's zod-free modules: the entry (index.ts) and what it re-exports by value. Schemas live in flow/schemas. */
const FLOW_ZOD_FREE = ['index', 'constants', 'errors', 'phone', 'id-card', 'new-password', 'page', 'analytics', 'demo-query'].map(
  (name) => `src/flow/${name}.ts`,
);

/** The one home of unit-test helpers (harnesses, fakes, shared contract suites); e2e keeps its own in e2e/support. */
const TEST_SUPPORT = './src/test-support';

const TESTS = ['./src/**/__tests__/**', './src/**/*.test.ts', './src/**/*.test.tsx', `${TEST_SUPPORT}/**`, './e2e/**'];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'coverage/**',
      'playwright-report/**',
      'test-results/**',
      'node_modules/**',
      'data/**',
      'src/example-lender/pages/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.json'] })] },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      'no-restricted-syntax': ['error', { selector: 'TSEnumDeclaration', message: 'Use an `as const` object and a derived union.' }],
      'import-x/no-restricted-paths': ['error', { zones: BOUNDARIES }],
    },
  },
  {
    // Production code never imports tests or their helpers.
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/**/__tests__/**', 'src/**/*.test.ts', 'src/**/*.test.tsx', 'src/test-support/**'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            ...BOUNDARIES,
            { target: './src', from: TESTS, message: 'Production code never imports tests or test helpers (src/test-support).' },
          ],
        },
      ],
      'no-restricted-imports': ['error', { paths: NO_ASSERT }],
    },
  },
  {
    // Build, bench and server scripts are production code too (their tests are not).
    files: ['scripts/**/*.ts'],
    ignores: ['scripts/**/__tests__/**'],
    rules: { 'no-restricted-imports': ['error', { paths: NO_ASSERT }] },
  },
  {
    // The flow entry stays free of zod so that constants never drag a schema into a bundle
    // (src/flow/__tests__/entry-without-zod.test.ts checks the whole graph).
    files: FLOW_ZOD_FREE,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: NO_ASSERT,
          patterns: [{ group: ['zod', 'zod/*'], message: 'This flow module is zod-free: put schemas in a schema module (flow/schemas).' }],
        },
      ],
    },
  },
);
