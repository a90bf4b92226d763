/**
 * Exponentially weighted (zero-mean) covariance of returns, RiskMetrics Technical Document (J.P.
 * Morgan/Reuters 1996) §5.2.1-5.2.2: Σ_t = λ Σ_{t-1} + (1 − λ) r_t r_tᵀ.
 */

/**
 * EWMA covariance after the last of `m` return vectors.
 * Seed: Σ = mean of r_t r_tᵀ over the first k = min(seedReturns, m) returns (zero mean), as the
 * single-asset EWMA volatility in assembly/volatility.ts does; the recursion then runs over the
 * remaining m − k returns. Equivalently Σ = λ^(m−k)·(1/k)·Σ_{t<k} r_t r_tᵀ + Σ_{t≥k} (1−λ) λ^(m−1−t) r_t r_tᵀ.
 * @param returns m*n, time-major: returns[t*n + i] is asset i's log return at step t.
 * @returns n*n row-major covariance per period (not annualized).
 */
export function ewmaCovariance(returns: Float64Array, m: number, n: number, lambda: number, seedReturns: number): Float64Array {
  const k = Math.max(1, Math.min(seedReturns, m));
  const cov = new Float64Array(n * n);
  for (let t = 0; t < k; t++) addOuter(cov, returns, t, n, 1 / k);
  for (let t = k; t < m; t++) {
    for (let q = 0; q < n * n; q++) cov[q] *= lambda;
    addOuter(cov, returns, t, n, 1 - lambda);
  }
  // Only the lower triangle was accumulated; mirror it.
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) cov[j * n + i] = cov[i * n + j];
  return cov;
}

/** cov[i][j] += w · r_t[i] · r_t[j] for j <= i. */
function addOuter(cov: Float64Array, returns: Float64Array, t: number, n: number, w: number): void {
  const row = t * n;
  for (let i = 0; i < n; i++) {
    const ri = w * returns[row + i];
    for (let j = 0; j <= i; j++) cov[i * n + j] += ri * returns[row + j];
  }
}
