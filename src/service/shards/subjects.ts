/**
 * The JetStream layout of a sharded service (README "Shards"): one stream holds every event, so
 * its sequence numbers order all of them; an account's updates go to its shard's subject, ticks
 * and end-of-day steps to subjects every shard reads.
 */
import type { ShardSpec } from './shardSpec.js';

export const STREAM = 'DYNAMARGIN';
export const POSITIONS_PREFIX = 'dynamargin.positions.';
export const MARKET_SUBJECT = 'dynamargin.market';
export const END_OF_DAY_SUBJECT = 'dynamargin.end-of-day';
export const STREAM_SUBJECTS = [`${POSITIONS_PREFIX}*`, MARKET_SUBJECT, END_OF_DAY_SUBJECT];
/** Header naming the subject the owner answers on (the publisher's reply inbox). */
export const REPLY_HEADER = 'Dynamargin-Reply';

export function positionsSubject(shard: number): string {
  return `${POSITIONS_PREFIX}${shard}`;
}

/** The subjects shard `spec` applies: its accounts' updates and the broadcasts. */
export function shardSubjects(spec: ShardSpec): string[] {
  return [positionsSubject(spec.index), MARKET_SUBJECT, END_OF_DAY_SUBJECT];
}

/** The durable consumer of shard i/N (a new N is a new deployment: new consumers). */
export function consumerName(spec: ShardSpec): string {
  return `dynamargin-shard-${spec.index}-of-${spec.count}`;
}
