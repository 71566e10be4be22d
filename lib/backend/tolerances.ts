/**
 * Float32 tolerances for comparing the WASM backend with the cpu backend (lib/numeric/tolerances.ts
 * holds the float64 ones).
 *
 * A float32 kernel that sums K products, in any order, with or without fused multiply-add, has error at
 * most γ_K · Σ_k |a_k b_k|, γ_K = K·u / (1 − K·u), u = 2^−24 [1, Lemma 3.1 and eq. (3.5)]. The cpu
 * backend's convolution kernels accumulate in float64 (a JS number) and round once, error ≤ u·|result|.
 * So elementwise |wasm − cpu| ≤ 2·γ_K · Σ_k |a_k b_k|, and that sum of absolute products is the same
 * kernel applied to |inputs|, which the tests compute on the cpu backend. This bound is rigorous yet
 * tight enough: a wrong tap, stride or pad changes an entry by about one product, |a_k b_k|, while the
 * bound is 2Ku ≈ 1e-4 (K = 1000) of the sum of K of them.
 *
 * [1] N. J. Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed., SIAM 2002, §3.1.
 */

/** Unit roundoff of float32 (round to nearest): u = 2^−24. */
export const FLOAT32_UNIT_ROUNDOFF = 2 ** -24;

/** γ_K = K u / (1 − K u) [1, Lemma 3.1]. */
export function gamma(terms: number): number {
  const ku = terms * FLOAT32_UNIT_ROUNDOFF;
  if (ku >= 1) throw new Error(`gamma: K·u must be < 1, got K = ${terms}`);
  return ku / (1 - ku);
}

/** Factor of Σ|products| bounding |wasm − cpu| for a K-term sum of products: 2 γ_K (module comment). */
export const sumOfProductsFactor = (terms: number): number => 2 * gamma(terms);

/**
 * Factor of Σ_j |x_j| (|re| + |im|) bounding an entry of |FFT_wasm − FFT_cpu| for length n. The WASM
 * dense DFT sums 2n products with float32 twiddles (γ_{2n+1}); the cpu radix-2 FFT adds at most about
 * 4 rounding errors per stage over ⌈log2 n⌉ stages, each of size at most u·Σ|x| (its non-power-of-two
 * path sums in float64). Doubled for margin. Divide by n for the inverse transform.
 */
export const fftFactor = (n: number): number => 2 * gamma(2 * n + 1 + 4 * Math.ceil(Math.log2(Math.max(n, 2))));

/**
 * Gradient of a small float32 network, WASM vs cpu: max |Δ| ≤ NET_GRADIENT_RELATIVE · max |g_cpu|.
 * Each layer's sums have K ≤ ~500 terms, so per-layer relative errors are ≤ 2γ_K ≈ 6e-5 in the worst
 * case and ~1e-6 typically; three layers chained stay well below 1e-4, while a wrong kernel is O(1) off.
 */
export const NET_GRADIENT_RELATIVE = 1e-4;

/**
 * Throws unless |got_i − expected_i| ≤ bound_i for every i (bound: one number or one per element);
 * NaN never passes. The message names what, the worst element, got, expected, difference and bound.
 */
export function assertWithinBound(got: ArrayLike<number>, expected: ArrayLike<number>, bound: ArrayLike<number> | number, what: string): void {
  if (got.length !== expected.length) throw new Error(`${what}: got ${got.length} values, expected ${expected.length}`);
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < got.length; i++) {
    const b = typeof bound === "number" ? bound : bound[i];
    const excess = Math.abs(got[i] - expected[i]) - b;
    if (!(excess <= worstExcess)) {
      worst = i;
      worstExcess = Number.isNaN(excess) ? Infinity : excess;
    }
  }
  if (worst < 0) return;
  const b = typeof bound === "number" ? bound : bound[worst];
  throw new Error(
    `${what}: element ${worst} of ${got.length} out of bound\n  got:        ${got[worst]}\n  expected:   ${expected[worst]}\n` +
      `  difference: ${Math.abs(got[worst] - expected[worst])}\n  bound:      ${b}`,
  );
}

/**
 * Elementwise float32 functions (tanh, sin, cos, exp, erf; the native pack's glibc libmvec against the
 * WASM and cpu kernels): |f_a − f_b| ≤ ELEMENTWISE_ULPS · u · |f_b| + an absolute term, see
 * `elementwiseBound`. Measured on 200,000 arguments over [−100, 100] (this machine): libmvec within
 * 3.2 u·|f| of the cpu backend (which rounds a float64 result once), WASM within 2.8 u·|f| for tanh and
 * exp. Twice 4 ulp leaves margin; a wrong function is off by O(|f|).
 */
export const ELEMENTWISE_ULPS = 8;

/**
 * tfjs-backend-wasm's sin and cos are accurate in absolute, not relative, terms near their zeros:
 * measured |Δ| up to 3.3e-7 = 2.8 ulp(1) (e.g. sin(3e-8) off by 2.5e-7). Bound: 4 ulp(1) = 2^−21.
 */
export const WASM_SIN_COS_ABSOLUTE = 2 ** -21;

/**
 * The cpu backend's erf is Abramowitz & Stegun 7.1.26, whose absolute error is at most 1.5e-7
 * [2, eq. 7.1.26]; WASM's matches it to the same accuracy. [2] M. Abramowitz, I. A. Stegun, Handbook
 * of Mathematical Functions, 10th printing, NBS 1972.
 */
export const CPU_ERF_ABSOLUTE = 1.5e-7;

/** Smallest normal float32, 2^−126: below it (subnormals, underflow to 0) only absolute error counts. */
export const FLOAT32_MIN_NORMAL = 2 ** -126;

/** ELEMENTWISE_ULPS · u · |expected| + absolute + FLOAT32_MIN_NORMAL (see ELEMENTWISE_ULPS). */
export function elementwiseBound(expected: number, absolute = 0): number {
  return ELEMENTWISE_ULPS * FLOAT32_UNIT_ROUNDOFF * Math.abs(expected) + absolute + FLOAT32_MIN_NORMAL;
}
