/**
 * The Adam adapter reads tfjs's private fields (adamState.ts): these tests fail when a tfjs upgrade changes them,
 * either by the adapter's own check or by a resumed run that no longer matches an uninterrupted one bit for bit.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../backend/index.js";
import { adamSnapshot, restoreAdam } from "./adamState.js";

await selectBackend();

/** y = tanh(x W + b) v on fixed data; two variables with different shapes. */
function model() {
  const w = tf.variable(tf.tensor2d([[0.3, -0.7, 0.2], [0.5, 0.1, -0.4]]));
  const v = tf.variable(tf.tensor1d([0.2, -0.1, 0.6]));
  const x = tf.tensor2d([[0, 1], [1, 0.5], [2, -1], [-1, 3]]);
  const y = tf.tensor1d([1, -1, 0.5, 2]);
  const loss = (): tf.Scalar => tf.tidy(() => tf.mean(tf.square(tf.sub(tf.sum(tf.mul(tf.tanh(tf.matMul(x, w)), v), 1), y))));
  return { variables: [w, v] as tf.Variable[], loss, dispose: () => tf.dispose([w, v, x, y]) };
}

const steps = (optimizer: tf.Optimizer, m: ReturnType<typeof model>, n: number): void => {
  for (let k = 0; k < n; k++) optimizer.minimize(m.loss, true, m.variables)?.dispose();
};
const values = (m: ReturnType<typeof model>): number[][] => m.variables.map((v) => Array.from(v.dataSync()));

test("Adam snapshot after 30 steps, through JSON, restored into a fresh optimiser and fresh variables, then 10 more steps equals 40 uninterrupted steps bit for bit", () => {
  const straight = model();
  const reference = tf.train.adam(0.05, undefined, undefined, 1e-8);
  steps(reference, straight, 40);

  const first = model();
  const before = tf.train.adam(0.05, undefined, undefined, 1e-8);
  steps(before, first, 30); // past t = 8, where beta1^t by products and by pow first differ in float32
  const saved = JSON.parse(JSON.stringify({ adam: adamSnapshot(before), variables: values(first) }));
  before.dispose();
  first.dispose();

  const second = model();
  second.variables.forEach((v, i) => tf.tidy(() => v.assign(tf.tensor(saved.variables[i] as number[], v.shape))));
  const after = tf.train.adam(0.05, undefined, undefined, 1e-8);
  restoreAdam(after, saved.adam, second.variables);
  assert.equal(after.iterations, 30);
  // The restored accBeta must be the accumulated product, not pow(beta, t + 1) as tfjs's setWeights computes
  // (at t = 30 they differ by an ulp, which later rounding may hide): the state reads back as saved.
  assert.deepEqual(adamSnapshot(after), saved.adam);
  steps(after, second, 10);
  assert.deepEqual(values(second), values(straight));
  assert.deepEqual(adamSnapshot(after), adamSnapshot(reference));
  assert.notDeepEqual(values(second), values(model()), "training must move the variables, or the test proves nothing");
  [reference, after].forEach((o) => o.dispose());
  [straight, second].forEach((m) => m.dispose());
});

test("a snapshot before the first step restores to a fresh optimiser; restoring into a used one is refused", () => {
  const m = model();
  const fresh = tf.train.adam(0.1);
  const snapshot = adamSnapshot(fresh);
  assert.deepEqual([snapshot.firstMoment.length, snapshot.iterations], [0, 0]);
  steps(fresh, m, 1);
  assert.throws(() => restoreAdam(fresh, snapshot, m.variables), /restore into a fresh one/);
  fresh.dispose();
  m.dispose();
});
