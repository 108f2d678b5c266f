import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { expect, test } from '@playwright/test';
import { SANDBOX_PASSWORD } from '../src/providers/dianhua/sandbox';
import { startTestPostgres, type TestPostgres } from '../scripts/test-postgres';
import { CONSENT, enterSmsCode, expectAuthorized } from './support/browser';
import { sleep, startBalancer, startCountingProxy, startNode, startWebhookReceiver, waitFor, type Proc } from './support/cluster';
import { E2E_PORTS } from './support/ports';

// Two CarrierLink instances on one PostgreSQL behind a load balancer, as a lender runs them, in
// front of one Dianhua (its simulator as a process of its own, behind a proxy that counts the
// calls that reach it). The applicant's browser talks to the load balancer only.
const API_KEY = 'e2e_scale_key_not_a_real_secret_0001';
const APP = { DIANHUA_APPID: 'e2e-scale-app', DIANHUA_APPSECRET: 'e2e-scale-secret-not-real' };
const PHONE = '13800138000';
const ports = E2E_PORTS;
const instanceUrl = (port: number) => `http://127.0.0.1:${port}`;
const A = instanceUrl(ports.scaleInstanceA);
const B = instanceUrl(ports.scaleInstanceB);

test.describe.configure({ mode: 'serial', timeout: 180_000 });

let database: TestPostgres;
let databaseUrl = '';
let simulator: Proc;
let vendor: Awaited<ReturnType<typeof startCountingProxy>>;
let balancer: Awaited<ReturnType<typeof startBalancer>>;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
const instances: Proc[] = [];
const dataDirs: string[] = [];

/** One instance: the compiled server, its own empty DATA_DIR, everything shared through PostgreSQL. */
function startInstance(port: number): Proc {
  const dataDir = mkdtempSync(join(tmpdir(), 'carrierlink-e2e-scale-'));
  dataDirs.push(dataDir);
  const proc = startNode('dist/server/main.js', {
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: balancer.url,
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    // Every instance must accept the same vendor push URLs (required with DATABASE_URL).
    PUSH_SECRET: 'e2e_scale_push_secret_not_a_real_one_01',
    DATABASE_POOL_SIZE: '5',
    PROVIDER: 'dianhua',
    DIANHUA_BASE_URL: vendor.url,
    ...APP,
    LENDER_API_KEYS: `scale:${API_KEY}`,
    EXAMPLE_LENDER_PORT: '0',
    DEMO_MODE: 'off',
    LOG_LEVEL: 'warn',
    WEBHOOK_RETRY_BASE_MS: '300',
    COLLECT_FIRST_POLL_SECONDS: '30',
    // On SIGTERM: two seconds of draining before the listener closes.
    SHUTDOWN_DELAY_SECONDS: '2',
  });
  instances.push(proc);
  return proc;
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  database = await startTestPostgres();
  // A database of its own, so a TEST_DATABASE_URL server is left as it was.
  const name = `carrierlink_e2e_${Date.now()}`;
  const admin = new pg.Client({ connectionString: database.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(database.url);
  url.pathname = `/${name}`;
  databaseUrl = url.toString();

  receiver = await startWebhookReceiver(ports.scaleReceiver);
  const balancerUrl = instanceUrl(ports.scaleBalancer);
  simulator = startNode('dist/server/simulator-dianhua.js', {
    PORT: String(ports.scaleSimulator),
    HOST: '127.0.0.1',
    ...APP,
    CRAWL_MS: '1500',
    // Dianhua's pushes come to the deployment's public address, whichever instance takes them.
    DIANHUA_PUSH_AUTH_URL: `${balancerUrl}/hooks/dianhua`,
    DIANHUA_PUSH_REPORT_URL: `${balancerUrl}/hooks/dianhua`,
    DIANHUA_PUSH_RESULT_URL: `${balancerUrl}/hooks/dianhua`,
  });
  // The login call is slowed down so that two submissions of one password surely overlap.
  vendor = await startCountingProxy(ports.scaleVendorProxy, instanceUrl(ports.scaleSimulator), { '/calls/login': 800 });
  balancer = await startBalancer(ports.scaleBalancer, [A, B]);
  const [a, b] = [startInstance(ports.scaleInstanceA), startInstance(ports.scaleInstanceB)];
  await Promise.all([waitFor(`${A}/readyz`, a), waitFor(`${B}/readyz`, b)]);
});

test.afterAll(async () => {
  for (const proc of instances) await proc.kill();
  await simulator?.kill();
  await Promise.all([vendor?.close(), balancer?.close(), receiver?.close()]);
  await database?.stop();
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

const auth = { authorization: `Bearer ${API_KEY}` };

test('one session across two instances: one vendor call per submission, a killed instance loses nothing, every webhook once', async ({
  page,
  request,
}) => {
  const webhook = await request.put(`${balancer.url}/api/v1/webhook`, { headers: auth, data: { url: receiver.url } });
  expect(webhook.status()).toBe(200);
  receiver.secret = ((await webhook.json()) as { signingSecret: string }).signingSecret;
  const link = await request.post(`${balancer.url}/api/link-tokens`, {
    headers: auth,
    data: { userId: `applicant-${Date.now()}`, allowedOrigins: [balancer.url], phone: PHONE },
  });
  expect(link.status()).toBe(201);
  const { linkToken, sessionId } = (await link.json()) as { linkToken: string; sessionId: string };

  await page.goto(`${balancer.url}/?link_token=${encodeURIComponent(linkToken)}`);
  await page.getByRole('checkbox', { name: CONSENT }).check();
  await page.getByRole('button', { name: '下一步' }).click();
  await expect(page.getByLabel('服务密码', { exact: true })).toBeVisible();
  const stepId = await page.locator('[data-step-id]').first().getAttribute('data-step-id');
  const stored = await page.evaluate(() => sessionStorage.getItem('carrierlink.session'));
  const token = (JSON.parse(stored ?? '{}') as { token?: string }).token ?? '';
  expect(token.length).toBeGreaterThan(16);

  // The same password submitted to both instances at once (a double tap spread by the balancer).
  const submit = (base: string) =>
    fetch(`${base}/api/session/steps/${stepId}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ values: { password: SANDBOX_PASSWORD } }),
    });
  const answers = await Promise.all([submit(A), submit(B)]);
  const statuses = answers.map((r) => r.status).sort();
  expect(statuses).toEqual([200, 409]);
  const refused = answers.find((r) => r.status === 409);
  // busy: the other instance's call holds the session; step_outdated: it had already finished.
  expect(['busy', 'step_outdated']).toContain(((await refused?.json()) as { error: { code: string } }).error.code);
  expect(vendor.count('/calls/login')).toBe(1);

  // The first instance dies without a chance to clean up; the applicant goes on through the balancer.
  await instances[0]?.kill('SIGKILL');
  await page.reload();
  await enterSmsCode(page);
  await expectAuthorized(page);

  // A replacement instance joins: from now on two collectors and two dispatchers share the work.
  const replacement = startInstance(ports.scaleInstanceA);
  await waitFor(`${A}/readyz`, replacement);

  const mine = () => receiver.deliveries.filter((d) => d.sessionId === sessionId);
  await expect.poll(() => mine().filter((d) => d.type === 'data_ready').length, { timeout: 60_000 }).toBe(1);
  // Whatever is still in flight settles: then count.
  await sleep(2_000);
  const events = mine();
  expect(events.every((d) => d.signatureOk)).toBe(true);
  expect(events.filter((d) => d.type === 'authorized')).toHaveLength(1);
  expect(events.filter((d) => d.type === 'data_ready')).toHaveLength(1);
  // Every event arrived once: no id twice.
  expect(new Set(events.map((d) => d.id)).size).toBe(events.length);
  expect(events.findIndex((d) => d.type === 'authorized')).toBeLessThan(events.findIndex((d) => d.type === 'data_ready'));

  // The lender API answers on the instance that survived.
  const status = await request.get(`${B}/api/v1/sessions/${sessionId}`, { headers: auth });
  expect(await status.json()).toMatchObject({ sessionId, status: 'data_ready', provider: 'dianhua' });
  const data = await request.get(`${B}/api/v1/sessions/${sessionId}/data`, { headers: auth });
  expect(data.status()).toBe(200);
  expect(((await data.json()) as { data: { calls: unknown[] } }).data.calls.length).toBeGreaterThan(0);

  // One Dianhua token served every instance, the replacement included (one refresh for all).
  expect(vendor.count('/token')).toBe(1);
  // The SMS step was submitted once.
  expect(vendor.count('/calls/verify')).toBe(1);
});

test('an instance told to stop drains: not ready, no new session, the vendor call in flight finishes, and it exits 0', async ({
  request,
}) => {
  const instance = instances.at(-1);
  if (!instance) throw new Error('no running instance');
  const link = await request.post(`${balancer.url}/api/link-tokens`, {
    headers: auth,
    data: { userId: `applicant-drain-${Date.now()}`, allowedOrigins: [balancer.url], phone: '13800138001' },
  });
  const { linkToken } = (await link.json()) as { linkToken: string };
  const started = await fetch(`${A}/api/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone: '13800138001', linkToken, consent: { agreementVersion: 'e2e', acceptedAt: new Date().toISOString() } }),
  });
  expect(started.status).toBe(201);
  const { token, step } = (await started.json()) as { token: string; step: { id: string } };

  // The password's vendor call (slowed to 800 ms) is in flight when SIGTERM comes.
  const inFlight = fetch(`${A}/api/session/steps/${step.id}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ values: { password: SANDBOX_PASSWORD } }),
  });
  await sleep(200);
  const exited = new Promise<number | null>((resolve) => instance.child.once('exit', (code) => resolve(code)));
  instance.child.kill('SIGTERM');
  await sleep(300);
  const ready = await fetch(`${A}/readyz`);
  expect(ready.status).toBe(503);
  expect(await ready.json()).toEqual({ status: 'draining' });
  const refused = await fetch(`${A}/api/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone: '13800138002', consent: { agreementVersion: 'e2e', acceptedAt: new Date().toISOString() } }),
  });
  expect(refused.status).toBe(503);
  expect(((await refused.json()) as { error: { code: string; retryable: boolean } }).error).toMatchObject({
    code: 'busy',
    retryable: true,
  });

  const answered = await inFlight;
  expect(answered.status).toBe(200);
  expect(await exited).toBe(0);
  // Its lease went with its commit: the session goes on at once on the other instance.
  const current = await fetch(`${B}/api/session`, { headers: { authorization: `Bearer ${token}` } });
  expect(((await current.json()) as { step: { fields?: Array<{ kind: string }> } }).step.fields?.some((f) => f.kind === 'smsCode')).toBe(
    true,
  );
});
