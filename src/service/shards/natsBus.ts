/**
 * The NATS side of a shard: one connection, its JetStream client, and the stream of every event
 * (created by the first shard that finds it missing; file storage, limits retention: nothing is
 * removed, so a shard that was down catches up from it).
 */
import { jetstream, jetstreamManager, RetentionPolicy, StorageType, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { InputError } from '../../errors.js';
import { STREAM, STREAM_SUBJECTS } from './subjects.js';

export interface NatsBus {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  /** nats-server 2.10+: a consumer may filter on several subjects (older servers deliver all; the shard skips others' updates). */
  multiFilter: boolean;
  close(): Promise<void>;
}

/** `--nats nats://host:port` (comma-separated for a cluster). */
export function parseNatsUrl(text: string): string {
  const urls = text.split(',').map((u) => u.trim());
  for (const u of urls) {
    if (!/^(nats|tls):\/\/[^\s/:]+(:\d{1,5})?\/?$/.test(u)) throw new InputError(`must be nats://host:port (comma-separated for several servers); got ${JSON.stringify(text)}`, { column: '--nats' });
  }
  return urls.join(',');
}

export async function openNatsBus(url: string, name: string): Promise<NatsBus> {
  let nc: NatsConnection;
  try {
    nc = await connect({ servers: url.split(','), name, maxReconnectAttempts: 30, reconnectTimeWait: 1000 });
  } catch (err) {
    throw new InputError(`cannot connect to the NATS server: ${(err as Error).message} (start one with \`nats-server -js\`)`, { column: '--nats' });
  }
  try {
    const jsm = await jetstreamManager(nc);
    await ensureStream(jsm);
    const [major, minor] = (nc.info?.version ?? '0.0').split('.').map(Number);
    return { nc, js: jetstream(nc), jsm, multiFilter: major > 2 || (major === 2 && minor >= 10), close: () => nc.drain() };
  } catch (err) {
    await nc.close();
    throw err;
  }
}

async function ensureStream(jsm: JetStreamManager): Promise<void> {
  const exists = () => jsm.streams.info(STREAM).then(() => true, () => false);
  if (await exists()) return;
  try {
    await jsm.streams.add({ name: STREAM, subjects: STREAM_SUBJECTS, storage: StorageType.File, retention: RetentionPolicy.Limits });
  } catch (err) {
    if (!(await exists())) throw err; // else another shard created it meanwhile
  }
}
