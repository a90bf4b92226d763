/** Cancellation of a command: SIGINT / SIGTERM (main aborts `interrupt`) and its `--timeout` deadline. */
import { InputError } from '../errors.js';
import { runSignal, type RunSignal } from '../pool/cancel.js';

export type CommandSignal = RunSignal;

/**
 * @param command named in the timeout message ("dynamargin: var timed out after 5000 ms").
 * @throws InputError `--timeout: must be a number of seconds ...` for a bad deadline.
 */
export function commandSignal(command: string, interrupt: AbortSignal | undefined, timeoutSeconds: number | undefined): CommandSignal {
  if (timeoutSeconds !== undefined && !(timeoutSeconds > 0 && timeoutSeconds <= 2e6)) {
    throw new InputError(`must be a number of seconds in (0, 2000000]; got ${timeoutSeconds}`, { column: '--timeout' });
  }
  return runSignal({ signal: interrupt, timeoutMs: timeoutSeconds === undefined ? undefined : timeoutSeconds * 1000 }, command);
}

/** Thrown by a command that a signal ends by design (serve): it stopped cleanly; exit 130 / 143 without an error message. */
export class StoppedBySignal extends Error {
  constructor() {
    super('stopped by a signal');
    this.name = 'StoppedBySignal';
  }
}
