// The fuzz loop: run a reader on seeded mutated inputs for a bounded count and time, and collect
// every violation of the readers' contract (a crash other than InputError, an InputError that
// does not name its place, an accepted input with an invalid result, a call slower than a second).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { InputError } from '../../src/errors.js';
import { Rng } from './mutate.js';

export interface FuzzCase<T> {
  input: T;
  /** Short text for the report (e.g. the mutated file text, truncated). */
  show: string;
}

export interface FuzzOptions<T, R> {
  seed: number;
  /** Cases to run (the loop stops earlier when `timeMs` runs out). */
  count: number;
  timeMs: number;
  make: (rng: Rng) => FuzzCase<T>;
  /** The reader under test. */
  run: (input: T) => R;
  /** Problems with an InputError thrown for `input` (empty: fine). */
  checkError: (error: InputError, input: T) => string[];
  /** Problems with an accepted input's result (empty: fine). */
  checkResult: (result: R, input: T) => string[];
  /** Problems of known, reported bugs (each with its own reproducer test): counted apart in `known`. */
  known?: readonly RegExp[];
}

export interface FuzzReport<T> {
  cases: number;
  accepted: number;
  rejected: number;
  failures: { index: number; problem: string; input: T; show: string }[];
  /** Failures matching `known` (already reported bugs). */
  known: { index: number; problem: string; input: T; show: string }[];
  /** The slowest call: its duration and case index. */
  slowest: { ms: number; index: number };
  /** Distinct error problems seen, with counts (what the mutations reached). */
  rules: Map<string, number>;
}

/** JSON.stringify replacer keeping NaN, Infinity and undefined visible. */
function dumpReplacer(_: string, x: unknown): unknown {
  return (typeof x === 'number' && !Number.isFinite(x)) || x === undefined ? `#${String(x)}` : x;
}

/** The loop's seed: `fixed` (reproducible CI), or FUZZ_SEED=<n> to explore other inputs. */
export function fuzzSeed(fixed: number): number {
  return process.env.FUZZ_SEED === undefined ? fixed : Number(process.env.FUZZ_SEED);
}

/** Calls slower than this count as a (potential) hang. */
export const SLOW_CALL_MS = 1000;

export function fuzzLoop<T, R>(o: FuzzOptions<T, R>): FuzzReport<T> {
  const rng = new Rng(o.seed);
  const report: FuzzReport<T> = { cases: 0, accepted: 0, rejected: 0, failures: [], known: [], slowest: { ms: 0, index: -1 }, rules: new Map() };
  const start = performance.now();
  for (let index = 0; index < o.count && performance.now() - start < o.timeMs; index++) {
    const { input, show } = o.make(rng);
    report.cases++;
    const t0 = performance.now();
    const problems = runOne(o, input, report);
    const ms = performance.now() - t0;
    if (ms > report.slowest.ms) report.slowest = { ms, index };
    for (const problem of problems) {
      const known = o.known?.some((re) => re.test(problem));
      (known ? report.known : report.failures).push({ index, problem, input, show });
      // FUZZ_DUMP_DIR=<dir>: keep each failing input whole (reports cut it short)
      if (process.env.FUZZ_DUMP_DIR) writeFileSync(join(process.env.FUZZ_DUMP_DIR, `fuzz-${o.seed}-${index}.json`), JSON.stringify({ problem, input }, dumpReplacer));
    }
  }
  return report;
}

/** Problems of one input (also used to shrink reproducers). */
export function runOne<T, R>(o: Pick<FuzzOptions<T, R>, 'run' | 'checkError' | 'checkResult'>, input: T, report?: FuzzReport<T>): string[] {
  const t0 = performance.now();
  let problems: string[];
  try {
    const result = o.run(input);
    if (report) report.accepted++;
    problems = o.checkResult(result, input).map((p) => `accepted but ${p}`);
  } catch (error) {
    if (!(error instanceof InputError)) {
      problems = [`crash: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`];
    } else {
      if (report) {
        report.rejected++;
        const rule = error.problem.replace(/"[^"]*"|-?\d[\d.e+-]*/g, '#').slice(0, 60);
        report.rules.set(rule, (report.rules.get(rule) ?? 0) + 1);
      }
      problems = o.checkError(error, input).map((p) => `${p}: ${JSON.stringify(error.message.slice(0, 200))}`);
    }
  }
  const ms = performance.now() - t0;
  if (ms > SLOW_CALL_MS) {
    // time it again: on a shared machine one call can stall (GC, other processes)
    const t1 = performance.now();
    try {
      o.run(input);
    } catch {
      // the outcome was checked above
    }
    const again = performance.now() - t1;
    if (again > SLOW_CALL_MS) problems.push(`slow: ${ms.toFixed(0)} ms, then ${again.toFixed(0)} ms`);
  }
  return problems;
}

/**
 * A smaller text with the same first problem kind (delete lines, then chunks of characters;
 * a greedy ddmin). For reports only.
 */
export function shrinkText(text: string, fails: (t: string) => boolean, budget = 500, budgetMs = 2000): string {
  let best = text;
  let tries = 0;
  const start = performance.now();
  const more = () => tries < budget && performance.now() - start < budgetMs;
  for (let chunk = Math.max(1, best.length >> 1); chunk >= 1 && more(); chunk >>= 1) {
    let progress = true;
    while (progress && more()) {
      progress = false;
      for (let at = 0; at < best.length && more(); at += chunk) {
        const candidate = best.slice(0, at) + best.slice(at + chunk);
        tries++;
        if (fails(candidate)) {
          best = candidate;
          progress = true;
        }
      }
    }
  }
  return best;
}

/** With FUZZ_VERBOSE=1: cases, outcomes and the rules reached, on stdout. */
export function logReport<T>(name: string, report: FuzzReport<T>): void {
  if (!process.env.FUZZ_VERBOSE) return;
  const rules = [...report.rules.entries()].sort((a, b) => b[1] - a[1]).map(([r, n]) => `  ${n}\t${r}`);
  console.log(`${name}: ${report.cases} cases, ${report.accepted} accepted, ${report.rejected} rejected, ${report.failures.length} failures, ${report.known.length} known bugs, slowest #${report.slowest.index} ${report.slowest.ms.toFixed(1)} ms\n${rules.join('\n')}`);
}

/** Human summary of failures for the assertion message. */
export function describeFailures<T>(report: FuzzReport<T>, max = 8): string {
  return report.failures
    .slice(0, max)
    .map((f) => `#${f.index}: ${f.problem}\n    input: ${f.show}`)
    .join('\n');
}

/** Text shown in reports: JSON-quoted and cut to `max` characters. */
export function showText(text: string, max = 300): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}...(${text.length} chars)` : text);
}

/** Cases every fuzz suite must run at least. */
export const MIN_CASES = 500;

/** The mutations ran enough cases and reached both outcomes and many different rules. */
export function expectCoverage<T>(report: FuzzReport<T>): void {
  expect(report.cases).toBeGreaterThanOrEqual(MIN_CASES);
  expect(report.accepted).toBeGreaterThan(0);
  expect(report.rejected).toBeGreaterThan(report.cases / 4);
  expect(report.rules.size).toBeGreaterThan(10);
}
