/**
 * System servers for the service tests: a PostgreSQL server started by the test on 127.0.0.1 from
 * Debian's `postgresql` binaries, and a nats-server (JetStream) from Debian's `nats-server`. Without them the suites are SKIPPED loudly with the install
 * command; with DYNAMARGIN_REQUIRE_SERVERS=1 (set by .ci/run) a missing server fails them instead.
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe } from 'vitest';

const INSTALL = 'apt-get update && apt-get install -y postgresql';
const required = process.env.DYNAMARGIN_REQUIRE_SERVERS === '1';

/** Folder with initdb and pg_ctl: DYNAMARGIN_PG_BIN, else the newest /usr/lib/postgresql/<n>/bin. */
export function postgresBin(): string | undefined {
  const given = process.env.DYNAMARGIN_PG_BIN;
  if (given !== undefined) return existsSync(join(given, 'pg_ctl')) ? given : undefined;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'pg_ctl'))).sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0], 'bin') : undefined;
}

/** `describe` for a suite that needs a system server: skipped loudly when `found` is false (failed under DYNAMARGIN_REQUIRE_SERVERS=1). */
function describeWithServer(kind: string, missing: string, install: string, found: boolean, name: string, body: () => void): void {
  const runs = required || found;
  if (!runs) {
    console.warn(`\n*** SKIPPED ${kind} suite "${name}": ${missing}. Install it with \`${install}\` (.ci/run does, and sets DYNAMARGIN_REQUIRE_SERVERS=1 so a missing server fails). ***\n`);
  }
  describe.skipIf(!runs)(name, body);
}

/** `describe` for a suite that needs a PostgreSQL server: skipped loudly when none is installed. */
export function describePostgres(name: string, body: () => void): void {
  describeWithServer('PostgreSQL', 'no PostgreSQL server binaries (initdb, pg_ctl)', INSTALL, postgresBin() !== undefined, name, body);
}

/** A server a test started on 127.0.0.1; `stop` removes it and its files. */
export interface TestServer {
  url: string;
  stop(): void;
}

export type PostgresServer = TestServer;

/** A throwaway cluster on 127.0.0.1 (trust auth, user dynamargin), as the postgres user when run as root. */
export async function startPostgres(): Promise<PostgresServer> {
  const bin = postgresBin();
  if (!bin) throw new Error(`PostgreSQL server binaries not found: install them with \`${INSTALL}\` (.ci/run does this).`);
  const dir = mkdtempSync(join(tmpdir(), 'dynamargin-pg-'));
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
    chmodSync(dir, 0o700);
  }
  const run = (cmd: string, args: string[]) => execFileSync(asRoot ? 'runuser' : join(bin, cmd), asRoot ? ['-u', 'postgres', '--', join(bin, cmd), ...args] : args, { stdio: 'pipe' });
  const port = await freePort();
  run('initdb', ['-D', data, '-U', 'dynamargin', '--auth=trust', '-E', 'UTF8', '--no-locale']);
  run('pg_ctl', ['-D', data, '-w', '-l', join(dir, 'log'), '-o', `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=on`, 'start']);
  return {
    url: `postgres://dynamargin@127.0.0.1:${port}/postgres`,
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

const NATS_INSTALL = 'apt-get update && apt-get install -y nats-server';

/** The nats-server binary: DYNAMARGIN_NATS_SERVER, else nats-server on PATH (Debian: /usr/sbin). */
export function natsServerBin(): string | undefined {
  const given = process.env.DYNAMARGIN_NATS_SERVER;
  if (given !== undefined) return existsSync(given) ? given : undefined;
  for (const dir of [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/bin']) {
    if (dir && existsSync(join(dir, 'nats-server'))) return join(dir, 'nats-server');
  }
  return undefined;
}

/** `describe` for a suite that needs nats-server: skipped loudly when it is missing. */
export function describeNats(name: string, body: () => void): void {
  describeWithServer('NATS', 'no nats-server', NATS_INSTALL, natsServerBin() !== undefined, name, body);
}

export type NatsServer = TestServer;

/** A throwaway nats-server with JetStream on 127.0.0.1 (its store in a temp folder, removed by stop). */
export async function startNats(): Promise<NatsServer> {
  const bin = natsServerBin();
  if (!bin) throw new Error(`nats-server not found: install it with \`${NATS_INSTALL}\` (.ci/run does this).`);
  const dir = mkdtempSync(join(tmpdir(), 'dynamargin-nats-'));
  const port = await freePort();
  const child = spawn(bin, ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('Server is ready')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`nats-server exited (${code}):\n${log}`)));
  });
  return {
    url: `nats://127.0.0.1:${port}`,
    stop() {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
