/** The scheduled end-of-day step: once a day at a UTC time of day (`--end-of-day HH:MM`). */
import { InputError } from '../errors.js';

export interface EndOfDaySchedule {
  /** Minutes after 00:00 UTC. */
  minuteOfDay: number;
  /** Start calling `step` daily; returns the stop function. */
  start(step: () => unknown): () => void;
}

const DAY_MS = 86_400_000;

export function endOfDayTimer(text: string): EndOfDaySchedule {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  if (!m) throw new InputError(`must be a UTC time HH:MM, e.g. 00:00; got ${JSON.stringify(text)}`, { column: '--end-of-day' });
  const minuteOfDay = Number(m[1]) * 60 + Number(m[2]);
  return {
    minuteOfDay,
    start(step) {
      let timer: NodeJS.Timeout | undefined;
      const arm = (): void => {
        timer = setTimeout(() => {
          step();
          arm();
        }, msUntil(minuteOfDay, Date.now()));
        timer.unref();
      };
      arm();
      return () => clearTimeout(timer);
    },
  };
}

/** Milliseconds from `nowMs` to the next `minuteOfDay` UTC (a full day when it is now). */
export function msUntil(minuteOfDay: number, nowMs: number): number {
  const at = minuteOfDay * 60_000;
  const today = nowMs % DAY_MS;
  return at > today ? at - today : DAY_MS - today + at;
}
