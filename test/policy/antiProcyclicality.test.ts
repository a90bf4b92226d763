import { describe, expect, it } from 'vitest';
import { applyApc, type ApcContext, type ApcState } from '../../src/policy/antiProcyclicality.js';
import { parsePolicyConfig, type PolicyConfigInput } from '../../src/policy/config.js';

/** Run applyApc over a series of (raw, context) days; return requirements and components. */
function run(config: PolicyConfigInput, days: [number, ApcContext?][]) {
  const c = parsePolicyConfig(config);
  let state: ApcState | undefined;
  return days.map(([raw, ctx]) => {
    const prev = state ? Object.freeze({ ...state }) : undefined;
    const r = applyApc(prev, raw, ctx ?? {}, c);
    state = r.state;
    let sum = raw;
    for (const s of r.components) sum += s.amountUsd;
    expect(sum).toBeCloseTo(r.requirementUsd, 9);
    return r;
  });
}

const NO_VELOCITY = { maxDailyRise: 100, releaseDelayDays: 0 };

describe('(c) floor from long-run volatility', () => {
  it('binds in calm markets and not in stressed ones', () => {
    const r = run({ antiProcyclicality: { mode: 'floor' }, velocity: NO_VELOCITY }, [
      [100, { floorRequirementUsd: 140 }],
      [200, { floorRequirementUsd: 140 }],
    ]);
    expect(r[0].requirementUsd).toBe(140);
    expect(r[0].components).toEqual([expect.objectContaining({ key: 'apc.floor', amountUsd: 40 })]);
    expect(r[1].requirementUsd).toBe(200);
    expect(r[1].components[0].amountUsd).toBe(0);
  });
});

describe('(a) buffer', () => {
  it('is 25% in calm markets and is drawn down when the raw requirement rises sharply', () => {
    const r = run({ antiProcyclicality: { mode: 'buffer', bufferFraction: 0.25, bufferDrawTrigger: 0.1 }, velocity: NO_VELOCITY }, [
      [100],
      [100],
      [120], // +20% > 10% trigger: the 125 collected in calm times absorbs the rise
      [130], // buffer exhausted: requirement = raw
      [110], // still drawing: holds 130 (within [110, 137.5])
      [90], // full buffer 112.5 fits under 130 again: rebuilt
      [90],
    ]);
    expect(r.map((x) => x.requirementUsd)).toEqual([125, 125, 125, 130, 130, 112.5, 112.5]);
    expect(r.map((x) => x.state.drawing)).toEqual([false, false, true, true, true, false, false]);
    expect(r[2].components[0]).toMatchObject({ key: 'apc.buffer', amountUsd: 5 });
    expect(r[3].components[0].amountUsd).toBe(0);
    // Without drawing, the spike day would have asked 120 * 1.25 = 150: a 20% jump instead of none.
    expect(r[2].requirementUsd - r[1].requirementUsd).toBe(0);
  });

  it('a moderate rise (below the trigger) keeps the full buffer', () => {
    const r = run({ antiProcyclicality: { mode: 'buffer' }, velocity: NO_VELOCITY }, [[100], [105]]);
    expect(r[1].requirementUsd).toBe(131.25);
    expect(r[1].state.drawing).toBe(false);
  });
});

describe('(b) stressed-period weight', () => {
  it('puts 25% weight on the stressed-period requirement and never lowers the raw one', () => {
    const r = run({ antiProcyclicality: { mode: 'stressed-weight' }, velocity: NO_VELOCITY }, [
      [100, { stressedRequirementUsd: 300 }],
      [100, { stressedRequirementUsd: 50 }],
    ]);
    expect(r[0].requirementUsd).toBe(0.75 * 100 + 0.25 * 300);
    expect(r[1].requirementUsd).toBe(100);
  });
});

describe('margin call velocity', () => {
  it('the cap limits the daily rise to maxDailyRise', () => {
    const r = run({ antiProcyclicality: { mode: 'none' }, velocity: { maxDailyRise: 0.2, releaseDelayDays: 0, neverBelowRisk: false } }, [[100], [200], [200], [200], [200]]);
    [100, 120, 144, 172.8, 200].forEach((want, t) => expect(r[t].requirementUsd).toBeCloseTo(want, 10));
    expect(r[1].components).toEqual([expect.objectContaining({ key: 'velocity.riseCap', amountUsd: -80 })]);
    for (let t = 1; t < r.length; t++) expect(r[t].requirementUsd).toBeLessThanOrEqual(1.2 * r[t - 1].requirementUsd * (1 + 1e-15));
  });

  it('with neverBelowRisk the cap slows the floor build-up but never goes below the raw requirement', () => {
    const cfg = { antiProcyclicality: { mode: 'floor' as const }, velocity: { maxDailyRise: 0.2, releaseDelayDays: 0 } };
    const r = run(cfg, [
      [100, { floorRequirementUsd: 150 }],
      [100, { floorRequirementUsd: 400 }], // target 400, cap 150 * 1.2 = 180
      [300, { floorRequirementUsd: 400 }], // cap 216 < raw 300: raw wins
    ]);
    expect(r.map((x) => x.requirementUsd)).toEqual([150, 180, 300]);
    const off = run({ ...cfg, velocity: { ...cfg.velocity, neverBelowRisk: false } }, [
      [100, { floorRequirementUsd: 150 }],
      [100, { floorRequirementUsd: 400 }],
      [300, { floorRequirementUsd: 400 }],
    ]);
    expect(off[2].requirementUsd).toBeCloseTo(216, 12);
  });

  it('a fall is released only after releaseDelayDays lower days', () => {
    const r = run({ antiProcyclicality: { mode: 'none' }, velocity: { maxDailyRise: 100, releaseDelayDays: 2 } }, [
      [200],
      [100], // held, day 1
      [100], // held, day 2
      [100], // released
      [90], // still falling: released at once
      [150], // rises are not delayed
      [140], // a new fall: held again
    ]);
    expect(r.map((x) => x.requirementUsd)).toEqual([200, 200, 200, 100, 90, 150, 150]);
    expect(r[1].components).toEqual([expect.objectContaining({ key: 'velocity.releaseDelay', amountUsd: 100 })]);
    expect(r.map((x) => x.state.daysBelow)).toEqual([0, 1, 2, 3, 4, 0, 1]);
  });
});
