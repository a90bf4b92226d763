// kill -9 of `dynamargin serve` during a stream of 10,000 position updates, then a restart on the
// same PGlite folder (and on the same PostgreSQL server database): every acknowledged update is in the log and the book, and every margin
// equals a fresh computation (new engine book + policy functions) bit for bit.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY_CONFIG } from '../../src/policy/config.js';
import { demoInputs } from '../../src/service/bookInputs.js';
import type { ServiceEvent } from '../../src/service/store.js';
import { freshMargins, same, testEngine, withAccounts } from './serviceData.js';
import { describePostgres, startPostgres, type PostgresServer } from './servers.js';
import { spawnServe, type ServeProcess } from './spawnServe.js';
import { postMany } from '../../bench/httpLoad.js';

const ACCOUNTS = 200;
const SCENARIOS = 2000;
const UPDATES = 10_000;
const KILL_AFTER = 4000;
const CONCURRENCY = 32;
const ARGS = ['--scenarios', String(SCENARIOS), '--demo-accounts', String(ACCOUNTS), '--threads', '1'];

const dir = mkdtempSync(join(tmpdir(), 'dynamargin-kill-'));
const children: ServeProcess[] = [];

afterAll(() => {
  for (const c of children) if (c.child.exitCode === null) c.child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const inputs = demoInputs(DEFAULT_POLICY_CONFIG, SCENARIOS, 1, ACCOUNTS);
const ids = inputs.portfolio.accounts.map((a) => a.id);
const instruments = inputs.portfolio.instruments.map((i) => i.id);

/** The i-th update of the stream: new positions for account i mod 200. */
function update(i: number) {
  const I = instruments.length;
  return {
    account: ids[i % ACCOUNTS],
    positions: [
      { instrument: instruments[(i * 7) % I], quantity: ((i % 17) - 8) * 0.13 + 0.001 * (i % 5) },
      { instrument: instruments[(i * 7 + 1 + (i % (I - 1))) % I], quantity: Math.sin(i) * 3.7 },
    ],
  };
}

async function json(url: string, init?: RequestInit): Promise<any> {
  const r = await fetch(url, init);
  if (!r.ok) throw new Error(`${r.status} ${await r.text()}`);
  return r.json();
}
const post = (url: string, body: unknown) => json(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('kill -9 and restart (PGlite, the default)', () => {
  it('keeps every acknowledged update; every margin equals a fresh computation bit for bit', () => killAndRestart(join(dir, 'data')), 300_000);
});

describePostgres('kill -9 and restart (PostgreSQL server)', () => {
  let server: PostgresServer;
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(() => server?.stop());
  it('keeps every acknowledged update; every margin equals a fresh computation bit for bit', () => killAndRestart(server.url), 300_000);
});

async function killAndRestart(db: string): Promise<void> {
  {
    const first = await spawnServe(['--db', db, ...ARGS]);
    children.push(first);
    // a tick and an end of day first: the restart must bring back the market and the policy state
    const market = { ...inputs.market, asOf: '2026-11-20T08:00:00Z', underlyings: inputs.market.underlyings.map((u, k) => ({ ...u, spot: u.spot * (1 + 0.01 * (k - 2)) })) };
    await post(`${first.url}/market`, market);
    await post(`${first.url}/end-of-day`, {});

    const acked = new Map<number, ReturnType<typeof update>>();
    let killed = false;
    const { lost } = await postMany(first.url, '/positions', {
      total: UPDATES,
      connections: 4,
      depth: CONCURRENCY / 4,
      bodyOf: update,
      onResponse: (i: number, r: { status: number; body: string }) => {
        expect(r.status).toBe(200);
        acked.set(JSON.parse(r.body).seq, update(i));
        if (acked.size >= KILL_AFTER && !killed) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      },
    });
    expect(killed).toBe(true);
    expect(lost).toBeGreaterThan(0); // some were in flight: never acknowledged
    expect(await first.exited).toBe('SIGKILL');
    expect(acked.size).toBeGreaterThanOrEqual(KILL_AFTER);

    const second = await spawnServe(['--db', db, ...ARGS]);
    children.push(second);
    expect(second.output()).toContain('resumed at event');
    const health = await json(`${second.url}/health`);
    const events: { seq: number; event: ServiceEvent }[] = [];
    for (let after = 0; ; ) {
      const page = (await json(`${second.url}/events?after=${after}&limit=1000`)).events;
      if (page.length === 0) break;
      events.push(...page);
      after = page.at(-1).seq;
    }
    // the log: 1..seq without a gap, every acknowledged update in it as sent
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: health.seq }, (_, k) => k + 1));
    for (const [seq, body] of acked) {
      const e = events[seq - 1].event;
      expect(e.kind === 'positions' && e.account === body.account && same(e.positions) === same(body.positions), `event ${seq}`).toBe(true);
    }
    // the book the log describes, from scratch
    const eod = events[1].event as Extract<ServiceEvent, { kind: 'end-of-day' }>;
    expect(eod.kind).toBe('end-of-day');
    const changes: Record<string, { positions: { instrument: string; quantity: number }[] }> = {};
    for (const { event } of events) if (event.kind === 'positions') changes[event.account] = { positions: event.positions };
    const engine = await testEngine();
    try {
      const fresh = await freshMargins(engine, { ...withAccounts(inputs, changes), market }, eod.states, eod.regimes);
      for (const f of fresh) {
        const served = await json(`${second.url}/accounts/${f.id}`);
        expect(same(served.positions), f.id).toBe(same(changes[f.id]?.positions ?? served.positions));
        expect(same(served.risk), f.id).toBe(same(f.risk));
        expect(same(served.margin), f.id).toBe(same(f.margin));
      }
    } finally {
      await engine.close();
    }
    // and a graceful stop: SIGTERM finishes, exit code 143 as every interrupted command
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(143);
    expect(second.output()).toContain(`stopped at event ${health.seq}`);
  }
}
