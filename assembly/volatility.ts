// STUB: replaced by the real rolling-volatility kernels.
export function rollingVolatility(
  estimator: i32, nSeries: i32, offsetsPtr: usize,
  openPtr: usize, highPtr: usize, lowPtr: usize, closePtr: usize,
  window: i32, lambda: f64, annualization: f64, outPtr: usize,
): void {
  const total = load<i32>(offsetsPtr + (<usize>nSeries << 2));
  for (let i = 0; i < total; i++) store<f64>(outPtr + (<usize>i << 3), NaN);
}
