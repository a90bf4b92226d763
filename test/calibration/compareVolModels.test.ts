// compareVolModels: four models, parameter counts, AIC/BIC by their definitions, sorted by AIC,
// all scored on the same observations; and on GARCH data the GARCH model wins.
import { describe, expect, it } from 'vitest';
import { compareVolModels } from '../../src/calibration/compareVolModels.js';
import { fitEwmaLambda } from '../../src/calibration/fitEwmaLambda.js';
import { fixture } from './fixture.js';
import { ewmaLogLikelihoodPlain, garchLogLikelihoodPlain, logReturns, Rng, simulateGarch } from './simulate.js';

describe('compareVolModels', () => {
  const r = logReturns(fixture.btcCloses);
  const rows = compareVolModels(r);

  it('reports the four models with k, AIC = 2k - 2LL, BIC = k ln n - 2LL, sorted by AIC', () => {
    expect(rows.map((x) => x.model).sort()).toEqual(['ewma-normal', 'ewma-student-t', 'garch11-normal', 'garch11-student-t']);
    const k = Object.fromEntries(rows.map((x) => [x.model, x.parameters]));
    expect(k).toEqual({ 'ewma-normal': 1, 'ewma-student-t': 2, 'garch11-normal': 3, 'garch11-student-t': 4 });
    for (const x of rows) {
      expect(x.observations).toBe(r.length - 30);
      expect(x.aic).toBeCloseTo(2 * x.parameters - 2 * x.logLikelihood, 9);
      expect(x.bic).toBeCloseTo(x.parameters * Math.log(r.length - 30) - 2 * x.logLikelihood, 9);
      expect(x.converged).toBe(true);
    }
    for (let i = 1; i < rows.length; i++) expect(rows[i].aic).toBeGreaterThanOrEqual(rows[i - 1].aic);
  });

  it('scores GARCH on the same returns as EWMA (after the seed window)', () => {
    for (const m of ['garch11-normal', 'garch11-student-t']) {
      const row = rows.find((x) => x.model === m)!;
      const g = row.fit as { omega: number; alpha: number; beta: number; dof?: number };
      const expected = garchLogLikelihoodPlain(r, g.omega, g.alpha, g.beta, g.dof, 0, 30);
      expect(Math.abs(row.logLikelihood - expected)).toBeLessThan(1e-9 * Math.abs(expected));
    }
    const e = rows.find((x) => x.model === 'ewma-normal')!;
    expect(e.logLikelihood).toBeCloseTo(ewmaLogLikelihoodPlain(r, fitEwmaLambda(r).lambda, 30), 8);
  });

  it('fat tails win on BTC: the Student-t models rank above the normal ones', () => {
    const rank = (m: string): number => rows.findIndex((x) => x.model === m);
    expect(rank('ewma-student-t')).toBeLessThan(rank('ewma-normal'));
    expect(rank('garch11-student-t')).toBeLessThan(rank('garch11-normal'));
  });

  it('on GARCH(1,1) data with normal innovations GARCH-normal beats both EWMAs', () => {
    const sim = simulateGarch(new Rng(41), 4000, 1e-5, 0.1, 0.85);
    const ranked = compareVolModels(sim).map((x) => x.model);
    expect(ranked.indexOf('garch11-normal')).toBeLessThan(ranked.indexOf('ewma-normal'));
    expect(ranked.indexOf('garch11-normal')).toBeLessThan(ranked.indexOf('ewma-student-t'));
  });
});
