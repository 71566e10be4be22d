/**
 * Comparisons of numbers, vectors and matrices with an explicit tolerance, and the differences themselves.
 *
 * A tolerance says which error it bounds:
 *   { absolute: t }  passes when  max_i |got_i - expected_i| <= t,
 *   { relative: t }  passes when  max_i |got_i - expected_i| / max(1, max_i |expected_i|) <= t.
 * The relative form is the max-norm difference scaled by the max-norm of `expected`, floored at 1 so that
 * entries near zero are compared absolutely (jax's check_grads and numpy's allclose mix the two the same way).
 */
import { Matrix } from "ml-matrix";

/** A number, a vector (plain array) or an ml-matrix Matrix. */
export type Numeric = number | readonly number[] | Matrix;

/** Which difference a tolerance bounds; see the module comment. */
export type Tolerance = { readonly absolute: number } | { readonly relative: number };

function flatten(x: Numeric): { values: readonly number[]; shape: string } {
  if (typeof x === "number") return { values: [x], shape: "scalar" };
  if (x instanceof Matrix) return { values: x.to1DArray(), shape: `${x.rows}x${x.columns} matrix` };
  return { values: x, shape: `vector of length ${x.length}` };
}

function flattenPair(got: Numeric, expected: Numeric, caller: string): [readonly number[], readonly number[]] {
  const a = flatten(got);
  const b = flatten(expected);
  if (a.shape !== b.shape) {
    throw new Error(`${caller}: shapes differ, got a ${a.shape}, expected a ${b.shape}`);
  }
  return [a.values, b.values];
}

/** max_i |got_i - expected_i|; NaN when any entry of either is NaN. Shapes must agree. */
export function maxAbsDifference(got: Numeric, expected: Numeric): number {
  const [a, b] = flattenPair(got, expected, "maxAbsDifference");
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const difference = Math.abs(a[i] - b[i]);
    if (Number.isNaN(difference)) return Number.NaN;
    if (difference > worst) worst = difference;
  }
  return worst;
}

/** max_i |got_i - expected_i| / max(1, max_i |expected_i|): the quantity a { relative } tolerance bounds. */
export function relativeDifference(got: Numeric, expected: Numeric): number {
  const [, b] = flattenPair(got, expected, "relativeDifference");
  let scale = 1;
  for (const value of b) scale = Math.max(scale, Math.abs(value));
  return maxAbsDifference(got, expected) / scale;
}

function show(x: Numeric): string {
  if (typeof x === "number") return String(x);
  if (x instanceof Matrix) return `[${x.to2DArray().map((row) => `[${row.join(", ")}]`).join(",\n  ")}]`;
  return `[${x.join(", ")}]`;
}

/**
 * Throws unless `got` is within `tolerance` of `expected` (see the module comment); NaN never passes.
 *
 * @param got - computed value: number, number[] or Matrix
 * @param expected - reference value of the same shape
 * @param tolerance - { absolute: t } or { relative: t }
 * @param what - what is compared, printed first in the error message
 * @throws Error naming what, got, expected, the difference and the tolerance (built only on failure)
 */
export function assertClose(got: Numeric, expected: Numeric, tolerance: Tolerance, what: string): void {
  const isRelative = "relative" in tolerance;
  const bound = isRelative ? tolerance.relative : tolerance.absolute;
  const difference = isRelative ? relativeDifference(got, expected) : maxAbsDifference(got, expected);
  if (difference <= bound) return;
  const kind = isRelative ? "relative" : "absolute";
  throw new Error(
    `${what}: not close\n  got:        ${show(got)}\n  expected:   ${show(expected)}\n` +
      `  difference: ${difference} (${kind}, max-norm)\n  tolerance:  ${bound} (${kind})`,
  );
}

/**
 * Throws unless every component of a Monte Carlo mean lies within `sigmas` standard errors of `expected`:
 * |mean_i - expected_i| <= sigmas * standardError_i (so a component with standard error 0 must be exact).
 * NaN never passes.
 *
 * @param mean - sample means, length m
 * @param standardError - their standard errors, length m
 * @param expected - exact values, length m
 * @param sigmas - allowed number of standard errors (see MC_SIGMAS)
 * @param what - what is compared, printed first in the error message
 */
export function assertWithinStandardErrors(
  mean: readonly number[],
  standardError: readonly number[],
  expected: readonly number[],
  sigmas: number,
  what: string,
): void {
  if (mean.length !== expected.length || standardError.length !== expected.length) {
    throw new Error(
      `assertWithinStandardErrors: lengths must agree, got mean ${mean.length}, ` +
        `standardError ${standardError.length}, expected ${expected.length}`,
    );
  }
  // A component with zero standard error (constant samples) must match exactly.
  const zScores = mean.map((m, i) => (m === expected[i] ? 0 : Math.abs(m - expected[i]) / standardError[i]));
  const worst = zScores.reduce((a, z) => (Number.isNaN(z) || z > a ? z : a), 0);
  if (worst <= sigmas) return;
  throw new Error(
    `${what}: Monte Carlo mean not within ${sigmas} standard errors\n  got:        ${show(mean)}\n` +
      `  expected:   ${show(expected)}\n  std errors: ${show(standardError)}\n` +
      `  difference: ${show(mean.map((m, i) => m - expected[i]))} (worst ${worst} standard errors)\n` +
      `  tolerance:  ${sigmas} standard errors`,
  );
}
