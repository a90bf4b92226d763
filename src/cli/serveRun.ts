/** What `dynamargin serve` runs (options in serveCommand.ts): the book, its store, the HTTP server and, sharded, the NATS side. */
import { createEngine } from '../engine.js';
import { InputError } from '../errors.js';
import { loadBookInputs } from '../service/bookInputs.js';
import { endOfDayTimer } from '../service/endOfDayTimer.js';
import { MarginService } from '../service/marginService.js';
import { buildServer } from '../service/server.js';
import { openStore } from '../service/openStore.js';
import { openNatsBus, parseNatsUrl, type NatsBus } from '../service/shards/natsBus.js';
import { ReplyMux } from '../service/shards/replyMux.js';
import { shardInputs } from '../service/shards/shardBook.js';
import { startShardConsumer, type ShardConsumer } from '../service/shards/shardConsumer.js';
import { DEFAULT_REPLY_TIMEOUT_MS, ShardIngress } from '../service/shards/shardIngress.js';
import { parseShardSpec, shardLabel, type ShardSpec } from '../service/shards/shardSpec.js';
import type { CliIo } from './io.js';
import { StoppedBySignal } from './commandSignal.js';
import type { ServeCliOptions } from './serveCommand.js';

export async function runServe(o: ServeCliOptions, io: CliIo, interrupt?: AbortSignal): Promise<void> {
  if (!(o.port >= 0 && o.port <= 65535)) throw new InputError(`must be an integer in [0, 65535]; got ${o.port}`, { column: '--port' });
  const schedule = o.endOfDay === undefined ? undefined : endOfDayTimer(o.endOfDay);
  if ((o.shard === undefined) !== (o.nats === undefined)) throw new InputError('give --shard i/N and --nats URL together (or neither for one process)', { column: o.shard === undefined ? '--shard' : '--nats' });
  const spec = o.shard === undefined ? undefined : parseShardSpec(o.shard);
  const natsUrl = o.nats === undefined ? undefined : parseNatsUrl(o.nats);
  const timeoutS = o.shardTimeout ?? DEFAULT_REPLY_TIMEOUT_MS / 1000;
  if (!(timeoutS >= 1 && timeoutS <= 86_400)) throw new InputError(`must be an integer in [1, 86400]; got ${o.shardTimeout}`, { column: '--shard-timeout' });
  const db = o.db ?? (spec ? `./dynamargin-data-shard-${spec.index}-of-${spec.count}` : './dynamargin-data');
  const engine = await createEngine(o.threads === undefined ? {} : { threads: o.threads });
  let fatal: (err: unknown) => void = () => {};
  const failed = new Promise<never>((_, reject) => (fatal = reject));
  failed.catch(() => {});
  try {
    const store = await openStore(db);
    let service: MarginService;
    try {
      const inputs = () => loadBookInputs({ ...o, demoAccounts: o.demoAccounts });
      service = await MarginService.open(engine, store, spec ? () => inputs().then((i) => shardInputs(i, spec)) : inputs, {
        queueLimit: o.queueLimit,
        onFatal: (err) => fatal(err),
        ...(spec ? { shard: shardLabel(spec) } : {}),
      });
    } catch (err) {
      await store.close();
      throw err;
    }
    let sharded: Sharded | undefined;
    try {
      if (spec && natsUrl) sharded = await startSharded(natsUrl, spec, service, fatal, timeoutS * 1000);
    } catch (err) {
      await service.close();
      throw err;
    }
    const app = await buildServer(service, { token: o.token ?? process.env.DYNAMARGIN_TOKEN, bodyLimit: o.bodyLimit, shards: sharded?.ingress });
    // sharded, shard 0 alone publishes the daily end-of-day step (every shard applies it)
    const endOfDay = sharded ? (spec!.index === 0 ? () => sharded!.ingress.endOfDay() : undefined) : () => service.endOfDay();
    const stopTimer = endOfDay && schedule?.start(() => endOfDay().catch((err) => io.stderr(`end-of-day step failed: ${(err as Error).message}\n`)));
    try {
      const address = await app.listen({ host: o.host, port: o.port });
      const shardNote = spec ? `, shard ${shardLabel(spec)} from stream sequence ${service.lastStreamSeq + 1}` : '';
      io.stdout(
        `dynamargin serve: listening on ${address} (${service.accounts} accounts${shardNote}, ${service.resumed ? `resumed at event ${service.lastSeq}` : 'new book'}, store ${service.storeDescription})\n`,
      );
      await Promise.race([stopped(interrupt), failed]);
    } finally {
      stopTimer?.();
      await app.close();
      await sharded?.stop();
      await service.close();
    }
    io.stderr(`dynamargin serve: stopped at event ${service.lastSeq}\n`);
  } finally {
    await engine.close();
  }
  if (interrupt?.aborted) throw new StoppedBySignal();
}

interface Sharded {
  ingress: ShardIngress;
  stop(): Promise<void>;
}

/** Connect to NATS, start applying the stream, and the way in for HTTP events. */
async function startSharded(url: string, spec: ShardSpec, service: MarginService, fatal: (err: unknown) => void, timeoutMs: number): Promise<Sharded> {
  const bus: NatsBus = await openNatsBus(url, `dynamargin shard ${shardLabel(spec)}`);
  let consumer: ShardConsumer;
  const mux = new ReplyMux(bus.nc);
  try {
    consumer = await startShardConsumer(bus, service, spec, fatal);
  } catch (err) {
    mux.close();
    await bus.nc.close();
    throw err;
  }
  let closing = false;
  void bus.nc.closed().then(() => closing || fatal(new Error('the NATS connection was closed')));
  return {
    ingress: new ShardIngress(bus, mux, spec, timeoutMs),
    async stop() {
      closing = true;
      await consumer.stop();
      mux.close();
      await bus.close().catch(() => {});
    },
  };
}

/** Resolves when the interrupt signal fires (never without one). */
function stopped(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (!signal) return;
    if (signal.aborted) resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
