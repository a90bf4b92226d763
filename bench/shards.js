// Scale-out over NATS JetStream on W1 (10,000 accounts, 500 instruments): 1 and 3 `dynamargin
// serve --shard i/N` processes on one nats-server (started here on 127.0.0.1, a temp store):
//   - a price tick (POST /market on shard 0) to every account of every shard repriced and durable
//     (the answer comes once each shard has replied)
//   - position updates per second through shard 0's HTTP (published to the owner's subject,
//     answered once the owner made it durable), with p50 / p99
//   node bench/shards.js [--scenarios 10000] [--ticks 3] [--updates 4000] [--threads 1]
// Needs Debian's nats-server (apt-get install nats-server).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openConnection, postMany, quantile } from './httpLoad.js';
import { saveResult } from './lib.js';
import { w1Update, writeW1 } from './w1.js';

const { values } = parseArgs({ options: { scenarios: { type: 'string', default: '10000' }, ticks: { type: 'string', default: '3' }, updates: { type: 'string', default: '4000' }, threads: { type: 'string', default: '1' } } });
const dir = mkdtempSync(join(tmpdir(), 'dynamargin-shards-bench-'));
const { market, portfolio } = writeW1(dir);
const BIN = fileURLToPath(new URL('../bin/dynamargin.js', import.meta.url));

function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** A process that prints `ready` (a regex on its output) once it is up. */
function start(cmd, args, ready) {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (d) => {
      out += d;
      const m = ready.exec(out);
      if (m) resolve({ child, match: m });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`${cmd} exited ${code}:\n${out}`)));
  });
}

const stop = (child) => new Promise((r) => (child.exitCode !== null ? r() : (child.once('exit', r), child.kill('SIGTERM'))));

const runs = {};
for (const n of [1, 3]) {
  const port = await freePort();
  const nats = await start('nats-server', ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', join(dir, `nats-${n}`)], /Server is ready/);
  const t0 = performance.now();
  const shards = await Promise.all(
    Array.from({ length: n }, (_, i) =>
      start(process.execPath, [BIN, 'serve', '--port', '0', '--shard', `${i}/${n}`, '--nats', `nats://127.0.0.1:${port}`, '--db', join(dir, `db-${n}-${i}`), '--portfolio', join(dir, 'portfolio.json'), '--market', join(dir, 'market.json'), '--scenarios', values.scenarios, '--threads', values.threads], /listening on (\S+)/),
    ),
  );
  const startMs = performance.now() - t0;
  const url = shards[0].match[1];
  try {
    const ticker = openConnection(url);
    await ticker.ready;
    const ticks = [];
    for (let t = 0; t <= Number(values.ticks); t++) {
      const moved = { ...market, underlyings: market.underlyings.map((u, k) => ({ ...u, spot: u.spot * (1 + 0.01 * Math.sin(t * 7 + k)) })) };
      const r = await ticker.request('POST', '/market', moved);
      if (r.status !== 200) throw new Error(`tick: HTTP ${r.status}: ${r.body}`);
      const body = JSON.parse(r.body);
      if (t > 0) ticks.push({ endToEndMs: r.ms, slowestShardRepriceMs: body.repriceMs, accounts: body.accounts }); // t = 0: warm-up
    }
    ticker.close();
    const ok = (_i, r) => {
      if (r.status !== 200) throw new Error(`HTTP ${r.status}: ${r.body}`);
    };
    const up = await postMany(url, '/positions', { total: Number(values.updates), connections: 4, depth: 8, bodyOf: (i) => w1Update(portfolio, i), onResponse: ok });
    const s = [...up.latencies].sort((x, y) => x - y);
    const updates = { count: s.length, perSecond: (s.length / up.wallMs) * 1000, p50Ms: quantile(s, 0.5), p99Ms: quantile(s, 0.99) };
    runs[`${n}-shard${n > 1 ? 's' : ''}`] = { startMs, ticks, updates };
    console.log(
      `${n} shard(s): start ${(startMs / 1000).toFixed(1)} s; tick to every account repriced ${ticks.map((t) => t.endToEndMs.toFixed(0)).join(' / ')} ms ` +
        `(slowest shard's reprice ${ticks.map((t) => t.slowestShardRepriceMs.toFixed(0)).join(' / ')} ms); updates via shard 0 ${updates.perSecond.toFixed(0)}/s p50 ${updates.p50Ms.toFixed(2)} ms p99 ${updates.p99Ms.toFixed(2)} ms`,
    );
  } finally {
    for (const s of shards) await stop(s.child);
    await stop(nats.child);
  }
}
rmSync(dir, { recursive: true, force: true });
saveResult('shards', { workload: `W1: 10,000 accounts, 500 instruments, ${values.scenarios} scenarios`, threadsPerShard: Number(values.threads), runs });
