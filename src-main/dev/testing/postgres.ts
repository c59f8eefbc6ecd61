// A PostgreSQL cluster of the test's own: initdb in a temporary folder, listening on 127.0.0.1 and a free
// port, stopped (and its folder removed) at the end. initdb refuses to run as root, so where tests run as
// root the cluster belongs to the `postgres` user. Passwords are required over TCP (scram-sha-256), so
// the password path of a site URL is the real one. `kill()` is a SIGKILL of the server and its
// backends, as when the machine loses power; `start()` again recovers from the WAL.
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = process.env.TIEPDON_PG_BIN ?? '/usr/lib/postgresql/15/bin';
export const PG_PASSWORD = 'tiepdon-test-pg';

function owner(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  return { uid: id('-u'), gid: id('-g') };
}

/** A command as the cluster's owner. */
function asOwner(command: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', join(BIN, command), ...args]] : [join(BIN, command), args];
}

function run(command: string, args: string[]): void {
  const [file, argv] = asOwner(command, args);
  const result = spawnSync(file, argv, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} failed (${result.status}): ${result.stderr || result.stdout}`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The processes whose parent is `pid` (the postmaster's backends). */
function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) children.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return children;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

export class PgCluster {
  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  static async create(): Promise<PgCluster> {
    const dir = mkdtempSync(join(tmpdir(), 'tiepdon-pg-'));
    const ids = owner();
    if (ids) chownSync(dir, ids.uid, ids.gid);
    const data = join(dir, 'data');
    const pwfile = join(dir, 'pw');
    writeFileSync(pwfile, `${PG_PASSWORD}\n`, { mode: 0o600 });
    if (ids) chownSync(pwfile, ids.uid, ids.gid);
    run('initdb', ['-D', data, '-U', 'postgres', '--pwfile', pwfile, '--auth-host=scram-sha-256', '--auth-local=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
    const cluster = new PgCluster(dir, await freePort());
    await cluster.start();
    return cluster;
  }

  private get data(): string {
    return join(this.dir, 'data');
  }

  /** `postgres://postgres:…@127.0.0.1:port/db`; the superuser, whom `site init` may use. */
  url(database = 'postgres', options: { password?: boolean } = {}): string {
    const auth = options.password === false ? 'postgres' : `postgres:${PG_PASSWORD}`;
    return `postgres://${auth}@127.0.0.1:${this.port}/${database}`;
  }

  private databases = 0;

  /** A new empty database of the cluster: one per test, so tests share the server, not the data. */
  newDatabase(): string {
    const name = `site_${++this.databases}`;
    psql(this, `CREATE DATABASE ${name}`);
    return this.url(name);
  }

  async start(): Promise<void> {
    run('pg_ctl', ['-D', this.data, '-l', join(this.dir, 'log'), '-w', '-t', '30', '-o', `-p ${this.port} -c listen_addresses=127.0.0.1 -k ${this.dir} -c fsync=on`, 'start']);
  }

  /** A clean stop (the administrator's `systemctl stop postgresql`). */
  async stop(): Promise<void> {
    if (!existsSync(join(this.data, 'postmaster.pid'))) return;
    run('pg_ctl', ['-D', this.data, '-w', '-m', 'fast', 'stop']);
  }

  /** SIGKILL to the server and every backend; waits until all are gone so a start can follow. */
  async kill(): Promise<void> {
    const pidFile = join(this.data, 'postmaster.pid');
    if (!existsSync(pidFile)) return;
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    const all = [pid, ...childrenOf(pid)];
    for (const each of all) {
      try {
        process.kill(each, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    const deadline = Date.now() + 10_000;
    while (all.some(alive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  }

  async destroy(): Promise<void> {
    try {
      await this.stop();
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}

/** Runs `sql` through psql as the superuser (test set-up that the product never does). */
export function psql(cluster: PgCluster, sql: string, database = 'postgres'): string {
  const [file, argv] = asOwner('psql', ['-h', cluster.dir, '-p', String(cluster.port), '-U', 'postgres', '-d', database, '-At', '-v', 'ON_ERROR_STOP=1', '-c', sql]);
  const result = spawnSync(file, argv, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`psql failed: ${result.stderr}`);
  return result.stdout.trim();
}
