// Sanity of fits on real BTC-USD daily log returns: EWMA λ in (0.85, 0.99), GARCH persistence in
// (0.8, 1). Always on the committed slice (first 1,000 closes in test/fixtures/calibration.json);
// also on the whole file when /work/shared/data/btc-usd-daily.csv exists on this machine.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fitEwmaLambda } from '../../src/calibration/fitEwmaLambda.js';
import { fitGarch11 } from '../../src/calibration/fitGarch11.js';
import { fixture } from './fixture.js';
import { logReturns } from './simulate.js';

const FULL_FILE = '/work/shared/data/btc-usd-daily.csv';

function checkSanity(r: number[]): void {
  for (const distribution of ['normal', 'student-t'] as const) {
    const ewma = fitEwmaLambda(r, { distribution });
    expect(ewma.lambda, `EWMA ${distribution}`).toBeGreaterThan(0.85);
    expect(ewma.lambda, `EWMA ${distribution}`).toBeLessThan(0.99);
    const garch = fitGarch11(r, { distribution });
    expect(garch.persistence, `GARCH ${distribution}`).toBeGreaterThan(0.8);
    expect(garch.persistence, `GARCH ${distribution}`).toBeLessThan(1);
    expect(garch.converged).toBe(true);
  }
}

describe('real BTC-USD daily returns', () => {
  it('committed slice: first 1,000 closes', () => {
    checkSanity(logReturns(fixture.btcCloses));
  });

  it.runIf(existsSync(FULL_FILE))('whole file in /work/shared/data', () => {
    const lines = readFileSync(FULL_FILE, 'utf8').trim().split('\n');
    const closeAt = lines[0].split(',').indexOf('close');
    const closes = lines.slice(1).map((l) => Number(l.split(',')[closeAt]));
    expect(closes.slice(0, 1000)).toEqual(fixture.btcCloses); // the slice is the file's head
    checkSanity(logReturns(closes));
  });
});
