/** `--shard i/N`: this process serves shard i of N (0 <= i < N). */
import { InputError } from '../../errors.js';

export interface ShardSpec {
  index: number;
  count: number;
}

/** Most shards a deployment may have. */
export const MAX_SHARDS = 1024;

/** Parse `i/N`, or InputError on `--shard` (the CLI exits 2). */
export function parseShardSpec(text: string): ShardSpec {
  const m = /^(\d{1,4})\/(\d{1,4})$/.exec(text.trim());
  if (!m) throw new InputError(`must be i/N (shard i of N, 0 <= i < N, e.g. 0/3); got ${JSON.stringify(text)}`, { column: '--shard' });
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || count > MAX_SHARDS) throw new InputError(`N must be an integer in [1, ${MAX_SHARDS}]; got ${JSON.stringify(text)}`, { column: '--shard' });
  if (index >= count) throw new InputError(`i must be in [0, ${count - 1}] (shards are numbered from 0); got ${JSON.stringify(text)}`, { column: '--shard' });
  return { index, count };
}

/** `1/3` */
export function shardLabel(spec: ShardSpec): string {
  return `${spec.index}/${spec.count}`;
}
