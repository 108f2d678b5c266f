/**
 * Hostile input and abuse limits (part of `npm run bench`; prints, never asserts):
 * - the worst parse time per megabyte of each reader of unauthenticated or upstream bodies, over
 *   the hostile shapes of the abuse suite (a parse holds the event loop, so it bounds /healthz);
 * - a listening server taking each hostile megabyte on the Dianhua hook while /healthz is probed;
 * - what the abuse limits add to a session start, on a SQLite file (synchronous=FULL).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseAnswer as parseDianhuaAnswer } from '../src/providers/dianhua/wire';
import { parseDianhuaPush } from '../src/providers/dianhua/push';
import { readDataAnswer } from '../src/providers/rong360/wire-data';
import { parseAnswer as parseRong360Answer } from '../src/providers/rong360/wire';
import { buildApp } from '../src/server/app';
import { DEFAULT_ABUSE_LIMITS } from '../src/server/env-limits';
import { openSqliteStore } from '../src/server/store/sqlite';
import { createFakeAdapter } from '../src/test-support/server/fake-adapter';
import { HOSTILE_BODIES } from '../src/test-support/server/hostile-bodies';

const PARSE_GOAL_MS_PER_MB = 200;
const ANSWER_GOAL_MS = 1_000;
const HEALTH_GOAL_MS = 200;
const OVERHEAD_GOAL_MS = 2;
const STARTS = 400;
const SECRET = 'bench-hardening-push-secret-0123456789';
const AES = { key: Buffer.from('0123456789abcdef0123456789abcdef'), iv: Buffer.from('abcdefghijklmnop') };

const quietly = (work: () => unknown) => () => {
  try {
    work();
  } catch {
    // A refusal is the expected outcome; only the time counts.
  }
};
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const ms = (value: number) => `${value.toFixed(1)} ms`;
const verdict = (value: number, goal: number) => (value <= goal ? 'within goal' : 'OVER GOAL');

function parseTimes(): void {
  const readers: Array<[string, (body: string) => unknown]> = [
    ['Dianhua push (hook)', (body) => parseDianhuaPush(body, { aes: AES })],
    ['Dianhua answer (adapter, data)', parseDianhuaAnswer],
    ['Rong360 answer (adapter)', parseRong360Answer],
    ['Rong360 getdata (duplicate keys merged)', readDataAnswer],
  ];
  console.log('\n== Hostile bodies: worst parse time per MB (in process, median of 3) ==');
  for (const [name, read] of readers) {
    let worst = { perMb: 0, body: '' };
    for (const [bodyName, body] of HOSTILE_BODIES) {
      const runs: number[] = [];
      for (let i = 0; i < 3; i++) {
        const t = performance.now();
        quietly(() => read(body))();
        runs.push(performance.now() - t);
      }
      runs.sort((a, b) => a - b);
      const perMb = (pct(runs, 50) * 1024 * 1024) / body.length;
      if (perMb > worst.perMb) worst = { perMb, body: bodyName };
    }
    console.log(
      `  ${name.padEnd(42)} ${ms(worst.perMb)}/MB (${worst.body}); goal ≤ ${PARSE_GOAL_MS_PER_MB} ms/MB: ${verdict(worst.perMb, PARSE_GOAL_MS_PER_MB)}`,
    );
  }
}

async function hookUnderProbe(): Promise<void> {
  const store = openSqliteStore({ path: ':memory:', sessionTtlSeconds: 1800 });
  const app = await buildApp({
    config: { logLevel: 'silent', sessionTtlSeconds: 1800 },
    adapter: createFakeAdapter(),
    logger: false,
    widgetDir: tmpdir(),
    embedDir: tmpdir(),
    durable: { store, background: false, pushSecret: SECRET, pushProviders: ['dianhua'], vendorSettings: { dianhua: { pushAes: AES } } },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  let worstAnswer = { ms: 0, body: '' };
  let worstHealth = 0;
  for (const [name, body] of HOSTILE_BODIES) {
    let done = false;
    const probe = (async () => {
      while (!done) {
        const t = performance.now();
        await (await fetch(`${base}/healthz`)).text();
        worstHealth = Math.max(worstHealth, performance.now() - t);
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    })();
    const t = performance.now();
    await (
      await fetch(`${base}/hooks/dianhua/${SECRET}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
    ).text();
    const took = performance.now() - t;
    done = true;
    await probe;
    if (took > worstAnswer.ms) worstAnswer = { ms: took, body: name };
  }
  await app.close();
  await store.close();
  console.log('\n== Hostile bodies: a megabyte each on the Dianhua hook of a listening server, /healthz probed throughout ==');
  console.log(
    `  slowest answer ${ms(worstAnswer.ms)} (${worstAnswer.body}); goal < ${ANSWER_GOAL_MS} ms: ${verdict(worstAnswer.ms, ANSWER_GOAL_MS)}`,
  );
  console.log(`  slowest /healthz ${ms(worstHealth)}; goal < ${HEALTH_GOAL_MS} ms: ${verdict(worstHealth, HEALTH_GOAL_MS)}`);
}

/** Session starts (fake upstream, distinct numbers) on a SQLite file, with and without the limits. */
async function startTimes(dir: string, limited: boolean): Promise<number[]> {
  const store = openSqliteStore({ path: join(dir, `${limited ? 'limited' : 'open'}.sqlite`), sessionTtlSeconds: 1800 });
  const app = await buildApp({
    config: { logLevel: 'silent', sessionTtlSeconds: 1800 },
    adapter: createFakeAdapter(),
    logger: false,
    widgetDir: dir,
    embedDir: dir,
    durable: { store, background: false },
    ...(limited && { limits: { ...DEFAULT_ABUSE_LIMITS, startsPerIp: 1_000_000 } }),
  });
  await app.ready();
  const consent = { agreementVersion: '2024-01', acceptedAt: '2026-11-22T08:00:00.000Z' };
  const times: number[] = [];
  for (let i = 0; i < STARTS; i++) {
    const phone = `138${String(10_000_000 + i).slice(-8)}`;
    const t = performance.now();
    const answer = await app.inject({ method: 'POST', url: '/api/sessions', payload: { phone, consent } });
    times.push(performance.now() - t);
    if (answer.statusCode !== 201) throw new Error(`start ${i} answered ${answer.statusCode}`);
  }
  await app.close();
  await store.close();
  return times.sort((a, b) => a - b);
}

async function limitOverhead(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cl-bench-limits-'));
  try {
    const open = await startTimes(dir, false);
    const limited = await startTimes(dir, true);
    const overhead = pct(limited, 50) - pct(open, 50);
    console.log(
      '\n== Abuse limits: cost per session start (SQLite file, synchronous=FULL; counters per address, number and SMS budget) ==',
    );
    console.log(`  ${STARTS} starts without limits: p50 ${ms(pct(open, 50))}, p95 ${ms(pct(open, 95))}`);
    console.log(`  ${STARTS} starts with limits:    p50 ${ms(pct(limited, 50))}, p95 ${ms(pct(limited, 95))}`);
    console.log(
      `  rate-limit overhead per request (p50) ${ms(overhead)}; goal < ${OVERHEAD_GOAL_MS} ms: ${verdict(overhead, OVERHEAD_GOAL_MS)}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchHardening(): Promise<void> {
  parseTimes();
  await hookUnderProbe();
  await limitOverhead();
}
