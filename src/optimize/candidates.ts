/**
 * The parameter grid the walk-forward calibrator searches, per asset and side. Each candidate is a
 * complete rate model: volatility (EWMA decay), innovation model, anti-procyclical shape; the
 * multiplier is then solved for the coverage target.
 */
export const INNOVATIONS = ['normal', 'fhs', 'skewed-t'] as const;
export type Innovation = (typeof INNOVATIONS)[number];
/** Volatility models: EWMA (of the grid's decays and variance proxies) or a fitted GJR-GARCH(1,1)-t. */
export const VOLATILITIES = ['ewma', 'gjr-garch-t'] as const;
export type Volatility = (typeof VOLATILITIES)[number];

export interface CandidateGrid {
  /** Volatility models. Default ['ewma']. */
  volatilities?: Volatility[];
  /** EWMA decays (RiskMetrics 0.94 and slower ones that smooth the rate). */
  lambdas: number[];
  innovations: Innovation[];
  /** Weight of the squared return in the variance proxy (1 = close-to-close; less mixes in Garman-Klass). */
  returnWeights: number[];
  /** Floor as a fraction of the median unit rate (0 = none). */
  floorFractions: number[];
  /** Cap as a multiple of the floor (<= max peak / trough keeps the rate inside the bound). */
  capRatios: number[];
  /** Largest daily rise (fraction; Infinity = none). */
  maxDailyRises: number[];
}

export const DEFAULT_GRID: CandidateGrid = {
  lambdas: [0.9, 0.94, 0.97, 0.985],
  innovations: ['normal', 'fhs'],
  returnWeights: [1, 0.5],
  floorFractions: [0, 0.5, 0.6, 0.7, 0.8, 0.9],
  capRatios: [2.5, 3, 3.5, 3.9],
  maxDailyRises: [Infinity, 0.5, 0.25],
};

export interface Candidate {
  /** Default 'ewma'. */
  volatility?: Volatility;
  /** EWMA decay (NaN for gjr-garch-t). */
  lambda: number;
  innovation: Innovation;
  returnWeight: number;
  floorFraction: number;
  capRatio: number;
  maxDailyRise: number;
}

/** Every combination (one cap for the no-floor shape, where the cap is unused; GJR-GARCH takes no decay and close-to-close returns). */
export function candidatesOf(grid: CandidateGrid): Candidate[] {
  const out: Candidate[] = [];
  for (const volatility of grid.volatilities ?? ['ewma']) {
    const ewma = volatility === 'ewma';
    for (const lambda of ewma ? grid.lambdas : [NaN]) {
      for (const innovation of grid.innovations) {
        for (const returnWeight of ewma ? grid.returnWeights : [1]) for (const floorFraction of grid.floorFractions) {
          for (const capRatio of floorFraction > 0 ? grid.capRatios : [Infinity]) {
            for (const maxDailyRise of grid.maxDailyRises) {
              const c: Candidate = { lambda, innovation, returnWeight, floorFraction, capRatio, maxDailyRise };
              out.push(ewma ? c : { volatility, ...c });
            }
          }
        }
      }
    }
  }
  return out;
}
