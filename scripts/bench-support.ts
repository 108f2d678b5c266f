/** Helpers shared by the benchmark scripts (they print figures, never assert). */
import { execSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..');

/** The value at percentile `p` of an ascending list. */
export const pct = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

export function freePort(): Promise<number> {
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

/** utime + stime of a process in seconds (fields 14 and 15 of /proc/<pid>/stat). */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks / Number(execSync('getconf CLK_TCK').toString().trim() || 100);
}

/** The compiled server and simulators (what production runs): built first when missing. */
export function ensureServerBuild(): void {
  if (existsSync(join(ROOT, 'dist/server/main.js'))) return;
  console.log('dist/server missing: running npm run build ...');
  execSync('npm run build', { cwd: ROOT, stdio: 'inherit' });
}

const children: ChildProcess[] = [];
/** A compiled entry of dist/server run by node (`node --cpu-prof` etc. through nodeArgs). */
export function spawnNode(entry: string, env: Record<string, string>, nodeArgs: string[] = []): ChildProcess {
  const child = spawn(process.execPath, [...nodeArgs, join(ROOT, 'dist/server', entry)], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  child.stdout?.resume();
  return child;
}

/** SIGTERM (a drain), then SIGKILL whatever has not exited within `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  const timer = new Promise((done) => setTimeout(() => done('timeout'), graceMs).unref());
  if ((await Promise.race([exited, timer])) === 'timeout') {
    console.log(`  warning: pid ${child.pid} ignored SIGTERM for ${graceMs / 1000} s; killing it`);
    child.kill('SIGKILL');
    await exited;
  }
}

export const stopChildren = (graceMs?: number) => Promise.all(children.map((child) => stopChild(child, graceMs)));

// Last resort on any exit path: a child blocked in a synchronous wait cannot run its SIGTERM handler.
process.on('exit', () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

export async function waitFor(url: string, ms = 30_000): Promise<void> {
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
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130));
