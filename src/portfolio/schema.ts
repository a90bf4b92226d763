/** JSON schema (zod) of portfolio.json; cross-references and expiries are checked in parsePortfolio. */
import * as z from 'zod';
import type { ReadonlyInput } from '../readonlyInput.js';
import { formatLimit, LIMIT_REASON, MAX_EXPIRY_DAYS, MAX_MULTIPLIER, MAX_PRICE, MAX_QUANTITY } from '../inputLimits.js';

const common = {
  id: z.string().min(1).describe('Instrument id, unique within the portfolio.'),
  underlying: z.string().min(1).describe('Symbol of an underlying in market.json.'),
  multiplier: z.number().positive().max(MAX_MULTIPLIER, LIMIT_REASON).default(1).describe(`Contract multiplier (> 0, <= ${formatLimit(MAX_MULTIPLIER)}). Default 1.`),
};
const expiry = {
  expiryDays: z.number().positive().max(MAX_EXPIRY_DAYS, LIMIT_REASON).optional().describe(`Days to expiry from market asOf (> 0, <= ${MAX_EXPIRY_DAYS}); give this or \`expiry\`.`),
  expiry: z.string().optional().describe('Expiry as ISO 8601 date or datetime, after market asOf; give this or `expiryDays`.'),
};

export const PerpetualSchema = z.strictObject({ ...common, kind: z.literal('perpetual') }).describe('Perpetual swap.');
export const SpotSchema = z.strictObject({ ...common, kind: z.literal('spot') }).describe('Spot holding.');
export const FutureSchema = z.strictObject({ ...common, kind: z.literal('future'), ...expiry }).describe('Dated future.');
export const OptionSchema = z
  .strictObject({
    ...common,
    kind: z.literal('option'),
    right: z.enum(['call', 'put']),
    strike: z.number().positive().max(MAX_PRICE, LIMIT_REASON).describe(`Strike price (> 0, <= ${formatLimit(MAX_PRICE)}).`),
    iv: z.number().positive().optional().describe('Annualized implied volatility (> 0), fraction; flat (sticky strike). Optional when the underlying has a `surface` in market.json; given, it overrides the surface for this option.'),
    ...expiry,
  })
  .describe('European option, valued with Black-76.');

export const InstrumentSchema = z.discriminatedUnion('kind', [PerpetualSchema, FutureSchema, SpotSchema, OptionSchema]);

export const PositionSchema = z.strictObject({
  instrument: z.string().min(1).describe('Instrument id.'),
  quantity: z.number().min(-MAX_QUANTITY, LIMIT_REASON).max(MAX_QUANTITY, LIMIT_REASON).describe(`Signed finite number of contracts (negative = short), |quantity| <= ${formatLimit(MAX_QUANTITY)}.`),
});

export const AccountSchema = z.strictObject({
  id: z.string().min(1).describe('Account id, unique.'),
  collateral: z.record(z.string().min(1), z.number()).describe('Collateral amount by asset, e.g. {"USD": 50000}.'),
  positions: z.array(PositionSchema),
});

export const PortfolioFileSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Optional JSON Schema reference; ignored.'),
    instruments: z.array(InstrumentSchema),
    accounts: z.array(AccountSchema),
  })
  .describe('portfolio.json: instruments and the accounts holding them.');

/** portfolio.json after parsing (defaults filled in, e.g. `multiplier`). */
export type PortfolioFile = z.infer<typeof PortfolioFileSchema>;
/** portfolio.json as users write it: zod's input type (`multiplier` optional), arrays may be readonly. */
export type PortfolioFileInput = ReadonlyInput<z.input<typeof PortfolioFileSchema>>;
