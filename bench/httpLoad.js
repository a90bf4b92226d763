// A lean HTTP/1.1 load generator (like wrk): keep-alive TCP connections, each with several
// requests pipelined, responses matched in order by Content-Length. Lighter than fetch, so on a
// small machine more of the CPU goes to the server under test.
import { connect } from 'node:net';
import WebSocket from 'ws';

/** One keep-alive connection; `request` resolves with { status, body, ms } in pipeline order. */
export function openConnection(url) {
  const { hostname, port } = new URL(url);
  const socket = connect({ host: hostname, port: Number(port), noDelay: true });
  const pending = [];
  let buffer = Buffer.alloc(0);
  let failure;
  socket.on('data', (chunk) => {
    buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
    for (;;) {
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buffer.subarray(0, end).toString('latin1');
      const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
      if (buffer.length < end + 4 + length) return;
      const body = buffer.subarray(end + 4, end + 4 + length).toString('utf8');
      buffer = buffer.subarray(end + 4 + length);
      const p = pending.shift();
      p?.resolve({ status: Number(head.slice(9, 12)), body, ms: performance.now() - p.t0 });
    }
  });
  const fail = (err) => {
    failure = err ?? new Error('connection closed');
    for (const p of pending.splice(0)) p.reject(failure);
  };
  socket.on('error', fail);
  socket.on('close', () => fail());
  const ready = new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return {
    ready,
    request(method, path, body) {
      if (failure) return Promise.reject(failure);
      const payload = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
      const headers = `${method} ${path} HTTP/1.1\r\nhost: ${hostname}\r\n${payload ? `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(payload)}\r\n` : ''}\r\n`;
      return new Promise((resolve, reject) => {
        pending.push({ resolve, reject, t0: performance.now() });
        socket.write(headers + payload);
      });
    },
    close() {
      socket.end();
    },
  };
}

/**
 * The same interface over the service's positions socket (GET /positions as a WebSocket): each
 * request is one message `{id, op, body}`, answered `{id, status, body}` in any order; `path` picks
 * the op (/positions or /what-if). `body` of the answer is its JSON text, as over HTTP.
 */
export function openSocket(url) {
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/positions`, { perMessageDeflate: false });
  const pending = new Map();
  let nextId = 0;
  let failure;
  // the answer's head is `{"id":N,"status":S,"body":`: read it there, keep the body as text
  const HEAD = /^\{"id":(\d+),"status":(\d+),"body":/;
  socket.on('message', (data) => {
    const text = String(data);
    const head = HEAD.exec(text);
    if (!head) return fail(new Error(`unexpected answer ${text.slice(0, 200)}`));
    const id = Number(head[1]);
    const p = pending.get(id);
    pending.delete(id);
    p?.resolve({ status: Number(head[2]), body: text.slice(head[0].length, -1), ms: performance.now() - p.t0 });
  });
  const fail = (err) => {
    failure = err ?? new Error('socket closed');
    for (const p of pending.values()) p.reject(failure);
    pending.clear();
  };
  socket.on('error', fail);
  socket.on('close', () => fail());
  const ready = new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  return {
    ready,
    request(_method, path, body) {
      if (failure) return Promise.reject(failure);
      const id = ++nextId;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject, t0: performance.now() });
        socket.send(`{"id":${id},"op":"${path === '/what-if' ? 'what-if' : 'positions'}","body":${typeof body === 'string' ? body : JSON.stringify(body)}}`);
      });
    },
    close() {
      socket.close();
    },
  };
}

/**
 * Send `total` POSTs of `bodyOf(i)` to `path` over `connections` connections with `depth` requests
 * in flight on each; `onResponse(i, response)` sees every answer. Resolves with the latencies (ms)
 * in completion order and the wall time; requests cut by a dying server are counted as `lost`.
 * `open` makes the connections: openConnection (HTTP, the default) or openSocket.
 */
export async function postMany(url, path, { total, connections = 8, depth = 4, bodyOf, onResponse, shouldStop, open = openConnection }) {
  const conns = Array.from({ length: connections }, () => open(url));
  await Promise.all(conns.map((c) => c.ready));
  let next = 0;
  let lost = 0;
  const latencies = [];
  const t0 = performance.now();
  const lane = async (conn) => {
    while (next < total && !shouldStop?.()) {
      const i = next++;
      try {
        const r = await conn.request('POST', path, bodyOf(i));
        latencies.push(r.ms);
        onResponse?.(i, r);
      } catch {
        lost++;
        return;
      }
    }
  };
  await Promise.all(conns.flatMap((c) => Array.from({ length: depth }, () => lane(c))));
  const wallMs = performance.now() - t0;
  for (const c of conns) c.close();
  return { latencies, wallMs, lost };
}

/**
 * Open-loop load: request i is due at t0 + i / ratePerSecond whatever the answers (a slow server
 * does not slow the sender, so it is charged for its queue: no coordinated omission), sent round
 * robin over `connections` (pipelined as deep as needed), for `durationMs`. Latencies (ms) run from
 * each request's write; `lateMs` says how late the sender wrote them (its 1 ms timer), p99 and max.
 */
export async function postPaced(url, path, { ratePerSecond, durationMs, connections = 4, bodyOf, onResponse, open = openConnection }) {
  const conns = Array.from({ length: connections }, () => open(url));
  await Promise.all(conns.map((c) => c.ready));
  const total = Math.round((ratePerSecond * durationMs) / 1000);
  const latencies = [];
  const late = [];
  const pending = [];
  const t0 = performance.now();
  let next = 0;
  await new Promise((resolve) => {
    const send = () => {
      const now = performance.now();
      const due = Math.min(total, Math.floor(((now - t0) * ratePerSecond) / 1000) + 1);
      for (; next < due; next++) {
        const i = next;
        late.push(now - (t0 + (i * 1000) / ratePerSecond));
        pending.push(
          conns[i % connections].request('POST', path, bodyOf(i)).then((r) => {
            latencies.push(r.ms);
            onResponse?.(i, r);
          }),
        );
      }
      if (next < total) setTimeout(send, 1);
      else resolve();
    };
    send();
  });
  await Promise.all(pending);
  const wallMs = performance.now() - t0;
  for (const c of conns) c.close();
  late.sort((x, y) => x - y);
  return { latencies, wallMs, offered: total, lateMs: { p99: quantile(late, 0.99), max: late.at(-1) } };
}

/** The q-quantile (0..1) of sorted values (nearest rank). */
export function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}
