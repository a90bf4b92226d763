/** Splitting work into contiguous groups of near-equal size (series by points, accounts by positions). */

/**
 * Split series indices into at most `parts` contiguous groups of roughly equal point counts
 * (deterministic: depends only on the series lengths). Returns group boundaries [s0, s1, ...].
 */
export function splitByPoints(lengths: readonly number[], parts: number): number[] {
  const total = lengths.reduce((a, b) => a + b, 0);
  const bounds = [0];
  let acc = 0;
  for (let s = 0; s < lengths.length; s++) {
    acc += lengths[s];
    const target = (total * bounds.length) / parts;
    if (acc >= target && s + 1 < lengths.length && bounds.length < parts) bounds.push(s + 1);
  }
  bounds.push(lengths.length);
  return bounds;
}
