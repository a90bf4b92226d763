/**
 * The last line of defence against silent wrong figures: a result with a non-finite VaR, ES,
 * interval bound or Greek is refused with an InputError naming the account and the input that made
 * it overflow (an instrument whose unit valuation is not finite, else the account's largest
 * position), instead of printing `null` / NaN.
 */
import { InputError } from '../errors.js';
import type { Market } from '../market/types.js';
import type { Account, Instrument } from '../portfolio/types.js';
import type { AccountRisk, InstrumentGreeks } from './book.js';

const GREEKS = ['delta', 'gamma', 'vega', 'theta'] as const;

/** The first non-finite figure of an account, as `name = value`, or undefined (allocates only then: it runs per update). */
function nonFiniteFigure(r: AccountRisk): string | undefined {
  const g = r.greeks;
  if (Number.isFinite(r.var + r.es + r.varCi[0] + r.varCi[1] + r.esCi[0] + r.esCi[1] + g.deltaUsd + g.gammaUsd + g.vega + g.theta)) return undefined;
  const named: [string, number][] = [
    ['var', r.var], ['es', r.es], ['varCi[0]', r.varCi[0]], ['varCi[1]', r.varCi[1]], ['esCi[0]', r.esCi[0]], ['esCi[1]', r.esCi[1]],
    ['greeks.deltaUsd', g.deltaUsd], ['greeks.gammaUsd', g.gammaUsd], ['greeks.vega', g.vega], ['greeks.theta', g.theta],
  ];
  const bad = named.find(([, v]) => !Number.isFinite(v));
  return bad && `${bad[0]} = ${bad[1]}`;
}

/**
 * @param firstIndex index in the portfolio of `accounts[0]` (named in the message).
 * @throws InputError `accounts[3]: account "a": var = Infinity is not a finite number: ...` (column `accounts[i]`).
 */
export function assertFiniteFigures(
  risks: readonly AccountRisk[], accounts: readonly Account[], instruments: readonly Instrument[], unit: readonly InstrumentGreeks[], market: Market,
  firstIndex = 0,
): void {
  for (let r = 0; r < risks.length; r++) {
    const figure = nonFiniteFigure(risks[r]);
    if (figure === undefined) continue;
    const a = r + firstIndex;
    const account = accounts[r];
    const head = `account "${cut(account.id)}": ${figure} is not a finite number`;
    const badUnit = account.positions.find((p) => GREEKS.some((g) => !Number.isFinite(unit[p.instrumentIndex][g])));
    if (badUnit) {
      const i = badUnit.instrumentIndex;
      const ins = instruments[i];
      throw new InputError(
        `${head}: instrument "${cut(ins.id)}" (instruments[${i}]) has no finite valuation at market rate ${market.rate}, ` +
          `spot ${market.spot[ins.underlyingIndex]} of ${cut(ins.underlying)}${ins.strike === undefined ? '' : `, strike ${ins.strike}, iv ${ins.iv}`}` +
          `${ins.expiryYears === undefined ? '' : `, expiry in ${(ins.expiryYears * 365).toPrecision(4)} days`}; check those inputs`,
        { column: `accounts[${a}]` },
      );
    }
    const notional = (k: number) => {
      const p = account.positions[k];
      const ins = instruments[p.instrumentIndex];
      return Math.abs(p.quantity * ins.multiplier * market.spot[ins.underlyingIndex]);
    };
    let k = 0;
    for (let j = 1; j < account.positions.length; j++) if (!(notional(j) <= notional(k))) k = j;
    const p = account.positions[k];
    const ins = p && instruments[p.instrumentIndex];
    throw new InputError(
      p
        ? `${head}: its losses overflow; its largest position, positions[${k}], is quantity ${p.quantity} of "${cut(ins.id)}" ` +
            `(multiplier ${ins.multiplier}; ${cut(ins.underlying)} spot ${market.spot[ins.underlyingIndex]}, vol ${market.vol[ins.underlyingIndex]}): notional ${notional(k).toPrecision(3)}; ` +
            'smaller quantities, multipliers or prices, or a lower vol, keep the figures finite'
        : `${head}`,
      { column: `accounts[${a}]` },
    );
  }
}

/** A user string cut for messages. */
function cut(s: string): string {
  return s.length > 60 ? `${s.slice(0, 60)}... (${s.length} characters)` : s;
}
