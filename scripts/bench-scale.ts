/**
 * PostgreSQL and many instances (part of `npm run bench`; prints, never asserts):
 * - the durable store: session put / get / claim+commit, PostgreSQL beside SQLite (in process);
 * - 200 applicants at once through the compiled server: on one instance, and spread over two
 *   instances on one PostgreSQL (each step to the other instance, as a load balancer without
 *   stickiness does): step latency, errors, CPU per step, and the store writes one applicant costs.
 * PostgreSQL runs with its durability on (fsync, synchronous commit), as in production.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { Agent } from 'undici';
import { SANDBOX_PASSWORD, SANDBOX_SMS_CODE } from '../src/providers/dianhua/sandbox';
import { LOOSE_LIMITS_ENV } from '../src/server/env-limits';
import type { SessionRecord } from '../src/server/session/record';
import { openPostgresStore } from '../src/server/store/postgres';
import { openSqliteStore } from '../src/server/store/sqlite';
import type { DurableStore } from '../src/server/store/types';
import { cpuSeconds, freePort, pct, spawnNode, stopChild, waitFor } from './bench-support';
import { startTestPostgres } from './test-postgres';

const SESSIONS = Number(process.env.BENCH_STORE_SESSIONS ?? 2_000);
const APPLICANTS = Number(process.env.BENCH_APPLICANTS ?? 200);
const WARM_UP = 10;
/** Applicants run one after another: step latency without our own queueing. */
const ALONE = 20;
const METRICS_TOKEN = randomBytes(24).toString('hex');
// A lender as in production: links open the sessions, and the events go to its webhook.
const LENDER_KEY = `bench_${randomBytes(18).toString('hex')}`;
const PUSH_SECRET = randomBytes(24).toString('hex');
const ms = (value: number) => `${value.toFixed(1)} ms`;

function sessionRecord(i: number): SessionRecord {
  const t = new Date().toISOString();
  return {
    id: `ses_bench${i}`,
    version: 0,
    provider: 'dianhua',
    phone: '13800138000',
    userId: `cl_bench${i}`,
    consent: { agreementVersion: '2024-01', acceptedAt: t, recordedAt: t },
    createdAt: t,
    updatedAt: t,
    step: { type: 'authorized', id: `st_bench${i}` },
    adapterState: { stage: 'login', sid: `SID${'x'.repeat(32)}`, phone: '13800138000', userId: `cl_bench${i}` },
  };
}

async function timeEach(count: number, work: (i: number) => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    await work(i);
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b);
}

/** Sequential latency of the session operations every step makes, and PostgreSQL under 32 concurrent callers. */
async function storeFigures(databaseUrl: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cl-bench-scale-'));
  const stores: Array<[string, DurableStore]> = [
    ['SQLite file (WAL, synchronous=FULL)', openSqliteStore({ path: join(dir, 'bench.sqlite'), sessionTtlSeconds: 1800 })],
    [
      'PostgreSQL (fsync on)',
      await openPostgresStore({ connectionString: databaseUrl, sessionTtlSeconds: 1800, poolSize: 32, schema: 'bench_store' }),
    ],
  ];
  console.log(`\n== Session store: ${SESSIONS} sessions, one caller (µs per operation, p50 / p95) ==`);
  try {
    for (const [name, store] of stores) {
      const put = await timeEach(SESSIONS, (i) => store.sessions.put(`key${i}`, sessionRecord(i)));
      const get = await timeEach(SESSIONS, (i) => store.sessions.get(`key${i}`));
      // One step's lease: claim at the version seen, then commit the next version.
      const step = await timeEach(SESSIONS, async (i) => {
        const owner = `bench:${i}`;
        const claimed = await store.sessions.claim(`key${i}`, { version: 0, owner, leaseMs: 30_000 });
        if (claimed.status !== 'claimed') throw new Error(`claim ${claimed.status}`);
        await store.sessions.commit(`key${i}`, { ...claimed.record, version: 1 }, owner);
      });
      const us = (list: number[]) => `${(pct(list, 50) * 1000).toFixed(0)} / ${(pct(list, 95) * 1000).toFixed(0)}`;
      console.log(`  ${name.padEnd(38)} put ${us(put)}, get ${us(get)}, claim+commit ${us(step)}`);
    }
    const postgres = stores[1]?.[1];
    if (postgres) {
      const t = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: 32 }, async () => {
          for (let i = next++; i < SESSIONS; i = next++) await postgres.sessions.get(`key${i}`);
        }),
      );
      const getsPerSecond = SESSIONS / ((performance.now() - t) / 1000);
      next = 0;
      const t2 = performance.now();
      await Promise.all(
        Array.from({ length: 32 }, async () => {
          for (let i = next++; i < SESSIONS; i = next++) await postgres.sessions.put(`key${i}`, { ...sessionRecord(i), version: 2 });
        }),
      );
      const putsPerSecond = SESSIONS / ((performance.now() - t2) / 1000);
      console.log(`  PostgreSQL, 32 concurrent callers: ${getsPerSecond.toFixed(0)} gets/s, ${putsPerSecond.toFixed(0)} puts/s`);
    }
  } finally {
    for (const [, store] of stores) await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Instance {
  base: string;
  pid: number;
  stop(): Promise<void>;
}

const agent = new Agent({ connections: 512, keepAliveTimeout: 30_000 });

async function call(base: string, path: string, token: string | undefined, body: unknown, method = 'POST') {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
    body: JSON.stringify(body),
    // undici's own option: a pool large enough for every applicant at once.
    ...({ dispatcher: agent } as object),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${text.slice(0, 200)}`);
  return JSON.parse(text) as { token?: string; linkToken?: string; step: { id: string; type: string } };
}

/** One applicant: the lender's link, then phone, service password, SMS code; each call to the next instance in turn. */
async function applicant(bases: string[], index: number, times: number[]): Promise<void> {
  let turn = index;
  const next = () => bases[turn++ % bases.length]!;
  // The lender's backend asks for the link (not an applicant step: not timed).
  const link = await call(next(), '/api/link-tokens', LENDER_KEY, {
    userId: `applicant-${index}`,
    allowedOrigins: ['https://lender.example'],
  });
  const timed = async (path: string, token: string | undefined, body: unknown) => {
    const t = performance.now();
    const answer = await call(next(), path, token, body);
    times.push(performance.now() - t);
    return answer;
  };
  const phone = `139${String(10_000_000 + index).slice(-8)}`;
  const started = await timed('/api/sessions', undefined, {
    phone,
    linkToken: link.linkToken,
    consent: { agreementVersion: 'bench', acceptedAt: new Date().toISOString() },
  });
  const token = started.token ?? '';
  const sms = await timed(`/api/session/steps/${started.step.id}`, token, { values: { password: SANDBOX_PASSWORD } });
  const done = await timed(`/api/session/steps/${sms.step.id}`, token, { values: { smsCode: SANDBOX_SMS_CODE } });
  if (done.step.type !== 'authorized') throw new Error(`applicant ${index} ended on ${done.step.type}`);
}

/** Mean upstream seconds per session step, from the instances' own metrics. */
async function upstreamSeconds(instances: Instance[]): Promise<{ seconds: number; calls: number }> {
  let seconds = 0;
  let calls = 0;
  for (const instance of instances) {
    const text = await (await fetch(`${instance.base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    for (const line of text.split('\n')) {
      if (line.startsWith('carrierlink_upstream_request_duration_seconds_sum')) seconds += Number(line.split(' ').at(-1));
      if (line.startsWith('carrierlink_upstream_request_duration_seconds_count')) calls += Number(line.split(' ').at(-1));
    }
  }
  return { seconds, calls };
}

/** Rows inserted, updated or deleted in the database, and transactions (reads included) committed. */
async function rowsWritten(databaseUrl: string): Promise<{ rows: number; transactions: number }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const rows = await client.query<{ n: string }>(
      'SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) AS n FROM pg_stat_user_tables',
    );
    const commits = await client.query<{ n: string }>('SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()');
    return { rows: Number(rows.rows[0]?.n ?? 0), transactions: Number(commits.rows[0]?.n ?? 0) };
  } finally {
    await client.end();
  }
}

/**
 * CPU of the PostgreSQL backends serving one database, sampled while the run goes (pooled
 * connections come and go): first and last reading per backend. Same machine only (/proc).
 */
function postgresCpu(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  let timer: NodeJS.Timeout | undefined;
  let reading = Promise.resolve();
  const sample = async (baseline: boolean) => {
    const { rows } = await client.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    );
    for (const { pid } of rows) {
      let cpu: number;
      try {
        cpu = cpuSeconds(pid);
      } catch {
        continue; // exited meanwhile
      }
      if (!first.has(pid)) first.set(pid, baseline ? cpu : 0);
      last.set(pid, cpu);
    }
  };
  return {
    async start() {
      await client.connect();
      await sample(true);
      timer = setInterval(() => {
        reading = reading.then(() => sample(false)).catch(() => undefined);
      }, 250);
    },
    async stop(): Promise<number> {
      clearInterval(timer);
      await reading;
      await sample(false).catch(() => undefined);
      await client.end();
      let total = 0;
      for (const [pid, cpu] of last) total += cpu - (first.get(pid) ?? 0);
      return total;
    },
  };
}

/** `count` instances on a fresh database, 200 applicants at once, then the figures. */
async function applicantsRun(
  adminUrl: string,
  count: number,
  simulator: { credentials: Record<string, string>; start(pushBase: string): Promise<string> },
  webhookUrl: string,
) {
  const name = `carrierlink_bench_${count}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();

  const ports = await Promise.all(Array.from({ length: count }, () => freePort()));
  // Dianhua pushes to one address: the first instance (a load balancer in production).
  const simulatorUrl = await simulator.start(`http://127.0.0.1:${ports[0]}`);
  const instances: Instance[] = [];
  for (const port of ports) {
    // Development posture, limits loose (but counted, in PostgreSQL): every applicant comes from 127.0.0.1.
    const child = spawnNode('main.js', {
      NODE_ENV: 'development',
      ...LOOSE_LIMITS_ENV,
      PUSH_SECRET,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      EXAMPLE_LENDER_PORT: '0',
      DEMO_MODE: 'off',
      PROVIDER: 'dianhua',
      DIANHUA_BASE_URL: simulatorUrl,
      ...simulator.credentials,
      LENDER_API_KEYS: `bench:${LENDER_KEY}`,
      DATABASE_URL: databaseUrl,
      DATABASE_POOL_SIZE: '20',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'cl-bench-instance-')),
      METRICS_TOKEN,
      COLLECT_FIRST_POLL_SECONDS: '1',
    });
    const base = `http://127.0.0.1:${port}`;
    await waitFor(`${base}/readyz`);
    instances.push({ base, pid: child.pid ?? 0, stop: () => stopChild(child) });
  }
  const bases = instances.map((i) => i.base);
  await call(bases[0] ?? '', '/api/v1/webhook', LENDER_KEY, { url: webhookUrl }, 'PUT');
  // Warm-up: the JIT, the pools and the vendor token.
  await Promise.all(Array.from({ length: WARM_UP }, (_, i) => applicant(bases, 900_000 + i, [])));

  // One applicant at a time: what a step costs when nothing queues behind it.
  const aloneTimes: number[] = [];
  const aloneBefore = await upstreamSeconds(instances);
  for (let i = 0; i < ALONE; i++) await applicant(bases, 800_000 + i, aloneTimes);
  const aloneUpstream = await upstreamSeconds(instances);
  aloneTimes.sort((a, b) => a - b);

  const upstreamBefore = await upstreamSeconds(instances);
  const database = postgresCpu(databaseUrl);
  await database.start();
  const cpu0 = instances.map((i) => cpuSeconds(i.pid));
  const times: number[] = [];
  let errors = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: APPLICANTS }, (_, i) =>
      applicant(bases, i, times).catch((error: unknown) => {
        errors += 1;
        if (errors <= 3) console.log(`  error: ${error instanceof Error ? error.message : String(error)}`);
      }),
    ),
  );
  const seconds = (performance.now() - t0) / 1000;
  const cpu = instances.reduce((sum, instance, i) => sum + cpuSeconds(instance.pid) - (cpu0[i] ?? 0), 0);
  const databaseCpu = await database.stop();
  const upstream = await upstreamSeconds(instances);
  // Let the collections finish (pushes, data fetch, extras), so their writes count too.
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { rows } = await client.query<{ n: string }>(
      `SELECT (SELECT count(*) FROM collections WHERE status = 'collecting' OR (status = 'data_ready' AND extras_pending <> '[]'))
            + (SELECT count(*) FROM outbox WHERE delivered_at IS NULL AND dead_at IS NULL) AS n`,
    );
    if (Number(rows[0]?.n ?? 0) === 0 || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  await client.end();
  // Stopped (drained) first: their connections flush their statistics as they close. The counts
  // then cover every applicant of the run, warm-up included, all alike.
  for (const instance of instances) await instance.stop();
  const written = await rowsWritten(databaseUrl);
  times.sort((a, b) => a - b);
  const steps = times.length;
  const upstreamPerStep = (upstream.seconds - upstreamBefore.seconds) / Math.max(1, steps);
  return {
    count,
    errors,
    steps,
    seconds,
    p50: pct(times, 50),
    p95: pct(times, 95),
    p99: pct(times, 99),
    upstreamPerStepMs: upstreamPerStep * 1000,
    cpuPerStepMs: (cpu / Math.max(1, steps)) * 1000,
    databaseCpuPerStepMs: (databaseCpu / Math.max(1, steps)) * 1000,
    rowsPerApplicant: written.rows / (APPLICANTS + WARM_UP + ALONE),
    transactionsPerApplicant: written.transactions / (APPLICANTS + WARM_UP + ALONE),
    alone: {
      p50: pct(aloneTimes, 50),
      p95: pct(aloneTimes, 95),
      upstreamPerStepMs: ((aloneUpstream.seconds - aloneBefore.seconds) / Math.max(1, aloneTimes.length)) * 1000,
    },
  };
}

/** The lender's webhook endpoint: acknowledges every delivery. */
async function webhookReceiver(): Promise<{ url: string; received: () => number; close(): Promise<void> }> {
  let received = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received += 1;
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received: () => received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function applicants(adminUrl: string): Promise<void> {
  const credentials = { DIANHUA_APPID: 'bench-scale-app', DIANHUA_APPSECRET: randomBytes(16).toString('hex') };
  const receiver = await webhookReceiver();
  let simulatorProcess: ReturnType<typeof spawnNode> | undefined;
  // The simulator pushes (auth, result, report) to the first instance of each run: started per run.
  const startSimulator = async (pushBase: string): Promise<string> => {
    if (simulatorProcess) await stopChild(simulatorProcess);
    const port = await freePort();
    const hook = `${pushBase}/hooks/dianhua`;
    simulatorProcess = spawnNode('simulator-dianhua.js', {
      PORT: String(port),
      HOST: '127.0.0.1',
      CRAWL_MS: '500',
      DIANHUA_PUSH_AUTH_URL: hook,
      DIANHUA_PUSH_REPORT_URL: hook,
      DIANHUA_PUSH_RESULT_URL: hook,
      ...credentials,
    });
    const url = `http://127.0.0.1:${port}`;
    await waitFor(`${url}/token`);
    return url;
  };
  try {
    console.log(`\n== ${APPLICANTS} applicants at once (phone, password, SMS code: 3 steps each), PostgreSQL store ==`);
    for (const count of [1, 2]) {
      const r = await applicantsRun(adminUrl, count, { credentials, start: startSimulator }, receiver.url);
      console.log(
        `  ${count} instance${count > 1 ? 's' : ' '}: ${r.steps} steps in ${r.seconds.toFixed(1)} s, ${r.errors} errors; step latency p50 ${ms(r.p50)}, p95 ${ms(r.p95)}, p99 ${ms(r.p99)}`,
      );
      console.log(
        `               vendor time ${ms(r.upstreamPerStepMs)} per step (mean), so p95 added latency ≈ ${ms(Math.max(0, r.p95 - r.upstreamPerStepMs))}; ` +
          `server CPU ${ms(r.cpuPerStepMs)} per step (≈ ${(1000 / r.cpuPerStepMs).toFixed(0)} steps/s per core), PostgreSQL CPU ${ms(r.databaseCpuPerStepMs)} per step`,
      );
      console.log(
        `               one applicant at a time: step p50 ${ms(r.alone.p50)}, p95 ${ms(r.alone.p95)}, vendor ${ms(r.alone.upstreamPerStepMs)} per step, ` +
          `so p95 added latency ≈ ${ms(Math.max(0, r.alone.p95 - r.alone.upstreamPerStepMs))}`,
      );
      console.log(
        `               store: ${r.rowsPerApplicant.toFixed(1)} rows written and ${r.transactionsPerApplicant.toFixed(1)} transactions (reads included) per applicant, collection included`,
      );
    }
    console.log('  (one machine runs the client, the simulator, PostgreSQL and the instances: latency includes their contention)');
    console.log(`  webhooks delivered to the lender: ${receiver.received()}`);
  } finally {
    if (simulatorProcess) await stopChild(simulatorProcess);
    await receiver.close();
  }
}

export async function benchScale(): Promise<void> {
  const server = await startTestPostgres({ durable: true });
  try {
    await storeFigures(server.url);
    await applicants(server.url);
  } finally {
    await server.stop();
    await agent.close();
  }
}
