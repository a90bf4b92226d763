// One fresh process's first valueAtRisk on W1 and the warm calls after it, for bench/var.js (which
// runs it several times: a first call happens once per process, so one sample per process).
//   node bench/firstCall.js DIR (DIR holds market.json and portfolio.json) -> JSON on stdout
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine } from '../dist/index.js';
import { parseMarket } from '../dist/market/parseMarket.js';
import { parsePortfolio } from '../dist/portfolio/parsePortfolio.js';

const dir = process.argv[2];
const market = parseMarket(JSON.parse(readFileSync(join(dir, 'market.json'), 'utf8')), 'market.json');
const portfolio = parsePortfolio(JSON.parse(readFileSync(join(dir, 'portfolio.json'), 'utf8')), market, 'portfolio.json');
// CPU time of every thread of the process (user + system) next to wall time: other load on the
// machine stretches wall time only
const timedCall = async (engine) => {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  await engine.valueAtRisk(portfolio, market, { scenarios: 10_000, seed: 1 });
  const c = process.cpuUsage(c0);
  return { ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000, sysMs: c.system / 1000 };
};
const createStart = performance.now();
const engine = await createEngine();
const createMs = performance.now() - createStart;
const first = await timedCall(engine);
const warm = [];
for (let i = 0; i < 3; i++) warm.push(await timedCall(engine));
await engine.close();
process.stdout.write(JSON.stringify({ createMs, first, warm }));
