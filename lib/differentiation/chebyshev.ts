/**
 * Chebyshev–Gauss–Lobatto points and Chebyshev spectral differentiation matrices.
 *
 * Points x_j = cos(jπ/n), j = 0..n, ordered from x_0 = 1 down to x_n = -1 as in [1, Program cheb]. The
 * first-derivative matrix [1, ch. 6, Theorem 7] is
 *   D_ij = (c_i / c_j) (-1)^(i+j) / (x_i - x_j)  (i ≠ j),   c_0 = c_n = 2, c_j = 1 otherwise,
 * with the diagonal by the negative-sum trick D_ii = -Σ_{j≠i} D_ij [2, 3], so that D maps constants to
 * zero exactly and rounding errors drop from O(n^4 eps) to O(n^2 eps). Differences x_i - x_j are computed
 * as 2 sin((i+j)π/(2n)) sin((j-i)π/(2n)), free of cancellation [3].
 *
 * Higher derivatives use Welfert's recursion as in Weideman & Reddy's chebdif [3, 4]:
 *   D^(ℓ)_ij = (ℓ / (x_i - x_j)) ((c_i/c_j)(-1)^(i+j) D^(ℓ-1)_ii - D^(ℓ-1)_ij)  (i ≠ j),  D^(0) = I,
 * again with the negative-sum diagonal. It equals the matrix power D^ℓ in exact arithmetic and is at least
 * as accurate in floating point (error ~ n^(2ℓ) eps) at O(n^2) cost per order instead of O(n^3).
 *
 * References
 * [1] Trefethen, Spectral Methods in MATLAB (SIAM 2000), ch. 6, Program cheb.
 * [2] Baltensperger & Trummer, "Spectral differencing with a twist", SIAM J. Sci. Comput. 24 (2003).
 * [3] Weideman & Reddy, "A MATLAB differentiation matrix suite", ACM TOMS 26 (2000), Section 4, chebdif.
 * [4] Welfert, "Generation of pseudospectral differentiation matrices I", SIAM J. Numer. Anal. 34 (1997).
 */

function checkDegree(caller: string, n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new Error(`${caller}: n must be a non-negative integer, got ${n}`);
}

function checkInterval(caller: string, a: number, b: number): void {
  if (!Number.isFinite(a) || !Number.isFinite(b) || !(a < b)) {
    throw new Error(`${caller}: interval must satisfy a < b (finite), got [${a}, ${b}]`);
  }
}

/**
 * The n+1 Chebyshev–Gauss–Lobatto points x_j = cos(jπ/n) on [-1, 1], x_0 = 1 [1, Program cheb], evaluated
 * as sin(π(n - 2j)/(2n)) so that they are exactly antisymmetric and x_{n/2} = 0 [3, chebdif].
 *
 * @param n - polynomial degree (≥ 0); n = 0 gives the single point [1] as in [1]
 * @returns n+1 points in decreasing order
 */
export function chebyshevPoints(n: number): number[] {
  checkDegree("chebyshevPoints", n);
  if (n === 0) return [1];
  return Array.from({ length: n + 1 }, (_, j) => Math.sin((Math.PI * (n - 2 * j)) / (2 * n)));
}

/**
 * The n+1 Chebyshev points mapped affinely to [a, b]: a + (b - a)(1 + x_j)/2, so the first is b, the last a.
 *
 * @param n - polynomial degree (≥ 0); @param a - left end; @param b - right end (a < b)
 */
export function chebyshevPointsOn(n: number, a: number, b: number): number[] {
  checkInterval("chebyshevPointsOn", a, b);
  return chebyshevPoints(n).map((x) => a + ((b - a) * (1 + x)) / 2);
}

/**
 * The (n+1) x (n+1) matrix of the k-th derivative on the Chebyshev points of [-1, 1], by Welfert's
 * recursion with negative-sum diagonals [3, 4] (module comment); k = 0 gives the identity.
 *
 * @param n - polynomial degree (≥ 0); n = 0 gives [[0]] for k ≥ 1 [1]
 * @param k - derivative order (≥ 0)
 * @returns rows of D^(k): (D^(k) f)_i = p^(k)(x_i) for the degree-n interpolant p of f
 */
export function chebyshevDiffMatrixOfOrder(n: number, k: number): number[][] {
  checkDegree("chebyshevDiffMatrixOfOrder", n);
  if (!Number.isInteger(k) || k < 0) throw new Error(`chebyshevDiffMatrixOfOrder: k must be a non-negative integer, got ${k}`);
  const size = n + 1;
  let D: number[][] = Array.from({ length: size }, (_, i) => Array.from({ length: size }, (_, j) => (i === j ? 1 : 0)));
  if (n === 0) return k === 0 ? D : [[0]];
  // Signed weights c_j (-1)^j, and 1/(x_i - x_j) by the sine identity [3].
  const c = Array.from({ length: size }, (_, j) => (j === 0 || j === n ? 2 : 1) * (j % 2 === 0 ? 1 : -1));
  const inverseDifference = (i: number, j: number): number =>
    1 / (2 * Math.sin(((i + j) * Math.PI) / (2 * n)) * Math.sin(((j - i) * Math.PI) / (2 * n)));
  for (let order = 1; order <= k; order++) {
    const next = D.map((row, i) =>
      row.map((entry, j) => (i === j ? 0 : order * inverseDifference(i, j) * ((c[i] / c[j]) * D[i][i] - entry))),
    );
    // Negative-sum trick [2]: each row of a derivative matrix annihilates constants.
    for (let i = 0; i < size; i++) {
      let sum = 0;
      for (let j = 0; j < size; j++) if (j !== i) sum += next[i][j];
      next[i][i] = -sum;
    }
    D = next;
  }
  return D;
}

/**
 * The (n+1) x (n+1) Chebyshev first-derivative matrix D of [1, ch. 6] on [-1, 1], diagonal by the
 * negative-sum trick [2]. D = [[0]] for n = 0.
 *
 * @param n - polynomial degree (≥ 0)
 */
export function chebyshevDiffMatrix(n: number): number[][] {
  return chebyshevDiffMatrixOfOrder(n, 1);
}

/**
 * The k-th derivative matrix on the Chebyshev points of [a, b] (chebyshevPointsOn): by the chain rule for
 * x = a + (b - a)(1 + t)/2 it is (2/(b - a))^k times the matrix on [-1, 1].
 *
 * @param n - polynomial degree (≥ 0); @param a - left end; @param b - right end; @param k - order (default 1)
 */
export function chebyshevDiffMatrixOn(n: number, a: number, b: number, k = 1): number[][] {
  checkInterval("chebyshevDiffMatrixOn", a, b);
  const factor = (2 / (b - a)) ** k;
  return chebyshevDiffMatrixOfOrder(n, k).map((row) => row.map((entry) => factor * entry));
}

/**
 * Product M v of a dense matrix (rows) with a vector, e.g. a differentiation matrix with samples f(x_j).
 *
 * @param M - m x n matrix as rows; @param v - length n
 * @returns length-m vector
 */
export function applyMatrix(M: readonly (readonly number[])[], v: ArrayLike<number>): number[] {
  return M.map((row, i) => {
    if (row.length !== v.length) throw new Error(`applyMatrix: row ${i} has length ${row.length}, vector has length ${v.length}`);
    let sum = 0;
    for (let j = 0; j < row.length; j++) sum += row[j] * v[j];
    return sum;
  });
}
