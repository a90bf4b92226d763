/**
 * Margin scaling calibrated to a coverage target: the smallest multiplier of the policy's margin
 * rate whose backtest passes (Kupiec p-value >= 0.05 and the Basel green zone by default), chosen
 * on the first part of the history and checked out of sample on the rest. The rate is positively
 * homogeneous in the multiplier (every policy step is), so scaling the walk-forward rates is exact.
 */
import { baselZone, type BaselZone } from './baselZone.js';
import { kupiecPof } from './kupiec.js';

export interface ScalingPoint {
  multiplier: number;
  observations: number;
  exceptions: number;
  kupiecPValue: number;
  zone: BaselZone;
  /** Mean margin rate (fraction of notional): the capital cost of this multiplier. */
  meanRate: number;
  meets: boolean;
}

export interface ScalingTarget {
  coverage: number;
  /** Kupiec p-value at least this. Default 0.05. */
  minPValue?: number;
  /** Zones accepted. Default ['green']. */
  zones?: BaselZone[];
}

export interface ScalingCalibration {
  /** Smallest multiplier meeting the target on the training part (null when none on the grid does). */
  multiplier: number | null;
  trainDays: number;
  testDays: number;
  /** The chosen multiplier on the training part and out of sample. */
  train: ScalingPoint | null;
  test: ScalingPoint | null;
  /** The trade-off over the whole history: multiplier -> exceptions, p-value, zone, mean rate. */
  curve: ScalingPoint[];
}

/** Multipliers 0.50, 0.55, ..., 3.00. */
export const DEFAULT_MULTIPLIERS = Array.from({ length: 51 }, (_, i) => Math.round((0.5 + 0.05 * i) * 100) / 100);

export function scalingPoint(rate: readonly number[], loss: readonly number[], m: number, target: ScalingTarget): ScalingPoint {
  let exceptions = 0;
  let sum = 0;
  for (let t = 0; t < rate.length; t++) {
    if (loss[t] > m * rate[t]) exceptions++;
    sum += m * rate[t];
  }
  const n = rate.length;
  const kupiecPValue = kupiecPof(n, exceptions, target.coverage).pValue;
  const zone = baselZone(n, exceptions, target.coverage);
  const meets = kupiecPValue >= (target.minPValue ?? 0.05) && (target.zones ?? ['green']).includes(zone);
  return { multiplier: m, observations: n, exceptions, kupiecPValue, zone, meanRate: sum / n, meets };
}

export function calibrateScaling(
  rate: readonly number[],
  loss: readonly number[],
  target: ScalingTarget,
  options: { trainFraction?: number; multipliers?: readonly number[] } = {},
): ScalingCalibration {
  const grid = options.multipliers ?? DEFAULT_MULTIPLIERS;
  const split = Math.round(rate.length * (options.trainFraction ?? 0.7));
  const trainRate = rate.slice(0, split);
  const trainLoss = loss.slice(0, split);
  const chosen = grid.find((m) => scalingPoint(trainRate, trainLoss, m, target).meets) ?? null;
  return {
    multiplier: chosen,
    trainDays: split,
    testDays: rate.length - split,
    train: chosen === null ? null : scalingPoint(trainRate, trainLoss, chosen, target),
    test: chosen === null || split === rate.length ? null : scalingPoint(rate.slice(split), loss.slice(split), chosen, target),
    curve: grid.map((m) => scalingPoint(rate, loss, m, target)),
  };
}
