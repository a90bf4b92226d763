/** Options of a Monte Carlo (or parametric) VaR run: defaults, units and validation. */
import { InputError } from '../errors.js';
import { didYouMean } from '../suggest.js';
import { checkIvShockScaling, type IvShockScaling } from '../stress/grid.js';

export const SURFACE_DYNAMICS = ['sticky-strike', 'sticky-moneyness'] as const;
/**
 * How an option's implied vol moves in a scenario when it is valued on its underlying's surface:
 * sticky-strike keeps the vol at its strike (the surface at k = ln(K / F), F before the move);
 * sticky-moneyness moves the smile with the spot (the surface at k = ln(K / (F e^x)), x the
 * scenario's log-return).
 */
export type SurfaceDynamics = (typeof SURFACE_DYNAMICS)[number];

export const MODELS = ['normal', 'student-t', 'hs', 'fhs', 'delta-normal', 'delta-gamma'] as const;
export type RiskModel = (typeof MODELS)[number];

export interface VarOptions {
  /** (integer >= 1) Monte Carlo scenarios M. Default 10,000. */
  scenarios?: number;
  /** (number in (0, 1)) VaR confidence c. Default 0.99. */
  confidence?: number;
  /** (number in (0, 1)) Expected Shortfall confidence. Default 0.975. */
  esConfidence?: number;
  /** (days > 0) risk horizon h (margin period of risk). Default 1. */
  horizonDays?: number;
  /** (RiskModel) scenario model. Default `normal`. */
  model?: RiskModel;
  /** (number > 2) Student-t degrees of freedom. Default 4. */
  dof?: number;
  /** (integer >= 0, < 2^53) seed of the counter-based random streams. Default 1. */
  seed?: number;
  /** (number >= 0) relative implied-vol shock applied in every scenario (0.2 = +20%). Default 0 (sticky strike). */
  volShock?: number;
  /** (SurfaceDynamics) options valued on a market surface: sticky-strike or sticky-moneyness. Default `sticky-strike`. */
  surfaceDynamics?: SurfaceDynamics;
  /**
   * Scaling of `volShock` by days to expiry DTE (as of asOf): volShock (referenceDays / max(floorDays, DTE))^p,
   * e.g. Paradex's { referenceDays: 30, power: 0.3, longDatedPower: 0.13 }. Default none (factor 1).
   */
  ivShockScaling?: IvShockScaling;
}

export type VarParams = Required<Omit<VarOptions, 'ivShockScaling'>> & Pick<VarOptions, 'ivShockScaling'>;

/** Options of `valueAtRisk` / `book` beyond the model's (see RiskOptions): suggested for typos too. */
const RISK_RUN_OPTIONS = ['prices', 'memoryLimitBytes', 'hotCopyBytes', 'onProgress', 'signal', 'timeoutMs'];

export const VAR_DEFAULTS: Readonly<VarParams> = {
  scenarios: 10_000,
  confidence: 0.99,
  esConfidence: 0.975,
  horizonDays: 1,
  model: 'normal',
  dof: 4,
  seed: 1,
  volShock: 0,
  surfaceDynamics: 'sticky-strike',
};

/** Options without a default (absent: not used). */
const OPTIONAL_PARAMS = ['ivShockScaling'];

/** Fill defaults and reject values out of range, naming the option and the rule. */
export function varParams(options: VarOptions = {}): VarParams {
  const p: VarParams = { ...VAR_DEFAULTS };
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined) continue;
    if (!(key in VAR_DEFAULTS) && !OPTIONAL_PARAMS.includes(key)) {
      throw new InputError(`unknown option${didYouMean(key, [...Object.keys(VAR_DEFAULTS), ...OPTIONAL_PARAMS, ...RISK_RUN_OPTIONS])}`, { column: key });
    }
    (p as Record<string, unknown>)[key] = value;
  }
  const fail = (column: string, rule: string, got: unknown): never => {
    throw new InputError(`${rule}; got ${JSON.stringify(got)}`, { column });
  };
  if (!MODELS.includes(p.model)) fail('model', `must be one of ${MODELS.join(', ')}`, p.model);
  if (!Number.isInteger(p.scenarios) || p.scenarios < 1) fail('scenarios', 'must be an integer >= 1', p.scenarios);
  for (const key of ['confidence', 'esConfidence'] as const) {
    if (typeof p[key] !== 'number' || !(p[key] > 0 && p[key] < 1)) fail(key, 'must be a number in (0, 1)', p[key]);
  }
  if (typeof p.horizonDays !== 'number' || !(p.horizonDays > 0 && p.horizonDays <= 3650)) {
    fail('horizonDays', 'must be a number of days in (0, 3650]', p.horizonDays);
  }
  if (typeof p.dof !== 'number' || !(p.dof > 2 && Number.isFinite(p.dof))) fail('dof', 'must be a finite number > 2 (finite variance)', p.dof);
  if (!Number.isSafeInteger(p.seed) || p.seed < 0) fail('seed', 'must be an integer in [0, 2^53)', p.seed);
  if (typeof p.volShock !== 'number' || !(p.volShock > -1 && Number.isFinite(p.volShock))) fail('volShock', 'must be a number > -1', p.volShock);
  if (!SURFACE_DYNAMICS.includes(p.surfaceDynamics)) fail('surfaceDynamics', `must be one of ${SURFACE_DYNAMICS.join(', ')}`, p.surfaceDynamics);
  if (p.ivShockScaling !== undefined) p.ivShockScaling = checkIvShockScaling(p.ivShockScaling, (column, problem) => {
    throw new InputError(problem, { column });
  });
  const minScenarios = Math.ceil(1 / (1 - Math.max(p.confidence, p.esConfidence)) - 1e-9);
  if (p.scenarios < minScenarios && !p.model.startsWith('delta')) {
    fail('scenarios', `must be at least ${minScenarios} so that the ${Math.max(p.confidence, p.esConfidence)} tail holds one scenario`, p.scenarios);
  }
  return p;
}
