/**
 * Student's t distribution with an integer number of degrees of freedom: its two-sided probability and its
 * quantiles, for the confidence intervals of the experiment claims (lib/checks/pairedRatio.ts).
 *
 * A(t | ν) = P(|T| ≤ t) has a closed form for integer ν [1, 26.7.3-26.7.4]: with θ = atan(t / √ν),
 *   ν = 1:     A = 2θ/π,
 *   ν odd:     A = (2/π) [θ + sin θ (cos θ + (2/3) cos³θ + … + (2·4⋯(ν−3))/(1·3⋯(ν−2)) cos^(ν−2) θ)],
 *   ν even:    A = sin θ [1 + (1/2) cos²θ + (1·3)/(2·4) cos⁴θ + … + (1·3⋯(ν−3))/(2·4⋯(ν−2)) cos^(ν−2) θ].
 * The quantile inverts it by bisection (A is increasing in t), to double precision.
 *
 * References
 * [1] Abramowitz & Stegun, Handbook of Mathematical Functions (1964), Section 26.7.
 */

function checkDegrees(caller: string, nu: number): void {
  if (!Number.isInteger(nu) || nu < 1) throw new Error(`${caller}: degrees of freedom must be a positive integer, got ${nu}`);
}

/** P(|T| ≤ t) for T ~ Student t with ν degrees of freedom (A&S 26.7.3-4), t ≥ 0. */
export function studentTTwoSidedProbability(t: number, nu: number): number {
  checkDegrees("studentTTwoSidedProbability", nu);
  if (!(t >= 0)) throw new Error(`studentTTwoSidedProbability: t must be ≥ 0, got ${t}`);
  if (t === Infinity) return 1;
  const theta = Math.atan(t / Math.sqrt(nu));
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  if (nu % 2 === 1) {
    if (nu === 1) return (2 * theta) / Math.PI;
    // cos θ + (2/3) cos³θ + (2·4)/(1·3·5)... : term k multiplies the last by (2k)/(2k + 1) cos²θ
    let term = c;
    let sum = c;
    for (let k = 1; 2 * k + 1 <= nu - 2; k++) {
      term *= ((2 * k) / (2 * k + 1)) * c * c;
      sum += term;
    }
    return (2 / Math.PI) * (theta + s * sum);
  }
  let term = 1;
  let sum = 1;
  for (let k = 1; 2 * k <= nu - 2; k++) {
    term *= ((2 * k - 1) / (2 * k)) * c * c;
    sum += term;
  }
  return s * sum;
}

/** The t with P(T ≤ t) = p for T ~ Student t with ν degrees of freedom, 0 < p < 1. */
export function studentTQuantile(p: number, nu: number): number {
  checkDegrees("studentTQuantile", nu);
  if (!(p > 0 && p < 1)) throw new Error(`studentTQuantile: p must lie in (0, 1), got ${p}`);
  if (p === 0.5) return 0;
  const target = Math.abs(2 * p - 1); // P(|T| ≤ |t|)
  let lo = 0;
  let hi = 1;
  while (studentTTwoSidedProbability(hi, nu) < target) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
    const mid = 0.5 * (lo + hi);
    if (studentTTwoSidedProbability(mid, nu) < target) lo = mid;
    else hi = mid;
  }
  const t = 0.5 * (lo + hi);
  return p > 0.5 ? t : -t;
}
