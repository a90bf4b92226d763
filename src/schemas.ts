/**
 * JSON Schemas (draft 2020-12) of the input files, for editors and other tools. They are generated
 * from the same zod schemas the parsers use, so they cannot disagree about the shape of a file.
 * Rules a JSON Schema cannot state (unique ids, N x N correlation, positive semi-definite,
 * instrument references, expiry after asOf; regime threshold order, tier order) are only checked by
 * `parseMarket` / `parsePortfolio` / `parsePolicyConfig`.
 *
 * `scripts/write-schemas.js` writes them to `schemas/<name>.schema.json` (committed; a test checks
 * the files equal this output). A document can point at its schema with a `"$schema"` field.
 */
import * as z from 'zod';
import { MarketFileSchema } from './market/schema.js';
import { PolicyConfigSchema } from './policy/config.js';
import { PortfolioFileSchema } from './portfolio/schema.js';

/** A JSON Schema document as plain JSON data. */
export type JsonSchema = Record<string, unknown>;

/** One JSON Schema per input file; each key `name` is written to `schemas/<name>.schema.json`. */
export interface InputJsonSchemas {
  /** market.json (see `parseMarket`). */
  market: JsonSchema;
  /** portfolio.json (see `parsePortfolio`). */
  portfolio: JsonSchema;
  /** policy.json, the margin policy config (see `parsePolicyConfig`; every field optional). */
  policy: JsonSchema;
  // Later: `priceCsv` (the price CSV column spec, from src/io/priceCsv.ts). Add it here and in
  // `jsonSchemas`; the script and the drift test pick up every key.
}

/**
 * The JSON Schemas of the input files, as users write them (`io: 'input'`: fields with defaults,
 * such as `rate` and `multiplier`, are optional).
 * @returns fresh objects on every call.
 * @example jsonSchemas().market.required // ['asOf', 'underlyings', 'correlation']
 */
export function jsonSchemas(): InputJsonSchemas {
  return {
    market: fromZod(MarketFileSchema, 'dynamargin market.json'),
    portfolio: fromZod(PortfolioFileSchema, 'dynamargin portfolio.json'),
    policy: fromZod(PolicyConfigSchema, 'dynamargin policy.json (margin policy config)'),
  };
}

/** File text of a schema as written by scripts/write-schemas.js: 2-space JSON and a final newline. */
export function schemaFileText(schema: JsonSchema): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

function fromZod(schema: z.ZodType, title: string): JsonSchema {
  const { $schema, ...rest } = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12' }) as JsonSchema;
  return { $schema, title, ...rest };
}
