/**
 * `dynamargin serve`: the live margin service (HTTP JSON + WebSocket) on a book loaded from
 * --portfolio / --market (or the built-in synthetic book), its state in a database (PGlite in a
 * folder by default, a PostgreSQL server for postgres:// URLs). SIGTERM / SIGINT: stop accepting,
 * finish and persist what was accepted, close.
 */
import type { Command } from 'commander';
import { createEngine } from '../engine.js';
import { InputError } from '../errors.js';
import { DEFAULT_BODY_LIMIT } from '../service/bodyLimit.js';
import type { MarginService } from '../service/marginService.js';
import type { CliIo } from './io.js';
import { parseIntegerOption } from './parseOptions.js';
import { StoppedBySignal } from './commandSignal.js';

interface ServeCliOptions {
  portfolio?: string;
  market?: string;
  config?: string;
  db: string;
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

Examples:
  $ dynamargin serve
  $ dynamargin serve --portfolio portfolio.json --market market.json --port 8080 --db ./margins
  $ DYNAMARGIN_TOKEN=secret dynamargin serve --db postgres://dynamargin@localhost/dynamargin --end-of-day 00:00
  $ curl -s localhost:8080/accounts?status=call`;

export function addServeCommand(program: Command, io: CliIo, interrupt?: AbortSignal): void {
  program
    .command('serve')
    .description('live margin service: positions and ticks in over HTTP, margins and calls out (HTTP, WebSocket), state in a database')
    .option('--portfolio <file>', 'portfolio.json (default: the built-in synthetic book)')
    .option('--market <file>', 'market.json (with --portfolio)')
    .option('--config <file>', 'margin policy config (JSON)')
    .option('--db <dir|url|none>', 'PGlite folder, postgres:// URL, or none (memory only)', './dynamargin-data')
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
    .action((o: ServeCliOptions) => runServe(o, io, interrupt));
}

async function runServe(o: ServeCliOptions, io: CliIo, interrupt?: AbortSignal): Promise<void> {
  if (!(o.port >= 0 && o.port <= 65535)) throw new InputError(`must be an integer in [0, 65535]; got ${o.port}`, { column: '--port' });
  // loaded here, not with the CLI: fastify, PGlite and pg would add about 0.3 s to every other command
  const [{ loadBookInputs }, { endOfDayTimer }, { MarginService }, { buildServer }, { openStore }] = await Promise.all([
    import('../service/bookInputs.js'), import('../service/endOfDayTimer.js'), import('../service/marginService.js'),
    import('../service/server.js'), import('../service/openStore.js'),
  ]);
  const schedule = o.endOfDay === undefined ? undefined : endOfDayTimer(o.endOfDay);
  const engine = await createEngine(o.threads === undefined ? {} : { threads: o.threads });
  let fatal: (err: unknown) => void = () => {};
  const failed = new Promise<never>((_, reject) => (fatal = reject));
  failed.catch(() => {});
  try {
    const store = await openStore(o.db);
    let service: MarginService;
    try {
      service = await MarginService.open(engine, store, () => loadBookInputs({ ...o, demoAccounts: o.demoAccounts }), {
        queueLimit: o.queueLimit,
        onFatal: (err) => fatal(err),
      });
    } catch (err) {
      await store.close();
      throw err;
    }
    const app = await buildServer(service, { token: o.token ?? process.env.DYNAMARGIN_TOKEN, bodyLimit: o.bodyLimit });
    const stopTimer = schedule?.start(() => service.endOfDay().catch((err) => io.stderr(`end-of-day step failed: ${(err as Error).message}\n`)));
    try {
      const address = await app.listen({ host: o.host, port: o.port });
      io.stdout(
        `dynamargin serve: listening on ${address} (${service.accounts} accounts, ${service.resumed ? `resumed at event ${service.lastSeq}` : 'new book'}, store ${service.storeDescription})\n`,
      );
      await Promise.race([stopped(interrupt), failed]);
    } finally {
      stopTimer?.();
      await app.close();
      await service.close();
    }
    io.stderr(`dynamargin serve: stopped at event ${service.lastSeq}\n`);
  } finally {
    await engine.close();
  }
  if (interrupt?.aborted) throw new StoppedBySignal();
}

/** Resolves when the interrupt signal fires (never without one). */
function stopped(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (!signal) return;
    if (signal.aborted) resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
