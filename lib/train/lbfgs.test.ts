/**
 * minimizeLbfgs on the standard problems: Rosenbrock's function from (−1.2, 1) and the extended Rosenbrock
 * function in 10 dimensions [2, problems 1 and 21], a convex quadratic with condition number 1e3 (finite
 * termination with exact line searches [1, §7.2, §5.1]), the fixed-step mode, and the error paths.
 *
 * [1] J. Nocedal, S. J. Wright, Numerical Optimization, 2nd ed., Springer 2006.
 * [2] J. J. Moré, B. S. Garbow, K. E. Hillstrom, Testing unconstrained optimization software, ACM TOMS 7 (1981).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { Matrix, QrDecomposition } from "ml-matrix";
import { assertClose } from "../numeric/assertClose.js";
import { SeededRandom } from "../numeric/random.js";
import { minimizeLbfgs, type Objective } from "./lbfgs.js";
import {
  EXTENDED_ROSENBROCK_MAX_ITERATIONS,
  FIXED_STEP_DECREASE_FACTOR,
  QUADRATIC_EXTRA_ITERATIONS,
  QUADRATIC_GRADIENT_TOLERANCE,
  QUADRATIC_MINIMISER_RELATIVE,
  ROSENBROCK_GRADIENT_TOLERANCE,
  ROSENBROCK_MAX_ITERATIONS,
  ROSENBROCK_MINIMISER_ABSOLUTE,
} from "./tolerances.js";

/** Extended Rosenbrock [2, (21)]: Σ over pairs 100 (x₂ᵢ − x₂ᵢ₋₁²)² + (1 − x₂ᵢ₋₁)²; n = 2 is Rosenbrock's function. */
const rosenbrock: Objective = (x) => {
  let value = 0;
  const gradient = new Float64Array(x.length);
  for (let i = 0; i < x.length; i += 2) {
    const t = x[i + 1] - x[i] * x[i];
    const u = 1 - x[i];
    value += 100 * t * t + u * u;
    gradient[i] = -400 * x[i] * t - 2 * u;
    gradient[i + 1] = 200 * t;
  }
  return { value, gradient };
};

/** f(x) = ½ (x − x*)ᵀ A (x − x*) with A = Q diag(λ) Qᵀ, λ log-spaced in [1, κ], Q a seeded random rotation. */
function quadratic(n: number, kappa: number, seed: number): { objective: Objective; minimiser: number[] } {
  const rng = new SeededRandom(seed);
  const Q = new QrDecomposition(new Matrix(Array.from({ length: n }, () => rng.gaussianVector(n)))).orthogonalMatrix;
  const lambda = Array.from({ length: n }, (_, i) => kappa ** (i / (n - 1)));
  const A = Q.mmul(Matrix.diag(lambda)).mmul(Q.transpose());
  const minimiser = rng.gaussianVector(n);
  const objective: Objective = (x) => {
    const r = Array.from(x, (v, i) => v - minimiser[i]);
    const Ar = A.mmul(Matrix.columnVector(r)).to1DArray();
    return { value: 0.5 * Ar.reduce((a, v, i) => a + v * r[i], 0), gradient: Float64Array.from(Ar) };
  };
  return { objective, minimiser };
}

const tight = { gradientTolerance: ROSENBROCK_GRADIENT_TOLERANCE, changeTolerance: 0, maxIterations: 1000 };

test("minimizeLbfgs finds the minimiser (1, 1) of Rosenbrock's function from (−1.2, 1) to 1e-8 in at most 50 iterations", () => {
  const result = minimizeLbfgs(rosenbrock, Float64Array.from([-1.2, 1]), tight);
  assert.equal(result.reason, "gradient-tolerance");
  assert.ok(result.converged);
  assertClose(Array.from(result.x), [1, 1], { absolute: ROSENBROCK_MINIMISER_ABSOLUTE }, "Rosenbrock minimiser");
  assert.ok(result.iterations <= ROSENBROCK_MAX_ITERATIONS, `took ${result.iterations} iterations`);
});

test("minimizeLbfgs finds the minimiser (1, …, 1) of the 10-D extended Rosenbrock function from (−1.2, 1, …, −1.2, 1)", () => {
  const start = Float64Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? -1.2 : 1));
  const result = minimizeLbfgs(rosenbrock, start, tight);
  assert.equal(result.reason, "gradient-tolerance");
  assertClose(Array.from(result.x), new Array<number>(10).fill(1), { absolute: ROSENBROCK_MINIMISER_ABSOLUTE }, "extended Rosenbrock minimiser");
  assert.ok(result.iterations <= EXTENDED_ROSENBROCK_MAX_ITERATIONS, `took ${result.iterations} iterations`);
});

test("minimizeLbfgs with m >= n and near-exact line searches (c2 = 1e-3) minimises a quadratic with condition number 1e3 in at most n + 1 iterations", () => {
  for (const n of [10, 20]) {
    const { objective, minimiser } = quadratic(n, 1e3, n);
    const result = minimizeLbfgs(objective, new Float64Array(n), {
      historySize: n, wolfe: { c2: 1e-3 }, gradientTolerance: QUADRATIC_GRADIENT_TOLERANCE, changeTolerance: 0, maxIterations: 10 * n,
    });
    assert.equal(result.reason, "gradient-tolerance", `n = ${n}`);
    assert.ok(result.iterations <= n + QUADRATIC_EXTRA_ITERATIONS, `n = ${n}: took ${result.iterations} iterations`);
    assertClose(Array.from(result.x), minimiser, { relative: QUADRATIC_MINIMISER_RELATIVE }, `quadratic minimiser, n = ${n}`);
  }
});

test("minimizeLbfgs with lineSearch \"none\" and learning rate 1 still decreases a quadratic by orders of magnitude", () => {
  const { objective } = quadratic(10, 10, 5);
  const start = new Float64Array(10);
  const result = minimizeLbfgs(objective, start, { lineSearch: "none", learningRate: 1, maxIterations: 30 });
  const initial = objective(start).value;
  assert.ok(result.value * FIXED_STEP_DECREASE_FACTOR <= initial, `f went from ${initial} to ${result.value} in ${result.iterations} iterations`);
  assert.equal(result.evaluations, result.iterations + 1, "one evaluation per iteration without a line search");
});

test("minimizeLbfgs reports every iteration with a value that decreases under the strong Wolfe line search", () => {
  const values: number[] = [];
  const result = minimizeLbfgs(rosenbrock, Float64Array.from([-1.2, 1]), { ...tight, onIteration: (info) => values.push(info.value) });
  assert.equal(values.length, result.iterations);
  values.forEach((v, k) => assert.ok(v < (k === 0 ? rosenbrock(Float64Array.from([-1.2, 1])).value : values[k - 1]), `iteration ${k + 1}: ${v}`));
});

test("minimizeLbfgs throws an error naming the non-finite value when the objective is NaN at the starting point", () => {
  const nanAtStart: Objective = (x) => ({ value: Number.NaN, gradient: Float64Array.from(x) });
  assert.throws(() => minimizeLbfgs(nanAtStart, Float64Array.from([1, 2])), /minimizeLbfgs: the objective is not finite at the starting point x0 \(value NaN\)/);
  const badGradient: Objective = () => ({ value: 1, gradient: Float64Array.from([0, Number.POSITIVE_INFINITY]) });
  assert.throws(() => minimizeLbfgs(badGradient, Float64Array.from([1, 2])), /the gradient is not finite at the starting point x0 \(entry 1 is Infinity\)/);
});

test("minimizeLbfgs stops with reason non-finite, at the start, when the line search meets only non-finite values", () => {
  // f(x) = −x for x ≤ 1 and NaN beyond: from x = 1 every step along −f' = +1 lands on NaN.
  const cliff: Objective = (x) => (x[0] <= 1 ? { value: -x[0], gradient: Float64Array.from([-1]) } : { value: Number.NaN, gradient: Float64Array.from([Number.NaN]) });
  const result = minimizeLbfgs(cliff, Float64Array.from([1]));
  assert.equal(result.reason, "non-finite");
  assert.equal(result.converged, false);
  assert.deepEqual(Array.from(result.x), [1]);
  assert.equal(result.iterations, 0);
});

test("minimizeLbfgs rejects bad options with messages naming the option and the value received", () => {
  const x0 = Float64Array.from([0, 0]);
  assert.throws(() => minimizeLbfgs(rosenbrock, x0, { historySize: 0 }), /^Error: minimizeLbfgs: historySize must be a positive integer, got 0$/);
  assert.throws(() => minimizeLbfgs(rosenbrock, x0, { learningRate: -1 }), /learningRate must be a positive finite number, got -1/);
  assert.throws(() => minimizeLbfgs(rosenbrock, x0, { maxIterations: 2.5 }), /maxIterations must be a non-negative integer, got 2.5/);
  assert.throws(() => minimizeLbfgs(rosenbrock, new Float64Array(0)), /x0 must have at least one entry, got length 0/);
  const short: Objective = () => ({ value: 0, gradient: new Float64Array(1) });
  assert.throws(() => minimizeLbfgs(short, x0), /the gradient must have the length of x, 2, got 1/);
});
