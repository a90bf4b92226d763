// The live margin service end to end over HTTP on W1 (10,000 accounts, 500 instruments, 10,000
// scenarios): `dynamargin serve` as a child process (PGlite store, the default, and no store for
// comparison), driven by bench/httpLoad.js from this process.
//   - position updates per second at saturation (4 connections x 8 pipelined), with p50 / p99
//   - latency of one update at a time (1 connection, 1 in flight): p50 / p99
//   - sustained rates (open loop, 4 s each): p50 / p99 at each offered rate from 500 updates/s up,
//     and the highest rate served with p99 <= 5 ms
//   - the same (saturated and open loop) for an active-account stream: fills on 200 accounts in turn
//   - both streams again over the positions WebSocket (GET /positions; one message per update, 4
//     sockets), where an update pays no HTTP request
//   - price tick (1% move of every spot) to every account repriced and its margin durable, while
//     updates flow
//   node bench/service.js [--updates 20000] [--ticks 5] [--threads 2]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { openConnection, openSocket, postMany, postPaced, quantile } from './httpLoad.js';
import { saveResult } from './lib.js';
import { w1Fill, w1Update, writeW1 } from './w1.js';

const { values } = parseArgs({ options: { updates: { type: 'string', default: '20000' }, ticks: { type: 'string', default: '5' }, threads: { type: 'string', default: '2' }, rates: { type: 'string', default: '500,1000,2000,3000,4000,5000' } } });
const RATES = values.rates.split(',').map(Number);
const P99_TARGET_MS = 5;
const UPDATES = Number(values.updates);
const TICKS = Number(values.ticks);

const dir = mkdtempSync(join(tmpdir(), 'dynamargin-service-bench-'));
const { market, portfolio } = writeW1(dir);
const update = (i) => w1Update(portfolio, i);
const fill = (i) => w1Fill(portfolio, i);

function serve(db) {
  const bin = fileURLToPath(new URL('../bin/dynamargin.js', import.meta.url));
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--db', db, '--portfolio', join(dir, 'portfolio.json'), '--market', join(dir, 'market.json'), '--threads', values.threads, '--scenarios', '10000', '--queue-limit', '100000'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve({ child, url: m[1], startMs: performance.now() - t0 });
    });
    child.on('exit', (code) => reject(new Error(`serve exited ${code}`)));
  });
}

/** Open loop at fixed rates, lowest first (stops once a rate is not served): each rate's p50 / p99 and the highest within the p99 target. */
async function openLoop(url, bodyOf, open = openConnection) {
  const paced = [];
  let offset = 0;
  for (const ratePerSecond of RATES) {
    const run = await postPaced(url, '/positions', { ratePerSecond, durationMs: 4000, connections: 4, bodyOf: (i) => bodyOf(i + offset), onResponse: ok, open });
    offset += run.offered;
    const s = summary(run.latencies, run.wallMs);
    paced.push({ offeredPerSecond: ratePerSecond, servedPerSecond: s.perSecond, p50Ms: s.p50Ms, p99Ms: s.p99Ms, maxMs: s.maxMs, senderLateMs: run.lateMs });
    if (s.p99Ms > 10 * P99_TARGET_MS) break;
  }
  return { paced, sustained: paced.filter((p) => p.p99Ms <= P99_TARGET_MS).at(-1)?.offeredPerSecond ?? 0 };
}

const summary = (latencies, wallMs) => {
  const s = [...latencies].sort((x, y) => x - y);
  return { count: s.length, perSecond: (s.length / wallMs) * 1000, p50Ms: quantile(s, 0.5), p99Ms: quantile(s, 0.99), maxMs: s.at(-1) };
};
const ok = (_i, r) => {
  if (r.status !== 200) throw new Error(`HTTP ${r.status}: ${r.body}`);
};

const runs = {};
for (const [name, db] of [['pglite', join(dir, 'data')], ['memory', 'none']]) {
  const { child, url, startMs } = await serve(db);
  try {
    // warm-up, then saturation
    await postMany(url, '/positions', { total: 2000, connections: 4, depth: 8, bodyOf: update, onResponse: ok });
    const sat = await postMany(url, '/positions', { total: UPDATES, connections: 4, depth: 8, bodyOf: (i) => update(i + 2000), onResponse: ok });
    const saturated = summary(sat.latencies, sat.wallMs);
    const one = await postMany(url, '/positions', { total: 2000, connections: 1, depth: 1, bodyOf: (i) => update(i + 9000), onResponse: ok });
    const single = summary(one.latencies, one.wallMs);

    const { paced, sustained } = await openLoop(url, (i) => update(i + 30000));

    // a stream's updates bodyOf(from + i): warm-up, saturation, then the open loop
    const streamRuns = async (bodyOf, from, open = openConnection) => {
      await postMany(url, '/positions', { total: 2000, connections: 4, depth: 8, bodyOf: (i) => bodyOf(i + from), onResponse: ok, open });
      const sat = await postMany(url, '/positions', { total: UPDATES, connections: 4, depth: 8, bodyOf: (i) => bodyOf(i + from + 2000), onResponse: ok, open });
      const loop = await openLoop(url, (i) => bodyOf(i + from + 2000 + UPDATES), open);
      return { saturated: summary(sat.latencies, sat.wallMs), paced: loop.paced, sustainedAtP99Target: { p99TargetMs: P99_TARGET_MS, updatesPerSecond: loop.sustained } };
    };
    // the active accounts' fills (bench/w1.js, w1Fill: 200 accounts in turn, one quantity +-0.5%
    // each): their updates read the accounts' hot copies
    const activeFills = await streamRuns(fill, 0);
    // both streams over the positions socket
    const socket = { rescales: await streamRuns(update, 200000, openSocket), fills: await streamRuns(fill, 400000, openSocket) };

    // ticks while updates flow (2 connections x 2 in flight)
    let flowing = true;
    const background = postMany(url, '/positions', { total: 1e9, connections: 2, depth: 2, bodyOf: (i) => update(i + 20000), onResponse: ok, shouldStop: () => !flowing });
    const ticker = openConnection(url);
    await ticker.ready;
    const ticks = [];
    for (let t = 1; t <= TICKS; t++) {
      await new Promise((r) => setTimeout(r, 300));
      const moved = { ...market, underlyings: market.underlyings.map((u, k) => ({ ...u, spot: u.spot * (1 + 0.01 * Math.sin(t * 7 + k)) })) };
      const r = await ticker.request('POST', '/market', moved);
      if (r.status !== 200) throw new Error(`tick: HTTP ${r.status}: ${r.body}`);
      const body = JSON.parse(r.body);
      ticks.push({ endToEndMs: r.ms, repriceMs: body.repriceMs, accountsInFull: body.accountsInFull });
    }
    flowing = false;
    const during = await background;
    ticker.close();
    runs[name] = { startMs, saturated, single, paced, sustainedAtP99Target: { p99TargetMs: P99_TARGET_MS, updatesPerSecond: sustained }, activeFills, socket, ticks, updatesDuringTicks: summary(during.latencies, during.wallMs) };
    const f = (x) => x.toFixed(2);
    console.log(
      `${name}: start ${(startMs / 1000).toFixed(1)} s; saturated ${saturated.perSecond.toFixed(0)} updates/s p50 ${f(saturated.p50Ms)} ms p99 ${f(saturated.p99Ms)} ms; ` +
        `one at a time p50 ${f(single.p50Ms)} ms p99 ${f(single.p99Ms)} ms; open loop ${paced.map((p) => `${p.offeredPerSecond}/s p99 ${f(p.p99Ms)} ms`).join(', ')} ` +
        `(sustained at p99 <= ${P99_TARGET_MS} ms: ${sustained}/s); active accounts' fills: saturated ${activeFills.saturated.perSecond.toFixed(0)}/s p99 ${f(activeFills.saturated.p99Ms)} ms, ` +
        `open loop ${activeFills.paced.map((p) => `${p.offeredPerSecond}/s p99 ${f(p.p99Ms)} ms`).join(', ')} (sustained: ${activeFills.sustainedAtP99Target.updatesPerSecond}/s); tick to all repriced and durable ${ticks.map((t) => t.endToEndMs.toFixed(0)).join(' / ')} ms ` +
        `(reprice ${ticks.map((t) => t.repriceMs.toFixed(0)).join(' / ')} ms, accounts in full ${ticks.map((t) => t.accountsInFull).join(' / ')}); updates during ticks p99 ${f(runs[name].updatesDuringTicks.p99Ms)} ms; ` +
        Object.entries(socket).map(([stream, r]) => `over the socket, ${stream}: saturated ${r.saturated.perSecond.toFixed(0)}/s p99 ${f(r.saturated.p99Ms)} ms, open loop ${r.paced.map((p) => `${p.offeredPerSecond}/s p99 ${f(p.p99Ms)} ms`).join(', ')} (sustained: ${r.sustainedAtP99Target.updatesPerSecond}/s)`).join('; '),
    );
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}
rmSync(dir, { recursive: true, force: true });
saveResult('service', { workload: 'W1: 10,000 accounts, 500 instruments, 10,000 scenarios', threads: Number(values.threads), updates: UPDATES, runs });
