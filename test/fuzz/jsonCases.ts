// Fuzz cases for the JSON readers: half mutated file text (read as `readMarketFile` /
// `readPortfolioFile` do: parseJsonText, then the validator), half mutated documents passed as data
// (the API path, where NaN, Infinity and undefined can appear).
import { parseJsonText } from '../../src/market/jsonText.js';
import type { InputError } from '../../src/errors.js';
import { checkJsonError } from './checks.js';
import { showText, type FuzzCase } from './fuzzLoop.js';
import { mutateText, mutateValue, type Rng } from './mutate.js';

export interface JsonCase {
  file: string;
  /** Set for text cases: the file's contents. */
  text?: string;
  /** The document: the data passed (value cases) or JSON.parse(text) when it parses. */
  doc: unknown;
}

/** A text case or a value case from one of `bases`, with `extra` doc-specific value mutations. */
export function makeJsonCase(
  file: string, bases: readonly unknown[], rng: Rng, extra?: (doc: unknown, rng: Rng) => boolean,
): FuzzCase<JsonCase> {
  const base = rng.pick(bases);
  if (rng.chance(0.5)) {
    const text = mutateText(JSON.stringify(base, null, rng.chance(0.5) ? 2 : undefined), rng);
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      doc = undefined;
    }
    return { input: { file, text, doc }, show: `text ${showText(text)}` };
  }
  const doc = mutateValue(base, rng, extra);
  return { input: { file, doc }, show: `value ${showValue(doc)}` };
}

/** The document a case reads: parsed text (throws InputError on bad JSON) or the data itself. */
export function readDoc(c: JsonCase): unknown {
  return c.text === undefined ? c.doc : parseJsonText(c.text, c.file);
}

export function checkJsonCaseError(e: InputError, c: JsonCase, allowPathless: readonly string[] = []): string[] {
  return checkJsonError(e, c.file, c.text ?? '', c.doc, allowPathless);
}

/** JSON-like rendering that shows NaN, Infinity and undefined. */
export function showValue(v: unknown, max = 400): string {
  const s = JSON.stringify(v, (_, x) => (typeof x === 'number' && !Number.isFinite(x) ? `#${x}` : x === undefined ? '#undefined' : x)) ?? String(v);
  return s.length > max ? `${s.slice(0, max)}...(${s.length} chars)` : s;
}
