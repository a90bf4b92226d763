import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { DEFAULT_POLICY_CONFIG, PolicyConfigSchema, parsePolicyConfig } from '../../src/policy/config.js';
import { inputError } from '../testData.js';

describe('PolicyConfigSchema', () => {
  it('fills every default from an empty object, with the values the issue names', () => {
    const c = parsePolicyConfig({});
    expect(c).toEqual(DEFAULT_POLICY_CONFIG);
    expect(c.base).toEqual({ measure: 'es', esConfidence: 0.975, varConfidence: 0.99, horizonDays: 2, riskWeight: 0.75 });
    expect(c.antiProcyclicality.bufferFraction).toBe(0.25);
    expect(c.antiProcyclicality.stressedWeight).toBe(0.25);
    expect(c.antiProcyclicality.floorLookbackDays).toBe(3650);
    expect(c.volatility.estimator).toBe('ewma');
    expect(c.volatility.lambda).toBe(0.94);
    expect(c.oracle.maxStalenessSeconds).toBe(60);
    expect(c.oracle.maxConfidenceFraction).toBe(0.02);
    expect(c.regimes.multipliers).toHaveLength(c.regimes.upThresholds.length + 1);
  });

  it('keeps given values and defaults the rest of a section', () => {
    const c = parsePolicyConfig(JSON.parse('{"base":{"measure":"var","horizonDays":5},"antiProcyclicality":{"mode":"buffer"}}'));
    expect(c.base.measure).toBe('var');
    expect(c.base.horizonDays).toBe(5);
    expect(c.base.esConfidence).toBe(0.975);
    expect(c.antiProcyclicality.mode).toBe('buffer');
    expect(c.velocity.maxDailyRise).toBe(0.5);
  });

  it('round-trips through JSON text (a policy file)', () => {
    const text = JSON.stringify(DEFAULT_POLICY_CONFIG);
    expect(parsePolicyConfig(JSON.parse(text), 'policy.json')).toEqual(DEFAULT_POLICY_CONFIG);
    expect(parsePolicyConfig(undefined)).toEqual(DEFAULT_POLICY_CONFIG);
  });

  it('documents every leaf field with its default in a JSON Schema', () => {
    const schema = z.toJSONSchema(PolicyConfigSchema, { io: 'input' }) as { properties: Record<string, { properties: Record<string, Record<string, unknown>> }> };
    // `calibrated` has no default: calibrate --optimize writes it
    const sections = Object.entries(schema.properties).filter(([k]) => k !== '$schema' && k !== 'calibrated');
    expect(sections.length).toBe(11);
    expect((schema.properties.calibrated as unknown as { description: string }).description).toMatch(/calibrate --optimize/);
    let leaves = 0;
    for (const [name, section] of sections) {
      for (const [field, node] of Object.entries(section.properties)) {
        leaves++;
        expect(typeof node.description, `${name}.${field}`).toBe('string');
        expect(node.default, `${name}.${field}`).toBeDefined();
        expect(node.description as string, `${name}.${field}`).toMatch(/Default/);
      }
    }
    expect(leaves).toBeGreaterThan(40);
  });

  it.each([
    [{ antiProcyclicality: { bufferFraction: 0.1 } }, 'policy.json: antiProcyclicality.bufferFraction: must be >= 0.25; got 0.1'],
    [{ antiProcyclicality: { stressedWeight: 0.2 } }, 'policy.json: antiProcyclicality.stressedWeight: must be >= 0.25; got 0.2'],
    [{ base: { esConfidence: 1 } }, 'policy.json: base.esConfidence: must be < 1; got 1'],
    [{ base: { horizonDays: -2 } }, 'policy.json: base.horizonDays: must be > 0; got -2'],
    [{ base: { horizon: 2 } }, 'policy.json: base.horizon: unknown field'],
    [{ base: { measure: 'cvar' } }, 'policy.json: base.measure: must be one of es, var; got "cvar"'],
    [{ velocity: { releaseDelayDays: 1.5 } }, 'policy.json: velocity.releaseDelayDays: must be an integer; got number 1.5'],
    [{ collateral: { maxShare: 0 } }, 'policy.json: collateral.maxShare: must be > 0; got 0'],
    [{ concentration: { tiers: [{ fromNotionalUsd: 0, marginFraction: 'x' }] } }, 'policy.json: concentration.tiers[0].marginFraction: must be a number; got "x"'],
  ])('rejects %j naming the field', (json, message) => {
    const e = inputError(() => parsePolicyConfig(json, 'policy.json'));
    expect(e.message).toBe(message);
    expect(e.file).toBe('policy.json');
  });

  it.each([
    [{ regimes: { upThresholds: [0.8, 0.7], downThresholds: [0.6, 0.65] } }, 'regimes.upThresholds[1]', 'must be > 0.8 (ascending); got 0.7'],
    [{ regimes: { upThresholds: [0.8], downThresholds: [0.9], multipliers: [1, 2] } }, 'regimes.downThresholds[0]', 'must be <= upThresholds[0] = 0.8; got 0.9'],
    [{ regimes: { upThresholds: [0.8], downThresholds: [0.7] } }, 'regimes.multipliers', 'must have 2 entries (one per regime); got 3'],
    [{ regimes: { downThresholds: [0.7] } }, 'regimes.downThresholds', 'must have 2 entries (one per up threshold); got 1'],
    [{ concentration: { tiers: [{ fromNotionalUsd: 10, marginFraction: 0.1 }] } }, 'concentration.tiers[0].fromNotionalUsd', 'must be 0 (tiers start at zero notional); got 10'],
    [
      { concentration: { tiers: [{ fromNotionalUsd: 0, marginFraction: 0.1 }, { fromNotionalUsd: 0, marginFraction: 0.2 }] } },
      'concentration.tiers[1].fromNotionalUsd',
      'must be > 0 (ascending); got 0',
    ],
    [{ concentration: { lowerCapUsd: 5, upperCapUsd: 5 } }, 'concentration.upperCapUsd', 'must be > lowerCapUsd = 5; got 5'],
    [{ concentration: { byUnderlying: { 'BTC-PERP': { maxMarginFraction: 0.05 } } } }, 'concentration.byUnderlying["BTC-PERP"].maxMarginFraction', 'must be >= baseMarginFraction = 0.1; got 0.05'],
  ])('rejects cross-field problem %j', (json, column, problem) => {
    const e = inputError(() => parsePolicyConfig(json));
    expect(e.column).toBe(column);
    expect(e.problem).toBe(problem);
  });
});
