// W1 for the service benches: the fixture's market.json and portfolio.json written to `dir`
// (10,000 accounts, 500 instruments), and the i-th position update of the update stream.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/** Writes `dir`/market.json and `dir`/portfolio.json; returns them parsed. */
export function writeW1(dir) {
  const text = {};
  for (const name of ['market', 'portfolio']) {
    text[name] = gunzipSync(readFileSync(new URL(`../test/fixtures/w1/${name}.json.gz`, import.meta.url))).toString('utf8');
    writeFileSync(join(dir, `${name}.json`), text[name]);
  }
  return { market: JSON.parse(text.market), portfolio: JSON.parse(text.portfolio) };
}

/** The i-th update: an account's positions rescaled (same instruments, new quantities). */
export function w1Update(portfolio, i) {
  const a = portfolio.accounts[(i * 7919) % portfolio.accounts.length];
  const f = 0.5 + ((i * 37) % 100) / 100;
  return { account: a.id, positions: a.positions.map((p) => ({ instrument: p.instrument, quantity: p.quantity * f })) };
}

/**
 * The i-th fill of an active-account stream: `active` accounts (those with positions, in book order)
 * in turn, each fill buying or selling 0.5% of one position's quantity, back and forth, a different
 * position each round: the order flow of a venue's most active accounts (market makers).
 */
export function w1Fill(portfolio, i, active = 200) {
  let accounts = activeAccounts.get(portfolio);
  if (!accounts) activeAccounts.set(portfolio, (accounts = portfolio.accounts.filter((a) => a.positions.length > 0).slice(0, active)));
  const a = accounts[i % accounts.length];
  const round = Math.floor(i / accounts.length);
  const p = a.positions[Math.floor(round / 2) % a.positions.length];
  return { account: a.id, fills: [{ instrument: p.instrument, quantity: p.quantity * (round % 2 === 0 ? 0.005 : -0.005) }] };
}

const activeAccounts = new WeakMap();
