import { defineConfig } from '@playwright/test';
import { E2E_PORTS } from './e2e/support/ports';
import { LOOSE_LIMITS_ENV } from './src/server/env-limits';

// End-to-end: the real BFF, compiled as production runs it (dist/server/main.js, `npm run build`
// first, as `npm run test:e2e` does), with its built-in Rong360 simulator, the built
// widget, Debian's Chromium at a phone viewport. Never a browser downloaded by Playwright.
const PORT = E2E_PORTS.bff;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The compiled server: what `npm start` and production run. */
const SERVER = 'node --enable-source-maps dist/server/main.js';
const FOREIGN_BFF_PORT = E2E_PORTS.foreignBff;
const FOREIGN_UPSTREAM_PORT = E2E_PORTS.foreignUpstream;
// A key pair made for tests only (never used anywhere else).
const TEST_KEYS = 'src/providers/rong360/__tests__/__fixtures__';
const DIANHUA_BFF_PORT = E2E_PORTS.dianhuaBff;
const FOREIGN_DIANHUA_BFF_PORT = E2E_PORTS.foreignDianhuaBff;
const FOREIGN_DIANHUA_PORT = E2E_PORTS.foreignDianhua;
// Test-only credentials of the foreign Dianhua upstream.
const FOREIGN_DIANHUA = { DIANHUA_APPID: 'e2e-lender', DIANHUA_APPSECRET: 'e2e-secret-not-real' };
// The example lender page (another origin: localhost, not 127.0.0.1) beside the Rong360 BFF.
const EXAMPLE_LENDER_PORT = E2E_PORTS.exampleLender;
// Only the first BFF serves an example lender page; the others must not try to bind PORT+1.
const NO_EXAMPLE = { EXAMPLE_LENDER_PORT: '0' };
// Each BFF keeps its store in memory: they must not share one ./data file (e2e/restart.spec.ts
// starts its own server on a temporary data directory).
const MEMORY_STORE = { DATA_DIR: ':memory:' };
// Development posture whatever the shell says, and abuse limits loose enough for a suite that plays
// the same sandbox numbers hundreds of times from one address (e2e/limits.spec.ts runs its own
// server with tight ones).
const DEVELOPMENT = { NODE_ENV: 'development', ...LOOSE_LIMITS_ENV };

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  // One retry on CI, as Playwright's own scaffolding sets it: a test that fails and then passes is
  // reported as "flaky" by name in the CI log (not hidden), while a real failure still fails twice.
  // Locally none: a flake shows at once.
  retries: process.env.CI ? 1 : 0,
  timeout: 30_000,
  expect: { timeout: 8_000 },
  forbidOnly: Boolean(process.env.CI),
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : [['list']],
  outputDir: 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: 'chromium',
    locale: 'zh-CN',
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: [
    {
      command: SERVER,
      url: `http://127.0.0.1:${PORT}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'pipe',
      env: {
        PORT: String(PORT),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        ...DEVELOPMENT,
        ...MEMORY_STORE,
        // Short enough that the countdown and the timeout fault are walked through in seconds.
        SMS_RESEND_SECONDS: '10',
        RONG360_TIMEOUT_MS: '3000',
        PUBLIC_URL: `http://127.0.0.1:${PORT}`,
        EXAMPLE_LENDER_PORT: String(EXAMPLE_LENDER_PORT),
        EXAMPLE_LENDER_ORIGIN: `http://localhost:${EXAMPLE_LENDER_PORT}`,
        // A test-only lender key for the server-to-server calls of e2e/embed.spec.ts.
        // ...and a second lender whose dashboard e2e/dashboard.spec.ts reads (its figures are its own).
        LENDER_API_KEYS: 'e2e:e2e_lender_key_not_a_real_secret_0001,dash:e2e_dashboard_key_not_a_real_secret_01',
      },
    },
    // A Rong360 upstream that is not our simulator, and a BFF configured for it as for a live gateway.
    {
      command: 'npx tsx e2e/support/foreign-upstream/rong360.ts',
      port: FOREIGN_UPSTREAM_PORT,
      reuseExistingServer: false,
      timeout: 60_000,
      env: { PORT: String(FOREIGN_UPSTREAM_PORT), RONG360_PUBLIC_KEY_FILE: `${TEST_KEYS}/merchant-public.pem` },
    },
    {
      command: SERVER,
      url: `http://127.0.0.1:${FOREIGN_BFF_PORT}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'pipe',
      env: {
        PORT: String(FOREIGN_BFF_PORT),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        ...DEVELOPMENT,
        ...MEMORY_STORE,
        RONG360_BASE_URL: `http://127.0.0.1:${FOREIGN_UPSTREAM_PORT}/gateway`,
        RONG360_APP_ID: '2024031500',
        RONG360_PRIVATE_KEY_FILE: `${TEST_KEYS}/merchant-private.pem`,
        ...NO_EXAMPLE,
      },
    },
    // The Dianhua upstream through its built-in simulator.
    {
      command: SERVER,
      url: `http://127.0.0.1:${DIANHUA_BFF_PORT}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'pipe',
      env: {
        PORT: String(DIANHUA_BFF_PORT),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        ...DEVELOPMENT,
        ...MEMORY_STORE,
        PROVIDER: 'dianhua',
        SMS_RESEND_SECONDS: '10',
        DIANHUA_TIMEOUT_MS: '3000',
        ...NO_EXAMPLE,
      },
    },
    // A Dianhua upstream that is not our simulator, and a BFF configured for it as for a live gateway.
    {
      command: 'npx tsx e2e/support/foreign-upstream/dianhua.ts',
      port: FOREIGN_DIANHUA_PORT,
      reuseExistingServer: false,
      timeout: 60_000,
      env: { PORT: String(FOREIGN_DIANHUA_PORT), ...FOREIGN_DIANHUA },
    },
    {
      command: SERVER,
      url: `http://127.0.0.1:${FOREIGN_DIANHUA_BFF_PORT}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'pipe',
      env: {
        PORT: String(FOREIGN_DIANHUA_BFF_PORT),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        ...DEVELOPMENT,
        ...MEMORY_STORE,
        PROVIDER: 'dianhua',
        DIANHUA_BASE_URL: `http://127.0.0.1:${FOREIGN_DIANHUA_PORT}`,
        ...FOREIGN_DIANHUA,
        ...NO_EXAMPLE,
      },
    },
  ],
});
