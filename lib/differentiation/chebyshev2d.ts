/**
 * Chebyshev spectral differentiation on a tensor-product grid of [a1, b1] x [a2, b2].
 *
 * The grid has (n1+1)(n2+1) points (x_i, y_j), x_i = chebyshevPointsOn(n1, a1, b1)[i] and
 * y_j = chebyshevPointsOn(n2, a2, b2)[j], with values stored row-major: values[i * (n2+1) + j] = f(x_i, y_j).
 * The partial derivatives of the tensor-product interpolant are [1, ch. 7]
 *   ∂x = (D_x ⊗ I) v,  ∂y = (I ⊗ D_y) v,  ∂xx = (D_x^(2) ⊗ I) v,  ∂yy = (I ⊗ D_y^(2)) v,  ∂xy = (D_x ⊗ D_y) v,
 * applied line by line without forming the Kronecker products (gridAxis.ts). They are exact for
 * polynomials of degree ≤ n1 in x and ≤ n2 in y, up to rounding.
 *
 * References
 * [1] Trefethen, Spectral Methods in MATLAB (SIAM 2000), ch. 7 (Program 16: kron(I, D2) + kron(D2, I)).
 */
import { applyMatrix, chebyshevDiffMatrixOn, chebyshevPointsOn } from "./chebyshev.js";
import { applyAlongAxis, checkGridLength, checkPartial, PARTIAL_ORDERS } from "./gridAxis.js";
import type { Partial2d } from "./gridAxis.js";

/** A Chebyshev tensor-product grid with its scaled 1-D differentiation matrices (chebyshevGrid2d). */
export interface ChebyshevGrid2d {
  readonly n1: number;
  readonly n2: number;
  readonly domain: readonly [readonly [number, number], readonly [number, number]];
  /** n1+1 points along x, from b1 down to a1. */
  readonly x: readonly number[];
  /** n2+1 points along y, from b2 down to a2. */
  readonly y: readonly number[];
  /** All (n1+1)(n2+1) points [x_i, y_j] in the row-major order of the values. */
  readonly points: readonly (readonly [number, number])[];
  /** First- and second-derivative matrices along x ((n1+1) square) and along y ((n2+1) square). */
  readonly dx: readonly (readonly number[])[];
  readonly dxx: readonly (readonly number[])[];
  readonly dy: readonly (readonly number[])[];
  readonly dyy: readonly (readonly number[])[];
}

/**
 * The Chebyshev tensor-product grid of degree (n1, n2) on [a1, b1] x [a2, b2] [1, ch. 7].
 *
 * @param n1 - degree along x (≥ 0); @param n2 - degree along y (≥ 0)
 * @param domain - [[a1, b1], [a2, b2]] with a1 < b1, a2 < b2
 */
export function chebyshevGrid2d(
  n1: number,
  n2: number,
  domain: readonly [readonly [number, number], readonly [number, number]],
): ChebyshevGrid2d {
  if (domain.length !== 2) throw new Error(`chebyshevGrid2d: domain must have 2 intervals, got ${domain.length}`);
  const [[a1, b1], [a2, b2]] = domain;
  const x = chebyshevPointsOn(n1, a1, b1);
  const y = chebyshevPointsOn(n2, a2, b2);
  const points = x.flatMap((xi) => y.map((yj): [number, number] => [xi, yj]));
  return {
    n1,
    n2,
    domain: [[a1, b1], [a2, b2]],
    x,
    y,
    points,
    dx: chebyshevDiffMatrixOn(n1, a1, b1, 1),
    dxx: chebyshevDiffMatrixOn(n1, a1, b1, 2),
    dy: chebyshevDiffMatrixOn(n2, a2, b2, 1),
    dyy: chebyshevDiffMatrixOn(n2, a2, b2, 2),
  };
}

/**
 * A partial derivative (∂x, ∂y, ∂xx, ∂yy or ∂xy) of grid values by Chebyshev spectral differentiation,
 * the Kronecker product of the 1-D matrices applied along each axis [1] (module comment).
 *
 * @param grid - from chebyshevGrid2d
 * @param values - f(x_i, y_j) at values[i * (n2+1) + j], length (n1+1)(n2+1)
 * @param which - "x", "y", "xx", "yy" or "xy"
 * @returns the derivative at the grid points, same layout
 */
export function chebyshevPartial2d(grid: ChebyshevGrid2d, values: ArrayLike<number>, which: Partial2d): number[] {
  checkPartial("chebyshevPartial2d", which);
  const rows = grid.n1 + 1;
  const columns = grid.n2 + 1;
  checkGridLength("chebyshevPartial2d", values, rows, columns);
  const [orderX, orderY] = PARTIAL_ORDERS[which];
  let out: ArrayLike<number> = values;
  if (orderY > 0) {
    const Dy = orderY === 1 ? grid.dy : grid.dyy;
    out = applyAlongAxis(out, rows, columns, 1, (line) => applyMatrix(Dy, line));
  }
  if (orderX > 0) {
    const Dx = orderX === 1 ? grid.dx : grid.dxx;
    out = applyAlongAxis(out, rows, columns, 0, (line) => applyMatrix(Dx, line));
  }
  return Array.from(out);
}
