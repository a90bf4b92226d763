// Seeded random mutations of input files, for the reader fuzz tests. Two levels:
// - text: characters, lines and comma-separated fields deleted, duplicated or swapped; number
//   tokens replaced by hostile ones (NaN, Infinity, -1, 0, huge, empty, wrong types); BOM, CRLF,
//   unicode and control characters inserted; truncation; deep nesting;
// - value (JSON documents as data, the API path): a random node replaced by a hostile value
//   (including NaN / Infinity / undefined, which JSON text cannot hold), deleted, duplicated,
//   swapped, or an unknown key added.

/** Small seeded generator (mulberry32; Tommy Ettinger's public-domain 32-bit generator). */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** Tokens that replace a number or field in text. */
export const HOSTILE_TOKENS = [
  'NaN', 'nan', 'Infinity', '-Infinity', 'inf', '-1', '0', '-0', '1e309', '1e308', '-1e308', '5e-324', '1e-320',
  '', ' ', '""', '"x"', 'null', 'true', '[]', '{}', '0x10', '1_000', '1,5', '١٢', '１２', '1e', '.', '-', '+', '1.2.3',
  '9007199254740993', '99999999999999999999', '2024-02-30', '2024-13-01', '1973-03-02', '253402300800000',
];

/** Unicode and control characters worth inserting. */
export const ODD_CHARACTERS = [
  '\uFEFF', '\r', '\r\n', '\n', '\t', '\u0000', '\u00A0', '\u2028', '\u202E', '\uD800', '\uDC00', 'é', '𝟘', '"', ',', '\\', '{', '[', ':',
];

const NUMBER_TOKEN = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

/** Apply 1-4 random text mutations to `text`. */
export function mutateText(text: string, rng: Rng): string {
  let out = text;
  const count = 1 + (rng.chance(0.5) ? 0 : rng.int(4));
  for (let i = 0; i < count; i++) out = mutateTextOnce(out, rng);
  return out;
}

function mutateTextOnce(text: string, rng: Rng): string {
  const at = rng.int(text.length + 1);
  const lines = text.split('\n');
  const ln = rng.int(lines.length);
  const other = rng.int(lines.length);
  switch (rng.int(16)) {
    case 0: // delete characters
      return text.slice(0, at) + text.slice(at + 1 + rng.int(3));
    case 1: // duplicate a character
      return text.slice(0, at) + text.slice(at, at + 1) + text.slice(at);
    case 2: // swap adjacent characters
      return at + 1 < text.length ? text.slice(0, at) + text[at + 1] + text[at] + text.slice(at + 2) : text;
    case 3: // delete a line
      return lines.filter((_, i) => i !== ln).join('\n');
    case 4: // duplicate a line
      return [...lines.slice(0, ln + 1), lines[ln], ...lines.slice(ln + 1)].join('\n');
    case 5: // swap two lines
      [lines[ln], lines[other]] = [lines[other], lines[ln]];
      return lines.join('\n');
    case 6: { // delete, duplicate or swap comma-separated fields of a line
      const fields = lines[ln].split(',');
      const f = rng.int(fields.length);
      const g = rng.int(fields.length);
      const op = rng.int(3);
      if (op === 0) fields.splice(f, 1);
      else if (op === 1) fields.splice(f, 0, fields[f]);
      else [fields[f], fields[g]] = [fields[g], fields[f]];
      lines[ln] = fields.join(',');
      return lines.join('\n');
    }
    case 7:
    case 8: { // replace a number token by a hostile token
      const matches = [...text.matchAll(NUMBER_TOKEN)];
      if (matches.length === 0) return text;
      const m = rng.pick(matches);
      return text.slice(0, m.index) + rng.pick(HOSTILE_TOKENS) + text.slice(m.index! + m[0].length);
    }
    case 9: { // replace a comma-separated field by a hostile token
      const fields = lines[ln].split(',');
      fields[rng.int(fields.length)] = rng.pick(HOSTILE_TOKENS);
      lines[ln] = fields.join(',');
      return lines.join('\n');
    }
    case 10: // insert an odd character
      return text.slice(0, at) + rng.pick(ODD_CHARACTERS) + text.slice(at);
    case 11: // BOM at the start (sometimes twice)
      return (rng.chance(0.2) ? '\uFEFF\uFEFF' : '\uFEFF') + text;
    case 12: // CRLF line ends, or lone CR line ends
      return text.replace(/\n/g, rng.chance(0.8) ? '\r\n' : '\r');
    case 13: // truncate
      return text.slice(0, at);
    case 14: // insert a random printable ASCII character
      return text.slice(0, at) + String.fromCharCode(32 + rng.int(95)) + text.slice(at);
    default: { // something huge: deep nesting, a long run of one character, or many copies of a line
      const kind = rng.int(3);
      if (kind === 0) return text.slice(0, at) + rng.pick(['[', '{"a":']).repeat(1000 * (1 + rng.int(200))) + text.slice(at);
      if (kind === 1) return text.slice(0, at) + rng.pick(['9', ' ', ',', '"']).repeat(10_000 + rng.int(100_000)) + text.slice(at);
      return [...lines.slice(0, ln + 1), ...Array(500 + rng.int(2000)).fill(lines[ln]), ...lines.slice(ln + 1)].join('\n');
    }
  }
}

/** Values that replace a node of a JSON document (some are not representable in JSON text). */
export const HOSTILE_VALUES: readonly unknown[] = [
  NaN, Infinity, -Infinity, -1, 0, -0, 1, 1e308, -1e308, 5e-324, 1e-320, 2 ** 53 + 2, 0.5, 1.0000000001,
  '', ' ', 'x', '\uFEFFBTC', 'BTC\u0000', '𝟘', '\uD800', 'NaN', '1', '2026-11-20', '2026-02-30', '1700000000000',
  null, true, false, [], {}, [1], { a: 1 }, undefined,
];

type Json = unknown;

/** Apply 1-3 random value-level mutations to a deep copy of `doc`. */
export function mutateValue(doc: Json, rng: Rng, extra?: (doc: Json, rng: Rng) => boolean): Json {
  const copy = structuredClone(doc);
  const count = 1 + (rng.chance(0.6) ? 0 : rng.int(3));
  let out = copy;
  for (let i = 0; i < count; i++) {
    if (extra && rng.chance(0.15) && extra(out, rng)) continue;
    out = mutateValueOnce(out, rng);
  }
  return out;
}

/** Every (parent, key) pair of the document, the root as parent undefined. */
function nodes(doc: Json): { parent: Record<string | number, Json> | Json[]; key: string | number }[] {
  const out: { parent: Record<string | number, Json> | Json[]; key: string | number }[] = [];
  const walk = (v: Json) => {
    if (Array.isArray(v)) v.forEach((x, i) => (out.push({ parent: v, key: i }), walk(x)));
    else if (v && typeof v === 'object') for (const k of Object.keys(v)) out.push({ parent: v as Record<string, Json>, key: k }), walk((v as Record<string, Json>)[k]);
  };
  walk(doc);
  return out;
}

function mutateValueOnce(doc: Json, rng: Rng): Json {
  if (rng.chance(0.02)) return rng.pick(HOSTILE_VALUES); // the whole document
  const all = nodes(doc);
  if (all.length === 0) return doc;
  const { parent, key } = rng.pick(all);
  const p = parent as Record<string | number, Json>;
  switch (rng.int(6)) {
    case 0:
    case 1: // replace by a hostile value
      p[key] = rng.pick(HOSTILE_VALUES);
      break;
    case 2: // delete
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete p[key];
      break;
    case 3: // duplicate an array element, or nest the value in an array
      if (Array.isArray(parent)) parent.splice(key as number, 0, structuredClone(parent[key as number]));
      else p[key] = [p[key]];
      break;
    case 4: { // swap with a sibling
      const keys = Object.keys(parent);
      const other = Array.isArray(parent) ? rng.int(parent.length) : rng.pick(keys);
      [p[key], p[other]] = [p[other], p[key]];
      break;
    }
    default: // an unknown key, or a number scaled / negated
      if (typeof p[key] === 'number') p[key] = (p[key] as number) * rng.pick([-1, 0, 1e-300, 1e300, 1 + 1e-12]);
      else if (p[key] && typeof p[key] === 'object' && !Array.isArray(p[key])) {
        // defineProperty: an own "__proto__" key, as JSON.parse makes it
        Object.defineProperty(p[key], rng.pick(['multipler', 'extra', '__proto__', 'constructor', '']), { value: 1, enumerable: true, writable: true, configurable: true });
      }
      else p[key] = typeof p[key] === 'string' ? `${p[key] as string}${rng.pick(ODD_CHARACTERS)}` : p[key];
  }
  return doc;
}
