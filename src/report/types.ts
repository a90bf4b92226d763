/**
 * The data behind report.html: plain JSON-able values only (no typed arrays, Dates or NaN), so
 * `calibrate` can write the same object to report.json and hand it to `renderReportHtml`.
 *
 * Units: every margin, loss and volatility on the asset level is a fraction (0.05 = 5%); losses are
 * positive when money is lost. Missing values (warm-up days, the last horizon without a realized
 * loss) are `null`, never NaN (JSON has no NaN).
 */

/** The whole report. */
export interface ReportData {
  /** Heading of the page and the HTML `<title>`. */
  title: string;
  /** When the report was made, ISO 8601 (e.g. `2025-01-31T12:00:00Z`); shown as given. */
  generatedAt: string;
  /** The calibration config used, as JSON; shown pretty-printed in a collapsible section. */
  config: unknown;
  /** Input files and their SHA-256 digests (hex), for reproducibility. */
  inputs: ReportInput[];
  /** One entry per asset: time series and backtest. At least one. */
  assets: ReportAsset[];
  /** Loss distribution of the portfolio with its VaR and ES, when computed. */
  pnlDistribution?: ReportPnlDistribution;
  /** Stress grid (price move x volatility shock -> total loss), when computed. */
  stress?: ReportStressGrid;
  /** Per-account margin status, when a portfolio was given. */
  accounts?: ReportAccount[];
  /** Headline figures as label -> value, shown first, in insertion order. */
  summary: Record<string, string | number>;
}

/** One input file. */
export interface ReportInput {
  /** File name or path as the user gave it. */
  name: string;
  /** SHA-256 of the file's bytes, lowercase hex. */
  sha256: string;
}

/** A volatility regime of the margin policy. */
export interface ReportRegime {
  /** Name shown in the legend, e.g. `calm`, `stressed`. */
  name: string;
  /** Margin multiplier applied in this regime (1 = none). */
  multiplier: number;
}

/** One asset's series and backtest. All per-date arrays have the length of `dates`. */
export interface ReportAsset {
  /** Symbol, e.g. `BTC-PERP`. */
  symbol: string;
  /** Observation dates in time order, ISO 8601 (`YYYY-MM-DD` or a date-time with zone). */
  dates: string[];
  /** Close price per date, > 0. */
  close: number[];
  /** Volatility per date as a fraction (null during warm-up); its basis is named by `volLabel`. */
  vol: (number | null)[];
  /** Axis label of `vol`, e.g. `EWMA vol (annualized)`. Default `Volatility`. */
  volLabel?: string;
  /** Regime per date: an index into `regimes`. */
  regime: number[];
  /** The regimes `regime` points into, in index order. */
  regimes: ReportRegime[];
  /** Margin requirement in force per date, as a fraction of notional (null during warm-up). */
  requirement: (number | null)[];
  /** Loss realized over the next horizon from each date, as a fraction (null when not yet known). */
  realizedLoss: (number | null)[];
  /** Per date: the realized loss exceeded the requirement. */
  exceptions: boolean[];
  /** Coverage backtest of `requirement` against `realizedLoss` (shape of `coverageReport`). */
  backtest: ReportBacktest;
  /** Procyclicality of `requirement` (shape of `procyclicality`). */
  procyclicality: ReportProcyclicality;
}

/** Coverage backtest statistics; matches `CoverageReport` from src/backtest. */
export interface ReportBacktest {
  /** Days backtested. */
  observations: number;
  /** Days with loss > requirement. */
  exceptions: number;
  /** Confidence level the requirement targets (e.g. 0.99); when given, the expected count is shown. */
  coverage?: number;
  /** Kupiec (1995) proportion-of-failures test. */
  kupiec: { lr: number; pValue: number };
  /** Christoffersen (1998) independence (`Ind`) and conditional-coverage (`Cc`) tests. */
  christoffersen: { lrInd: number; pValueInd: number; lrCc: number; pValueCc: number };
  /** Basel (1996) traffic-light zone. */
  zone: 'green' | 'yellow' | 'red';
}

/** Procyclicality measures (ratios, not percent: 0.25 = +25%); null when no window fits. */
export interface ReportProcyclicality {
  /** max requirement / min requirement (>= 1). */
  peakToTrough: number;
  /** Largest relative 1-day increase. */
  maxIncrease1d: number | null;
  /** Largest relative 5-day increase. */
  maxIncrease5d: number | null;
  /** Largest relative 30-day increase. */
  maxIncrease30d: number | null;
}

/** Histogram bins: `counts[i]` values fell in [edges[i], edges[i+1]) (the last bin is closed). */
export interface ReportHistogram {
  /** Bin edges, strictly increasing, length counts.length + 1. */
  edges: number[];
  /** Count per bin, integers >= 0. */
  counts: number[];
}

/**
 * Portfolio loss distribution. Give exactly one of `losses` (raw scenario losses; the renderer bins
 * them) or `histogram` (already binned).
 */
export interface ReportPnlDistribution {
  /** Chart caption, e.g. `1-day portfolio loss, 100 000 Monte Carlo scenarios`. */
  label: string;
  /** Unit of the loss axis, e.g. `USD` or `fraction of notional`. Default: none shown. */
  unit?: string;
  /** Scenario losses (positive = loss). */
  losses?: number[];
  /** Or the binned distribution of the losses. */
  histogram?: ReportHistogram;
  /** Value at Risk at `confidence`, in the unit of the losses. */
  var: number;
  /** Expected Shortfall at `esConfidence`, in the unit of the losses. */
  es: number;
  /** VaR confidence level in (0, 1), e.g. 0.99. */
  confidence: number;
  /** ES confidence level in (0, 1), e.g. 0.975. */
  esConfidence: number;
}

/** How an axis or cell value is shown: `percent` multiplies by 100 and adds `%`. */
export type ReportNumberFormat = 'percent' | 'number';

/** Stress grid: `values[i][j]` is the total loss for price move `rows[i]` and vol shock `cols[j]`. */
export interface ReportStressGrid {
  /** Caption, e.g. `Portfolio loss (USD) under joint price and volatility shocks`. */
  label: string;
  /** Price moves (fractions, -0.3 = -30%, unless `rowFormat` says otherwise). */
  rows: number[];
  /** Volatility shocks (fractions, 0.5 = +50%, unless `colFormat` says otherwise). */
  cols: number[];
  /** Total loss per cell (positive = loss), rows.length arrays of cols.length values; null where the grid defines no scenario (shown blank). */
  values: (number | null)[][];
  /** Row header. Default `Price move`. */
  rowTitle?: string;
  /** Column header. Default `Vol shock`. */
  colTitle?: string;
  /** Format of `rows`. Default `percent`. */
  rowFormat?: ReportNumberFormat;
  /** Format of `cols`. Default `percent`. */
  colFormat?: ReportNumberFormat;
  /** Format of `values`. Default `number`. */
  valueFormat?: ReportNumberFormat;
}

/** One account's margin status; extra fields become extra columns (in order of first appearance). */
export interface ReportAccount {
  /** Account id. */
  id: string;
  /** Initial margin requirement (currency). */
  initialMargin: number;
  /** Maintenance margin requirement (currency). */
  maintenanceMargin: number;
  /** Collateral value (currency). */
  collateral: number;
  /** Status, e.g. `ok`, `margin call`, `liquidation`. */
  status: string;
  /** Further columns. */
  [field: string]: string | number | boolean | null;
}
