/** JSON schema (zod) of market.json; semantic rules (shape, unique symbols, PSD) live in parseMarket. */
import * as z from 'zod';
import type { ReadonlyInput } from '../readonlyInput.js';
import { formatLimit, LIMIT_REASON, MAX_ABS_RATE, MAX_PRICE } from '../inputLimits.js';
import { SurfaceSlicesSchema } from '../surface/sliceSchema.js';

export const UnderlyingSchema = z
  .strictObject({
    symbol: z.string().min(1).describe('Asset symbol, e.g. "BTC"; unique within the market.'),
    spot: z.number().positive().max(MAX_PRICE, LIMIT_REASON).describe(`Spot price (> 0, <= ${formatLimit(MAX_PRICE)}).`),
    vol: z.number().nonnegative().describe('Annualized volatility as a fraction (0.55 = 55%).'),
    surface: SurfaceSlicesSchema.optional(),
  })
  .describe('One underlying asset.');

export const MarketFileSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Optional JSON Schema reference; ignored.'),
    asOf: z.string().describe('Valuation time, ISO 8601 (e.g. "2026-11-20T00:00:00Z").'),
    rate: z.number().min(-MAX_ABS_RATE, LIMIT_REASON).max(MAX_ABS_RATE, LIMIT_REASON).default(0).describe(`Continuously compounded annual risk-free rate, in [-${MAX_ABS_RATE}, ${MAX_ABS_RATE}]. Default 0.`),
    underlyings: z.array(UnderlyingSchema).min(1),
    correlation: z
      .array(z.array(z.number()))
      .describe('N x N correlation matrix of log returns, rows and columns in `underlyings` order.'),
  })
  .describe('market.json: spots, volatilities and correlations for the Monte Carlo engine.');

/** market.json after parsing (defaults filled in, e.g. `rate`). */
export type MarketFile = z.infer<typeof MarketFileSchema>;
/** market.json as users write it: zod's input type (`rate` optional), arrays may be readonly. */
export type MarketFileInput = ReadonlyInput<z.input<typeof MarketFileSchema>>;
