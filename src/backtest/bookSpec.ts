/**
 * book.json of the portfolio backtest: books of positions sized in USD notional and struck relative
 * to spot, so one definition can be held over years of prices. Each day the books are re-struck at
 * that day's spot (a constant-notional, constant-moneyness, constant-maturity book, rolled daily).
 */
import * as z from 'zod';
import { InputError } from '../errors.js';
import { zodInputError } from '../market/zodIssue.js';

const LinearSchema = z.strictObject({
  underlying: z.string().min(1).describe('Symbol of a price series.'),
  kind: z.literal('perpetual'),
  notionalUsd: z.number().refine((x) => Number.isFinite(x) && x !== 0 && Math.abs(x) <= 1e12, 'must be a non-zero notional within +-1e12 USD').describe('Signed USD notional (negative = short); quantity = notionalUsd / spot each day.'),
});

const OptionSchema = z.strictObject({
  underlying: z.string().min(1).describe('Symbol of a price series with an implied-volatility series (--implied).'),
  kind: z.literal('option'),
  right: z.enum(['call', 'put']),
  notionalUsd: LinearSchema.shape.notionalUsd,
  moneyness: z.number().min(0.2).max(5).describe('Strike / spot, set each day (1 = at the money).'),
  expiryDays: z.number().min(2).max(730).describe('Days to expiry when struck, each day.'),
});

export const BookSpecSchema = z
  .strictObject({
    $schema: z.string().optional(),
    books: z
      .array(
        z.strictObject({
          id: z.string().min(1).max(200),
          positions: z.array(z.discriminatedUnion('kind', [LinearSchema, OptionSchema])).min(1).max(1000),
        }),
      )
      .min(1)
      .max(1000),
  })
  .describe('book.json: the books the portfolio backtest holds.');

export type BookSpec = z.infer<typeof BookSpecSchema>;
export type BookPosition = BookSpec['books'][number]['positions'][number];

/**
 * The validated books; ids unique.
 * @throws InputError naming the file and JSON path
 */
export function parseBookSpec(json: unknown, file: string): BookSpec {
  const parsed = BookSpecSchema.safeParse(json);
  if (!parsed.success) throw zodInputError(parsed.error, file);
  const seen = new Set<string>();
  parsed.data.books.forEach((b, i) => {
    if (seen.has(b.id)) throw new InputError(`duplicate book id "${b.id}"`, { file, column: `books[${i}].id` });
    seen.add(b.id);
  });
  return parsed.data;
}
