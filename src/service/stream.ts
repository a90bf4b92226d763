/**
 * The WebSocket stream: every client gets the margin changes and margin calls of each durable
 * event, optionally only for some accounts. A client that reads too slowly (more than
 * `maxBufferedBytes` unsent) is disconnected (close code 1013) rather than buffered without end.
 */
import type { MarginRow } from './liveBook.js';

/** What the hub needs of a socket (the `ws` WebSocket has it). */
export interface StreamSocket {
  readonly bufferedAmount: number;
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export type StreamMessage =
  | { type: 'margins'; seq: number; cause: 'positions' | 'market' | 'end-of-day'; margins: readonly MarginRow[] }
  | { type: 'margin-call'; seq: number; account: string; status: 'margin-call' | 'liquidate'; amountUsd: number };

const OPEN = 1;

interface Client {
  socket: StreamSocket;
  /** Accounts the client follows; undefined = all. */
  accounts?: Set<string>;
}

export class StreamHub {
  private readonly clients = new Set<Client>();
  /** Clients dropped for reading too slowly. */
  dropped = 0;

  constructor(private readonly maxBufferedBytes = 16 * 2 ** 20) {}

  get size(): number {
    return this.clients.size;
  }

  add(socket: StreamSocket, accounts?: readonly string[]): () => void {
    const client: Client = { socket, accounts: accounts?.length ? new Set(accounts) : undefined };
    this.clients.add(client);
    return () => this.clients.delete(client);
  }

  publish(seq: number, cause: 'positions' | 'market' | 'end-of-day', rows: readonly MarginRow[], calls: readonly { account: string; status: 'margin-call' | 'liquidate'; amountUsd: number }[]): void {
    if (this.clients.size === 0) return;
    let all: string | undefined;
    let allCalls: string[] | undefined;
    for (const client of this.clients) {
      const { socket, accounts } = client;
      if (socket.readyState !== OPEN) continue;
      if (socket.bufferedAmount > this.maxBufferedBytes) {
        this.clients.delete(client);
        this.dropped++;
        socket.close(1013, 'reading too slowly: more than the stream buffer is unsent');
        continue;
      }
      const mine = accounts ? rows.filter((r) => accounts.has(r.account)) : rows;
      if (mine.length > 0) {
        socket.send(accounts ? JSON.stringify({ type: 'margins', seq, cause, margins: mine } satisfies StreamMessage) : (all ??= JSON.stringify({ type: 'margins', seq, cause, margins: rows })));
      }
      allCalls ??= calls.map((c) => JSON.stringify({ type: 'margin-call', seq, ...c } satisfies StreamMessage));
      calls.forEach((c, i) => {
        if (!accounts || accounts.has(c.account)) socket.send(allCalls![i]);
      });
    }
  }

  closeAll(): void {
    for (const { socket } of this.clients) socket.close(1001, 'service shutting down');
    this.clients.clear();
  }
}
