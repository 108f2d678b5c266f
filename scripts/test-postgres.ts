/**
 * A throwaway PostgreSQL server for tests and benchmarks: TEST_DATABASE_URL when it is set, else
 * Debian's server binaries (/usr/lib/postgresql/<version>/bin, or POSTGRES_BIN_DIR) run on a fresh
 * cluster in a temporary directory. The server listens only on a unix socket inside that
 * directory, so it needs no free TCP port and nobody else on the machine can reach it.
 * initdb refuses to run as root: as root the cluster belongs to the `postgres` system user.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestPostgres {
  /** A connection string whose role may create and drop schemas. */
  url: string;
  /** Where it came from, for the log line. */
  source: 'TEST_DATABASE_URL' | 'temporary cluster';
  stop(): Promise<void>;
}

export const INSTALL_HINT =
  "PostgreSQL server binaries not found. Install Debian's server (as root: apt-get install -y postgresql), " +
  'point POSTGRES_BIN_DIR at a directory holding initdb and pg_ctl, or set TEST_DATABASE_URL=postgres://user:pass@host/db ' +
  'to a server where the tests may create and drop schemas.';

/** The newest Debian-installed server's bin directory holding initdb and pg_ctl, if any. */
export function findPostgresBin(): string | undefined {
  const given = process.env.POSTGRES_BIN_DIR;
  const candidates = given
    ? [given]
    : existsSync('/usr/lib/postgresql')
      ? readdirSync('/usr/lib/postgresql')
          .filter((v) => /^\d+$/.test(v))
          .sort((a, b) => Number(b) - Number(a))
          .map((v) => join('/usr/lib/postgresql', v, 'bin'))
      : [];
  return candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')));
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** Runs a server binary as the cluster owner: `postgres` when we are root (via runuser), ourselves otherwise. */
function runAsOwner(bin: string, args: string[]): void {
  const [command, commandArgs] = isRoot() ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  const result = spawnSync(command, commandArgs, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status !== 0) {
    throw new Error(`${bin} ${args[0] ?? ''} failed (${result.status ?? result.signal}): ${(result.stderr || result.stdout).trim()}`);
  }
}

export interface StartOptions {
  /**
   * Keep PostgreSQL's durability (fsync, synchronous commit, full page writes) as production has
   * it: benchmarks measure that. Tests turn it off, since the cluster is thrown away.
   */
  durable?: boolean;
}

/** Starts a private server (or answers TEST_DATABASE_URL); `stop` shuts it down and deletes its files. */
export async function startTestPostgres(options: StartOptions = {}): Promise<TestPostgres> {
  const external = process.env.TEST_DATABASE_URL?.trim();
  if (external) return { url: external, source: 'TEST_DATABASE_URL', stop: async () => undefined };
  const bin = findPostgresBin();
  if (!bin) throw new Error(INSTALL_HINT);

  const dir = mkdtempSync(join(tmpdir(), 'carrierlink-pg-'));
  const data = join(dir, 'data');
  if (isRoot()) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o700);
  const port = 5432;
  try {
    runAsOwner(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
    // Socket only (listen_addresses empty); for tests durability off: the cluster is thrown away after the run.
    const settings = [
      `-k ${dir}`,
      "-c listen_addresses=''",
      `-p ${port}`,
      '-c max_connections=300',
      ...(options.durable ? [] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
    ].join(' ');
    runAsOwner(join(bin, 'pg_ctl'), ['-D', data, '-o', settings, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start']);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  let stopped = false;
  return {
    url: `postgres://postgres@localhost:${port}/postgres?host=${encodeURIComponent(dir)}`,
    source: 'temporary cluster',
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        runAsOwner(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
