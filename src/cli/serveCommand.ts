/**
 * `dynamargin serve`: the live margin service (HTTP JSON + WebSocket) on a book loaded from
 * --portfolio / --market (or the built-in synthetic book), its state in a database (PGlite in a
 * folder by default, a PostgreSQL server for postgres:// URLs). SIGTERM / SIGINT: stop accepting,
 * finish and persist what was accepted, close.
 */
import type { Command } from 'commander';
import { DEFAULT_BODY_LIMIT } from '../service/bodyLimit.js';
import type { CliIo } from './io.js';
import { parseIntegerOption } from './parseOptions.js';

export interface ServeCliOptions {
  portfolio?: string;
  market?: string;
  config?: string;
  db?: string;
  shard?: string;
  nats?: string;
  shardTimeout?: number;
  host: string;
  port: number;
  token?: string;
  scenarios?: number;
  seed?: number;
  threads?: number;
  bodyLimit?: number;
  queueLimit?: number;
  endOfDay?: string;
  demoAccounts?: number;
}

const EXAMPLES = `
Without --portfolio / --market, serves the built-in synthetic book (500 accounts).
State: --db DIR (PGlite, embedded; default ./dynamargin-data), --db postgres://user@host/db, or --db none.
A restart on the same --db resumes the stored book (--portfolio / --market are then ignored).
Shards: one process per shard, each with its own --db (default ./dynamargin-data-shard-<i>-of-<N>),
all on one NATS JetStream server (nats-server -js); README "Shards".

Examples:
  $ dynamargin serve
  $ dynamargin serve --portfolio portfolio.json --market market.json --port 8080 --db ./margins
  $ DYNAMARGIN_TOKEN=secret dynamargin serve --db postgres://dynamargin@localhost/dynamargin --end-of-day 00:00
  $ curl -s localhost:8080/accounts?status=call
  $ dynamargin serve --shard 0/3 --nats nats://127.0.0.1:4222 --port 8080   # and 1/3 on 8081, 2/3 on 8082`;

export function addServeCommand(program: Command, io: CliIo, interrupt?: AbortSignal): void {
  program
    .command('serve')
    .description('live margin service: positions and ticks in over HTTP, margins and calls out (HTTP, WebSocket), state in a database')
    .option('--portfolio <file>', 'portfolio.json (default: the built-in synthetic book)')
    .option('--market <file>', 'market.json (with --portfolio)')
    .option('--config <file>', 'margin policy config (JSON)')
    .option('--db <dir|url|none>', 'PGlite folder, postgres:// URL, or none (memory only) (default ./dynamargin-data)')
    .option('--shard <i/N>', 'serve shard i of N (accounts by FNV-1a 32 of the id mod N) over NATS JetStream (with --nats)')
    .option('--nats <url>', 'NATS server with JetStream, e.g. nats://127.0.0.1:4222 (with --shard)')
    .option('--shard-timeout <s>', 'sharded: seconds an event waits for its shards before a 504 (default 60)', parseIntegerOption)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <n>', 'port (0: any free port)', parseIntegerOption, 8080)
    .option('--token <token>', 'require Authorization: Bearer <token> (default: env DYNAMARGIN_TOKEN; none = open)')
    .option('--scenarios <m>', 'Monte Carlo scenarios (default 10000)', parseIntegerOption)
    .option('--seed <n>', 'random seed (default 1)', parseIntegerOption)
    .option('--threads <t>', 'worker threads (default: available cores)', parseIntegerOption)
    .option('--body-limit <bytes>', `largest request body (default ${DEFAULT_BODY_LIMIT})`, parseIntegerOption)
    .option('--queue-limit <n>', 'operations that may wait before new ones get 503 (default 10000)', parseIntegerOption)
    .option('--end-of-day <HH:MM>', 'run the policy\'s end-of-day step daily at this UTC time')
    .option('--demo-accounts <n>', 'accounts of the built-in synthetic book (default 500)', parseIntegerOption)
    .addHelpText('after', EXAMPLES)
    // the service's modules (fastify, PGlite, pg, NATS) load when serve runs, not with the CLI:
    // they would add about 0.3 s to every other command
    .action(async (o: ServeCliOptions) => (await import('./serveRun.js')).runServe(o, io, interrupt));
}

