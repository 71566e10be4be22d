/**
 * Named tolerances for the differentiation tests (float64), used with assertClose (lib/numeric/assertClose.ts),
 * whose { relative: t } divides the max-norm error by max(1, max |expected|).
 *
 * Spectral differentiation on n+1 Chebyshev points amplifies rounding errors of size eps ||f|| by about
 * n^2 per derivative (||D^(k)|| grows like n^(2k) [1, ch. 6]). chebfun's tests of diff [2] use fixed
 * multiples of eps times the derivative's scale (100 for D, 1e6 for D^2, 1e7 for D^4: "we relax the
 * tolerance by n + 1 factors of 10"); here the n-dependence is explicit: chebyshevExactTolerance(n, k).
 *
 * References
 * [1] Trefethen, Spectral Methods in MATLAB (SIAM 2000), ch. 6.
 * [2] chebfun, tests/chebtech/test_diff.m (github.com/chebfun/chebfun).
 */

/** Machine epsilon of float64, 2^-52. */
export const EPS = Number.EPSILON;

/** Safety factor over the n^(2k) eps rounding estimate (observed: at most 0.7 n^(2k) eps for n ≤ 64, k ≤ 2). */
export const CHEBYSHEV_ROUNDING_SAFETY = 20;

/**
 * Relative tolerance for k-th Chebyshev derivatives that are exact in exact arithmetic (polynomials of
 * degree ≤ n): CHEBYSHEV_ROUNDING_SAFETY * eps * max(n, 1)^(2k) [1, 2].
 */
export function chebyshevExactTolerance(n: number, k: number): number {
  return CHEBYSHEV_ROUNDING_SAFETY * EPS * Math.max(n, 1) ** (2 * k);
}

/** Converged spectral derivative of a smooth analytic function at moderate n (n ≤ 40): absolute error. */
export const SPECTRAL_CONVERGED_ABSOLUTE = 1e-10;

/** Each step of n must cut the Chebyshev derivative error of an analytic function by at least this factor. */
export const SPECTRAL_DECAY_FACTOR = 10;

/**
 * Uniform-grid stencils on quadratics (and cubics for the second derivative) are exact up to rounding:
 * a few eps |f| / h^2 with h ≥ 1e-2, i.e. ≲ 1e-11; relative bound with margin.
 */
export const GRID_FD_EXACT_RELATIVE = 1e-9;

/** Observed order log2(error(h) / error(h/2)) of a second-order stencil must lie in this range. */
export const GRID_FD_ORDER_MIN = 1.8;
export const GRID_FD_ORDER_MAX = 2.2;

/**
 * Fourier differentiation of a trigonometric polynomial with |frequency| < N/2: exact up to rounding, which
 * the factor (2π (N/2) / L)^k amplifies (the aliased rounding noise sits in every mode). Valid for N ≤ 32,
 * k ≤ 3 on [0, 2π) (observed ≤ 3e-14); at N = 256, k = 3 the observed error is already 1e-11.
 */
export const FOURIER_EXACT_RELATIVE = 1e-12;

/** FFT vs the direct DFT sum, relative to max(1, max |X_m|): both are O(eps N)-accurate at worst. */
export const DFT_RELATIVE = 1e-12;
