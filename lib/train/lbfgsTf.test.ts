/**
 * L-BFGS on TensorFlow.js variables (lbfgsTf.ts): linear regression y ≈ X w + b fitted through float32 tfjs
 * losses must reach the float64 closed-form solution of the normal equations AᵀA θ = Aᵀy, A = [X 1], at
 * float32 accuracy, and leave no tensors behind.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { Matrix, solve } from "ml-matrix";
import { selectBackend } from "../backend/index.js";
import { assertClose } from "../numeric/assertClose.js";
import { SeededRandom } from "../numeric/random.js";
import { LbfgsOptimizer, lbfgsOnVariables } from "./lbfgsTf.js";
import { CONTINUED_RUN_RELATIVE, LEAST_SQUARES_FLOAT32_RELATIVE } from "./tolerances.js";

await selectBackend();

const ROWS = 64;
const FEATURES = 3;

/** Seeded data y = X w* + b* + 0.1 noise, tfjs variables w (3×1) and b (1) at zero, the mean squared error, and the closed form. */
function regression(seed: number) {
  const rng = new SeededRandom(seed);
  const X = Array.from({ length: ROWS }, () => rng.gaussianVector(FEATURES));
  const y = X.map((row) => 1.5 * row[0] - 2 * row[1] + 0.5 * row[2] + 0.3 + 0.1 * rng.gaussian());
  const A = new Matrix(X.map((row) => [...row, 1]));
  const closedForm = solve(A.transpose().mmul(A), A.transpose().mmul(Matrix.columnVector(y))).to1DArray();
  const data = { X: tf.tensor2d(X), y: tf.tensor2d(y, [ROWS, 1]) };
  const w = tf.variable(tf.zeros([FEATURES, 1]), true, `w${seed}`);
  const b = tf.variable(tf.zeros([1]), true, `b${seed}`);
  const loss = (): tf.Scalar => tf.tidy(() => tf.mean(tf.square(tf.sub(tf.add(tf.matMul(data.X, w), b), data.y))));
  const values = (): number[] => [...w.dataSync(), ...b.dataSync()];
  const reset = (): void => tf.tidy(() => [w, b].forEach((v) => v.assign(tf.zerosLike(v))));
  const dispose = (): void => tf.dispose([data.X, data.y, w, b]);
  return { variables: [w, b], loss, values, reset, closedForm, dispose };
}

test("lbfgsOnVariables fits linear regression to the closed-form least-squares solution at float32 accuracy and leaks no tensors", () => {
  const p = regression(7);
  const before = tf.memory().numTensors;
  const result = lbfgsOnVariables(p.variables, p.loss, { maxIterations: 100 });
  assert.equal(tf.memory().numTensors, before, "tensors leaked");
  assertClose(p.values(), p.closedForm, { relative: LEAST_SQUARES_FLOAT32_RELATIVE }, `(w, b) after ${result.iterations} iterations (${result.reason})`);
  assertClose(Array.from(result.x), p.values(), { relative: LEAST_SQUARES_FLOAT32_RELATIVE }, "the result's x is what the variables hold");
  p.dispose();
});

test("LbfgsOptimizer keeps its curvature pairs between steps: two steps of 3 iterations match one run of 6", () => {
  const p = regression(8);
  const optimizer = new LbfgsOptimizer();
  const before = tf.memory().numTensors;
  optimizer.step(p.variables, p.loss, 3);
  const continued = optimizer.step(p.variables, p.loss, 3).value;
  assert.equal(tf.memory().numTensors, before, "tensors leaked");
  p.reset();
  const single = lbfgsOnVariables(p.variables, p.loss, { maxIterations: 6 }).value;
  assertClose(continued, single, { relative: CONTINUED_RUN_RELATIVE }, "loss after 3 + 3 vs 6 iterations");
  p.dispose();
});

test("lbfgsOnVariables throws, leaking nothing, when the loss is NaN at the starting values", () => {
  const p = regression(9);
  const before = tf.memory().numTensors;
  assert.throws(() => lbfgsOnVariables(p.variables, () => tf.tidy(() => tf.mul(p.loss(), Number.NaN))), /not finite at the starting point x0 \(value NaN\)/);
  assert.equal(tf.memory().numTensors, before, "tensors leaked");
  p.dispose();
});

test("lbfgsOnVariables rejects an empty list, an int32 variable and a non-trainable variable by name", () => {
  const loss = (): tf.Scalar => tf.scalar(0);
  assert.throws(() => lbfgsOnVariables([], loss), /lbfgsOnVariables: variables must not be empty/);
  const counts = tf.variable(tf.tensor1d([1, 2], "int32"), true, "counts");
  assert.throws(() => lbfgsOnVariables([counts], loss), /variable counts must have dtype float32, got int32/);
  const frozen = tf.variable(tf.zeros([2]), false, "frozen");
  assert.throws(() => lbfgsOnVariables([frozen], loss), /variable frozen must be trainable/);
  assert.throws(() => new LbfgsOptimizer().step([frozen], loss, 0), /LbfgsOptimizer.step: iterations must be a positive integer, got 0/);
  tf.dispose([counts, frozen]);
});
