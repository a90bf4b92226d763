/**
 * Which shard owns an account: FNV-1a (32-bit) of the account id's UTF-8 bytes, mod N. Stable
 * across processes, machines and versions (README "Shards" documents it so that other producers
 * can route by themselves).
 */
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const utf8 = new TextEncoder();

/** FNV-1a 32 of the UTF-8 bytes of `text`, as an unsigned integer. */
export function fnv1a32(text: string): number {
  let h = FNV_OFFSET;
  for (const byte of utf8.encode(text)) h = Math.imul(h ^ byte, FNV_PRIME);
  return h >>> 0;
}

/** The shard (0..count-1) of an account id. */
export function shardOf(accountId: string, count: number): number {
  return fnv1a32(accountId) % count;
}
