/**
 * Shared data of the service tests: a small synthetic book, and margins computed the plain way
 * (engine.book + the policy functions as `calibrate` calls them, positions' deltas included; no
 * LiveBook) to check the service against.
 */
import { createEngine, type Engine } from '../../src/engine.js';
import { parseMarket } from '../../src/market/parseMarket.js';
import type { ApcState } from '../../src/policy/antiProcyclicality.js';
import { DEFAULT_POLICY_CONFIG } from '../../src/policy/config.js';
import { policyInputsFromRisk, riskOptionsFor } from '../../src/policy/engineInputs.js';
import { prepareMarket } from '../../src/policy/market.js';
import { deltaPositions, instrumentDeltas } from '../../src/policy/bookMargins.js';
import { accountRequirement, type AccountRequirement } from '../../src/policy/requirement.js';
import type { AccountRisk } from '../../src/montecarlo/book.js';
import { demoInputs, type BookInputs } from '../../src/service/bookInputs.js';
import { MarginService } from '../../src/service/marginService.js';
import { buildServer } from '../../src/service/server.js';
import { MemoryStore, type LoggedEvent, type Store } from '../../src/service/store.js';
import type { FastifyInstance } from 'fastify';

export const SCENARIOS = 2000;

/** 40 synthetic accounts, 2,000 scenarios. */
export function smallInputs(accounts = 40): BookInputs {
  return demoInputs(DEFAULT_POLICY_CONFIG, SCENARIOS, 1, accounts);
}

export function testEngine(): Promise<Engine> {
  return createEngine({ threads: 1 });
}

/** A service on `inputs` in this process (memory store, one-thread engine) and its fastify app, for `app.inject`. */
export async function inProcessService(inputs: BookInputs): Promise<{ engine: Engine; service: MarginService; app: FastifyInstance; close(): Promise<void> }> {
  const engine = await testEngine();
  const service = await MarginService.open(engine, new MemoryStore(), async () => inputs);
  const app = await buildServer(service);
  const close = async () => {
    await app.close();
    await service.close();
    await engine.close();
  };
  return { engine, service, app, close };
}

export interface FreshAccount {
  id: string;
  risk: Omit<AccountRisk, 'id'>;
  margin: AccountRequirement;
}

/** Every account's risk and margin from scratch: a new engine book and the policy functions. */
export async function freshMargins(
  engine: Engine,
  inputs: BookInputs,
  states: Record<string, ApcState> = {},
  regimes: Record<string, number> = {},
): Promise<FreshAccount[]> {
  const market = parseMarket(inputs.market, 'market');
  const book = await engine.book(inputs.portfolio, market, { ...riskOptionsFor(inputs.config), scenarios: inputs.scenarios, seed: inputs.seed });
  try {
    const underlyings = Object.fromEntries(inputs.market.underlyings.map((u) => [u.symbol, { priceUsd: u.spot, realizedVol: u.vol, longRunVol: inputs.longRunVol[u.symbol] }]));
    const policyBook = { market: prepareMarket({ underlyings }, inputs.config, regimes), instruments: instrumentDeltas(inputs.portfolio.instruments, market) };
    return book.result.accounts.map((risk, a) => {
      const account = inputs.portfolio.accounts[a];
      const { id, ...rest } = risk;
      const policyInputs = policyInputsFromRisk(risk, book.result.meta, account.collateral, inputs.config, {}, deltaPositions(account.positions, policyBook));
      const margin = accountRequirement(policyInputs, policyBook.market, inputs.config, states[id]).result;
      return { id, risk: rest, margin };
    });
  } finally {
    book.release();
  }
}

/** `inputs` with some accounts' positions / collateral replaced (by id). */
export function withAccounts(inputs: BookInputs, changes: Record<string, { positions?: { instrument: string; quantity: number }[]; collateral?: Record<string, number> }>): BookInputs {
  const index = new Map(inputs.portfolio.instruments.map((ins, i) => [ins.id, i]));
  return {
    ...inputs,
    portfolio: {
      instruments: inputs.portfolio.instruments,
      accounts: inputs.portfolio.accounts.map((a) => {
        const c = changes[a.id];
        if (!c) return a;
        return {
          id: a.id,
          collateral: c.collateral ?? a.collateral,
          positions: c.positions ? c.positions.map((p) => ({ ...p, instrumentIndex: index.get(p.instrument)! })) : a.positions,
        };
      }),
    },
  };
}

/** JSON text of figures: equal texts = bit-identical doubles (JSON writes the shortest round-trip form). */
export function same(x: unknown): string {
  return JSON.stringify(x);
}

/** Reopens a service on `store`: it must resume what the store holds and never read inputs. */
export function resumeService(engine: Engine, store: Store): Promise<MarginService> {
  return MarginService.open(engine, store, async () => {
    throw new Error('a resumed service must not read inputs');
  });
}

type EndOfDayEvent = { kind: 'end-of-day'; states: Record<string, ApcState>; regimes: Record<string, number> };

/** What an event log says: each account's last positions / collateral, and the end of day logged at `eodSeq`. */
export function loggedChanges(events: readonly LoggedEvent[], eodSeq: number): { changes: Record<string, { positions: { instrument: string; quantity: number }[]; collateral: Record<string, number> }>; eod: EndOfDayEvent } {
  const changes: Record<string, { positions: { instrument: string; quantity: number }[]; collateral: Record<string, number> }> = {};
  for (const e of events) if (e.event.kind === 'positions') changes[e.event.account] = e.event;
  return { changes, eod: events[eodSeq - 1].event as EndOfDayEvent };
}
