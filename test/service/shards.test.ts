// Scale-out over NATS JetStream: 3 `dynamargin serve --shard i/3` processes against one process
// (an in-process MarginService on the whole book), fed the same events in the same order: updates
// through one shard's HTTP, a tick through another, kill -9 of a third mid-stream and its restart,
// an end of day, more updates. Every update is answered, every shard's log has each of its events
// once, and every account's risk and margin equal the single process's bit for bit. Needs
// Debian's nats-server (servers.ts); bad --shard specs need nothing.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postMany } from '../../bench/httpLoad.js';
import type { Engine } from '../../src/engine.js';
import { DEFAULT_POLICY_CONFIG } from '../../src/policy/config.js';
import { demoInputs } from '../../src/service/bookInputs.js';
import { MarginService } from '../../src/service/marginService.js';
import { shardOf } from '../../src/service/shards/shardOf.js';
import { MemoryStore } from '../../src/service/store.js';
import { same, testEngine } from './serviceData.js';
import { describeNats, startNats, type NatsServer } from './servers.js';
import { spawnServe, type ServeProcess } from './spawnServe.js';

const ACCOUNTS = 300;
const SCENARIOS = 2000;
const SHARDS = 3;
const KILLED = 1;
const ARGS = ['--scenarios', String(SCENARIOS), '--demo-accounts', String(ACCOUNTS), '--threads', '1', '--shard-timeout', '600'];

const inputs = demoInputs(DEFAULT_POLICY_CONFIG, SCENARIOS, 1, ACCOUNTS);
const ids = inputs.portfolio.accounts.map((a) => a.id);
const instruments = inputs.portfolio.instruments.map((i) => i.id);

/** The i-th update: new positions (even i) or a fill (odd i) of account i mod 300. */
function update(i: number) {
  const I = instruments.length;
  const account = ids[i % ACCOUNTS];
  if (i % 2 === 1) return { account, fills: [{ instrument: instruments[(i * 3) % I], quantity: Math.cos(i) * 1.3 }] };
  return {
    account,
    positions: [
      { instrument: instruments[(i * 7) % I], quantity: ((i % 17) - 8) * 0.13 + 0.001 * (i % 5) },
      { instrument: instruments[(i * 7 + 1 + (i % (I - 1))) % I], quantity: Math.sin(i) * 3.7 },
    ],
  };
}
const market = { ...inputs.market, asOf: '2026-11-20T08:00:00Z', underlyings: inputs.market.underlyings.map((u, k) => ({ ...u, spot: u.spot * (1 + 0.01 * (k - 2)), vol: u.vol * 1.02 })) };

async function json(url: string, init?: RequestInit): Promise<any> {
  const r = await fetch(url, init);
  if (!r.ok) throw new Error(`${r.status} ${await r.text()}`);
  return r.json();
}
const post = (url: string, body: unknown) => json(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** `dynamargin serve ...args` to its end: exit code and output. */
function runServe(args: string[]): Promise<{ code: number | null; out: string }> {
  const bin = fileURLToPath(new URL('../../bin/dynamargin.js', import.meta.url));
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--db', 'none', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out })));
}

describe('serve --shard: bad specs', () => {
  it.each([
    ['3/3', /--shard: i must be in \[0, 2\]/],
    ['0/0', /--shard: N must be an integer in \[1, 1024\]/],
    ['a/b', /--shard: must be i\/N/],
  ])('--shard %s exits 2 with a clear message', async (spec, message) => {
    const { code, out } = await runServe(['--shard', spec, '--nats', 'nats://127.0.0.1:9']);
    expect(code).toBe(2);
    expect(out).toMatch(message);
  });
  it('--shard without --nats exits 2', async () => {
    const { code, out } = await runServe(['--shard', '0/3']);
    expect(code).toBe(2);
    expect(out).toMatch(/give --shard i\/N and --nats URL together/);
  });
});

describeNats('3 shards over JetStream vs 1 process', () => {
  let nats: NatsServer;
  let engine: Engine;
  let single: MarginService;
  const dir = mkdtempSync(join(tmpdir(), 'dynamargin-shards-'));
  const shards: ServeProcess[] = [];
  const spawned: ServeProcess[] = [];
  const startShard = async (i: number) => {
    const s = await spawnServe(['--shard', `${i}/${SHARDS}`, '--nats', nats.url, '--db', join(dir, `shard-${i}`), ...ARGS]);
    spawned.push(s);
    shards[i] = s;
    return s;
  };

  beforeAll(async () => {
    nats = await startNats();
    engine = await testEngine();
    single = await MarginService.open(engine, new MemoryStore(), async () => inputs);
    await Promise.all(Array.from({ length: SHARDS }, (_, i) => startShard(i)));
  }, 300_000);

  afterAll(async () => {
    for (const s of spawned) if (s.child.exitCode === null) s.child.kill('SIGKILL');
    await single?.close();
    await engine?.close();
    nats?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('same per-account figures bit for bit; kill -9 of a shard mid-stream loses nothing, applies nothing twice', async () => {
    // each account's shard by FNV-1a 32 of its id
    const owners = ids.map((id) => shardOf(id, SHARDS));
    for (let i = 0; i < SHARDS; i++) expect((await json(`${shards[i].url}/health`)).accounts).toBe(owners.filter((o) => o === i).length);

    // an update of account a is sent only once its previous one was answered (300 apart, 8 in
    // flight), so every account sees its updates in the same order on both sides
    const phase = async (from: number, count: number, onAck?: (n: number) => void) => {
      let acked = 0;
      const { lost } = await postMany(shards[0].url, '/positions', {
        total: count,
        connections: 2,
        depth: 4,
        bodyOf: (i: number) => update(from + i),
        onResponse: (i: number, r: { status: number; body: string }) => {
          expect(r.status, r.body).toBe(200);
          expect(JSON.parse(r.body).shard).toBe(owners[(from + i) % ACCOUNTS]);
          onAck?.(++acked);
        },
      });
      expect(lost).toBe(0);
      for (let i = from; i < from + count; i++) await single.updatePositions(update(i));
    };

    await phase(0, 600);
    const tick = await post(`${shards[2].url}/market`, market);
    expect(tick.shards.map((s: { shard: number }) => s.shard)).toEqual([0, 1, 2]);
    expect(tick.accounts).toBe(ACCOUNTS);
    await single.tick(market);

    // kill -9 shard 1 after 300 answers, restart it at once: its pending updates are answered once it caught up
    let restarted: Promise<ServeProcess> | undefined;
    await phase(600, 1200, (n) => {
      if (n === 300) {
        shards[KILLED].child.kill('SIGKILL');
        restarted = shards[KILLED].exited.then(() => startShard(KILLED));
      }
    });
    expect(restarted).toBeDefined();
    const back = await restarted!;
    expect(back.output()).toMatch(/resumed at event \d+/);

    const eod = await post(`${shards[1].url}/end-of-day`, {});
    expect(eod.shards).toHaveLength(SHARDS);
    await single.endOfDay();
    await phase(1800, 300);

    // every shard's log: its events once each, in stream order; the killed one has all of its own
    const mine = (i: number) => Array.from({ length: 2100 }, (_, k) => k).filter((k) => owners[k % ACCOUNTS] === i).length;
    for (let i = 0; i < SHARDS; i++) {
      const events: { streamSeq: number; event: { kind: string } }[] = [];
      for (let after = 0; ; ) {
        const page = (await json(`${shards[i].url}/events?after=${after}&limit=1000`)).events;
        if (page.length === 0) break;
        events.push(...page);
        after = page.at(-1).seq;
      }
      const seqs = events.map((e) => e.streamSeq);
      expect(seqs.every((s, k) => k === 0 || s > seqs[k - 1]), `shard ${i}: stream order, no repeat`).toBe(true);
      expect(events.filter((e) => e.event.kind === 'positions')).toHaveLength(mine(i));
      expect(events.filter((e) => e.event.kind !== 'positions').map((e) => e.event.kind)).toEqual(['market', 'end-of-day']);
    }

    // every account, from its owner, against the single process; another shard answers 421
    for (const [a, id] of ids.entries()) {
      const served = await json(`${shards[owners[a]].url}/accounts/${id}`);
      const one = single.account(id);
      expect(same(served.positions), id).toBe(same(one.positions));
      expect(same(served.risk), id).toBe(same(one.risk));
      expect(same(served.margin), id).toBe(same(one.margin));
    }
    const other = (owners[0] + 1) % SHARDS;
    const misdirected = await fetch(`${shards[other].url}/accounts/${ids[0]}`);
    expect(misdirected.status).toBe(421);
    expect((await misdirected.json()).shard).toBe(owners[0]);
  }, 900_000);
});
