/**
 * The two-loop recursion [1, Alg. 7.4] against the explicit matrix it applies: m BFGS updates
 *   H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ,  ρ = 1 / yᵀs   [1, eq. (6.17)]
 * of H⁰ = γ I, γ = sᵀy / yᵀy of the newest pair [1, eq. (7.20)], oldest pair first [1, eq. (7.19)].
 *
 * [1] J. Nocedal, S. J. Wright, Numerical Optimization, 2nd ed., Springer 2006.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { Matrix } from "ml-matrix";
import { assertClose } from "../numeric/assertClose.js";
import { SeededRandom } from "../numeric/random.js";
import { IDENTITY_RELATIVE } from "../numeric/tolerances.js";
import { LbfgsHistory } from "./lbfgsHistory.js";

/** Pairs (s, A s) for a seeded SPD A, so that sᵀy > 0. */
function pairs(n: number, count: number, seed: number): { s: Float64Array; y: Float64Array }[] {
  const rng = new SeededRandom(seed);
  const B = new Matrix(Array.from({ length: n }, () => rng.gaussianVector(n)));
  const A = B.transpose().mmul(B).add(Matrix.eye(n).mul(0.1));
  return Array.from({ length: count }, () => {
    const s = rng.gaussianVector(n);
    return { s: Float64Array.from(s), y: Float64Array.from(A.mmul(Matrix.columnVector(s)).to1DArray()) };
  });
}

/** −H g with H built explicitly from the pairs (module comment). */
function explicitDirection(stored: { s: Float64Array; y: Float64Array }[], g: Float64Array): number[] {
  const n = g.length;
  const newest = stored[stored.length - 1];
  const yy = newest.y.reduce((a, v) => a + v * v, 0);
  const sy = newest.y.reduce((a, v, i) => a + v * newest.s[i], 0);
  let H = Matrix.eye(n).mul(sy / yy);
  for (const { s, y } of stored) {
    const S = Matrix.columnVector(Array.from(s));
    const Y = Matrix.columnVector(Array.from(y));
    const rho = 1 / S.transpose().mmul(Y).get(0, 0);
    const left = Matrix.eye(n).sub(S.mmul(Y.transpose()).mul(rho));
    H = left.mmul(H).mmul(left.transpose()).add(S.mmul(S.transpose()).mul(rho));
  }
  return H.mmul(Matrix.columnVector(Array.from(g))).mul(-1).to1DArray();
}

test("LbfgsHistory.direction equals −H g for H built by explicit BFGS updates of γ I from the stored pairs", () => {
  const n = 6;
  const all = pairs(n, 4, 11);
  const history = new LbfgsHistory(5);
  const g = Float64Array.from(new SeededRandom(12).gaussianVector(n));
  assertClose(Array.from(history.direction(g)), Array.from(g, (v) => -v), { relative: IDENTITY_RELATIVE }, "no pairs: −g");
  all.forEach(({ s, y }, k) => {
    assert.ok(history.push(s, y), `pair ${k} has sᵀy > 0 and is kept`);
    assertClose(Array.from(history.direction(g)), explicitDirection(all.slice(0, k + 1), g), { relative: IDENTITY_RELATIVE }, `${k + 1} pairs`);
  });
});

test("LbfgsHistory keeps only the newest size pairs", () => {
  const all = pairs(5, 7, 13);
  const history = new LbfgsHistory(3);
  for (const { s, y } of all) history.push(s, y);
  assert.equal(history.length, 3);
  const g = Float64Array.from(new SeededRandom(14).gaussianVector(5));
  assertClose(Array.from(history.direction(g)), explicitDirection(all.slice(4), g), { relative: IDENTITY_RELATIVE }, "last 3 of 7 pairs");
});

test("LbfgsHistory skips a pair that violates the curvature condition sᵀy > 0", () => {
  const history = new LbfgsHistory(3);
  assert.equal(history.push(Float64Array.from([1, 0]), Float64Array.from([-1, 0])), false, "sᵀy < 0");
  assert.equal(history.push(Float64Array.from([1, 0]), Float64Array.from([0, 1])), false, "sᵀy = 0");
  assert.equal(history.length, 0);
  assert.throws(() => new LbfgsHistory(0), /LbfgsHistory: size must be a positive integer, got 0/);
});

test("LbfgsHistory's absolute curvature test is PyTorch's sᵀy > 1e-10: it drops a small pair that the scale-free relative test keeps", () => {
  const [s, y] = [Float64Array.from([1e-6, 0]), Float64Array.from([1e-6, 0])];
  assert.equal(new LbfgsHistory(5).push(s, y), true, "relative: sᵀy = |s||y|");
  assert.equal(new LbfgsHistory(5, "absolute").push(s, y), false, "absolute: sᵀy = 1e-12 ≤ 1e-10");
  assert.equal(new LbfgsHistory(5, "absolute").push(Float64Array.from([1e-4, 0]), Float64Array.from([1e-4, 0])), true, "sᵀy = 1e-8");
  assert.throws(() => new LbfgsHistory(5, "cosine" as "absolute"), /LbfgsHistory: curvatureTest must be "relative" or "absolute", got cosine/);
});

/** Alg. 7.4 of [1] written as two plain loops, each update and each inner product its own pass, sums in index order. */
function textbookDirection(stored: { s: Float64Array; y: Float64Array }[], g: Float64Array): Float64Array {
  const dot = (u: Float64Array, v: Float64Array) => {
    let sum = 0;
    for (let j = 0; j < u.length; j++) sum += u[j] * v[j];
    return sum;
  };
  const q = Float64Array.from(g);
  const rho = stored.map(({ s, y }) => 1 / dot(s, y));
  const alpha: number[] = [];
  for (let i = stored.length - 1; i >= 0; i--) {
    alpha[i] = rho[i] * dot(stored[i].s, q);
    for (let j = 0; j < q.length; j++) q[j] -= alpha[i] * stored[i].y[j];
  }
  const newest = stored[stored.length - 1].y;
  const gamma = 1 / (rho[stored.length - 1] * dot(newest, newest));
  for (let j = 0; j < q.length; j++) q[j] *= gamma;
  for (let i = 0; i < stored.length; i++) {
    const c = alpha[i] - rho[i] * dot(stored[i].y, q);
    for (let j = 0; j < q.length; j++) q[j] += c * stored[i].s[j];
  }
  return q.map((v) => -v);
}

test("LbfgsHistory.direction, one fused pass per update, gives the textbook two loops' direction to the last bit, for 1 to 7 pairs", () => {
  const all = pairs(37, 9, 15);
  const history = new LbfgsHistory(7);
  const g = Float64Array.from(new SeededRandom(16).gaussianVector(37));
  all.forEach(({ s, y }, k) => {
    history.push(s, y);
    const expected = textbookDirection(all.slice(Math.max(0, k - 6), k + 1), g);
    const actual = history.direction(g);
    const differing = expected.findIndex((v, j) => !Object.is(v, actual[j]));
    assert.equal(differing, -1, `${Math.min(k + 1, 7)} pairs: entry ${differing} is ${actual[differing]}, the textbook loops give ${expected[differing]}`);
  });
});

test("LbfgsHistory restored from a snapshot gives the original's direction to the last bit", () => {
  const history = new LbfgsHistory(4);
  for (const { s, y } of pairs(11, 6, 17)) history.push(s, y);
  const copy = new LbfgsHistory(4);
  copy.restore(JSON.parse(JSON.stringify(history.snapshot())));
  const g = Float64Array.from(new SeededRandom(18).gaussianVector(11));
  assert.deepEqual(Array.from(copy.direction(g)), Array.from(history.direction(g)));
});
