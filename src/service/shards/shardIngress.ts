/**
 * The way in to a sharded service: POST /positions, /market and /end-of-day on any shard. The body
 * is validated here (400 at once, nothing published), published to JetStream (the stream has it
 * durably once the publish is acknowledged) with a reply subject in the Dynamargin-Reply header,
 * and answered once the owner (an update) or every shard (a tick, an end of day) has made the event
 * durable in its own store and replied. A shard that is down answers when it is back and has caught
 * up; past the timeout the answer is 504, naming the stream sequence (the event stays in the
 * stream and is applied then).
 */
import { headers } from '@nats-io/transport-node';
import { parseMarketBody, parsePositionsBody } from '../requests.js';
import type { NatsBus } from './natsBus.js';
import type { ReplyMux, ShardReply } from './replyMux.js';
import { shardOf } from './shardOf.js';
import type { ShardSpec } from './shardSpec.js';
import { END_OF_DAY_SUBJECT, MARKET_SUBJECT, positionsSubject, REPLY_HEADER } from './subjects.js';

/** An HTTP answer: status and JSON body. */
export interface Answer {
  status: number;
  body: unknown;
}

export const DEFAULT_REPLY_TIMEOUT_MS = 60_000;

export class ShardIngress {
  constructor(
    private readonly bus: NatsBus,
    private readonly mux: ReplyMux,
    readonly spec: ShardSpec,
    private readonly timeoutMs = DEFAULT_REPLY_TIMEOUT_MS,
  ) {}

  /** The shard that owns an account id. */
  ownerOf(account: string): number {
    return shardOf(account, this.spec.count);
  }

  async updatePositions(json: unknown): Promise<Answer> {
    const body = parsePositionsBody(json);
    const owner = this.ownerOf(body.account);
    const { streamSeq, replies, missing } = await this.publish(positionsSubject(owner), json, [owner]);
    if (!replies) return this.late(streamSeq, missing);
    const r = replies[0];
    return r.status === 200 ? { status: 200, body: { ...(r.body as object), shard: owner, streamSeq } } : { status: r.status, body: { ...(r.body as object), shard: owner } };
  }

  async tick(json: unknown): Promise<Answer> {
    const { file } = parseMarketBody(json);
    const { streamSeq, replies, missing } = await this.publish(MARKET_SUBJECT, json, this.all());
    if (!replies) return this.late(streamSeq, missing);
    const failed = replies.find((r) => r.status !== 200);
    if (failed) return { status: failed.status, body: { ...(failed.body as object), shard: failed.shard } };
    const shards = replies.map((r) => ({ shard: r.shard, ...(r.body as { seq: number; accounts: number; accountsInFull: number; repriceMs: number; marginCalls: number }) }));
    return {
      status: 200,
      body: {
        streamSeq,
        asOf: file.asOf,
        accounts: sum(shards.map((s) => s.accounts)),
        accountsInFull: sum(shards.map((s) => s.accountsInFull)),
        repriceMs: Math.max(...shards.map((s) => s.repriceMs)),
        marginCalls: sum(shards.map((s) => s.marginCalls)),
        shards,
      },
    };
  }

  async endOfDay(): Promise<Answer> {
    const { streamSeq, replies, missing } = await this.publish(END_OF_DAY_SUBJECT, {}, this.all());
    if (!replies) return this.late(streamSeq, missing);
    const failed = replies.find((r) => r.status !== 200);
    if (failed) return { status: failed.status, body: { ...(failed.body as object), shard: failed.shard } };
    const shards = replies.map((r) => ({ shard: r.shard, ...(r.body as { seq: number; marginCalls: number }) }));
    return { status: 200, body: { streamSeq, marginCalls: sum(shards.map((s) => s.marginCalls)), shards } };
  }

  private all(): number[] {
    return Array.from({ length: this.spec.count }, (_, i) => i);
  }

  /** Publish (durable in the stream once acknowledged) and wait for the replies of `from`. */
  private async publish(subject: string, json: unknown, from: number[]): Promise<{ streamSeq: number; replies?: ShardReply[]; missing: number[] }> {
    const wait = this.mux.expect(from.length, this.timeoutMs);
    const h = headers();
    h.set(REPLY_HEADER, wait.subject);
    let streamSeq: number;
    try {
      streamSeq = (await this.bus.js.publish(subject, JSON.stringify(json), { headers: h })).seq;
    } catch (err) {
      wait.cancel();
      throw Object.assign(new Error(`the event could not be published to JetStream: ${(err as Error).message}`), { statusCode: 503 });
    }
    const { complete, replies } = await wait.answers;
    return { streamSeq, replies: complete ? replies : undefined, missing: from.filter((s) => !replies.some((r) => r.shard === s)) };
  }

  private late(streamSeq: number, missing: number[]): Answer {
    return {
      status: 504,
      body: {
        error: 'Gateway Timeout',
        message: `shard${missing.length > 1 ? 's' : ''} ${missing.map((s) => `${s}/${this.spec.count}`).join(', ')} did not answer within ${this.timeoutMs / 1000} s; the event is in the stream (sequence ${streamSeq}) and is applied when the shard is back`,
        streamSeq,
        shards: missing,
      },
    };
  }
}

function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}
