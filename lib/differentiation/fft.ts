/**
 * The discrete Fourier transform of a complex sequence, by an iterative radix-2 FFT when the length is a
 * power of two and by the direct O(N^2) sum otherwise.
 *
 * Convention (as numpy.fft and MATLAB fft):
 *   forward  X_m = Σ_{j=0}^{N-1} x_j exp(-2πi jm/N),   inverse  x_j = (1/N) Σ_{m=0}^{N-1} X_m exp(+2πi jm/N).
 * Twiddle factors come from a table of cos/sin(2π t/N), t = 0..N-1, indexed by jm mod N, so no argument
 * grows with N. The FFT is the decimation-in-time Cooley–Tukey algorithm: bit-reversal permutation, then
 * log2 N butterfly stages [1, Section 30.3]; rounding error O(eps log N) relative to ||x||_2 [2].
 *
 * References
 * [1] Cormen, Leiserson, Rivest & Stein, Introduction to Algorithms, 3rd ed., ch. 30 (Iterative-FFT).
 * [2] Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed. (SIAM 2002), Section 24.1.
 */

/** A complex vector as separate real and imaginary parts of equal length. */
export interface ComplexVector {
  readonly re: Float64Array;
  readonly im: Float64Array;
}

function toComplex(caller: string, re: ArrayLike<number>, im: ArrayLike<number> | undefined): { re: Float64Array; im: Float64Array } {
  if (im !== undefined && im.length !== re.length) {
    throw new Error(`${caller}: re and im must have equal lengths, got ${re.length} and ${im.length}`);
  }
  if (re.length === 0) throw new Error(`${caller}: length must be at least 1, got 0`);
  return { re: Float64Array.from(re), im: im === undefined ? new Float64Array(re.length) : Float64Array.from(im) };
}

/** cos and sin of 2π t/N for t = 0..N-1. */
function twiddleTable(n: number): { cos: Float64Array; sin: Float64Array } {
  const cos = new Float64Array(n);
  const sin = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    cos[t] = Math.cos((2 * Math.PI * t) / n);
    sin[t] = Math.sin((2 * Math.PI * t) / n);
  }
  return { cos, sin };
}

/**
 * The DFT by its defining sum (O(N^2)), any N ≥ 1; the reference the FFT is tested against.
 *
 * @param re - real parts, length N; @param im - imaginary parts (default zeros)
 * @param inverse - if true, the inverse transform including the 1/N factor
 */
export function naiveDft(re: ArrayLike<number>, im?: ArrayLike<number>, inverse = false): ComplexVector {
  const x = toComplex("naiveDft", re, im);
  const n = x.re.length;
  const { cos, sin } = twiddleTable(n);
  const sign = inverse ? 1 : -1;
  const out = { re: new Float64Array(n), im: new Float64Array(n) };
  for (let m = 0; m < n; m++) {
    let sumRe = 0;
    let sumIm = 0;
    for (let j = 0; j < n; j++) {
      const t = (j * m) % n;
      const c = cos[t];
      const s = sign * sin[t];
      sumRe += x.re[j] * c - x.im[j] * s;
      sumIm += x.re[j] * s + x.im[j] * c;
    }
    out.re[m] = inverse ? sumRe / n : sumRe;
    out.im[m] = inverse ? sumIm / n : sumIm;
  }
  return out;
}

/** In-place iterative radix-2 FFT [1]; n = re.length must be a power of two. */
function radix2InPlace(re: Float64Array, im: Float64Array, inverse: boolean): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j], re[i]];
      [im[i], im[j]] = [im[j], im[i]];
    }
  }
  const { cos, sin } = twiddleTable(n);
  const sign = inverse ? 1 : -1;
  for (let size = 2; size <= n; size *= 2) {
    const half = size / 2;
    const step = n / size;
    for (let start = 0; start < n; start += size) {
      for (let k = 0; k < half; k++) {
        const wRe = cos[k * step];
        const wIm = sign * sin[k * step];
        const a = start + k;
        const b = a + half;
        const tRe = re[b] * wRe - im[b] * wIm;
        const tIm = re[b] * wIm + im[b] * wRe;
        re[b] = re[a] - tRe;
        im[b] = im[a] - tIm;
        re[a] += tRe;
        im[a] += tIm;
      }
    }
  }
}

const isPowerOfTwo = (n: number): boolean => (n & (n - 1)) === 0;

/**
 * The DFT X_m = Σ_j x_j exp(-2πi jm/N) (module comment): radix-2 FFT [1] when N is a power of two,
 * naiveDft otherwise.
 *
 * @param re - real parts, length N ≥ 1; @param im - imaginary parts (default zeros)
 */
export function dft(re: ArrayLike<number>, im?: ArrayLike<number>): ComplexVector {
  const x = toComplex("dft", re, im);
  if (!isPowerOfTwo(x.re.length)) return naiveDft(x.re, x.im);
  radix2InPlace(x.re, x.im, false);
  return x;
}

/**
 * The inverse DFT x_j = (1/N) Σ_m X_m exp(+2πi jm/N), so inverseDft(dft(x)) = x up to rounding.
 *
 * @param re - real parts, length N ≥ 1; @param im - imaginary parts (default zeros)
 */
export function inverseDft(re: ArrayLike<number>, im?: ArrayLike<number>): ComplexVector {
  const x = toComplex("inverseDft", re, im);
  const n = x.re.length;
  if (!isPowerOfTwo(n)) return naiveDft(x.re, x.im, true);
  radix2InPlace(x.re, x.im, true);
  for (let i = 0; i < n; i++) {
    x.re[i] /= n;
    x.im[i] /= n;
  }
  return x;
}
