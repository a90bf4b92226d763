// JSON Schemas of the input files (src/schemas.ts):
// - the committed schemas/*.schema.json equal what the code generates (no drift; regenerate with
//   `npx tsc -p tsconfig.build.json && node scripts/write-schemas.js`);
// - valid documents (the W1 workload, the pipeline fixture, the README example) validate against
//   them, with a small validator of the keywords the schemas use (no new dependency; an unknown
//   keyword fails the test rather than being ignored);
// - the JSON Schema and the zod schema give the same verdict on mutated documents.
import { readdirSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { MarketFileSchema } from '../src/market/schema.js';
import { PortfolioFileSchema } from '../src/portfolio/schema.js';
import { jsonSchemas, schemaFileText, type JsonSchema } from '../src/schemas.js';
import { mutateValue, Rng } from './fuzz/mutate.js';

const dir = new URL('../schemas/', import.meta.url);
const gz = (name: string) => JSON.parse(gunzipSync(readFileSync(new URL(`fixtures/w1/${name}.json.gz`, import.meta.url))).toString('utf8'));
const pipeline = JSON.parse(readFileSync(new URL('fixtures/var_pipeline.json', import.meta.url), 'utf8'));

const README_MARKET = {
  asOf: '2026-11-20T00:00:00Z', rate: 0,
  underlyings: [{ symbol: 'BTC', spot: 91000, vol: 0.55 }, { symbol: 'ETH', spot: 3100, vol: 0.7 }],
  correlation: [[1, 0.8], [0.8, 1]],
};
const README_PORTFOLIO = {
  instruments: [
    { id: 'BTC-PERP', kind: 'perpetual', underlying: 'BTC' },
    { id: 'ETH-30D-3000-C', kind: 'option', underlying: 'ETH', right: 'call', strike: 3000, expiryDays: 30, iv: 0.72 },
  ],
  accounts: [{ id: 'alice', collateral: { USD: 20000 }, positions: [{ instrument: 'BTC-PERP', quantity: 0.5 }, { instrument: 'ETH-30D-3000-C', quantity: -10 }] }],
};

/** Keywords that only annotate. */
const ANNOTATIONS = new Set(['$schema', 'title', 'description', 'default']);

/**
 * Errors of `value` against `schema` (JSON Schema 2020-12 subset: type, properties, required,
 * additionalProperties, propertyNames, items, oneOf, const, enum, minItems, minLength, minimum,
 * exclusiveMinimum). Throws on any other keyword.
 */
function validate(schema: JsonSchema, value: unknown, path = '$'): string[] {
  const out: string[] = [];
  for (const key of Object.keys(schema)) {
    if (ANNOTATIONS.has(key)) continue;
    const s = schema[key] as never;
    switch (key) {
      case 'type': {
        const ok =
          s === 'object' ? value !== null && typeof value === 'object' && !Array.isArray(value)
          : s === 'array' ? Array.isArray(value)
          : s === 'number' ? typeof value === 'number' && Number.isFinite(value)
          : s === 'integer' ? Number.isInteger(value)
          : s === 'string' ? typeof value === 'string'
          : s === 'boolean' ? typeof value === 'boolean'
          : s === 'null' ? value === null
          : (() => { throw new Error(`validator: type ${String(s)}`); })();
        if (!ok) return [`${path}: not ${String(s)}`];
        break;
      }
      case 'properties':
        for (const [k, sub] of Object.entries(s as Record<string, JsonSchema>)) {
          if (isObject(value) && Object.hasOwn(value, k)) out.push(...validate(sub, value[k], `${path}.${k}`));
        }
        break;
      case 'required':
        for (const k of s as string[]) if (isObject(value) && !Object.hasOwn(value, k)) out.push(`${path}.${k}: required`);
        break;
      case 'additionalProperties': {
        if (!isObject(value)) break;
        const known = Object.keys((schema.properties as object | undefined) ?? {});
        for (const k of Object.keys(value).filter((k) => !known.includes(k))) {
          if (s === false) out.push(`${path}.${k}: not allowed`);
          else out.push(...validate(s as JsonSchema, value[k], `${path}.${k}`));
        }
        break;
      }
      case 'propertyNames':
        if (isObject(value)) for (const k of Object.keys(value)) out.push(...validate(s, k, `${path}[key ${JSON.stringify(k)}]`));
        break;
      case 'items':
        if (Array.isArray(value)) value.forEach((x, i) => out.push(...validate(s, x, `${path}[${i}]`)));
        break;
      case 'oneOf': {
        const passing = (s as JsonSchema[]).filter((sub) => validate(sub, value, path).length === 0).length;
        if (passing !== 1) out.push(`${path}: matches ${passing} of oneOf`);
        break;
      }
      case 'const':
        if (value !== s) out.push(`${path}: not ${JSON.stringify(s)}`);
        break;
      case 'enum':
        if (!(s as unknown[]).includes(value)) out.push(`${path}: not one of ${JSON.stringify(s)}`);
        break;
      case 'minItems':
        if (Array.isArray(value) && value.length < s) out.push(`${path}: fewer than ${s} items`);
        break;
      case 'minLength':
        if (typeof value === 'string' && [...value].length < s) out.push(`${path}: shorter than ${s}`);
        break;
      case 'minimum':
        if (typeof value === 'number' && !(value >= s)) out.push(`${path}: < ${s}`);
        break;
      case 'maximum':
        if (typeof value === 'number' && !(value <= s)) out.push(`${path}: > ${s}`);
        break;
      case 'exclusiveMinimum':
        if (typeof value === 'number' && !(value > s)) out.push(`${path}: <= ${s}`);
        break;
      default:
        throw new Error(`validator: unsupported keyword ${key} at ${path}`);
    }
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

describe('JSON Schemas of the input files', () => {
  const schemas = jsonSchemas();

  it('the committed schemas/*.schema.json equal the generated schemas, one file per schema', () => {
    const committed = readdirSync(dir).filter((f) => f.endsWith('.schema.json')).sort();
    expect(committed).toEqual(Object.keys(schemas).map((name) => `${name}.schema.json`).sort());
    for (const [name, schema] of Object.entries(schemas)) {
      expect(readFileSync(new URL(`${name}.schema.json`, dir), 'utf8'), `schemas/${name}.schema.json is stale`).toBe(schemaFileText(schema));
    }
  });

  it('states the required fields and forbids unknown ones (strict objects)', () => {
    expect(schemas.market.required).toEqual(['asOf', 'underlyings', 'correlation']);
    expect(schemas.market.additionalProperties).toBe(false);
    expect(schemas.portfolio.required).toEqual(['instruments', 'accounts']);
    expect(schemas.market.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  });

  it('valid documents validate: W1 workload, pipeline fixture, README example', () => {
    const documents: [string, unknown, unknown][] = [
      ['W1', gz('market'), gz('portfolio')],
      ['var_pipeline', pipeline.market, pipeline.portfolio],
      ['README', README_MARKET, README_PORTFOLIO],
    ];
    for (const [name, market, portfolio] of documents) {
      expect(validate(schemas.market, market), `${name} market`).toEqual([]);
      expect(validate(schemas.portfolio, portfolio), `${name} portfolio`).toEqual([]);
      // `$schema` pointing at the schema file is allowed
      expect(validate(schemas.market, { ...(market as object), $schema: './schemas/market.schema.json' })).toEqual([]);
    }
  });

  it('invalid documents fail: misspelt field, missing field, bad kind, option without strike, spot 0', () => {
    const bad = (doc: unknown, schema: JsonSchema) => validate(schema, doc).length > 0;
    const p = structuredClone(README_PORTFOLIO) as { instruments: Record<string, unknown>[] };
    p.instruments[0].multipler = 2;
    expect(validate(schemas.portfolio, p)).toContain('$.instruments[0]: matches 0 of oneOf');
    const { asOf: _, ...noAsOf } = README_MARKET;
    expect(validate(schemas.market, noAsOf)).toEqual(['$.asOf: required']);
    expect(bad({ ...README_PORTFOLIO, instruments: [{ id: 'X', kind: 'swap', underlying: 'BTC' }] }, schemas.portfolio)).toBe(true);
    expect(bad({ ...README_PORTFOLIO, instruments: [{ id: 'X', kind: 'option', underlying: 'BTC', right: 'call', iv: 0.5, expiryDays: 1 }] }, schemas.portfolio)).toBe(true);
    expect(bad({ ...README_MARKET, underlyings: [{ symbol: 'BTC', spot: 0, vol: 0.5 }] }, schemas.market)).toBe(true);
  });

  it('gives the same verdict as the zod schema on 1,000 mutated documents each', () => {
    const rng = new Rng(99);
    const pairs = [
      [schemas.market, MarketFileSchema, README_MARKET],
      [schemas.portfolio, PortfolioFileSchema, README_PORTFOLIO],
    ] as const;
    for (const [json, zod, base] of pairs) {
      let accepted = 0;
      for (let i = 0; i < 1000; i++) {
        // through JSON text, as a file would be: NaN and Infinity become null, undefined fields vanish
        const doc = JSON.parse(JSON.stringify(mutateValue(base, rng)) ?? 'null');
        const zodOk = zod.safeParse(doc).success;
        expect(validate(json, doc).length === 0, JSON.stringify(doc)).toBe(zodOk);
        if (zodOk) accepted++;
      }
      expect(accepted).toBeGreaterThan(50);
      expect(accepted).toBeLessThan(950);
    }
  });
});
