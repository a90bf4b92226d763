// One fresh process's first valueAtRisk on W1 and the warm calls after it, for bench/var.js (which
// runs it several times: a first call happens once per process, so one sample per process).
//   node bench/firstCall.js DIR (DIR holds market.json and portfolio.json) -> JSON on stdout
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine } from '../dist/index.js';
import { parseMarket } from '../dist/market/parseMarket.js';
import { parsePortfolio } from '../dist/portfolio/parsePortfolio.js';
import { timedValueAtRisk } from './lib.js';

const dir = process.argv[2];
const market = parseMarket(JSON.parse(readFileSync(join(dir, 'market.json'), 'utf8')), 'market.json');
const portfolio = parsePortfolio(JSON.parse(readFileSync(join(dir, 'portfolio.json'), 'utf8')), market, 'portfolio.json');
const timedCall = (engine) => timedValueAtRisk(engine, portfolio, market, { scenarios: 10_000, seed: 1 });
const createStart = performance.now();
const engine = await createEngine();
const createMs = performance.now() - createStart;
const first = await timedCall(engine);
const warm = [];
for (let i = 0; i < 3; i++) warm.push(await timedCall(engine));
await engine.close();
process.stdout.write(JSON.stringify({ createMs, first, warm }));
