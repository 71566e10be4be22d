/**
 * TorchLbfgs against PyTorch's LBFGS semantics without a line search (lbfgsTorch.ts): its iterates are those of
 * the two-loop recursion with a fixed step, checked against dense BFGS matrices [1, eq. (6.17), (7.20)]; one
 * step call runs max_iter iterations; the state carries over between calls; the tolerances stop it early.
 *
 * [1] J. Nocedal, S. J. Wright, Numerical Optimization, 2nd ed., Springer 2006.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { Matrix } from "ml-matrix";
import { assertClose } from "../numeric/assertClose.js";
import type { Objective } from "./lbfgs.js";
import { TorchLbfgs } from "./lbfgsTorch.js";
import { TWO_LOOP_REFERENCE_RELATIVE } from "./tolerances.js";

/** f(x) = ½ xᵀAx − bᵀx with a fixed symmetric positive definite A (eigenvalues in [0.5, 4]). */
const A = new Matrix([
  [4, 1, 0, 0.5],
  [1, 3, 0.2, 0],
  [0, 0.2, 2, 0.3],
  [0.5, 0, 0.3, 1],
]);
const b = [1, -2, 0.5, 3];
const quadratic: Objective = (x) => {
  const Ax = A.mmul(Matrix.columnVector(Array.from(x))).to1DArray();
  const value = 0.5 * Ax.reduce((s, v, i) => s + v * x[i], 0) - b.reduce((s, v, i) => s + v * x[i], 0);
  return { value, gradient: Float64Array.from(Ax, (v, i) => v - b[i]) };
};

/** Records every point the objective is evaluated at. */
function recorded(objective: Objective): { objective: Objective; points: number[][] } {
  const points: number[][] = [];
  return { points, objective: (x) => (points.push(Array.from(x)), objective(x)) };
}

/**
 * The dense reference: H_k = BFGS updates [1, eq. (6.17)] H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ of
 * H⁰ = γ I, γ = sᵀy / yᵀy of the newest pair [1, eq. (7.20)], over all pairs (m ≥ iterations); d = −H g;
 * t = min(1, 1/|g|₁)·lr on the first iteration, lr after. Returns the iterates x₁ … x_K.
 */
function denseReference(x0: number[], lr: number, iterations: number): number[][] {
  const n = x0.length;
  const pairs: { s: Matrix; y: Matrix }[] = [];
  let x = Matrix.columnVector(x0);
  let g = Matrix.columnVector(Array.from(quadratic(Float64Array.from(x0)).gradient));
  const iterates: number[][] = [];
  for (let k = 0; k < iterations; k++) {
    let H = Matrix.eye(n);
    if (pairs.length > 0) {
      const { s, y } = pairs[pairs.length - 1];
      H = H.mul(s.transpose().mmul(y).get(0, 0) / y.transpose().mmul(y).get(0, 0));
      for (const p of pairs) {
        const rho = 1 / p.s.transpose().mmul(p.y).get(0, 0);
        const left = Matrix.eye(n).sub(p.s.mmul(p.y.transpose()).mul(rho));
        H = left.mmul(H).mmul(left.transpose()).add(p.s.mmul(p.s.transpose()).mul(rho));
      }
    }
    const d = H.mmul(g).mul(-1);
    const t = k === 0 ? Math.min(1, 1 / g.clone().abs().sum()) * lr : lr;
    const next = x.clone().add(d.clone().mul(t));
    const gNext = Matrix.columnVector(Array.from(quadratic(Float64Array.from(next.to1DArray())).gradient));
    pairs.push({ s: d.clone().mul(t), y: gNext.clone().sub(g) });
    x = next;
    g = gNext;
    iterates.push(x.to1DArray());
  }
  return iterates;
}

test("TorchLbfgs's iterates are the two-loop recursion's with the fixed step lr, the very first scaled by min(1, 1/|g|₁)", () => {
  const x0 = [0.3, -0.2, 1.5, 0.7];
  const { objective, points } = recorded(quadratic);
  const optimizer = new TorchLbfgs({ learningRate: 0.5, maxIterations: 6 });
  const step = optimizer.step(objective, Float64Array.from(x0));
  const expected = denseReference(x0, 0.5, 6);
  // Evaluated: x0, then x1 … x5; x6 is left for the next call.
  assert.equal(points.length, 6);
  points.slice(1).forEach((p, k) => assertClose(p, expected[k], { relative: TWO_LOOP_REFERENCE_RELATIVE }, `iterate ${k + 1}`));
  assertClose(Array.from(step.x), expected[5], { relative: TWO_LOOP_REFERENCE_RELATIVE }, "iterate 6 (returned, not evaluated)");
  assert.equal(step.value, quadratic(Float64Array.from(x0)).value, "a step returns the loss at its start, as PyTorch's");
});

test("TorchLbfgs runs max_iter iterations per step call with max_iter evaluations, and two calls of 3 equal one of 6", () => {
  const x0 = Float64Array.from([0.3, -0.2, 1.5, 0.7]);
  const once = new TorchLbfgs({ learningRate: 0.5, maxIterations: 6 }).step(quadratic, x0);
  // max_eval defaults to ⌊1.25 max_iter⌋ = 3, which would end a call of 3 after 2 iterations (as in PyTorch).
  const twice = new TorchLbfgs({ learningRate: 0.5, maxIterations: 3, maxEvaluations: 25 });
  const first = twice.step(quadratic, x0);
  const second = twice.step(quadratic, first.x);
  assert.deepEqual([first.iterations, first.evaluations, first.reason], [3, 3, "max-iterations"]);
  assert.deepEqual([second.iterations, second.evaluations, twice.iterations], [3, 3, 6]);
  assert.deepEqual(Array.from(second.x), Array.from(once.x), "the state (pairs, last d, t, g) carries over; only the very first step is scaled");
});

test("TorchLbfgs stops early like PyTorch: on |g|∞ ≤ tolerance_grad, on a step |t d|∞ ≤ tolerance_change, and on gᵀd > −tolerance_change", () => {
  const parabola: Objective = (x) => ({ value: 0.5 * x[0] * x[0], gradient: Float64Array.from([x[0]]) });
  const atMinimum = new TorchLbfgs().step(parabola, Float64Array.from([0]));
  assert.deepEqual([atMinimum.iterations, atMinimum.evaluations, atMinimum.reason], [0, 1, "gradient-tolerance"]);
  // From 0.5, the first step t = min(1, 1/0.5)·1 = 1 lands on the minimiser exactly.
  const exact = new TorchLbfgs({ learningRate: 1 }).step(parabola, Float64Array.from([0.5]));
  assert.deepEqual([exact.iterations, exact.reason, exact.x[0]], [1, "gradient-tolerance", 0]);
  const tiny = new TorchLbfgs({ learningRate: 1e-12 }).step(parabola, Float64Array.from([0.5]));
  assert.deepEqual([tiny.iterations, tiny.reason], [1, "change-tolerance"]);
  // |g| = 1e-5 > tolerance_grad, but gᵀd = −1e-10 > −1e-9: PyTorch breaks before stepping.
  const flat = new TorchLbfgs().step(parabola, Float64Array.from([1e-5]));
  assert.deepEqual([flat.iterations, flat.evaluations, flat.reason, flat.x[0]], [0, 1, "descent-tolerance", 1e-5]);
});

test("TorchLbfgs stops a call at max_eval evaluations and rejects bad options by name", () => {
  const capped = new TorchLbfgs({ learningRate: 0.1, maxIterations: 20, maxEvaluations: 4 }).step(quadratic, Float64Array.from([1, 1, 1, 1]));
  assert.deepEqual([capped.iterations, capped.evaluations, capped.reason], [3, 4, "max-evaluations"]);
  assert.throws(() => new TorchLbfgs({ maxIterations: 0 }), /TorchLbfgs: maxIterations must be a positive integer, got 0/);
  assert.throws(() => new TorchLbfgs({ learningRate: -1 }), /TorchLbfgs: learningRate must be a positive finite number, got -1/);
  assert.throws(() => new TorchLbfgs({ historySize: 0 }), /LbfgsHistory: size must be a positive integer, got 0/);
});
