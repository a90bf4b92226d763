// The service on a PostgreSQL server (pg), the same SQL as PGlite: a restart resumes the same
// book with the same figures bit for bit. Needs Debian's postgresql (see servers.ts).
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Engine } from '../../src/engine.js';
import { MarginService } from '../../src/service/marginService.js';
import { openStore } from '../../src/service/openStore.js';
import { freshMargins, loggedChanges, resumeService, same, smallInputs, testEngine, withAccounts } from './serviceData.js';
import { describePostgres, startPostgres, type PostgresServer } from './servers.js';

describePostgres('PostgreSQL server store', () => {
  let engine: Engine;
  let server: PostgresServer;

  beforeAll(async () => {
    engine = await testEngine();
    server = await startPostgres();
  });

  afterAll(async () => {
    server?.stop();
    await engine?.close();
  });

  it('a restart resumes the stored book bit for bit, equal to a fresh computation', async () => {
    let inputs = smallInputs(25);
    const first = await MarginService.open(engine, await openStore(server.url), async () => inputs);
    expect(first.storeDescription).toMatch(/^PostgreSQL postgres:\/\/dynamargin@127\.0\.0\.1:\d+\/postgres$/);
    const ids = inputs.portfolio.accounts.map((a) => a.id);
    const market = { ...inputs.market, underlyings: inputs.market.underlyings.map((u) => ({ ...u, spot: u.spot * 0.97 })) };
    await first.updatePositions({ account: ids[0], positions: [{ instrument: 'BTC-PERP', quantity: 1 / 3 }], collateral: { USD: 1e4 / 7 } });
    await first.tick(market);
    const eod = await first.endOfDay();
    await Promise.all(ids.slice(1, 15).map((id, k) => first.updatePositions({ account: id, fills: [{ instrument: 'ETH-PERP', quantity: Math.PI * (k - 7) }] })));
    const before = ids.map((id) => same(first.account(id)));
    const lastSeq = first.lastSeq;
    await first.close();

    const second = await resumeService(engine, await openStore(server.url));
    try {
      expect(second.resumed).toBe(true);
      expect(second.lastSeq).toBe(lastSeq);
      expect(ids.map((id) => same(second.account(id)))).toEqual(before);
      const events = await second.events(0, 100);
      const { changes, eod: eodEvent } = loggedChanges(events, eod.seq);
      inputs = { ...withAccounts(inputs, changes), market };
      for (const f of await freshMargins(engine, inputs, eodEvent.states, eodEvent.regimes)) expect(same(second.account(f.id).margin), f.id).toBe(same(f.margin));
    } finally {
      await second.close();
    }
  });
});
