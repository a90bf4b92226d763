// Typed view of test/fixtures/calibration.json (made by test/fixtures/make_calibration_fixtures.py).
import { readFileSync } from 'node:fs';

export interface LikelihoodCase {
  model: 'ewma' | 'garch';
  lambda?: number;
  seedReturns?: number;
  omega?: number;
  alpha?: number;
  beta?: number;
  dof?: number;
  mu?: number;
  likelihoodStart?: number;
  logLikelihood: number;
}

export interface Design {
  name: string;
  n: number;
  omega?: number;
  alpha?: number;
  beta?: number;
  lambda?: number;
  dof: number | null;
  seedReturns?: number;
  /** asymptotic standard errors of the MLE at this design's n (NumPy Hessian over replicated paths) */
  se: Record<string, number>;
}

export const fixture = JSON.parse(readFileSync(new URL('../fixtures/calibration.json', import.meta.url), 'utf8')) as {
  btcCloses: number[];
  logLikelihoods: LikelihoodCase[];
  scipyFits: Record<'ewma-normal' | 'ewma-t' | 'garch-normal' | 'garch-t', Record<string, number>>;
  standardErrors: Design[];
};

export function design(name: string): Design {
  const d = fixture.standardErrors.find((x) => x.name === name);
  if (!d) throw new Error(`no design ${name} in calibration.json`);
  return d;
}
