/** A progress bar on stderr for long runs, shown only when stderr is a terminal (cli-progress). */
import { SingleBar, Presets } from 'cli-progress';

/** Delay before the bar appears, so short runs print nothing. */
const SHOW_AFTER_MS = 1000;

export interface Progress {
  update(fraction: number): void;
  stop(): void;
}

export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { update() {}, stop() {} };
  const started = Date.now();
  let bar: SingleBar | undefined;
  return {
    update(fraction) {
      if (!bar && Date.now() - started >= SHOW_AFTER_MS) {
        bar = new SingleBar({ format: `${label} [{bar}] {percentage}% | {duration_formatted}`, stream, clearOnComplete: true }, Presets.shades_classic);
        bar.start(100, 0);
      }
      bar?.update(Math.round(fraction * 100));
    },
    stop() {
      bar?.stop();
    },
  };
}
