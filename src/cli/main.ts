/**
 * The `dynamargin` command line. Exit codes: 0 success (and --help), 2 bad input or usage
 * (message only, no stack trace), 1 unexpected error (stack trace with --debug), 124 `--timeout`
 * passed, 130 / 143 interrupted by SIGINT / SIGTERM. A timed-out or interrupted `var` or
 * `calibrate` stops once its running kernel calls finish and writes no output (a second signal
 * exits at once).
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { InputError } from '../errors.js';
import { removePendingTemps } from '../io/writeFileAtomic.js';
import { AbortError } from '../pool/cancel.js';
import { StoppedBySignal } from './commandSignal.js';
import { PROCESS_IO, type CliIo } from './io.js';

export const EXIT_OK = 0;
export const EXIT_UNEXPECTED = 1;
export const EXIT_USAGE = 2;
export const EXIT_TIMEOUT = 124;
const EXIT_SIGNAL = { SIGINT: 130, SIGTERM: 143 } as const;
type StopSignal = keyof typeof EXIT_SIGNAL;
/** Written to stderr once the signal handlers are installed, when DYNAMARGIN_TEST_SIGNALS_READY is set (tests). */
export const SIGNALS_READY = '[dynamargin: signal handlers ready]\n';

/**
 * Run the CLI.
 * @param argv the arguments after the program name (`process.argv.slice(2)`).
 * @param io where to write; defaults to the process streams.
 * @returns the exit code (the caller exits; `main` never calls `process.exit`).
 */
export async function main(argv: readonly string[], io: CliIo = PROCESS_IO): Promise<number> {
  const debug = argv.includes('--debug');
  // signals: only when running as the process (not in-process tests with buffered io)
  const interrupt = new AbortController();
  let received: StopSignal | undefined;
  const onSignal = (sig: StopSignal) => {
    if (received) {
      removePendingTemps(); // a second signal: stop now, leaving no temporary file
      process.exit(EXIT_SIGNAL[sig]);
    }
    received = sig;
    io.stderr(`\n${sig}: stopping once the running kernel calls finish (send it again to stop at once)\n`);
    interrupt.abort(new AbortError(`dynamargin: interrupted by ${sig}`));
  };
  const listening = io === PROCESS_IO;
  if (listening) for (const sig of Object.keys(EXIT_SIGNAL) as StopSignal[]) process.on(sig, onSignal);
  // TEST ONLY: tells a test that spawned the CLI that a signal sent from now on is handled
  if (listening && process.env.DYNAMARGIN_TEST_SIGNALS_READY) io.stderr(SIGNALS_READY);
  try {
    await (await buildProgram(argv, io, interrupt.signal)).parseAsync([...argv], { from: 'user' });
    // the signal came once every output was complete (installed in one step): the run succeeded
    if (received) io.stderr(`note: ${received} arrived after the output was complete; it was kept\n`);
    return EXIT_OK;
  } catch (err) {
    if (received && err instanceof StoppedBySignal) return EXIT_SIGNAL[received]; // serve: a clean stop
    if (received && (err as Error | undefined)?.name === 'AbortError') {
      io.stderr(`error: interrupted by ${received}; stopped without writing output\n`);
      return EXIT_SIGNAL[received];
    }
    if ((err as Error | undefined)?.name === 'TimeoutError') {
      io.stderr(`error: ${(err as Error).message.replace(/^dynamargin: /, '')}; stopped without writing output\n`);
      return EXIT_TIMEOUT;
    }
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT_OK : EXIT_USAGE; // commander printed it
    if (err instanceof InputError) {
      io.stderr(`error: ${err.message}\n`);
      return EXIT_USAGE;
    }
    const message = err instanceof Error ? err.message : String(err);
    io.stderr(`error: ${message}\n`);
    if (debug && err instanceof Error && err.stack) io.stderr(`${err.stack}\n`);
    else io.stderr('(run again with --debug for a stack trace)\n');
    return EXIT_UNEXPECTED;
  } finally {
    if (listening) for (const sig of Object.keys(EXIT_SIGNAL) as StopSignal[]) process.off(sig, onSignal);
  }
}

type AddCommands = (program: Command, io: CliIo, interrupt: AbortSignal) => void;

/**
 * The modules that define the commands, in the order help lists them, with the commands each
 * defines. Only the module of the command being run is loaded (all of them for the top-level
 * help or an unknown command): loading every one cost about 0.3 s of each run.
 */
const COMMAND_MODULES: { names: readonly string[]; load: () => Promise<AddCommands> }[] = [
  { names: ['vol'], load: async () => (await import('./volCommand.js')).addVolCommand },
  { names: ['var'], load: async () => (await import('./varCommand.js')).addVarCommand },
  { names: ['calibrate', 'backtest', 'stress'], load: async () => (await import('./calibrateCommand.js')).addCalibrateCommands },
  { names: ['backtest-book'], load: async () => (await import('./bookBacktestCommand.js')).addBookBacktestCommand },
  { names: ['demo'], load: async () => (await import('./demoCommand.js')).addDemoCommand },
  { names: ['schema'], load: async () => (await import('./schemaCommand.js')).addSchemaCommand },
  { names: ['surface'], load: async () => (await import('./surfaceCommand.js')).addSurfaceCommand },
  { names: ['serve'], load: async () => (await import('./serveCommand.js')).addServeCommand },
];

async function buildProgram(argv: readonly string[], io: CliIo, interrupt: AbortSignal): Promise<Command> {
  const program = new Command('dynamargin')
    .description('Dynamic margin calibration engine for crypto derivatives venues')
    .version(packageVersion())
    .option('--debug', 'print stack traces of unexpected errors')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(add --help for usage)')
    .addHelpText('after', '\nExamples:\n  $ dynamargin calibrate --out report\n  $ dynamargin demo\n  $ dynamargin vol --prices btc.csv --estimator yang-zhang --window 30\n  $ dynamargin var --market market.json --portfolio portfolio.json\n  $ dynamargin schema policy\n  $ dynamargin vol --help');
  // the program's own options take no value, so the first other word names the command
  const name = argv.find((a) => !a.startsWith('-'));
  const one = COMMAND_MODULES.find((m) => name !== undefined && m.names.includes(name));
  // `--version` alone lists no command (it loaded them all: 0.40 s, 0.19 s without)
  const versionOnly = name === undefined && argv.some((a) => a === '--version' || a === '-V') && !argv.some((a) => a === '--help' || a === '-h');
  const modules = one ? [one] : versionOnly ? [] : COMMAND_MODULES;
  for (const add of await Promise.all(modules.map((m) => m.load()))) add(program, io, interrupt);
  return program;
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
