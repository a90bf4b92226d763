/**
 * How far an account's scenario losses can move when its positions change, for updateAccount's
 * tracked-tail path (assembly/blocked.ts, listedRisk): a scale c >= 0 and a bound `rise` with
 *   loss_to(s) <= c loss_from(s) + rise   in every scenario s,
 * since loss_to - c loss_from = sum_i (q_to,i - c q_from,i) pnl_i(s) <= sum_i |q_to,i - c q_from,i| max_s |pnl_i|,
 * plus the rounding of the two loss sums (each within n u sum |q pnl|, Higham 2002, eq. 4.4) and
 * of the terms. Scenarios off the list had losses below `bound`, so now below c bound + rise.
 * c minimizes that proven bound: a weighted median of the quantity ratios q_to / q_from (1 for a
 * fill among unchanged positions, f for positions all rescaled by f).
 */
import type { Held } from '../wasm/bookLayout.js';

export interface ListChange {
  /** c >= 0: off-list losses are now below scale x bound + rise. */
  scale: number;
  rise: number;
}

export class PositionChange {
  private readonly from: Float64Array;
  private readonly to: Float64Array;
  private readonly seen: Int32Array;
  /** Instruments met in this call, in order; ratio and weight per entry. */
  private readonly met: Int32Array;
  private readonly ratio: Float64Array;
  private readonly weight: Float64Array;
  /** bestScale's entries with a positive ratio, sorted by it. */
  private readonly above: Int32Array;
  private stamp = 0;
  private count = 0;

  constructor(
    instruments: number,
    /** max over scenarios of |unit P&L| of instrument i in the P&L in use. */
    private readonly maxAbsPnl: (i: number) => number,
  ) {
    this.from = new Float64Array(instruments);
    this.to = new Float64Array(instruments);
    this.seen = new Int32Array(instruments).fill(-1);
    this.met = new Int32Array(instruments);
    this.ratio = new Float64Array(instruments);
    this.weight = new Float64Array(instruments);
    this.above = new Int32Array(instruments);
  }

  /** The change from `from` to `to` positions for an account whose off-list losses were below `bound` (NaN: untracked). */
  of(from: readonly Held[], to: readonly Held[], bound: number): ListChange {
    if (++this.stamp === 0x7fffffff) {
      this.seen.fill(-1);
      this.stamp = 0;
    }
    this.count = 0;
    const scaleFrom = this.add(from, this.from);
    const scaleTo = this.add(to, this.to);
    const n = Math.max(from.length, to.length);
    const at1 = this.riseAt(1, scaleFrom, scaleTo, n);
    if (!Number.isFinite(bound)) return { scale: 1, rise: at1 };
    const c = this.bestScale(bound);
    if (c === 1) return { scale: 1, rise: at1 };
    const atC = this.riseAt(c, scaleFrom, scaleTo, n);
    return c * bound + atC < bound + at1 ? { scale: c, rise: atC } : { scale: 1, rise: at1 };
  }

  /** q[i] += each position's quantity (zeroed when first met in this call); returns sum |q| max |P&L|. */
  private add(held: readonly Held[], q: Float64Array): number {
    let scale = 0;
    for (let j = 0; j < held.length; j++) {
      const i = held[j].instrumentIndex;
      if (this.seen[i] !== this.stamp) {
        this.seen[i] = this.stamp;
        this.from[i] = 0;
        this.to[i] = 0;
        this.met[this.count++] = i;
      }
      q[i] += held[j].quantity;
      scale += Math.abs(held[j].quantity) * this.maxAbsPnl(i);
    }
    return scale;
  }

  /** sum_i |q_to,i - c q_from,i| max |P&L_i|, plus rounding: (4n + 16) eps (c scaleFrom + scaleTo + rise). */
  private riseAt(c: number, scaleFrom: number, scaleTo: number, n: number): number {
    let rise = 0;
    for (let k = 0; k < this.count; k++) {
      const i = this.met[k];
      rise += Math.abs(this.to[i] - c * this.from[i]) * this.maxAbsPnl(i);
    }
    return rise + (4 * n + 16) * Number.EPSILON * (c * scaleFrom + scaleTo + rise);
  }

  /**
   * argmin over c >= 0 of g(c) = c bound + sum_i w_i |r_i - c| (+ terms free of c), w_i = |q_from,i| max |P&L_i|,
   * r_i = q_to,i / q_from,i: g is convex and piecewise linear, its slope bound + sum_{r_i < c} w_i - sum_{r_i > c} w_i,
   * so the minimum is at c = 0 or at the first ratio where the slope turns non-negative.
   */
  private bestScale(bound: number): number {
    let slope = bound;
    const { above, ratio, weight } = this;
    let n = 0;
    for (let k = 0; k < this.count; k++) {
      const i = this.met[k];
      if (this.from[i] === 0) continue;
      const r = this.to[i] / this.from[i];
      const w = Math.abs(this.from[i]) * this.maxAbsPnl(i);
      ratio[k] = r;
      weight[k] = w;
      if (r > 0) {
        slope -= w;
        above[n++] = k;
      } else slope += w;
    }
    if (slope >= 0) return 0;
    sortByRatio(above, n, ratio);
    for (let j = 0; j < n; j++) {
      slope += 2 * weight[above[j]];
      if (slope >= 0) return ratio[above[j]];
    }
    return 1;
  }
}

/** order[0 .. n) sorted by ratio, ties in their order: an insertion sort for an account's few positions (no allocation), else Array's stable sort. */
function sortByRatio(order: Int32Array, n: number, ratio: Float64Array): void {
  if (n > 32) {
    order.set(Array.from(order.subarray(0, n)).sort((x, y) => ratio[x] - ratio[y]));
    return;
  }
  for (let j = 1; j < n; j++) {
    const k = order[j];
    let at = j;
    while (at > 0 && ratio[order[at - 1]] > ratio[k]) {
      order[at] = order[at - 1];
      at--;
    }
    order[at] = k;
  }
}
