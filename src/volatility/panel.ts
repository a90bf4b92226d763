/** Splitting work into contiguous groups of near-equal size (series by points, accounts by positions). */

/**
 * Split series indices into at most `parts` contiguous groups of roughly equal point counts
 * (deterministic: depends only on the series lengths). Returns group boundaries [s0, s1, ...].
 */
export function splitByPoints(lengths: readonly number[], parts: number): number[] {
  return splitAt(lengths, Array.from({ length: parts - 1 }, (_, g) => (g + 1) / parts));
}

/**
 * Like splitByPoints, but in shrinking groups for `threads` workers taking groups in order as they
 * come free (factoring, Hummel, Schonberg & Flynn 1992): each round of `threads` groups takes half
 * of the work left, and the last 2 x threads groups share the rest equally. The last group to finish
 * is then a small one: with 4 equal groups per worker a slower worker ended up to 80 ms after the
 * other on W1 (stage B, 2 threads).
 */
export function splitGuided(lengths: readonly number[], parts: number, threads: number): number[] {
  const cumulative: number[] = [];
  let done = 0;
  let left = parts;
  while (left > 2 * threads) {
    for (let j = 0; j < threads; j++) cumulative.push((done += (1 - done) / (2 * threads - j)));
    left -= threads;
  }
  for (let j = 1; j < left; j++) cumulative.push(done + ((1 - done) * j) / left);
  return splitAt(lengths, cumulative);
}

/** Group boundaries where the running sum of `lengths` first reaches each fraction of the total (ascending, < 1). */
function splitAt(lengths: readonly number[], cumulative: readonly number[]): number[] {
  const total = lengths.reduce((a, b) => a + b, 0);
  const bounds = [0];
  let acc = 0;
  for (let s = 0; s < lengths.length; s++) {
    acc += lengths[s];
    if (bounds.length <= cumulative.length && acc >= total * cumulative[bounds.length - 1] && s + 1 < lengths.length) bounds.push(s + 1);
  }
  bounds.push(lengths.length);
  return bounds;
}
