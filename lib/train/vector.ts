/**
 * The few float64 vector operations L-BFGS needs, on Float64Array: inner product, norms, x + a·d.
 *
 * Plain loops in index order, so results are the same on every platform (no reassociation).
 */

/** xᵀy for vectors of equal length. */
export function dot(x: Float64Array, y: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i] * y[i];
  return sum;
}

/** Euclidean norm |x|₂ = √(xᵀx). */
export function norm2(x: Float64Array): number {
  return Math.sqrt(dot(x, x));
}

/** |x|₁ = Σ|x_i|. */
export function norm1(x: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += Math.abs(x[i]);
  return sum;
}

/** |x|∞ = max |x_i| (0 for an empty vector; NaN when an entry is NaN). */
export function normInf(x: Float64Array): number {
  let worst = 0;
  for (let i = 0; i < x.length; i++) {
    const a = Math.abs(x[i]);
    if (!(a <= worst)) worst = a;
  }
  return worst;
}

/** A new vector x + a·d. */
export function addScaled(x: Float64Array, a: number, d: Float64Array): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = x[i] + a * d[i];
  return out;
}

/** A new vector x − y. */
export function subtract(x: Float64Array, y: Float64Array): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = x[i] - y[i];
  return out;
}

/** True when every entry is finite (no NaN, no ±Infinity). */
export function allFinite(x: Float64Array): boolean {
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i])) return false;
  return true;
}
