/**
 * Finite-difference derivatives of samples on a uniform grid, second-order accurate at every point.
 *
 * (Not lib/numeric/finiteDifferences.ts, which differentiates a function by evaluating it at x ± h.)
 * For samples f_i = f(a + i h), i = 0..N-1, the stencils and their errors (estimate minus exact) are [1]:
 *   f'_i   ≈ (f_{i+1} - f_{i-1}) / (2h)                     interior,   error  h^2 f'''/6
 *   f'_0   ≈ (-3 f_0 + 4 f_1 - f_2) / (2h)                  left end,   error -h^2 f'''/3
 *   f'_N-1 ≈ (3 f_{N-1} - 4 f_{N-2} + f_{N-3}) / (2h)       right end,  error -h^2 f'''/3
 *   f''_i  ≈ (f_{i+1} - 2 f_i + f_{i-1}) / h^2              interior,   error  h^2 f''''/12
 *   f''_0  ≈ (2 f_0 - 5 f_1 + 4 f_2 - f_3) / h^2            left end,   error -11 h^2 f''''/12
 * (mirrored at the right end). All are exact on quadratics; the second-derivative stencils on cubics.
 * The 2-D versions apply these along one axis of the row-major grid of gridAxis.ts: values[i * N2 + j]
 * = f(a1 + i h1, a2 + j h2); ∂xy applies the first derivative along y, then along x.
 *
 * References
 * [1] Fornberg, "Generation of finite difference formulas on arbitrarily spaced grids", Math. Comp. 51
 *     (1988), tables of centered and one-sided coefficients (errors above by Taylor expansion).
 */
import { applyAlongAxis, checkGridLength, checkPartial, PARTIAL_ORDERS } from "./gridAxis.js";
import type { Partial2d } from "./gridAxis.js";

function checkSpacing(caller: string, h: number): void {
  if (!(h > 0) || !Number.isFinite(h)) throw new Error(`${caller}: spacing h must be a positive finite number, got ${h}`);
}

function firstDerivative(f: ArrayLike<number>, h: number): number[] {
  const n = f.length;
  const out = new Array<number>(n);
  out[0] = (-3 * f[0] + 4 * f[1] - f[2]) / (2 * h);
  for (let i = 1; i < n - 1; i++) out[i] = (f[i + 1] - f[i - 1]) / (2 * h);
  out[n - 1] = (3 * f[n - 1] - 4 * f[n - 2] + f[n - 3]) / (2 * h);
  return out;
}

function secondDerivative(f: ArrayLike<number>, h: number): number[] {
  const n = f.length;
  const out = new Array<number>(n);
  const h2 = h * h;
  out[0] = (2 * f[0] - 5 * f[1] + 4 * f[2] - f[3]) / h2;
  for (let i = 1; i < n - 1; i++) out[i] = (f[i + 1] - 2 * f[i] + f[i - 1]) / h2;
  out[n - 1] = (2 * f[n - 1] - 5 * f[n - 2] + 4 * f[n - 3] - f[n - 4]) / h2;
  return out;
}

/** Fewest samples each order needs: 3 for the first derivative, 4 for the second (one-sided stencils). */
const MIN_POINTS: Readonly<Record<1 | 2, number>> = { 1: 3, 2: 4 };

/**
 * First or second derivative of uniform samples, second order everywhere [1] (module comment).
 *
 * @param values - f(a + i h), i = 0..N-1, with N ≥ 3 (order 1) or N ≥ 4 (order 2)
 * @param h - grid spacing (> 0)
 * @param order - 1 or 2 (default 1)
 * @returns the derivative estimates at the N grid points
 */
export function finiteDifferenceDerivative(values: ArrayLike<number>, h: number, order: 1 | 2 = 1): number[] {
  checkSpacing("finiteDifferenceDerivative", h);
  if (order !== 1 && order !== 2) throw new Error(`finiteDifferenceDerivative: order must be 1 or 2, got ${order}`);
  if (values.length < MIN_POINTS[order]) {
    throw new Error(`finiteDifferenceDerivative: order ${order} needs at least ${MIN_POINTS[order]} samples, got ${values.length}`);
  }
  return order === 1 ? firstDerivative(values, h) : secondDerivative(values, h);
}

/**
 * A partial derivative (∂x, ∂y, ∂xx, ∂yy or ∂xy) of samples on a uniform N1 x N2 grid [1].
 *
 * @param values - f(a1 + i h1, a2 + j h2) at values[i * N2 + j], length N1 N2
 * @param shape - [N1, N2], points along x and along y (each ≥ 3, or ≥ 4 along an axis with order 2)
 * @param spacing - [h1, h2]
 * @param which - "x", "y", "xx", "yy" or "xy"
 * @returns the derivative at the grid points, same layout
 */
export function finiteDifferencePartial2d(
  values: ArrayLike<number>,
  shape: readonly [number, number],
  spacing: readonly [number, number],
  which: Partial2d,
): number[] {
  checkPartial("finiteDifferencePartial2d", which);
  const [rows, columns] = shape;
  checkGridLength("finiteDifferencePartial2d", values, rows, columns);
  const [orderX, orderY] = PARTIAL_ORDERS[which];
  let out: ArrayLike<number> = values;
  if (orderY > 0) {
    out = applyAlongAxis(out, rows, columns, 1, (line) => finiteDifferenceDerivative(line, spacing[1], orderY as 1 | 2));
  }
  if (orderX > 0) {
    out = applyAlongAxis(out, rows, columns, 0, (line) => finiteDifferenceDerivative(line, spacing[0], orderX as 1 | 2));
  }
  return Array.from(out);
}
