/**
 * `npm run bench`: prints (does not assert) what the widget and embed.js cost to load, how soon the
 * phone field takes a keystroke at a cheap-phone profile against a static page, and what the server
 * spends per proxied upstream call, for Rong360 and Dianhua (BENCH_PROVIDERS to pick), and step
 * analytics and the lender dashboard (scripts/bench-dashboard.ts). Builds the
 * widget first when dist/widget is missing. BENCH_PARTS picks parts (load,keystroke,after-auth,dashboard,hardening,cpu,scale).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateMerchantKeyPair } from '../src/providers/rong360/simulator';
import { LOOSE_LIMITS_ENV } from '../src/server/env-limits';
import { benchAfterAuthorization } from './bench-after-auth';
import { benchDashboard } from './bench-dashboard';
import { measureKeystrokes, reportKeystrokes, startStaticPage } from './bench-keystroke';
import { embedScript, firstLoad } from './bench-size';
import { benchHardening } from './bench-hardening';
import { benchScale } from './bench-scale';
import { cpuSeconds, ensureServerBuild, freePort, spawnNode, stopChildren, waitFor } from './bench-support';
import { SANDBOX_PASSWORD } from '../src/providers/rong360/sandbox';

/** Widget and static page runs of the keystroke measurement (each cold, alternating). */
const KEYSTROKE_RUNS = Number(process.env.BENCH_KEYSTROKE_RUNS ?? 5);
const PARTS = new Set(
  (process.env.BENCH_PARTS ?? 'load,keystroke,after-auth,dashboard,hardening,cpu,scale').split(',').map((p) => p.trim()),
);
const CALLS = Number(process.env.BENCH_CALLS ?? 2000);
const BUDGET_MS = Number(process.env.BENCH_SECONDS ?? 60) * 1000;
const PARALLEL = 8;
/** Set to a directory to write a V8 CPU profile of the server (open it in Chrome DevTools). */
const PROFILE_DIR = process.env.BENCH_PROFILE_DIR;
// Shown a captcha after the password; every refresh is exactly one upstream call.
const CAPTCHA_PHONE = '13800138001';
// Dianhua: a captcha on the login step (LOGIN_CAPTCHA of its sandbox).
const DIANHUA_CAPTCHA_PHONE = '15100000005';
/** Which upstreams to measure, e.g. BENCH_PROVIDERS=rong360 (default: both). */
const PROVIDERS = (process.env.BENCH_PROVIDERS ?? 'rong360,dianhua').split(',').map((p) => p.trim());

async function api(base: string, path: string, token?: string, body?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method: body === undefined && !path.includes('/fields/') ? 'GET' : 'POST',
    headers: { ...(token && { authorization: `Bearer ${token}` }), ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as { token?: string; step: { id: string; type: string; fields?: Array<{ id: string; kind: string }> } };
}

interface CaptchaSession {
  token: string;
  stepId: string;
  fieldId: string;
}

const consent = () => ({ agreementVersion: 'bench', acceptedAt: new Date().toISOString() });

/** Rong360: a session sitting on the captcha step that follows the password. */
async function rong360CaptchaSession(base: string): Promise<CaptchaSession> {
  const started = await api(base, '/api/sessions', undefined, { phone: CAPTCHA_PHONE, consent: consent() });
  const token = started.token ?? '';
  const password = started.step.fields?.find((f) => f.kind === 'servicePassword')?.id ?? 'password';
  const captcha = await api(base, `/api/session/steps/${started.step.id}`, token, { values: { [password]: SANDBOX_PASSWORD } });
  const field = captcha.step.fields?.find((f) => f.kind === 'imageCaptcha');
  if (!field) throw new Error(`expected a captcha step, got ${JSON.stringify(captcha.step)}`);
  return { token, stepId: captcha.step.id, fieldId: field.id };
}

/** Dianhua: a session on a login step that shows a captcha (calls/verify/captcha per refresh). */
async function dianhuaCaptchaSession(base: string): Promise<CaptchaSession> {
  const started = await api(base, '/api/sessions', undefined, { phone: DIANHUA_CAPTCHA_PHONE, consent: consent() });
  const field = started.step.fields?.find((f) => f.kind === 'imageCaptcha');
  if (!field) throw new Error(`expected a captcha at login, got ${JSON.stringify(started.step)}`);
  return { token: started.token ?? '', stepId: started.step.id, fieldId: field.id };
}

/** Starts the BFF with `env` (one fresh try if it does not come up) and returns its pid. */
async function startBff(base: string, env: Record<string, string>): Promise<number> {
  // Development posture, limits loose: the benchmark refreshes captchas back to back on purpose.
  const bff = spawnNode(
    'main.js',
    { NODE_ENV: 'development', ...LOOSE_LIMITS_ENV, ...env },
    PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [],
  );
  await waitFor(`${base}/healthz`);
  return bff.pid ?? 0;
}

/** Captcha refreshes through the BFF: each is exactly one upstream call. Prints CPU per call. */
async function measure(title: string, base: string, pid: number, open: (base: string) => Promise<CaptchaSession>): Promise<void> {
  const sessions = await Promise.all(Array.from({ length: PARALLEL }, () => open(base)));
  const refresh = (s: CaptchaSession) => api(base, `/api/session/steps/${s.stepId}/fields/${s.fieldId}/refresh`, s.token, undefined);
  for (const s of sessions) for (let i = 0; i < 20; i++) await refresh(s); // warm up the JIT and the pool

  const cpu0 = cpuSeconds(pid);
  const t0 = process.hrtime.bigint();
  const deadline = Date.now() + BUDGET_MS;
  let done = 0;
  await Promise.all(
    sessions.map(async (s) => {
      while (done < CALLS && Date.now() < deadline) {
        done += 1;
        await refresh(s);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpuUs = (cpuSeconds(pid) - cpu0) * 1e6;
  console.log(`\n== ${title}: server CPU per proxied upstream call (captcha refresh, BFF process only) ==`);
  console.log(`  calls: ${done} in ${seconds.toFixed(2)} s over ${PARALLEL} sessions (LOG_LEVEL=info, stdout drained)`);
  console.log(`  CPU: ${(cpuUs / done).toFixed(0)} µs per call (utime+stime ${(cpuUs / 1000).toFixed(0)} ms total)`);
  console.log(`  throughput: ${(done / seconds).toFixed(0)} calls/s`);
}

async function rong360Cpu(): Promise<void> {
  const keys = generateMerchantKeyPair();
  const dir = mkdtempSync(join(tmpdir(), 'cl-bench-'));
  writeFileSync(join(dir, 'public.pem'), keys.publicKeyPem);
  const [simPort, bffPort] = [await freePort(), await freePort()];
  const appId = 'bench-app';
  spawnNode('simulator-rong360.js', {
    PORT: String(simPort),
    HOST: '127.0.0.1',
    RONG360_APP_ID: appId,
    RONG360_PUBLIC_KEY_FILE: join(dir, 'public.pem'),
  });
  const gateway = `http://127.0.0.1:${simPort}/gateway`;
  await waitFor(gateway);
  const base = `http://127.0.0.1:${bffPort}`;
  const pid = await startBff(base, {
    PORT: String(bffPort),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    EXAMPLE_LENDER_PORT: '0',
    PROVIDER: 'rong360',
    RONG360_BASE_URL: gateway,
    DATA_DIR: join(dir, 'data'),
    RONG360_APP_ID: appId,
    RONG360_PRIVATE_KEY: keys.privateKeyPem,
  });
  await measure('Rong360', base, pid, rong360CaptchaSession);
}

async function dianhuaCpu(): Promise<void> {
  const [simPort, bffPort] = [await freePort(), await freePort()];
  // Throwaway credentials shared by the two child processes only.
  const credentials = { DIANHUA_APPID: 'bench-app', DIANHUA_APPSECRET: randomBytes(16).toString('hex') };
  spawnNode('simulator-dianhua.js', { PORT: String(simPort), HOST: '127.0.0.1', ...credentials });
  const url = `http://127.0.0.1:${simPort}`;
  await waitFor(`${url}/token`);
  const base = `http://127.0.0.1:${bffPort}`;
  const pid = await startBff(base, {
    PORT: String(bffPort),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    EXAMPLE_LENDER_PORT: '0',
    PROVIDER: 'dianhua',
    DIANHUA_BASE_URL: url,
    ...credentials,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'cl-bench-data-')),
  });
  await measure('Dianhua', base, pid, dianhuaCaptchaSession);
}

/** The widget's phone step against a static page with one input, served by a real server (simulator). */
async function keystrokes(): Promise<void> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  await startBff(base, { PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', EXAMPLE_LENDER_PORT: '0', DATA_DIR: ':memory:' });
  const page = await startStaticPage();
  try {
    reportKeystrokes(await measureKeystrokes(`${base}/`, page.url, KEYSTROKE_RUNS));
  } finally {
    page.server.close();
  }
}

if (PARTS.has('load')) {
  firstLoad();
  embedScript();
}
ensureServerBuild();
try {
  if (PARTS.has('keystroke')) await keystrokes();
  if (PARTS.has('after-auth')) await benchAfterAuthorization();
  if (PARTS.has('dashboard')) await benchDashboard(await freePort());
  if (PARTS.has('hardening')) await benchHardening();
  if (PARTS.has('cpu') && PROVIDERS.includes('rong360')) await rong360Cpu();
  if (PARTS.has('cpu') && PROVIDERS.includes('dianhua')) await dianhuaCpu();
} finally {
  await stopChildren();
}
// PostgreSQL and many instances (BENCH_SCALE=off or BENCH_PARTS without scale to skip).
if (PARTS.has('scale') && process.env.BENCH_SCALE !== 'off') await benchScale();
process.exit(0);
