import { test } from "node:test";
import assert from "node:assert/strict";
import { assertClose } from "../numeric/assertClose.js";
import { finiteDifferenceDerivative, finiteDifferencePartial2d } from "./finiteDifferences.js";
import type { Partial2d } from "./gridAxis.js";
import { GRID_FD_EXACT_RELATIVE, GRID_FD_ORDER_MAX, GRID_FD_ORDER_MIN } from "./tolerances.js";

/** N uniform points a + i h, i = 0..N-1, covering [a, b]. */
const uniform = (a: number, b: number, n: number): number[] => Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));

test("finiteDifferenceDerivative is exact on a quadratic at interior and boundary points", () => {
  const x = uniform(-1, 2, 31);
  const h = x[1] - x[0];
  const f = x.map((t) => 3 - 2 * t + 1.5 * t * t);
  assertClose(finiteDifferenceDerivative(f, h), x.map((t) => -2 + 3 * t), { relative: GRID_FD_EXACT_RELATIVE }, "f' of a quadratic");
  assertClose(finiteDifferenceDerivative(f, h, 2), x.map(() => 3), { relative: GRID_FD_EXACT_RELATIVE }, "f'' of a quadratic");
});

test("finiteDifferenceDerivative's second-derivative stencils are exact on a cubic, ends included", () => {
  const x = uniform(0, 1, 11);
  const f = x.map((t) => t ** 3 - t);
  assertClose(finiteDifferenceDerivative(f, x[1] - x[0], 2), x.map((t) => 6 * t), { relative: GRID_FD_EXACT_RELATIVE }, "f'' of a cubic");
});

/**
 * Observed order log2(e(h) / e(h/2)) of the max error over the interior or at the two ends, for sin on
 * [0.5, 1.5] (where sin''' and sin'''' do not vanish, so the h^2 term leads everywhere).
 */
function observedOrder(order: 1 | 2, where: "interior" | "boundary"): number {
  const error = (n: number): number => {
    const x = uniform(0.5, 1.5, n);
    const got = finiteDifferenceDerivative(x.map(Math.sin), x[1] - x[0], order);
    const exact = x.map(order === 1 ? Math.cos : (t: number) => -Math.sin(t));
    const indices = where === "boundary" ? [0, n - 1] : x.map((_, i) => i).slice(1, -1);
    return Math.max(...indices.map((i) => Math.abs(got[i] - exact[i])));
  };
  return Math.log2(error(41) / error(81));
}

for (const order of [1, 2] as const) {
  for (const where of ["interior", "boundary"] as const) {
    test(`finiteDifferenceDerivative order ${order} converges at second order on sin(x) (${where}): error ratio ≈ 4 when h halves`, () => {
      const p = observedOrder(order, where);
      assert.ok(p >= GRID_FD_ORDER_MIN && p <= GRID_FD_ORDER_MAX, `observed order ${p}, expected in [${GRID_FD_ORDER_MIN}, ${GRID_FD_ORDER_MAX}]`);
    });
  }
}

test("finiteDifferencePartial2d is exact on a quadratic in (x, y) for all five partials", () => {
  const [N1, N2] = [9, 12];
  const x = uniform(1, 4, N1);
  const y = uniform(-3, 4, N2);
  const points = x.flatMap((xi) => y.map((yj) => [xi, yj] as const));
  const f = ([s, t]: readonly [number, number]): number => 1 + 2 * s - t + 0.5 * s * s - 3 * s * t + 2 * t * t;
  const expected: Record<Partial2d, (p: readonly [number, number]) => number> = {
    x: ([s, t]) => 2 + s - 3 * t,
    y: ([s, t]) => -1 - 3 * s + 4 * t,
    xx: () => 1,
    yy: () => 4,
    xy: () => -3,
  };
  const values = points.map(f);
  for (const which of ["x", "y", "xx", "yy", "xy"] as const) {
    const got = finiteDifferencePartial2d(values, [N1, N2], [x[1] - x[0], y[1] - y[0]], which);
    assertClose(got, points.map(expected[which]), { relative: GRID_FD_EXACT_RELATIVE }, `∂${which} of a quadratic`);
  }
});

test("finiteDifferenceDerivative rejects too few samples and a non-positive spacing", () => {
  assert.throws(() => finiteDifferenceDerivative([1, 2, 3], 0.1, 2), /finiteDifferenceDerivative: order 2 needs at least 4 samples, got 3/);
  assert.throws(() => finiteDifferenceDerivative([1, 2, 3], 0), /finiteDifferenceDerivative: spacing h must be a positive finite number, got 0/);
});
