/**
 * Bounds on the inputs that scale the risk figures. Within them every notional (price x multiplier
 * x quantity) is below 1e36 and every discount or growth factor below e^100, so the sums, squares
 * and tails of a book's losses stay finite (a double overflows at 1.8e308). Outside them a run
 * could print Infinity or NaN; inputs are refused instead, naming the field and its bound.
 */
/** Largest price: spot, strike, and every price of a price file. */
export const MAX_PRICE = 1e15;
/** Largest contract multiplier. */
export const MAX_MULTIPLIER = 1e9;
/** Largest absolute quantity of one position. */
export const MAX_QUANTITY = 1e12;
/** Largest absolute risk-free rate (continuously compounded, 1 = 100% a year). */
export const MAX_ABS_RATE = 1;
/** Longest time to expiry, in days (100 years). */
export const MAX_EXPIRY_DAYS = 36_500;

/** Why the bounds exist, appended to their messages. */
export const LIMIT_REASON = '(larger values can overflow the risk figures)';

/** `1e15` rather than `1000000000000000` in messages. */
export function formatLimit(x: number): string {
  return Math.abs(x) >= 1e6 ? x.toExponential().replace('e+', 'e') : String(x);
}
