/**
 * Replies to events this process published: one subscription on `<inbox>.*`; each event gets its
 * own subject under it (in the message's Dynamargin-Reply header) and waits for a number of
 * replies (1 from the owner of an account, N from every shard for a tick), or times out.
 */
import { createInbox, type NatsConnection, type Subscription } from '@nats-io/transport-node';

/** What a shard answers: the HTTP status and body it would have sent itself. */
export interface ShardReply {
  shard: number;
  status: number;
  body: unknown;
}

/** The replies, by shard; `complete` false after a timeout (or close). */
export interface Answers {
  complete: boolean;
  replies: ShardReply[];
}

interface Waiting {
  need: number;
  replies: Map<number, ShardReply>;
  resolve: (answer: Answers) => void;
  timer: NodeJS.Timeout;
}

export class ReplyMux {
  private readonly prefix = `${createInbox()}.`;
  private readonly waiting = new Map<string, Waiting>();
  private readonly sub: Subscription;
  private next = 0;

  constructor(nc: NatsConnection) {
    this.sub = nc.subscribe(`${this.prefix}*`, {
      callback: (err, msg) => {
        if (err) return;
        const w = this.waiting.get(msg.subject);
        if (!w) return; // answered already, or timed out (a replay after a restart answers again)
        const reply = msg.json<ShardReply>();
        w.replies.set(reply.shard, reply);
        if (w.replies.size >= w.need) this.settle(msg.subject, true);
      },
    });
  }

  /** A new reply subject, and the replies of `need` distinct shards (or those within `timeoutMs`). */
  expect(need: number, timeoutMs: number): { subject: string; answers: Promise<Answers>; cancel: () => void } {
    const subject = `${this.prefix}${++this.next}`;
    const answers = new Promise<Answers>((resolve) => {
      const timer = setTimeout(() => this.settle(subject, false), timeoutMs);
      this.waiting.set(subject, { need, replies: new Map(), resolve, timer });
    });
    return { subject, answers, cancel: () => this.settle(subject, false) };
  }

  close(): void {
    for (const subject of [...this.waiting.keys()]) this.settle(subject, false);
    this.sub.unsubscribe();
  }

  private settle(subject: string, complete: boolean): void {
    const w = this.waiting.get(subject);
    if (!w) return;
    this.waiting.delete(subject);
    clearTimeout(w.timer);
    w.resolve({ complete, replies: [...w.replies.values()].sort((a, b) => a.shard - b.shard) });
  }
}
