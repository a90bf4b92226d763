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
  await bus.jsm.consumers.delete(STREAM, name).catch(() => {}); // none yet, or a stale position
  const after = service.lastStreamSeq;
  await bus.jsm.consumers.add(STREAM, {
    durable_name: name,
    ack_policy: AckPolicy.Explicit,
    ack_wait: 120e9, // ns
    max_ack_pending: 4 * MAX_IN_FLIGHT,
    ...(after > 0 ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: after + 1 } : { deliver_policy: DeliverPolicy.All }),
    ...(bus.multiFilter ? { filter_subjects: shardSubjects(spec) } : {}),
  });
  const consumer = await bus.js.consumers.get(STREAM, name);
  const messages: ConsumerMessages = await consumer.consume({ max_messages: 1000 });
  const mine = positionsSubject(spec.index);
  let inFlight = 0;
  let drained: (() => void) | undefined;
  let highest = after;
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
        op = m.subject === mine ? service.updatePositions(json, m.seq) : m.subject === MARKET_SUBJECT ? service.tick(json, m.seq) : service.endOfDay(m.seq);
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
