/**
 * Backtest exceptions: days whose realized loss exceeded the margin requirement (or VaR) set for
 * them. Losses are positive numbers (a gain is a negative loss); a loss equal to the requirement
 * is covered, not an exception (Basel Committee 1996 backtesting framework: "an exception occurs
 * when the trading outcome exceeds the risk measure").
 */
import { checkFiniteSeries, checkSameLength } from './checkInputs.js';

/**
 * Exception indicator per day: loss[t] > requirement[t].
 * @param losses realized loss per day (positive = loss), finite
 * @param requirements requirement (VaR / margin) in force for that day, same units and length
 * @returns one boolean per day
 * @throws InputError for empty or mismatched arrays, or a non-finite entry (named by index)
 * @example exceptionsOf([1, 5, 3], [4, 4, 3]) // [false, true, false]
 */
export function exceptionsOf(losses: ArrayLike<number>, requirements: ArrayLike<number>): boolean[] {
  checkFiniteSeries('losses', losses);
  checkFiniteSeries('requirements', requirements);
  checkSameLength({ losses, requirements });
  const out = new Array<boolean>(losses.length);
  for (let t = 0; t < losses.length; t++) out[t] = losses[t] > requirements[t];
  return out;
}
