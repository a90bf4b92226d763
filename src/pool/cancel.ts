/**
 * Cancellation of engine runs: an `AbortSignal` and/or a `timeoutMs` deadline per call.
 *
 * Abort stops dispatching further groups of kernel calls, waits for the groups already running
 * (a kernel call cannot be interrupted mid-kernel: it runs to its end on its thread), releases the
 * run's kernel memory and rejects with `AbortError` (or `TimeoutError` for a deadline). Browser-safe.
 */
import { InputError } from '../errors.js';

export interface CancelOptions {
  /** (AbortSignal) cancels the run: it rejects with an `AbortError` once running kernel calls finish. */
  signal?: AbortSignal;
  /** (milliseconds > 0) deadline of the run: past it, it is cancelled and rejects with a `TimeoutError`. Default: none. */
  timeoutMs?: number;
}

/** The run was cancelled through its `signal`. */
export class AbortError extends Error {
  override readonly name = 'AbortError';
}

/** The run passed its `timeoutMs` deadline (or its signal was aborted by `AbortSignal.timeout`). */
export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

/** The error a cancelled run rejects with: the signal's reason when it is one of ours, else an `AbortError`. */
export function abortError(signal: AbortSignal, what = 'the run'): AbortError | TimeoutError {
  const reason: unknown = signal.reason;
  if (reason instanceof AbortError || reason instanceof TimeoutError) return reason;
  if ((reason as Error | undefined)?.name === 'TimeoutError') {
    return new TimeoutError(`dynamargin: ${what} timed out`, { cause: reason });
  }
  return new AbortError(`dynamargin: ${what} was aborted`, { cause: reason });
}

/** One run's cancellation: the combined signal (undefined when neither option is given) and its cleanup. */
export interface RunSignal {
  readonly signal: AbortSignal | undefined;
  /** Throw the run's `AbortError` / `TimeoutError` if it was cancelled. */
  throwIfAborted(): void;
  /** Clear the timer and detach from the caller's signal (call when the run settles). */
  dispose(): void;
}

/**
 * Combine `options.signal` and `options.timeoutMs` into one signal for the run named `what`
 * (e.g. "valueAtRisk"), whose reason is already the `AbortError` / `TimeoutError` to reject with.
 *
 * @throws InputError `timeoutMs: must be a number of milliseconds > 0` for a bad deadline.
 */
export function runSignal(options: CancelOptions | undefined, what: string): RunSignal {
  const { signal: outer, timeoutMs } = options ?? {};
  if (timeoutMs !== undefined && !(typeof timeoutMs === 'number' && timeoutMs > 0 && timeoutMs <= 2 ** 31 - 1)) {
    throw new InputError(`must be a number of milliseconds in (0, 2^31); got ${String(timeoutMs)}`, { column: 'timeoutMs' });
  }
  if (outer !== undefined && !(outer instanceof AbortSignal)) {
    throw new InputError('must be an AbortSignal', { column: 'signal' });
  }
  if (!outer && timeoutMs === undefined) return { signal: undefined, throwIfAborted() {}, dispose() {} };
  const controller = new AbortController();
  const onAbort = () => controller.abort(abortError(outer!, what));
  let timer: ReturnType<typeof setTimeout> | undefined;
  if (outer?.aborted) onAbort();
  else outer?.addEventListener('abort', onAbort, { once: true });
  if (timeoutMs !== undefined && !controller.signal.aborted) {
    timer = setTimeout(() => controller.abort(new TimeoutError(`dynamargin: ${what} timed out after ${timeoutMs} ms`)), timeoutMs);
  }
  return {
    signal: controller.signal,
    throwIfAborted() {
      if (controller.signal.aborted) throw abortError(controller.signal, what);
    },
    dispose() {
      if (timer !== undefined) clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
    },
  };
}
