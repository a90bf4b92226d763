/**
 * Risks the scenario engine cannot see in a delta-hedged book of perpetuals and futures (it moves
 * every delta-one instrument with its spot, so long perp + short future nets to zero):
 * - basis (calendar-spread) risk: the futures curve as its own risk factor, a parallel shock of the
 *   annualized basis moving a future of expiry T by spot x shock x T against the perpetual;
 * - a minimum requirement on net and hedged delta (Paradex portfolio margin, "Minimum Delta
 *   Requirement"), so a hedged book never margins at zero.
 */

/** One position's exposure to its underlying. */
export interface DeltaPosition {
  underlying: string;
  /** Signed delta in units of the underlying (quantity x multiplier x option delta). */
  delta: number;
  /** Delta-one instruments (perpetual, future, spot) carry basis risk; options are left out. */
  deltaOne: boolean;
  /** Years to expiry; 0 for perpetuals and spot. */
  expiryYears: number;
}

/** One underlying's positions summed in position order: what both terms below read. */
export interface DeltaSums {
  /** Sum of delta x years to expiry over the delta-one positions. */
  basisExposure: number;
  /** Sum of the long deltas, and of |short deltas|. */
  long: number;
  short: number;
}

export function emptyDeltaSums(): DeltaSums {
  return { basisExposure: 0, long: 0, short: 0 };
}

/** Add one position to `sums`. */
export function addDelta(sums: DeltaSums, p: Pick<DeltaPosition, 'delta' | 'deltaOne' | 'expiryYears'>): void {
  if (p.deltaOne) sums.basisExposure += p.delta * p.expiryYears;
  if (p.delta > 0) sums.long += p.delta;
  else sums.short -= p.delta;
}

/**
 * Loss of the worse of a +shock and a -shock to the annualized basis of one underlying's futures
 * curve: |sum_i delta_i x T_i| x spot x shock (cost of carry F = S e^{bT}, dF ~ S T db; Hull,
 * "Options, Futures and Other Derivatives", ch. 5). Perpetuals and spot (T = 0) do not move.
 * @example deltas 30 (perpetual) and -30 (a future in 0.25 years) at spot 100,000, shock 0.1: 75,000
 */
export function basisLossUsd(sums: DeltaSums, spotUsd: number, annualShock: number): number {
  return Math.abs(sums.basisExposure) * spotUsd * annualShock;
}

/**
 * Paradex's Minimum Delta Requirement of one underlying: (netRate x |net delta| + hedgedRate x
 * hedged delta) x spot, hedged delta = min(sum of long deltas, sum of |short deltas|) (Paradex
 * docs, Risk > Portfolio Margin: 2% of net, 1% of hedged delta).
 */
export function minimumDeltaFromSums(sums: DeltaSums, spotUsd: number, netRate: number, hedgedRate: number): number {
  return (netRate * Math.abs(sums.long - sums.short) + hedgedRate * Math.min(sums.long, sums.short)) * spotUsd;
}
