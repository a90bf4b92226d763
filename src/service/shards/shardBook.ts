/** The part of a book a shard serves: every instrument (so every shard draws the same scenarios), its own accounts. */
import type { BookInputs } from '../bookInputs.js';
import { shardOf } from './shardOf.js';
import type { ShardSpec } from './shardSpec.js';

export function shardInputs(inputs: BookInputs, spec: ShardSpec): BookInputs {
  const accounts = inputs.portfolio.accounts.filter((a) => shardOf(a.id, spec.count) === spec.index);
  return { ...inputs, portfolio: { ...inputs.portfolio, accounts } };
}
