/**
 * What one candidate rate path would have done on the training data known at each refit date: the
 * multiplier that gives the target exception count, its cost, peak / trough, largest 30-day increase
 * and Christoffersen (1998) independence, over a trailing window of months.
 *
 * Exceptions are loss > rate, so with the ratios loss / unit rate sorted descending, multiplier
 * top[k] leaves exactly k exceptions. The bars are summarized once per month block (count, sum,
 * extremes, the block's largest ratios), and each refit merges the blocks of its window: exact as
 * long as a block keeps at least k + 1 ratios, which `maxExceptions` guarantees.
 */
import { independenceLr } from '../backtest/christoffersen.js';
import { chiSquareSurvival } from '../backtest/chiSquare.js';

export interface TrainingWindow {
  /**
   * Block boundaries in bars, ascending: block i holds the bars [bounds[i], bounds[i + 1]). Refit j
   * (j >= firstRefit) trains on the blocks before bound j.
   */
  bounds: readonly number[];
  /** Index of the first bound that is a refit. */
  firstRefit: number;
  /** Blocks in the training window (Infinity = all before). */
  windowBlocks: number;
  /** Exception rate the multiplier aims at, e.g. 0.01. */
  targetRate: number;
  /** Largest exception count any window can ask for (round(targetRate x window days) + 1). */
  maxExceptions: number;
  /** Bars of the path skipped before peak / trough and increases are measured (floor warm-up). */
  warmupBars: number;
  /** Bars in 30 days. */
  increaseBars: number;
}

export interface TrainingStats {
  /** Per refit (bound index - firstRefit): training days. */
  days: Int32Array;
  /** Multiplier giving the target exception count. */
  multiplier: Float64Array;
  /** multiplier x mean unit rate: the average requirement (fraction of notional). */
  cost: Float64Array;
  peakToTrough: Float64Array;
  maxIncrease30d: Float64Array;
  /** Christoffersen independence p-value at that multiplier. */
  independenceP: Float64Array;
}

interface Block {
  count: number;
  sum: number;
  peak: number;
  trough: number;
  increase: number;
  first: number;
  last: number;
  ratio: number[]; // descending
  bar: number[];
}

/** Training statistics of one shaped unit-rate path against realized losses at every refit. */
export function trainingStats(shaped: ArrayLike<number>, loss: ArrayLike<number>, w: TrainingWindow): TrainingStats {
  const blocks = summarize(shaped, loss, w);
  const R = w.bounds.length - w.firstRefit;
  const out: TrainingStats = {
    days: new Int32Array(R),
    multiplier: new Float64Array(R).fill(NaN),
    cost: new Float64Array(R).fill(NaN),
    peakToTrough: new Float64Array(R).fill(NaN),
    maxIncrease30d: new Float64Array(R).fill(NaN),
    independenceP: new Float64Array(R).fill(NaN),
  };
  const ratios = new Float64Array(blocks.reduce((a, b) => a + b.ratio.length, 0));
  const sorted = new Float64Array(ratios.length);
  const bars = new Int32Array(ratios.length);
  for (let r = 0; r < R; r++) {
    const end = w.firstRefit + r; // blocks [start, end)
    const start = Math.max(0, end - w.windowBlocks);
    let days = 0;
    let sum = 0;
    let peak = -Infinity;
    let trough = Infinity;
    let increase = -Infinity;
    let first = -1;
    let last = -1;
    let size = 0;
    for (let b = start; b < end; b++) {
      const k = blocks[b];
      if (k.count === 0) continue;
      if (first < 0) first = k.first;
      last = k.last;
      days += k.count;
      sum += k.sum;
      peak = Math.max(peak, k.peak);
      trough = Math.min(trough, k.trough);
      increase = Math.max(increase, k.increase);
      for (let i = 0; i < k.ratio.length; i++) {
        ratios[size] = k.ratio[i];
        bars[size++] = k.bar[i];
      }
    }
    out.days[r] = days;
    if (days === 0) continue;
    const desc = sorted.subarray(0, size);
    desc.set(ratios.subarray(0, size));
    desc.sort().reverse();
    const k = Math.min(size - 1, Math.round(w.targetRate * days));
    const m = Math.max(desc[k], 1e-9);
    const exceptionBars: number[] = [];
    for (let i = 0; i < size; i++) if (ratios[i] > m) exceptionBars.push(bars[i]);
    out.multiplier[r] = m;
    out.cost[r] = (m * sum) / days;
    out.peakToTrough[r] = peak > 0 ? peak / trough : NaN;
    out.maxIncrease30d[r] = Number.isFinite(increase) ? increase : NaN;
    out.independenceP[r] = independenceP(exceptionBars, first, last, days);
  }
  return out;
}

function summarize(shaped: ArrayLike<number>, loss: ArrayLike<number>, w: TrainingWindow): Block[] {
  const keep = w.maxExceptions + 1;
  const blocks: Block[] = [];
  let firstValid = -1;
  for (let b = 0; b + 1 < w.bounds.length; b++) {
    const block: Block = { count: 0, sum: 0, peak: -Infinity, trough: Infinity, increase: -Infinity, first: -1, last: -1, ratio: [], bar: [] };
    for (let j = Math.max(0, w.bounds[b]); j < w.bounds[b + 1]; j++) {
      const s = shaped[j];
      const l = loss[j];
      if (!(s > 0) || !Number.isFinite(l)) continue;
      if (firstValid < 0) firstValid = j;
      if (block.first < 0) block.first = j;
      block.last = j;
      block.count++;
      block.sum += s;
      insertTop(block, l / s, j, keep);
      if (j - firstValid >= w.warmupBars) {
        block.peak = Math.max(block.peak, s);
        block.trough = Math.min(block.trough, s);
        const back = shaped[j - w.increaseBars];
        if (j - w.increaseBars - firstValid >= w.warmupBars && back > 0) block.increase = Math.max(block.increase, s / back - 1);
      }
    }
    blocks.push(block);
  }
  return blocks;
}

function insertTop(block: Block, ratio: number, bar: number, keep: number): void {
  const r = block.ratio;
  if (r.length >= keep && ratio <= r[r.length - 1]) return;
  let i = r.length;
  while (i > 0 && r[i - 1] < ratio) i--;
  r.splice(i, 0, ratio);
  block.bar.splice(i, 0, bar);
  if (r.length > keep) {
    r.pop();
    block.bar.pop();
  }
}

/**
 * Christoffersen independence p-value of the exceptions at the given bars among `days` training
 * days spanning bars first..last (consecutive training days are consecutive bars but for rare gaps).
 */
function independenceP(exceptionBars: number[], first: number, last: number, days: number): number {
  const k = exceptionBars.length;
  if (days < 2) return 1;
  const sorted = exceptionBars.slice().sort((a, b) => a - b);
  let n11 = 0;
  for (let i = 1; i < k; i++) if (sorted[i] === sorted[i - 1] + 1) n11++;
  const startsWith = k > 0 && sorted[0] === first ? 1 : 0;
  const endsWith = k > 0 && sorted[k - 1] === last ? 1 : 0;
  const n01 = k - n11 - startsWith;
  const n10 = k - n11 - endsWith;
  const n00 = days - 1 - n01 - n10 - n11;
  return chiSquareSurvival(independenceLr({ n00, n01, n10, n11 }), 1);
}
