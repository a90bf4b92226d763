/** One instrument's daily (or intraday) OHLC history, as loaded from a file or generated. */
export interface PriceSeries {
  /** Asset symbol, e.g. "BTC". */
  symbol: string;
  /** Date of each bar exactly as written in the input (ISO date, ISO datetime or unix milliseconds). */
  dates: string[];
  /** Bar timestamps in unix milliseconds (UTC), strictly increasing; parallel to `dates`. */
  times: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  /** Traded volume per bar when the source has it. */
  volume?: Float64Array;
  /** Where the series came from (file path or "synthetic"), for messages. */
  source?: string;
  /**
   * Holes in the dates, set by the CSV parser when there are any (accepted, but reported): each
   * the date before the hole as written, and the missing time in days (the spacing less one
   * usual bar interval, the median spacing).
   */
  gaps?: PriceGap[];
}

export interface PriceGap {
  after: string;
  days: number;
}
