/**
 * Applying a one-dimensional operator along one axis of a two-dimensional grid stored row-major.
 *
 * Layout shared by chebyshev2d.ts, finiteDifferences.ts and fourier.ts: a grid with rows points along x and
 * columns points along y stores f(x_i, y_j) at values[i * columns + j]. Applying a 1-D operator A along x
 * is (A ⊗ I) v and along y is (I ⊗ A) v, the Kronecker products of [1] without forming them.
 *
 * References
 * [1] Trefethen, Spectral Methods in MATLAB (SIAM 2000), ch. 7 (tensor-product grids, kron(I, D2)).
 */

/** Which partial derivative of a function of (x, y): ∂x, ∂y, ∂xx, ∂yy or the mixed ∂xy. */
export type Partial2d = "x" | "y" | "xx" | "yy" | "xy";

/** Derivative orders (along x, along y) of each Partial2d. */
export const PARTIAL_ORDERS: Readonly<Record<Partial2d, readonly [number, number]>> = {
  x: [1, 0],
  y: [0, 1],
  xx: [2, 0],
  yy: [0, 2],
  xy: [1, 1],
};

/** Throws unless `which` is one of the five Partial2d names. */
export function checkPartial(caller: string, which: string): asserts which is Partial2d {
  if (!Object.prototype.hasOwnProperty.call(PARTIAL_ORDERS, which)) {
    throw new Error(`${caller}: which must be one of x, y, xx, yy, xy, got ${which}`);
  }
}

/** Throws unless values.length = rows * columns. */
export function checkGridLength(caller: string, values: ArrayLike<number>, rows: number, columns: number): void {
  if (values.length !== rows * columns) {
    throw new Error(`${caller}: values must have length ${rows} * ${columns} = ${rows * columns}, got ${values.length}`);
  }
}

/**
 * Applies `line` to every line of a rows x columns grid along `axis` [1]: axis 0 (x) transforms each
 * column values[0..rows-1][j], axis 1 (y) each row values[i][0..columns-1].
 *
 * @param values - grid values, length rows * columns, row-major (values[i * columns + j])
 * @param rows - number of points along x; @param columns - number along y
 * @param axis - 0 for x, 1 for y
 * @param line - maps a line of samples to a line of the same length
 * @returns the transformed grid, same layout
 */
export function applyAlongAxis(
  values: ArrayLike<number>,
  rows: number,
  columns: number,
  axis: 0 | 1,
  line: (samples: number[]) => number[],
): number[] {
  const out = new Array<number>(rows * columns);
  const length = axis === 0 ? rows : columns;
  const stride = axis === 0 ? columns : 1;
  const lineCount = axis === 0 ? columns : rows;
  const lineStep = axis === 0 ? 1 : columns;
  for (let l = 0; l < lineCount; l++) {
    const start = l * lineStep;
    const samples = new Array<number>(length);
    for (let k = 0; k < length; k++) samples[k] = values[start + k * stride];
    const result = line(samples);
    for (let k = 0; k < length; k++) out[start + k * stride] = result[k];
  }
  return out;
}
