/**
 * Anti-procyclicality (EMIR RTS 153/2013 Art. 28(1)) and margin call velocity, day by day.
 * Pure: `applyApc` takes yesterday's state and returns today's; it never mutates its arguments.
 * One state per account; call once per day in date order. The state follows the account's
 * requirement, so a large position change moves it too (with `neverBelowRisk` a rise in risk is
 * never capped below the risk requirement itself).
 */
import { explainNotes, type NoteBuilder } from './breakdown.js';
import type { PolicyConfig } from './config.js';

/** What `applyApc` remembers from one day to the next. */
export interface ApcState {
  /** Yesterday's raw (pre-APC) requirement, USD. */
  lastRawUsd: number;
  /** Yesterday's requirement after APC and velocity, USD. */
  lastRequirementUsd: number;
  /** (a) buffer mode: the buffer is being drawn down after a sharp rise. */
  drawing: boolean;
  /** Consecutive days the target has been below yesterday's requirement (release delay). */
  daysBelow: number;
}

export interface ApcContext {
  /** (b) the risk requirement computed on stressed-period observations, USD (same measure and scaling as raw). */
  stressedRequirementUsd?: number;
  /** (c) the requirement under long-run (10-year or all available) volatility, USD. */
  floorRequirementUsd?: number;
}

export interface ApcStep {
  key: 'apc.floor' | 'apc.buffer' | 'apc.stressedWeight' | 'velocity.riseCap' | 'velocity.releaseDelay';
  /** requirement after this step minus before it, USD. */
  amountUsd: number;
  note: string;
}

export interface ApcResult {
  requirementUsd: number;
  state: ApcState;
  /** Steps from raw to requirement; raw + sum of amounts = requirement (up to rounding of the differences). */
  components: ApcStep[];
}

/**
 * Apply the chosen anti-procyclicality tool, then the daily rise cap and the release delay.
 * - floor (Art. 28(1)(c)): max(raw, floorRequirement).
 * - buffer (Art. 28(1)(a)): raw * (1 + b) in normal times. A daily rise of raw above `bufferDrawTrigger`
 *   starts drawing: the requirement holds yesterday's level, clamped to [raw, raw * (1 + b)], until the
 *   full buffer fits under yesterday's requirement again (rebuilt as raw falls).
 * - stressed-weight (Art. 28(1)(b)): max(raw, (1 - w) * raw + w * stressed); never lowers raw.
 * - velocity: at most lastRequirement * (1 + maxDailyRise) (but not below raw when `neverBelowRisk`);
 *   a fall is released only after `releaseDelayDays` consecutive lower days.
 * @param state yesterday's state; undefined on an account's first day (no cap, no delay)
 * @param rawUsd today's requirement before APC (base, regime, oracle shock), >= 0
 * @throws Error when the mode needs a context value that is missing (callers validate inputs first)
 */
export function applyApc(state: ApcState | undefined, rawUsd: number, context: ApcContext, config: PolicyConfig, say: NoteBuilder = explainNotes): ApcResult {
  const apc = config.antiProcyclicality;
  const components: ApcStep[] = [];
  let target = rawUsd;
  let drawing = false;
  switch (apc.mode) {
    case 'floor': {
      const floor = context.floorRequirementUsd;
      if (floor === undefined) throw new Error('applyApc: floor mode needs floorRequirementUsd');
      target = Math.max(rawUsd, floor); // EMIR RTS 153/2013 Art. 28(1)(c): floor from 10-year volatility
      components.push({ key: 'apc.floor', amountUsd: target - rawUsd, note: say(() => `floor ${fmt(floor)} from long-run volatility vs raw ${fmt(rawUsd)}`) });
      break;
    }
    case 'buffer': {
      const b = apc.bufferFraction;
      const full = rawUsd * (1 + b); // EMIR RTS 153/2013 Art. 28(1)(a): buffer >= 25%
      if (state) {
        const spike = rawUsd > state.lastRawUsd * (1 + apc.bufferDrawTrigger);
        drawing = (state.drawing || spike) && full > state.lastRequirementUsd;
      }
      target = drawing ? Math.max(rawUsd, Math.min(state!.lastRequirementUsd, full)) : full;
      const note = say(() => (drawing ? `buffer drawn: holds ${fmt(state!.lastRequirementUsd)} within [raw, raw x ${1 + b}]` : `buffer ${b} x raw ${fmt(rawUsd)}`));
      components.push({ key: 'apc.buffer', amountUsd: target - rawUsd, note });
      break;
    }
    case 'stressed-weight': {
      const stressed = context.stressedRequirementUsd;
      if (stressed === undefined) throw new Error('applyApc: stressed-weight mode needs stressedRequirementUsd');
      const w = apc.stressedWeight;
      target = Math.max(rawUsd, (1 - w) * rawUsd + w * stressed); // EMIR RTS 153/2013 Art. 28(1)(b): >= 25% weight on stressed observations
      components.push({ key: 'apc.stressedWeight', amountUsd: target - rawUsd, note: say(() => `${w} x stressed ${fmt(stressed)} + ${1 - w} x raw ${fmt(rawUsd)}`) });
      break;
    }
    case 'none':
      break;
  }

  const v = config.velocity;
  let requirement = target;
  let daysBelow = 0;
  if (state) {
    const last = state.lastRequirementUsd;
    const cap = last * (1 + v.maxDailyRise); // margin call velocity: bounded daily rise
    if (requirement > cap) {
      const capped = v.neverBelowRisk ? Math.max(cap, rawUsd) : cap;
      components.push({ key: 'velocity.riseCap', amountUsd: capped - requirement, note: say(() => `rise capped at ${v.maxDailyRise} x ${fmt(last)} per day`) });
      requirement = capped;
    }
    if (requirement < last) {
      daysBelow = state.daysBelow + 1;
      if (daysBelow <= v.releaseDelayDays) {
        components.push({ key: 'velocity.releaseDelay', amountUsd: last - requirement, note: say(() => `fall held at ${fmt(last)}: day ${daysBelow} of ${v.releaseDelayDays}`) });
        requirement = last;
      }
    }
  }
  return { requirementUsd: requirement, state: { lastRawUsd: rawUsd, lastRequirementUsd: requirement, drawing, daysBelow }, components };
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toPrecision(6);
}
