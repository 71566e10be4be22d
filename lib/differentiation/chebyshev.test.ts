import { test } from "node:test";
import assert from "node:assert/strict";
import { assertClose } from "../numeric/assertClose.js";
import {
  applyMatrix,
  chebyshevDiffMatrix,
  chebyshevDiffMatrixOfOrder,
  chebyshevDiffMatrixOn,
  chebyshevPoints,
  chebyshevPointsOn,
} from "./chebyshev.js";
import { chebyshevExactTolerance, SPECTRAL_CONVERGED_ABSOLUTE, SPECTRAL_DECAY_FACTOR } from "./tolerances.js";

const SIZES = [1, 2, 7, 8, 15, 16, 31, 32]; // odd and even n

/** x^m and its k-th derivative m (m-1) .. (m-k+1) x^(m-k). */
const monomial = (m: number, k: number) => (x: number): number => {
  if (k > m) return 0;
  let factor = 1;
  for (let i = 0; i < k; i++) factor *= m - i;
  return factor * x ** (m - k);
};

test("chebyshevPoints(n) are cos(jπ/n), from 1 down to -1, and exactly antisymmetric", () => {
  for (const n of SIZES) {
    const x = chebyshevPoints(n);
    assert.equal(x.length, n + 1);
    assertClose(x, x.map((_, j) => Math.cos((j * Math.PI) / n)), { absolute: chebyshevExactTolerance(1, 0) }, `points n=${n}`);
    assert.equal(x[0], 1);
    assert.equal(x[n], -1);
    x.forEach((xj, j) => assert.ok(xj + x[n - j] === 0, `x_${j} = -x_${n - j} for n=${n}`));
  }
  assert.deepEqual(chebyshevPoints(0), [1]);
});

test("chebyshevDiffMatrix(0) is [[0]] as in Trefethen's cheb(0)", () => {
  assert.deepEqual(chebyshevDiffMatrix(0), [[0]]);
  assert.deepEqual(chebyshevDiffMatrixOfOrder(0, 0), [[1]]);
});

test("chebyshevDiffMatrix(1) is [[1/2, -1/2], [1/2, -1/2]] (Trefethen ch. 6, N = 1)", () => {
  assertClose(chebyshevDiffMatrix(1).flat(), [0.5, -0.5, 0.5, -0.5], { absolute: chebyshevExactTolerance(1, 1) }, "D_1");
});

test("chebyshevDiffMatrix(n) maps constants to zero", () => {
  for (const n of SIZES) {
    const D = chebyshevDiffMatrix(n);
    // The negative-sum diagonal makes each row sum vanish up to the rounding of one sum.
    assertClose(applyMatrix(D, Array(n + 1).fill(1)), Array(n + 1).fill(0), { absolute: chebyshevExactTolerance(n, 1) }, `D 1, n=${n}`);
  }
});

test("chebyshevDiffMatrix(n) differentiates every monomial of degree ≤ n exactly, for odd and even n", () => {
  for (const n of SIZES) {
    const x = chebyshevPoints(n);
    const D = chebyshevDiffMatrix(n);
    for (let m = 0; m <= n; m++) {
      const got = applyMatrix(D, x.map(monomial(m, 0)));
      assertClose(got, x.map(monomial(m, 1)), { relative: chebyshevExactTolerance(n, 1) }, `D x^${m}, n=${n}`);
    }
  }
});

test("chebyshevDiffMatrixOfOrder(n, 2) differentiates every monomial of degree ≤ n twice exactly", () => {
  for (const n of SIZES) {
    const x = chebyshevPoints(n);
    const D2 = chebyshevDiffMatrixOfOrder(n, 2);
    for (let m = 0; m <= n; m++) {
      const got = applyMatrix(D2, x.map(monomial(m, 0)));
      assertClose(got, x.map(monomial(m, 2)), { relative: chebyshevExactTolerance(n, 2) }, `D2 x^${m}, n=${n}`);
    }
  }
});

test("chebyshevDiffMatrixOfOrder(n, k) equals the k-th power of chebyshevDiffMatrix(n)", () => {
  for (const n of [5, 12]) {
    const D = chebyshevDiffMatrix(n);
    let power = D;
    for (let k = 2; k <= 3; k++) {
      power = power.map((row) => D[0].map((_, j) => row.reduce((s, entry, l) => s + entry * D[l][j], 0)));
      const scale = Math.max(1, ...power.flat().map(Math.abs));
      assertClose(chebyshevDiffMatrixOfOrder(n, k).flat(), power.flat(), { relative: chebyshevExactTolerance(n, k) * scale }, `D^(${k}) vs D^${k}, n=${n}`);
    }
  }
});

test("chebyshevDiffMatrixOn(n, a, b, k) differentiates polynomials exactly on [a, b] = [1, 4]", () => {
  const [a, b] = [1, 4];
  const p = (x: number): number => 2 - 3 * x + 0.5 * x ** 3 - 0.1 * x ** 5;
  const dp = (x: number): number => -3 + 1.5 * x ** 2 - 0.5 * x ** 4;
  const d2p = (x: number): number => 3 * x - 2 * x ** 3;
  for (const n of [5, 6, 11]) {
    const x = chebyshevPointsOn(n, a, b);
    assert.equal(x[0], b);
    assert.equal(x[n], a);
    const values = x.map(p);
    // Rounding grows with the size of p on [1, 4] (|p| ≤ ~100), hence the extra factor.
    const scale = Math.max(...values.map(Math.abs));
    assertClose(applyMatrix(chebyshevDiffMatrixOn(n, a, b), values), x.map(dp), { relative: scale * chebyshevExactTolerance(n, 1) }, `D p on [1,4], n=${n}`);
    assertClose(applyMatrix(chebyshevDiffMatrixOn(n, a, b, 2), values), x.map(d2p), { relative: scale * chebyshevExactTolerance(n, 2) }, `D2 p on [1,4], n=${n}`);
  }
});

/** Max error of the Chebyshev first derivative of exp(sin(πx)) on n+1 points. */
function spectralError(n: number): number {
  const x = chebyshevPoints(n);
  const got = applyMatrix(chebyshevDiffMatrix(n), x.map((t) => Math.exp(Math.sin(Math.PI * t))));
  return Math.max(...x.map((t, i) => Math.abs(got[i] - Math.PI * Math.cos(Math.PI * t) * Math.exp(Math.sin(Math.PI * t)))));
}

test("the Chebyshev derivative of exp(sin(πx)) converges spectrally: error below 1e-10 by n = 40", () => {
  const error = spectralError(40);
  assert.ok(error < SPECTRAL_CONVERGED_ABSOLUTE, `error at n=40 is ${error}, expected < ${SPECTRAL_CONVERGED_ABSOLUTE}`);
});

test("the Chebyshev derivative error of exp(sin(πx)) falls by ≥ 10x per step n = 8, 16, 24, 32", () => {
  const errors = [8, 16, 24, 32].map(spectralError);
  for (let i = 1; i < errors.length; i++) {
    assert.ok(errors[i - 1] / errors[i] >= SPECTRAL_DECAY_FACTOR, `errors ${errors.join(", ")} must fall by ${SPECTRAL_DECAY_FACTOR}x per step`);
  }
});

test("chebyshev functions reject bad arguments with messages naming them", () => {
  assert.throws(() => chebyshevPoints(-1), /chebyshevPoints: n must be a non-negative integer, got -1/);
  assert.throws(() => chebyshevDiffMatrixOfOrder(4, 1.5), /chebyshevDiffMatrixOfOrder: k must be a non-negative integer, got 1.5/);
  assert.throws(() => chebyshevPointsOn(4, 2, 1), /chebyshevPointsOn: interval must satisfy a < b/);
});
