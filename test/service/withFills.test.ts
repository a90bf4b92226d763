// withFills (src/service/liveBook.ts): trades added to positions by instrument, a position netting
// to 0 closed, new instruments appended in fill order; the positions given are left as they were.
import { describe, expect, it } from 'vitest';
import { withFills } from '../../src/service/liveBook.js';

describe('withFills', () => {
  it('adds fills by instrument, closes what nets to 0, appends new instruments, and modifies nothing given', () => {
    const positions = [{ instrument: 'BTC-PERP', quantity: 1.5 }, { instrument: 'ETH-PERP', quantity: -4 }, { instrument: 'SOL-PERP', quantity: 10 }];
    const given = structuredClone(positions);
    const fills = [{ instrument: 'ETH-PERP', quantity: 4 }, { instrument: 'DOGE-PERP', quantity: 100 }, { instrument: 'BTC-PERP', quantity: 0.1 }, { instrument: 'BTC-PERP', quantity: 0.2 }];
    const out = withFills(positions, fills);
    // 1.5 + 0.1 + 0.2 in fill order (the same bits as adding them one by one)
    expect(out).toEqual([{ instrument: 'BTC-PERP', quantity: 1.5 + 0.1 + 0.2 }, { instrument: 'SOL-PERP', quantity: 10 }, { instrument: 'DOGE-PERP', quantity: 100 }]);
    expect(positions).toEqual(given);
    expect(fills[0]).toEqual({ instrument: 'ETH-PERP', quantity: 4 });
    // a later fill on the result leaves the earlier result alone too
    const again = withFills(out, [{ instrument: 'SOL-PERP', quantity: -10 }]);
    expect(again.map((p) => p.instrument)).toEqual(['BTC-PERP', 'DOGE-PERP']);
    expect(out[1]).toEqual({ instrument: 'SOL-PERP', quantity: 10 });
  });
});
