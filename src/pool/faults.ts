/** TEST ONLY: the worker side of `FaultPlan` (src/pool/tasks.ts). Inert unless a plan is in the worker's setup. */
import type { FaultPlan, Task } from './tasks.js';

export interface Fault {
  /** Index of the call before which the fault fires (calls.length: after the last). */
  at: number;
  /** Kill the worker (never settles), or reject as a failing kernel call would. */
  fire(): Promise<never>;
}

/** The fault this task must suffer, if it matches the plan and the plan has faults left (consumes one). */
export function injectFault(plan: FaultPlan, task: Task): Fault | undefined {
  if (plan.group !== undefined && plan.group !== task.group) return undefined;
  if (!task.calls.some((c) => c.kernel === plan.kernel)) return undefined;
  if (!takeOne(plan.remaining)) return undefined;
  return {
    // a `throw` fault is a failing call, so it fires before one of the calls
    at: Math.min(plan.afterCalls ?? 0, task.calls.length - (plan.how === 'throw' ? 1 : 0)),
    async fire() {
      if (plan.how === 'exit') process.exit(70);
      if (plan.how === 'crash') {
        // an exception outside the task kills the worker thread; the task itself never settles
        setTimeout(() => {
          throw new Error('injected worker crash (test fault)');
        });
        return new Promise<never>(() => {});
      }
      throw new Error('injected kernel error (test fault)');
    },
  };
}

function takeOne(counter: Int32Array): boolean {
  for (;;) {
    const left = Atomics.load(counter, 0);
    if (left <= 0) return false;
    if (Atomics.compareExchange(counter, 0, left, left - 1) === left) return true;
  }
}
