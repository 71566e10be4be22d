import { test } from "node:test";
import assert from "node:assert/strict";
import { assertClose } from "../numeric/assertClose.js";
import { chebyshevPointsOn } from "./chebyshev.js";
import { chebyshevGrid2d, chebyshevPartial2d } from "./chebyshev2d.js";
import type { Partial2d } from "./gridAxis.js";
import { chebyshevExactTolerance } from "./tolerances.js";

// The domain of the paper's Fig. 2 target, [1, 4] x [-3, 4]: a mapped, non-square box.
const DOMAIN = [[1, 4], [-3, 4]] as const;

/** c x^a y^b with all five partial derivatives. */
function monomial2d(a: number, b: number): { f: (x: number, y: number) => number; partial: Record<Partial2d, (x: number, y: number) => number> } {
  const d = (p: number, k: number) => (t: number): number => {
    if (k > p) return 0;
    let factor = 1;
    for (let i = 0; i < k; i++) factor *= p - i;
    return factor * t ** (p - k);
  };
  return {
    f: (x, y) => d(a, 0)(x) * d(b, 0)(y),
    partial: {
      x: (x, y) => d(a, 1)(x) * d(b, 0)(y),
      y: (x, y) => d(a, 0)(x) * d(b, 1)(y),
      xx: (x, y) => d(a, 2)(x) * d(b, 0)(y),
      yy: (x, y) => d(a, 0)(x) * d(b, 2)(y),
      xy: (x, y) => d(a, 1)(x) * d(b, 1)(y),
    },
  };
}

test("chebyshevGrid2d lists (n1+1)(n2+1) points [x_i, y_j] in row-major order", () => {
  const grid = chebyshevGrid2d(3, 5, DOMAIN);
  assert.equal(grid.points.length, 4 * 6);
  assert.deepEqual(grid.x, chebyshevPointsOn(3, 1, 4));
  assert.deepEqual(grid.y, chebyshevPointsOn(5, -3, 4));
  for (let i = 0; i <= 3; i++) for (let j = 0; j <= 5; j++) assert.deepEqual(grid.points[i * 6 + j], [grid.x[i], grid.y[j]]);
});

test("chebyshevPartial2d is exact on x^a y^b with a ≤ n1, b ≤ n2, for all five partials", () => {
  const [n1, n2] = [4, 5];
  const grid = chebyshevGrid2d(n1, n2, DOMAIN);
  for (let a = 0; a <= n1; a++) {
    for (let b = 0; b <= n2; b++) {
      const { f, partial } = monomial2d(a, b);
      const values = grid.points.map(([x, y]) => f(x, y));
      // Rounding scales with the size of the samples (|x^a y^b| ≤ 4^4 4^5 here) and n^(2k).
      const scale = Math.max(1, ...values.map(Math.abs));
      for (const which of ["x", "y", "xx", "yy", "xy"] as const) {
        const order = which.length;
        const tolerance = scale * chebyshevExactTolerance(Math.max(n1, n2), order);
        assertClose(chebyshevPartial2d(grid, values, which), grid.points.map(([x, y]) => partial[which](x, y)), { relative: tolerance }, `∂${which} of x^${a} y^${b}`);
      }
    }
  }
});

test("chebyshevPartial2d ∂xy of sin(x) cos(y) on [-1,1]^2 with n = 20 matches -cos(x) sin(y) spectrally", () => {
  const grid = chebyshevGrid2d(20, 20, [[-1, 1], [-1, 1]]);
  const values = grid.points.map(([x, y]) => Math.sin(x) * Math.cos(y));
  const expected = grid.points.map(([x, y]) => -Math.cos(x) * Math.sin(y));
  assertClose(chebyshevPartial2d(grid, values, "xy"), expected, { relative: chebyshevExactTolerance(20, 2) }, "∂xy sin x cos y");
});

test("chebyshevPartial2d rejects a values array of the wrong length and an unknown partial", () => {
  const grid = chebyshevGrid2d(2, 3, DOMAIN);
  assert.throws(() => chebyshevPartial2d(grid, [1, 2, 3], "x"), /chebyshevPartial2d: values must have length 3 \* 4 = 12, got 3/);
  assert.throws(() => chebyshevPartial2d(grid, Array(12).fill(0), "z" as Partial2d), /chebyshevPartial2d: which must be one of x, y, xx, yy, xy, got z/);
});
