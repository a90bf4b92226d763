import type { SviSurface } from '../surface/sviSurface.js';

/** The Monte Carlo engine's market: spots, annualized vols and their correlation, in one order. */
export interface Market {
  /** Valuation time as written in the input (ISO 8601). */
  asOf: string;
  /** `asOf` in unix milliseconds (UTC). */
  asOfMs: number;
  /** Continuously compounded annual risk-free rate. Default 0. */
  rate: number;
  /** Underlying symbols; index i of `spot`, `vol` and the correlation rows refer to symbols[i]. */
  symbols: string[];
  spot: Float64Array;
  /** Annualized volatility (fraction, 0.55 = 55%). */
  vol: Float64Array;
  /** N*N row-major correlation of the underlyings' log returns. */
  correlation: Float64Array;
  /** Implied-vol surface by underlying (index as `symbols`; undefined: none). Absent when no underlying has one. */
  surfaces?: (SviSurface | undefined)[];
  /** Set when the input correlation was repaired (`repairCorrelation`): how far it moved. */
  correlationRepair?: CorrelationRepair;
}

export interface CorrelationRepair {
  /** Frobenius norm of (repaired - input). */
  frobeniusDistance: number;
  /** Largest absolute change of one entry. */
  maxAbsChange: number;
  /** Alternating-projection iterations used. */
  iterations: number;
}
