/**
 * The error function in float64, for the reference (float64) GeLU: erf(x) = (2/√π) ∫₀ˣ e^{−t²} dt.
 *
 * For |x| ≤ ERF_SERIES_LIMIT we sum the series of positive terms [1, eq. 7.1.6]
 *   erf(x) = (2/√π) e^{−x²} Σ_{k≥0} 2^k x^{2k+1} / (1·3·5···(2k+1)),
 * which has no cancellation, so its relative error is a few dozen rounding errors; its terms grow while
 * 2x²/(2k+1) > 1 and then decay geometrically, so it stops after at most ~2x² + 60 terms. Beyond the limit
 * erfc(6) < 2.2e-17 is below half an ulp of 1, and erf(x) = sign(x) to double precision.
 *
 * References
 * [1] M. Abramowitz, I. A. Stegun, Handbook of Mathematical Functions, 10th printing, NBS 1972, §7.1.
 */

/** |x| beyond which erf(x) rounds to ±1 in float64: erfc(6) ≈ 2.15e-17 < 2^-53. */
export const ERF_SERIES_LIMIT = 6;

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/** erf(x) in float64 (series [1, eq. 7.1.6] for |x| ≤ 6, ±1 beyond); NaN for NaN. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (Math.abs(x) > ERF_SERIES_LIMIT) return Math.sign(x);
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let k = 1; k < 1000; k++) {
    term *= (2 * x2) / (2 * k + 1);
    sum += term;
    if (Math.abs(term) <= Number.EPSILON * 0.25 * Math.abs(sum)) break;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
}

/** Standard normal distribution function Φ(z) = (1 + erf(z/√2)) / 2, float64. */
export function normalCdf(z: number): number {
  return 0.5 * (1 + erf(z / Math.SQRT2));
}

/** Standard normal density ϕ(z) = e^{−z²/2} / √(2π), float64. */
export function normalPdf(z: number): number {
  return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
}
