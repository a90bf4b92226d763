/**
 * A shard applies the stream: its durable consumer (named for i/N, explicit acks) is recreated at
 * start to deliver from the message after the last one its store holds (the store is the truth,
 * so a restart replays exactly what it missed: no event lost, none applied twice). Messages are
 * handed to the service in stream order (its serial queue keeps that order; the group commit
 * batches them); each is acked, and its publisher answered, only once its event is durable. An
 * update the book refuses (400 / 404) is answered and acked with no event. Any other failure
 * stops the shard (onFatal): a restart resumes from the store.
 */
import { AckPolicy, DeliverPolicy, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import { accountFigures } from '../accountFigures.js';
import { errorReply } from '../errorReply.js';
import type { MarginService } from '../marginService.js';
import type { NatsBus } from './natsBus.js';
import type { ShardSpec } from './shardSpec.js';
import { consumerName, END_OF_DAY_SUBJECT, MARKET_SUBJECT, positionsSubject, REPLY_HEADER, STREAM } from './subjects.js';
import { shardSubjects } from './subjects.js';

/** Messages handed to the service and not yet durable, at most (below the service's queue limit). */
const MAX_IN_FLIGHT = 5000;

export interface ShardConsumer {
  /** Stop taking messages; resolves when those taken are settled. */
  stop(): Promise<void>;
}

export async function startShardConsumer(bus: NatsBus, service: MarginService, spec: ShardSpec, onFatal: (err: unknown) => void): Promise<ShardConsumer> {
  const name = consumerName(spec);
  const after = service.lastStreamSeq;
  // messages the store has but whose publishers may not have been answered (killed between the
  // commit and the ack): from the old consumer's ack floor on, they are answered again, not applied
  const ackFloor = await bus.jsm.consumers.info(STREAM, name).then((info) => info.ack_floor.stream_seq, () => after);
  await bus.jsm.consumers.delete(STREAM, name).catch(() => {}); // none yet, or a stale position
  const from = Math.min(after, ackFloor) + 1;
  await bus.jsm.consumers.add(STREAM, {
    durable_name: name,
    ack_policy: AckPolicy.Explicit,
    ack_wait: 120e9, // ns
    max_ack_pending: 4 * MAX_IN_FLIGHT,
    ...(from > 1 ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: from } : { deliver_policy: DeliverPolicy.All }),
    ...(bus.multiFilter ? { filter_subjects: shardSubjects(spec) } : {}),
  });
  const consumer = await bus.js.consumers.get(STREAM, name);
  const messages: ConsumerMessages = await consumer.consume({ max_messages: 1000 });
  const mine = positionsSubject(spec.index);
  let inFlight = 0;
  let drained: (() => void) | undefined;
  let highest = from - 1;
  let stopped = false;

  const reply = (m: JsMsg, status: number, body: unknown): void => {
    const to = m.headers?.get(REPLY_HEADER);
    if (to) bus.nc.publish(to, JSON.stringify({ shard: spec.index, status, body }));
  };
  const settle = (): void => {
    inFlight--;
    if (inFlight < MAX_IN_FLIGHT / 2 && drained) {
      drained();
      drained = undefined;
    }
  };

  const loop = (async () => {
    for await (const m of messages) {
      if (stopped) break;
      if (m.seq <= highest) {
        // a redelivery of a message already taken: ack it once durable (its first delivery is acked then too)
        if (m.seq <= service.lastStreamSeq) m.ack();
        continue;
      }
      highest = m.seq;
      if (m.subject !== mine && m.subject !== MARKET_SUBJECT && m.subject !== END_OF_DAY_SUBJECT) {
        m.ack(); // another shard's update (servers without multi-subject filters deliver them all)
        continue;
      }
      let op: Promise<unknown>;
      try {
        const json = m.subject === END_OF_DAY_SUBJECT ? undefined : m.json<unknown>();
        if (m.seq <= after) op = answerAgain(service, m.subject === mine ? json : undefined);
        else op = m.subject === mine ? service.updatePositions(json, m.seq) : m.subject === MARKET_SUBJECT ? service.tick(json, m.seq) : service.endOfDay(m.seq);
      } catch (err) {
        op = Promise.reject(err);
      }
      inFlight++;
      op.then(
        (result) => {
          m.ack();
          reply(m, 200, result);
          settle();
        },
        (err) => {
          const { status, body } = errorReply(err instanceof SyntaxError ? Object.assign(err, { statusCode: 400 }) : err);
          settle();
          if (status >= 500) {
            // not applied and not refused: the stream must not go on past it
            stopped = true;
            onFatal(err);
            return;
          }
          m.ack();
          reply(m, status, body);
        },
      );
      if (inFlight >= MAX_IN_FLIGHT) await new Promise<void>((resolve) => (drained = resolve));
    }
  })();
  loop.catch(onFatal);

  return {
    async stop() {
      stopped = true;
      await messages.close().catch(() => {});
      await loop.catch(() => {});
      await service.close().catch(() => {}); // waits for what was taken to be durable
    },
  };
}

/**
 * The answer to a message applied before a restart (its event is in the store): an update is
 * checked again (a refused one is refused again, for the same reason) and answered with the
 * account as it is now; a broadcast with the book's counts. Marked `replayed`.
 */
async function answerAgain(service: MarginService, update: unknown): Promise<unknown> {
  if (update === undefined) return { seq: service.lastSeq, asOf: service.asOf, accounts: service.accounts, accountsInFull: 0, repriceMs: 0, marginCalls: 0, replayed: true };
  await service.whatIf(update);
  const id = (update as { account: string }).account;
  return { seq: service.lastSeq, ...accountFigures(service.account(id)), replayed: true };
}
