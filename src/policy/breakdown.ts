/**
 * Explain: a requirement is an ordered list of additive components. The figures are computed AS the
 * sums of their components (in order, left to right), so the breakdown adds up exactly.
 */

export type ComponentKey =
  | 'base.measure'
  | 'base.horizon'
  | 'base.stressBlend'
  | 'base.nonNegative'
  | 'regime.multiplier'
  | 'oracle.widenedShock'
  | 'apc.floor'
  | 'apc.buffer'
  | 'apc.stressedWeight'
  | 'velocity.riseCap'
  | 'velocity.releaseDelay'
  | 'addOn.concentration'
  | 'addOn.liquidity'
  | 'addOn.basis'
  | 'minimum.delta'
  | 'collateral.gross'
  | 'collateral.haircut'
  | 'collateral.shareCap'
  | 'equity.unrealizedPnl'
  | 'oracle.conservativePrice';

/** One additive piece of the initial margin (side `requirement`) or of the equity (side `equity`). */
export interface Component {
  key: ComponentKey;
  side: 'requirement' | 'equity';
  /** Signed amount in USD. */
  amountUsd: number;
  /** Underlying (add-ons, oracle) or collateral asset the component belongs to. */
  symbol?: string;
  /** One line saying how the amount was obtained, with the inputs. */
  note: string;
}

/** Sum of one side's components in list order: the figure the breakdown explains. */
export function sumComponents(components: readonly Component[], side: Component['side']): number {
  let total = 0;
  for (const c of components) if (c.side === side) total += c.amountUsd;
  return total;
}

/** Builds a component's note: `explainNotes` calls it, `skipNotes` (figures only, no explanation) leaves it empty. */
export type NoteBuilder = (note: () => string) => string;
export const explainNotes: NoteBuilder = (note) => note();
export const skipNotes: NoteBuilder = () => '';
