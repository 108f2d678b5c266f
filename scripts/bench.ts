/**
 * `npm run bench`: prints (does not assert) what the widget and embed.js cost to load and what the server
 * spends per proxied upstream call, for Rong360 and Dianhua (BENCH_PROVIDERS to pick), and step
 * analytics and the lender dashboard (scripts/bench-dashboard.ts). Builds the
 * widget first when dist/widget is missing.
 */
import { execSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { generateMerchantKeyPair } from '../src/providers/rong360/simulator';
import { LOOSE_LIMITS_ENV } from '../src/server/env-limits';
import { benchAfterAuthorization } from './bench-after-auth';
import { benchDashboard } from './bench-dashboard';
import { benchHardening } from './bench-hardening';
import { SANDBOX_PASSWORD } from '../src/providers/rong360/sandbox';

const ROOT = resolve(import.meta.dirname, '..');
const DIST = join(ROOT, 'dist/widget');
const EMBED = join(ROOT, 'dist/embed/embed.js');
/** embed.js runs on every lender page that offers CarrierLink, usually before anyone clicks. */
const EMBED_BUDGET_GZIP = 3 * 1024;
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

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const gz = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;

function firstLoad(): void {
  if (!existsSync(join(DIST, 'index.html'))) {
    console.log('dist/widget missing: running npm run build ...');
    execSync('npm run build', { cwd: ROOT, stdio: 'inherit' });
  }
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const tags = [...html.matchAll(/<(script|link)\b[^>]*>/g)].map((m) => m[0]);
  const attr = (tag: string, name: string) => new RegExp(`\\b${name}="([^"]+)"`).exec(tag)?.[1];
  const first = new Set<string>();
  for (const tag of tags) {
    const rel = attr(tag, 'rel');
    const url =
      tag.startsWith('<script') && attr(tag, 'type') === 'module'
        ? attr(tag, 'src')
        : rel === 'modulepreload' || rel === 'stylesheet'
          ? attr(tag, 'href')
          : undefined;
    if (url?.startsWith('/')) first.add(url.slice(1));
  }
  console.log('\n== First load (gzip -9) ==');
  let total = 0;
  for (const file of first) {
    const size = gz(join(DIST, file));
    total += size;
    console.log(`  ${file.padEnd(48)} ${kb(size)}`);
  }
  console.log(`  first-load JS+CSS gzip: ${kb(total)}`);
  const assets = existsSync(join(DIST, 'assets')) ? readdirSync(join(DIST, 'assets')) : [];
  const lazy = assets.filter((f) => /\.(js|css)$/.test(f) && !first.has(`assets/${f}`));
  const lazyTotal = lazy.reduce((n, f) => n + gz(join(DIST, 'assets', f)), 0);
  console.log(`  lazy chunks: ${lazy.length} files, ${kb(lazyTotal)} gzip`);
}

function embedScript(): void {
  if (!existsSync(EMBED)) {
    console.log('dist/embed missing: building embed.js ...');
    execSync('npx vite build -c vite.embed.config.ts', { cwd: ROOT, stdio: 'inherit' });
  }
  const content = readFileSync(EMBED);
  const gzip = gzipSync(content, { level: 9 }).length;
  const brotli = brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY } }).length;
  const verdict = gzip <= EMBED_BUDGET_GZIP ? 'within' : 'OVER';
  console.log('\n== embed.js (lender pages) ==');
  console.log(`  raw ${content.length} B, gzip ${gzip} B, brotli ${brotli} B`);
  console.log(`  ${verdict} the 3 KB gzip budget (${EMBED_BUDGET_GZIP} B)`);
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

const children: ChildProcess[] = [];
// `node --import tsx` rather than the tsx CLI: the CLI forks, and we must read the server's own pid.
function spawnTs(entry: string, env: Record<string, string>, nodeArgs: string[] = []): ChildProcess {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', entry], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  child.stdout?.resume();
  return child;
}
/** SIGTERM, then SIGKILL whatever has not exited within `graceMs`. */
async function stopChildren(graceMs = 12_000): Promise<void> {
  await Promise.all(
    children.map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      const timer = new Promise((done) => setTimeout(() => done('timeout'), graceMs).unref());
      if ((await Promise.race([exited, timer])) === 'timeout') {
        console.log(`  warning: pid ${child.pid} ignored SIGTERM for ${graceMs / 1000} s; killing it`);
        child.kill('SIGKILL');
      }
    }),
  );
}
// Last resort on any exit path: a child blocked in a synchronous wait cannot run its SIGTERM handler.
process.on('exit', () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130));

async function waitFor(url: string, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if ((await fetch(url, { method: url.endsWith('/gateway') ? 'POST' : 'GET' })).status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not come up`);
}

/** utime + stime of a process in clock ticks (fields 14 and 15 of /proc/<pid>/stat). */
function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

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
  const start = () =>
    spawnTs(
      'src/server/main.ts',
      { NODE_ENV: 'development', ...LOOSE_LIMITS_ENV, ...env },
      PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [],
    );
  let bff = start();
  try {
    await waitFor(`${base}/healthz`);
  } catch {
    // Seen rarely: the tsx loader wedges during start-up. One fresh try.
    console.log('  the server did not come up; restarting it once');
    bff.kill('SIGKILL');
    bff = start();
    await waitFor(`${base}/healthz`);
  }
  return bff.pid ?? 0;
}

/** Captcha refreshes through the BFF: each is exactly one upstream call. Prints CPU per call. */
async function measure(title: string, base: string, pid: number, open: (base: string) => Promise<CaptchaSession>): Promise<void> {
  const sessions = await Promise.all(Array.from({ length: PARALLEL }, () => open(base)));
  const refresh = (s: CaptchaSession) => api(base, `/api/session/steps/${s.stepId}/fields/${s.fieldId}/refresh`, s.token, undefined);
  for (const s of sessions) for (let i = 0; i < 20; i++) await refresh(s); // warm up the JIT and the pool

  const ticks0 = cpuTicks(pid);
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
  const tickUs = 1e6 / Number(execSync('getconf CLK_TCK').toString().trim() || 100);
  const cpuUs = (cpuTicks(pid) - ticks0) * tickUs;
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
  spawnTs('src/providers/rong360/simulator-main.ts', {
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
  spawnTs('src/providers/dianhua/simulator-main.ts', { PORT: String(simPort), HOST: '127.0.0.1', ...credentials });
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

firstLoad();
embedScript();
await benchAfterAuthorization();
await benchDashboard(await freePort());
await benchHardening();
try {
  if (PROVIDERS.includes('rong360')) await rong360Cpu();
  if (PROVIDERS.includes('dianhua')) await dianhuaCpu();
} finally {
  await stopChildren();
}
process.exit(0);
