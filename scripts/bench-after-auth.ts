/**
 * The after-authorization side, in process (part of `npm run bench`; prints, never asserts):
 * - normalizing a large Rong360 getdata answer (tolerant JSON read with duplicate keys merged);
 * - acknowledging vendor pushes through the real route onto a SQLite file (synchronous=FULL);
 * - session writes and reads on the same kind of file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { getdataLists, readDataAnswer } from '../src/providers/rong360/wire-data';
import { normalizeGetdata } from '../src/providers/rong360/data-map';
import { buildApp } from '../src/server/app';
import { openSqliteStore } from '../src/server/store/sqlite';
import type { SessionRecord } from '../src/server/session/record';
import { createFakeAdapter } from '../src/test-support/server/fake-adapter';

const CALLS = 6_000;
const SMS = 2_000;
const PUSHES = 500;
const SESSIONS = 2_000;

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const ms = (value: number) => `${value.toFixed(2)} ms`;

/** A getdata answer the size of six months of a busy subscriber, with the document's nesting and a duplicated key. */
function bigGetdata(): string {
  const day = (i: number) =>
    `2026-${String(1 + (i % 6) + 4).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')} ${String(i % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:07`;
  const call = (i: number) =>
    `{"trade_type":"${1 + (i % 3)}","trade_time":"${i % 900}","call_time":"${day(i)}","trade_addr":"北京","receive_phone":"1391234${String(i % 10_000).padStart(4, '0')}","call_type":"${1 + (i % 2)}"}`;
  const msg = (i: number) => `{"send_time":"${day(i)}","trade_way":"${1 + (i % 2)}","receiver_phone":"1069${String(i).padStart(4, '0')}"}`;
  const half = CALLS / 2;
  const nested = Array.from({ length: half }, (_, i) => `{"teldata":[${call(i)}]}`).join(',');
  const flat = Array.from({ length: half }, (_, i) => call(half + i)).join(',');
  const msgs = Array.from({ length: SMS }, (_, i) => `{"msgdata":[${msg(i)}]}`).join(',');
  const bills = Array.from({ length: 6 }, (_, i) => `{"month":"2026${String(5 + i).padStart(2, '0')}","call_pay":"${58 + i}.50"}`).join(
    ',',
  );
  return `{"error":200,"msg":"处理成功","wd_api_mobilephone_getdata_response":{"data":{"data_list":[{"userdata":{"user_source":"CHINAMOBILE_BEIJING","real_name":"张三","id_card":"11010519491231002X","addr":"北京","phone_remain":"12.30","phone":"13800138000"},"teldata":[${nested}],"teldata":[${flat}],"msgdata":[${msgs}],"billdata":[${bills}]}]}}}`;
}

function normalization(): void {
  const body = bigGetdata();
  const runs: number[] = [];
  let calls = 0;
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const answer = readDataAnswer(body);
    const data = normalizeGetdata(getdataLists(answer.payload), { now: Date.parse('2026-11-22T08:00:00Z'), phone: '13800138000' });
    runs.push(performance.now() - t);
    calls = data.calls.length;
  }
  runs.sort((a, b) => a - b);
  console.log('\n== Rong360 getdata normalization (in process) ==');
  console.log(`  answer ${(body.length / 1024 / 1024).toFixed(2)} MB, ${CALLS} calls + ${SMS} SMS in, ${calls} calls out`);
  console.log(`  median ${ms(pct(runs, 50))}, worst ${ms(runs.at(-1) ?? 0)} over ${runs.length} runs`);
}

const BENCH_PUSH_SECRET = 'bench-push-secret-0123456789abcdefghij';

async function pushAcks(dir: string): Promise<void> {
  const store = openSqliteStore({ path: join(dir, 'push.sqlite'), sessionTtlSeconds: 1800 });
  const app = await buildApp({
    config: { logLevel: 'warn', sessionTtlSeconds: 1800 },
    adapter: createFakeAdapter(),
    logger: false,
    widgetDir: dir,
    embedDir: dir,
    durable: { store, background: false, pushSecret: BENCH_PUSH_SECRET, pushProviders: ['rong360'] },
  });
  await app.ready();
  const times: number[] = [];
  for (let i = 0; i < PUSHES; i++) {
    const t = performance.now();
    const answer = await app.inject({
      method: 'POST',
      url: `/hooks/rong360/${BENCH_PUSH_SECRET}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `user_id=cl_bench${i}&status=2`,
    });
    times.push(performance.now() - t);
    if (answer.body !== 'success') throw new Error(`push ${i} answered ${answer.statusCode}`);
  }
  await app.close();
  await store.close();
  times.sort((a, b) => a - b);
  console.log('\n== Vendor push acknowledged after a durable write (SQLite file, synchronous=FULL) ==');
  console.log(`  ${PUSHES} Rong360 notices: p50 ${ms(pct(times, 50))}, p95 ${ms(pct(times, 95))}, max ${ms(times.at(-1) ?? 0)}`);
}

function sessionRecord(i: number): SessionRecord {
  const t = new Date().toISOString();
  return {
    id: `ses_bench${i}`,
    version: 0,
    provider: 'rong360',
    phone: '13800138000',
    userId: `cl_bench${i}`,
    consent: { agreementVersion: '2024-01', acceptedAt: t, recordedAt: t },
    createdAt: t,
    updatedAt: t,
    step: { type: 'authorized', id: `st_bench${i}` },
    adapterState: { next: { method: 'submitMessageCode', param: [], hidden: [{ key: 'task_token', value: 'x'.repeat(64) }] } },
  };
}

async function sessions(dir: string): Promise<void> {
  const store = openSqliteStore({ path: join(dir, 'sessions.sqlite'), sessionTtlSeconds: 1800 });
  let t = performance.now();
  for (let i = 0; i < SESSIONS; i++) await store.sessions.put(`key${i}`, sessionRecord(i));
  const put = (performance.now() - t) / SESSIONS;
  t = performance.now();
  for (let i = 0; i < SESSIONS; i++) if (!(await store.sessions.get(`key${i}`))) throw new Error('session lost');
  const get = (performance.now() - t) / SESSIONS;
  await store.close();
  console.log('\n== Sessions on the durable store (SQLite file) ==');
  console.log(
    `  ${SESSIONS} sessions: put ${(put * 1000).toFixed(0)} µs, get ${(get * 1000).toFixed(0)} µs each (validated with zod on both ways)`,
  );
}

export async function benchAfterAuthorization(): Promise<void> {
  normalization();
  const dir = mkdtempSync(join(tmpdir(), 'cl-bench-store-'));
  try {
    await pushAcks(dir);
    await sessions(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
