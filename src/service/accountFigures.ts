/**
 * The default answer of POST /positions and POST /what-if: an account's figures without their
 * explanation. The margin, health and breakdown amounts are those of the full view (the same bits);
 * the component notes, collateral lines and Greeks come with `?explain=true` or GET /accounts/:id.
 * A venue's order path posts thousands of these a second and reads the figures only.
 */
import type { AccountRisk } from '../montecarlo/book.js';
import type { Component } from '../policy/breakdown.js';
import type { AccountRequirement } from '../policy/requirement.js';
import type { AccountView } from './liveBook.js';

export interface AccountFigures {
  id: string;
  positions: AccountView['positions'];
  collateral: Record<string, number>;
  risk: Pick<AccountRisk, 'var' | 'es' | 'varCi' | 'esCi' | 'warning'>;
  margin: Omit<AccountRequirement, 'breakdown' | 'collateral'> & { breakdown: Omit<Component, 'note'>[] };
}

/** `view` without notes, collateral lines and Greeks. */
export function accountFigures(view: AccountView): AccountFigures {
  const { greeks, ...risk } = view.risk;
  const { breakdown, collateral, ...margin } = view.margin;
  return {
    id: view.id,
    positions: view.positions,
    collateral: view.collateral,
    risk,
    margin: { ...margin, breakdown: breakdown.map(({ note, ...amount }) => amount) },
  };
}
