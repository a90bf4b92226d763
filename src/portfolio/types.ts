/** Normalized portfolio: instruments resolved against the market, accounts against the instruments. */

export type InstrumentKind = 'perpetual' | 'future' | 'spot' | 'option';
export type OptionRight = 'call' | 'put';

export interface Instrument {
  id: string;
  kind: InstrumentKind;
  /** Market symbol of the underlying. */
  underlying: string;
  /** Index of `underlying` in `Market.symbols`. */
  underlyingIndex: number;
  /** Contract multiplier (units of underlying per contract). Default 1. */
  multiplier: number;
  /** future, option: time to expiry from the market's asOf in years of 365 days (> 0). */
  expiryYears?: number;
  /** option only. */
  right?: OptionRight;
  /** option only (> 0). */
  strike?: number;
  /** option only: annualized implied volatility (> 0); with `ivFromSurface`, the surface's at today's forward and expiry. */
  iv?: number;
  /** option only: valued on its underlying's implied-vol surface (portfolio.json gave no `iv`). */
  ivFromSurface?: boolean;
}

export interface Position {
  instrument: string;
  /** Index into `Portfolio.instruments`. */
  instrumentIndex: number;
  /** Signed number of contracts (negative = short). */
  quantity: number;
}

export interface Account {
  id: string;
  /** Collateral amounts by asset, e.g. { USD: 50000 }. */
  collateral: Record<string, number>;
  positions: Position[];
}

export interface Portfolio {
  instruments: Instrument[];
  accounts: Account[];
}
