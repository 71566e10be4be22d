/**
 * Fourier spectral differentiation of periodic samples on a uniform grid.
 *
 * Samples v_j = f(j L / N), j = 0..N-1, of an L-periodic f are differentiated k times by [1, ch. 3]
 *   v̂ = DFT(v),   ŵ_m = (i 2π κ_m / L)^k v̂_m,   w = inverse DFT(ŵ),
 * with the signed frequencies κ_m = m for m < N/2 and κ_m = m - N for m > N/2, i.e. the grid
 * 0, 1, .., N/2-1, -N/2, .., -1 for even N (numpy.fft.fftfreq(N) * N). This differentiates the
 * trigonometric interpolant of degree ⌊N/2⌋, so it is exact (up to rounding) for trigonometric
 * polynomials with |frequency| < N/2.
 *
 * The Nyquist mode (even N, m = N/2) [1, ch. 3: the ±N/2 terms of the band-limited interpolant, and Program 5]: the sawtooth v_j = (-1)^j is
 * interpolated symmetrically by cos(π N x/L) = (e^{iπNx/L} + e^{-iπNx/L})/2, not by a single exponential.
 * Its odd derivatives are multiples of sin(π N x/L), which vanishes at every grid point, so for odd k the
 * Nyquist coefficient is set to zero (multiplying by (iπN/L)^k would also make a real input's derivative
 * complex). Even derivatives of cos(π N x/L) are ±(πN/L)^k cos(π N x/L), so for even k the mode is kept with
 * the real factor (i 2π(N/2)/L)^k = (-1)^(k/2) (πN/L)^k.
 *
 * References
 * [1] Trefethen, Spectral Methods in MATLAB (SIAM 2000), ch. 3 ("Periodic grids: the DFT and FFT").
 */
import { dft, inverseDft } from "./fft.js";
import { applyAlongAxis, checkGridLength, checkPartial, PARTIAL_ORDERS } from "./gridAxis.js";
import type { Partial2d } from "./gridAxis.js";

/**
 * The signed frequency grid κ_m: m for m < N/2, m - N for m ≥ N/2 (so -N/2 at the Nyquist index of even N).
 *
 * @param n - number of samples N ≥ 1
 */
export function fourierFrequencies(n: number): number[] {
  if (!Number.isInteger(n) || n < 1) throw new Error(`fourierFrequencies: n must be a positive integer, got ${n}`);
  return Array.from({ length: n }, (_, m) => (m < n / 2 ? m : m - n));
}

/**
 * The k-th derivative of L-periodic samples by Fourier spectral differentiation [1] (module comment).
 *
 * @param values - f(j L / N), j = 0..N-1 (N ≥ 1; any N, fastest when a power of two)
 * @param length - the period L (> 0)
 * @param order - derivative order k ≥ 0 (default 1)
 * @returns the real part of the derivative of the trigonometric interpolant at the N grid points
 */
export function fourierDerivative(values: ArrayLike<number>, length: number, order = 1): number[] {
  if (!(length > 0) || !Number.isFinite(length)) throw new Error(`fourierDerivative: length must be a positive finite number, got ${length}`);
  if (!Number.isInteger(order) || order < 0) throw new Error(`fourierDerivative: order must be a non-negative integer, got ${order}`);
  const n = values.length;
  if (n < 1) throw new Error(`fourierDerivative: values must have length at least 1, got 0`);
  if (order === 0) return Array.from(values);
  const spectrum = dft(values);
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  const frequencies = fourierFrequencies(n);
  for (let m = 0; m < n; m++) {
    if (n % 2 === 0 && m === n / 2 && order % 2 === 1) continue; // Nyquist mode, odd order: zero (module comment)
    // (i ω)^k = ω^k i^k with ω = 2π κ_m / L, and i^k cycles through 1, i, -1, -i.
    const magnitude = ((2 * Math.PI * frequencies[m]) / length) ** order;
    const [cRe, cIm] = [[1, 0], [0, 1], [-1, 0], [0, -1]][order % 4];
    re[m] = magnitude * (cRe * spectrum.re[m] - cIm * spectrum.im[m]);
    im[m] = magnitude * (cRe * spectrum.im[m] + cIm * spectrum.re[m]);
  }
  return Array.from(inverseDft(re, im).re);
}

/**
 * A partial derivative (∂x, ∂y, ∂xx, ∂yy or ∂xy) of samples on a periodic N1 x N2 grid, by
 * fourierDerivative along each axis [1].
 *
 * @param values - f(i L1/N1, j L2/N2) at values[i * N2 + j], length N1 N2
 * @param shape - [N1, N2]; @param lengths - periods [L1, L2]
 * @param which - "x", "y", "xx", "yy" or "xy"
 * @returns the derivative at the grid points, same layout
 */
export function fourierPartial2d(
  values: ArrayLike<number>,
  shape: readonly [number, number],
  lengths: readonly [number, number],
  which: Partial2d,
): number[] {
  checkPartial("fourierPartial2d", which);
  const [rows, columns] = shape;
  checkGridLength("fourierPartial2d", values, rows, columns);
  const [orderX, orderY] = PARTIAL_ORDERS[which];
  let out: ArrayLike<number> = values;
  if (orderY > 0) out = applyAlongAxis(out, rows, columns, 1, (line) => fourierDerivative(line, lengths[1], orderY));
  if (orderX > 0) out = applyAlongAxis(out, rows, columns, 0, (line) => fourierDerivative(line, lengths[0], orderX));
  return Array.from(out);
}
