// An option's iv is optional when its underlying has a surface; given, it overrides the surface.
import { describe, expect, it } from 'vitest';
import { parseMarket } from '../../src/market/parseMarket.js';
import { parsePortfolio } from '../../src/portfolio/parsePortfolio.js';
import { exampleSurface } from '../../src/surface/exampleSurface.js';
import { surfaceIv } from '../../src/surface/sviSurface.js';
import { inputError, threeCoinMarket } from '../testData.js';

const json = threeCoinMarket();
(json.underlyings[0] as Record<string, unknown>).surface = { slices: exampleSurface(0.55) };
const market = parseMarket(json, 'market.json');
const option = (extra: Record<string, unknown>) => ({
  instruments: [{ id: 'X', kind: 'option', right: 'put', strike: 80000, expiryDays: 45, ...extra }],
  accounts: [],
});

describe('option iv and the surface', () => {
  it('takes today\'s iv from the surface at k = ln(K / F), F = S exp(rate T), when iv is absent', () => {
    const ins = parsePortfolio(option({ underlying: 'BTC' }), market, 'portfolio.json').instruments[0];
    const t = 45 / 365;
    expect(ins.ivFromSurface).toBe(true);
    expect(ins.iv).toBe(surfaceIv(market.surfaces![0]!, Math.log(80000 / (91000 * Math.exp(0.01 * t))), t));
  });
  it('an iv given overrides the surface (the option is valued flat)', () => {
    const ins = parsePortfolio(option({ underlying: 'BTC', iv: 0.7 }), market, 'portfolio.json').instruments[0];
    expect(ins.ivFromSurface).toBeUndefined();
    expect(ins.iv).toBe(0.7);
  });
  it('names the option when neither iv nor a surface is given', () => {
    expect(inputError(() => parsePortfolio(option({ underlying: 'ETH' }), market, 'portfolio.json')).message).toBe(
      'portfolio.json: instruments[0].iv: missing required field (option "X": give iv, or a surface for "ETH" in the market)',
    );
  });
});
