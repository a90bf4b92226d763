/** A run of kernel calls that failed: a kernel raised an error, or a worker died twice on the same group. */

/**
 * The whole run failed; nothing it computed is returned (the caller releases the run's memory).
 * `stage` names the pipeline stage, e.g. "stage A (scenarios and instrument P&L)".
 */
export class KernelRunError extends Error {
  override readonly name = 'KernelRunError';

  constructor(
    readonly stage: string,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super(`dynamargin: ${stage} failed: ${problem}; the run was stopped and no partial results were returned`, options);
  }
}

/** The engine was closed (`close()`) while a run was in progress, or a run was started after it. */
export class EngineClosedError extends Error {
  override readonly name = 'EngineClosedError';

  constructor() {
    super('dynamargin: the engine was closed (close() was called before this run finished); create a new engine to compute again');
  }
}

/** A kernel call raised an error in a worker (deterministic: never retried). */
export class KernelCallError extends Error {
  override readonly name = 'KernelCallError';
}

/** Text of an error of any kind (worker errors arrive structured-cloned). */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.name && err.name !== 'Error' ? `${err.name}: ${err.message}` : err.message;
  return String(err);
}
