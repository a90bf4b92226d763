/**
 * Coverage backtest of a margin (VaR) series: exception count, Kupiec POF, Christoffersen
 * independence and conditional coverage, and the Basel traffic-light zone, in the shape the
 * walk-forward backtest reports.
 */
import { baselZone, type BaselZone } from './baselZone.js';
import { christoffersen, type ChristoffersenResult } from './christoffersen.js';
import { checkOpenProbability } from './checkInputs.js';
import { exceptionsOf } from './exceptions.js';
import { kupiecPof, type LikelihoodRatio } from './kupiec.js';

/** Result of `coverageReport`. */
export interface CoverageReport {
  /** Days backtested. */
  observations: number;
  /** Days with loss > requirement. */
  exceptions: number;
  /** Kupiec (1995) POF test. */
  kupiec: LikelihoodRatio;
  /** Christoffersen (1998) independence and conditional-coverage tests. */
  christoffersen: ChristoffersenResult;
  /** Basel (1996) traffic-light zone. */
  zone: BaselZone;
}

/**
 * Coverage statistics of realized losses against the requirements set for them.
 * @param losses realized loss per day (positive = loss)
 * @param requirements requirement (VaR / margin) in force that day, same length
 * @param coverage confidence level the requirement targets, e.g. 0.99
 * @returns `{ observations, exceptions, kupiec, christoffersen, zone }`
 * @throws InputError for empty, mismatched or non-finite arrays, or coverage outside (0, 1)
 * @example coverageReport(losses250, margins250, 0.99)
 * // { observations: 250, exceptions: 4, kupiec: { lr: 0.7691383643858218, pValue: 0.3804837382389611 }, christoffersen: {...}, zone: 'green' }
 */
export function coverageReport(losses: ArrayLike<number>, requirements: ArrayLike<number>, coverage: number): CoverageReport {
  checkOpenProbability('coverage', coverage);
  const flags = exceptionsOf(losses, requirements);
  const observations = flags.length;
  let exceptions = 0;
  for (const f of flags) if (f) exceptions++;
  return {
    observations,
    exceptions,
    kupiec: kupiecPof(observations, exceptions, coverage),
    christoffersen: christoffersen(flags, coverage),
    zone: baselZone(observations, exceptions, coverage),
  };
}
