/**
 * Request bodies of the margin service, checked with the portfolio.json schemas (same rules, same
 * messages as the CLI: `body: positions[0].quantity: must be a finite number; got "1"`).
 */
import * as z from 'zod';
import { InputError } from '../errors.js';
import { parseMarket } from '../market/parseMarket.js';
import type { MarketFile } from '../market/schema.js';
import type { Market } from '../market/types.js';
import { zodInputError } from '../market/zodIssue.js';
import { AccountSchema, PositionSchema } from '../portfolio/schema.js';

/** File name of request bodies in messages. */
export const BODY = 'body';

export const PositionsBodySchema = z
  .strictObject({
    account: AccountSchema.shape.id.describe('Account id.'),
    positions: z.array(PositionSchema).optional().describe('The account\'s new positions (replace all of them).'),
    fills: z.array(PositionSchema).optional().describe('Trades added to the positions (signed quantities); a position that nets to 0 is closed.'),
    collateral: AccountSchema.shape.collateral.optional().describe('The account\'s new collateral by asset (replaces it).'),
  })
  .describe('POST /positions and POST /what-if.');

export type PositionsBody = z.infer<typeof PositionsBodySchema>;

/** A validated POST /positions or /what-if body. */
export function parsePositionsBody(json: unknown): PositionsBody {
  const parsed = PositionsBodySchema.safeParse(json);
  if (!parsed.success) throw zodInputError(PositionsBodySchema.safeParse(json, { reportInput: true }).error!, BODY);
  const body = parsed.data;
  if (body.positions && body.fills) throw new InputError('give positions or fills, not both', { file: BODY, column: 'fills' });
  if (!body.positions && !body.fills && !body.collateral) {
    throw new InputError('missing required field (positions, fills or collateral)', { file: BODY, column: 'positions' });
  }
  return body;
}

/** A validated POST /market body: a market.json document. */
export function parseMarketBody(json: unknown): { file: MarketFile; market: Market } {
  const market = parseMarket(json, BODY);
  const { $schema, ...file } = json as MarketFile;
  return { file: { ...file, rate: market.rate }, market };
}
