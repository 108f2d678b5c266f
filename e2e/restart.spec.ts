import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { CONSENT, enterSmsCode, expectAuthorized, login } from './support/browser';
import { LOOSE_LIMITS_ENV } from '../src/server/env-limits';
import { E2E_PORTS } from './support/ports';

// The whole loop on a server process this spec owns, so it can kill it (SIGKILL: no graceful
// shutdown) and start it again on the same data directory: authorize, vendor push, data fetch,
// lender webhook, lender data API. Nothing may be lost whenever the process dies.
const PORT = E2E_PORTS.restart;
const RECEIVER_PORT = E2E_PORTS.restartReceiver;
const BASE = `http://127.0.0.1:${PORT}`;
const API_KEY = 'e2e_restart_key_not_a_real_secret_0001';
const PHONE = '13800138000';

test.describe.configure({ mode: 'serial' });

let dataDir = '';
let server: ChildProcess | undefined;

async function startServer(): Promise<void> {
  server = spawn(process.execPath, ['--enable-source-maps', 'dist/server/main.js'], {
    env: {
      ...process.env,
      PORT: String(PORT),
      HOST: '127.0.0.1',
      PUBLIC_URL: BASE,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'development',
      ...LOOSE_LIMITS_ENV,
      EXAMPLE_LENDER_PORT: '0',
      LENDER_API_KEYS: `restart:${API_KEY}`,
      SMS_RESEND_SECONDS: '60',
      WEBHOOK_RETRY_BASE_MS: '300',
      COLLECT_FIRST_POLL_SECONDS: '30',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await expect
    .poll(
      async () =>
        fetch(`${BASE}/healthz`).then(
          (r) => r.status,
          () => 0,
        ),
      { timeout: 30_000, intervals: [200] },
    )
    .toBe(200);
}

async function killServer(): Promise<void> {
  const child = server;
  server = undefined;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

/** The lender's webhook endpoint: fails the first `failFirst` deliveries, then acknowledges. */
interface Receiver {
  server: Server;
  deliveries: Array<{ id: string; type: string; sessionId: string; signatureOk: boolean }>;
  failFirst: number;
  secret: string;
}

function startReceiver(): Promise<Receiver> {
  const receiver: Receiver = { server: createServer(), deliveries: [], failFirst: 0, secret: '' };
  receiver.server.on('request', (request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const header = String(request.headers['carrierlink-signature'] ?? '');
      const t = /t=(\d+)/.exec(header)?.[1] ?? '';
      const v1 = /v1=([0-9a-f]+)/.exec(header)?.[1] ?? '';
      const signatureOk = v1 === createHmac('sha256', receiver.secret).update(`${t}.${body}`).digest('hex');
      const event = JSON.parse(body) as { id: string; type: string; sessionId: string };
      receiver.deliveries.push({ id: event.id, type: event.type, sessionId: event.sessionId, signatureOk });
      expect(request.headers['idempotency-key']).toBe(event.id);
      const fail = receiver.failFirst > 0;
      if (fail) receiver.failFirst -= 1;
      response.writeHead(fail ? 500 : 204).end();
    });
  });
  return new Promise((resolve) => receiver.server.listen(RECEIVER_PORT, '127.0.0.1', () => resolve(receiver)));
}

const auth = { authorization: `Bearer ${API_KEY}` };

async function registerWebhook(request: APIRequestContext, receiver: Receiver): Promise<void> {
  const answer = await request.put(`${BASE}/api/v1/webhook`, { headers: auth, data: { url: `http://127.0.0.1:${RECEIVER_PORT}/hook` } });
  expect(answer.status()).toBe(200);
  receiver.secret = ((await answer.json()) as { signingSecret: string }).signingSecret;
}

async function openLink(page: Page, request: APIRequestContext): Promise<string> {
  const answer = await request.post(`${BASE}/api/link-tokens`, {
    headers: auth,
    data: { userId: `applicant-${Date.now()}`, allowedOrigins: [BASE], phone: PHONE },
  });
  expect(answer.status()).toBe(201);
  const { linkToken, sessionId } = (await answer.json()) as { linkToken: string; sessionId: string };
  await page.goto(`${BASE}/?link_token=${encodeURIComponent(linkToken)}`);
  await page.getByRole('checkbox', { name: CONSENT }).check();
  await page.getByRole('button', { name: '下一步' }).click();
  return sessionId;
}

const remainingSeconds = async (page: Page) =>
  Number(/(\d+)\s*秒后重新获取/.exec((await page.getByRole('button', { name: /秒后重新获取/ }).textContent()) ?? '')?.[1] ?? NaN);

let receiver: Receiver;

test.beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'carrierlink-e2e-restart-'));
  receiver = await startReceiver();
  await startServer();
});

test.afterAll(async () => {
  await killServer();
  await new Promise((resolve) => receiver.server.close(resolve));
  rmSync(dataDir, { recursive: true, force: true });
});

test('a server killed mid-flow comes back on the same step and countdown, and the data reaches the lender', async ({ page, request }) => {
  test.setTimeout(90_000);
  await registerWebhook(request, receiver);
  // The lender's endpoint is down for the first two deliveries: they are retried, same event id.
  receiver.failFirst = 2;
  const sessionId = await openLink(page, request);
  await login(page);
  const code = page.getByLabel('短信验证码', { exact: true });
  await expect(code).toBeVisible();
  const stepId = await page.locator('[data-step-id]').first().getAttribute('data-step-id');
  const before = await remainingSeconds(page);
  expect(before).toBeGreaterThan(40);

  await killServer();
  await startServer();
  await page.reload();

  await expect(code).toBeVisible();
  expect(await page.locator('[data-step-id]').first().getAttribute('data-step-id')).toBe(stepId);
  const after = await remainingSeconds(page);
  // The same countdown, only older: never restarted from 60.
  expect(after).toBeLessThanOrEqual(before);
  expect(after).toBeGreaterThan(before - 30);

  await enterSmsCode(page);
  await expectAuthorized(page);

  await expect
    .poll(() => receiver.deliveries.filter((d) => d.sessionId === sessionId && d.type === 'data_ready').length, { timeout: 45_000 })
    .toBe(1);
  const mine = receiver.deliveries.filter((d) => d.sessionId === sessionId);
  expect(mine.every((d) => d.signatureOk)).toBe(true);
  // authorized was attempted three times (two failures) under one id, and came before data_ready.
  const authorized = mine.filter((d) => d.type === 'authorized');
  expect(authorized).toHaveLength(3);
  expect(new Set(authorized.map((d) => d.id)).size).toBe(1);
  expect(mine.findIndex((d) => d.type === 'data_ready')).toBeGreaterThan(mine.findIndex((d) => d.type === 'authorized'));

  const status = await request.get(`${BASE}/api/v1/sessions/${sessionId}`, { headers: auth });
  expect(await status.json()).toMatchObject({ sessionId, status: 'data_ready', provider: 'rong360' });
  const data = await request.get(`${BASE}/api/v1/sessions/${sessionId}/data`, { headers: auth });
  expect(data.status()).toBe(200);
  const body = (await data.json()) as {
    data: {
      calls: unknown[];
      sms: unknown[];
      bills: unknown[];
      subscriber: { phone: string | null; idCard: string | null; idCardMasking: string | null };
    };
  };
  expect(body.data.calls.length).toBeGreaterThan(0);
  expect(body.data.sms.length).toBeGreaterThan(0);
  expect(body.data.bills.length).toBeGreaterThan(0);
  // The subscriber's number is kept; the ID card is masked for a lender not listed in LENDER_FULL_ID_CARDS.
  expect(body.data.subscriber).toMatchObject({ phone: PHONE, idCardMasking: 'carrierlink' });
  expect(body.data.subscriber.idCard).toMatch(/^\d{4}\*+\w{2}$/);
});

test('a server killed right after authorization still receives the vendor push and tells the lender', async ({ page, request }) => {
  test.setTimeout(90_000);
  await registerWebhook(request, receiver);
  const sessionId = await openLink(page, request);
  await login(page);
  await enterSmsCode(page);
  await expectAuthorized(page);
  // The simulator's notice is due ~2 s after login: the process dies before it is sent.
  await killServer();
  await startServer();

  // At-least-once: a delivery cut by the kill may come again, under the same id; lenders dedupe on it.
  const events = () => [
    ...new Map(
      receiver.deliveries.filter((d) => d.sessionId === sessionId && d.type !== 'crawl_progress').map((d) => [d.id, d.type]),
    ).values(),
  ];
  await expect.poll(events, { timeout: 45_000 }).toEqual(['authorized', 'data_ready']);
  const data = await request.get(`${BASE}/api/v1/sessions/${sessionId}/data`, { headers: auth });
  expect(data.status()).toBe(200);
});
