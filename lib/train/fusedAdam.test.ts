/**
 * The fused Adam update must be tfjs's Adam bit for bit (lib/backend/fusedAdam.ts): the same variables, moments
 * and β accumulators after many steps, on the WASM backend (where the fused kernel runs) and as plain arithmetic
 * against tfjs's ops on the cpu backend; and its state must go through a checkpoint as tfjs's does.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../backend/index.js";
import { adamUpdate, FUSED_ADAM } from "../backend/fusedAdam.js";
import { normals } from "../backend/testing.js";
import { adamInternals, adamSnapshot, restoreAdam } from "./adamState.js";
import { FusedAdamOptimizer } from "./fusedAdam.js";

const report = await selectBackend();

/** A small tanh network on fixed data: a 64 x 64 weight, a bias, an output vector, of gradients from 1e-6 to 1. */
function model() {
  const w1 = tf.variable(tf.tensor2d(normals([3, 64], 1), [3, 64]).mul(0.5));
  const w2 = tf.variable(tf.tensor2d(normals([64, 64], 2), [64, 64]).mul(0.125));
  const b2 = tf.variable(tf.zeros([64]));
  const out = tf.variable(tf.tensor1d(normals([64], 3)).mul(0.1));
  const x = tf.tensor2d(normals([128, 3], 4), [128, 3]);
  const y = tf.tensor1d(normals([128], 5));
  const loss = (): tf.Scalar => tf.tidy(() => tf.mean(tf.square(tf.sub(tf.sum(tf.mul(tf.tanh(tf.add(tf.matMul(tf.tanh(tf.matMul(x, w1)), w2), b2)), out), 1), y))));
  const variables = [w1, w2, b2, out] as tf.Variable[];
  return { variables, loss, dispose: () => tf.dispose([...variables, x, y]) };
}

type Model = ReturnType<typeof model>;
const steps = (optimizer: tf.Optimizer, m: Model, n: number): void => {
  for (let k = 0; k < n; k++) optimizer.minimize(m.loss, true, m.variables)?.dispose();
};
/** The float32 bit patterns of the variables, so that equality is bitwise (−0 and NaN included). */
const bits = (tensors: readonly tf.Tensor[]): number[][] => tensors.map((t) => Array.from(new Uint32Array(Float32Array.from(t.dataSync() as Float32Array).buffer)));
const state = (optimizer: tf.AdamOptimizer, m: Model) => {
  const s = adamInternals(optimizer);
  return { variables: bits(m.variables), m: bits(s.accumulatedFirstMoment.map((a) => a.variable)), v: bits(s.accumulatedSecondMoment.map((a) => a.variable)), beta: bits([s.accBeta1, s.accBeta2]) };
};

test("fused Adam leaves the variables, moments and β accumulators bit for bit where tfjs's Adam does, over 60 steps, with the default and a given ε", () => {
  for (const epsilon of [undefined, 1e-8]) {
    const [a, b] = [model(), model()];
    const reference = tf.train.adam(0.02, 0.9, 0.999, epsilon);
    const fused = new FusedAdamOptimizer(0.02, epsilon);
    steps(reference, a, 60);
    steps(fused, b, 60);
    assert.deepEqual(state(fused, b), state(reference, a), `ε ${epsilon}`);
    const fresh = model();
    assert.notDeepEqual(bits(b.variables), bits(fresh.variables), "the steps moved the variables");
    [a, b, fresh].forEach((m) => m.dispose());
    [reference, fused].forEach((o) => o.dispose());
  }
});

test("on the WASM backend a step runs one fused kernel per variable instead of tfjs's fourteen", { skip: report.name !== "wasm" && `backend ${report.name}` }, async () => {
  const m = model();
  const fused = new FusedAdamOptimizer(0.01);
  steps(fused, m, 1);
  const { kernels } = await tf.profile(() => steps(fused, m, 1));
  assert.equal(kernels.filter((k) => k.name === FUSED_ADAM).length, m.variables.length);
  assert.equal(kernels.filter((k) => k.name === "Sqrt").length, 0, "no Adam arithmetic outside the fused kernel");
  m.dispose();
  fused.dispose();
});

test("adamUpdate as plain arithmetic equals tfjs's Adam ops on the cpu backend bit for bit, on values from 1e-30 to 1e4 and both signs", async () => {
  const n = 4096;
  const spread = (seed: number) => Float32Array.from(normals([n], seed), (z, i) => z * 10 ** ((i % 35) - 30));
  const [value, gradient, m0] = [spread(11), spread(12), spread(13)];
  const v0 = Float32Array.from(spread(14), (x) => x * x);
  const [accBeta1, accBeta2] = [Math.fround(0.9 ** 7), Math.fround(0.999 ** 7)];
  const attrs = { learningRate: 3e-4, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 };
  const out = { value: new Float32Array(n), m: new Float32Array(n), v: new Float32Array(n) };
  adamUpdate({ value, gradient, m: m0, v: v0 }, accBeta1, accBeta2, attrs, out);
  const previous = tf.getBackend();
  await tf.setBackend("cpu");
  try {
    // adam_optimizer.js, lines 78-88, with the accumulators as float32 scalars.
    const expected = tf.tidy(() => {
      const [x, g, m, v] = [value, gradient, m0, v0].map((a) => tf.tensor1d(a));
      const correct1 = tf.sub(1, tf.scalar(accBeta1));
      const correct2 = tf.sub(1, tf.scalar(accBeta2));
      const mNew = tf.add(tf.mul(m, attrs.beta1), tf.mul(g, 1 - attrs.beta1));
      const vNew = tf.add(tf.mul(v, attrs.beta2), tf.mul(tf.square(g), 1 - attrs.beta2));
      const xNew = tf.add(tf.mul(tf.div(tf.div(mNew, correct1), tf.add(tf.sqrt(tf.div(vNew, correct2)), attrs.epsilon)), -attrs.learningRate), x);
      return [xNew, mNew, vNew];
    });
    const asBits = (a: Float32Array) => Array.from(new Uint32Array(Float32Array.from(a).buffer));
    assert.deepEqual(asBits(out.value), bits([expected[0]])[0]);
    assert.deepEqual(asBits(out.m), bits([expected[1]])[0]);
    assert.deepEqual(asBits(out.v), bits([expected[2]])[0]);
    tf.dispose(expected);
  } finally {
    await tf.setBackend(previous);
  }
});

test("fused Adam's state goes through a checkpoint: 30 steps, snapshot, restore into a fresh one, 10 more equal 40 straight; and a tfjs Adam snapshot continues in it", () => {
  const straight = model();
  const reference = new FusedAdamOptimizer(0.05, 1e-8);
  steps(reference, straight, 40);
  for (const first of [new FusedAdamOptimizer(0.05, 1e-8), tf.train.adam(0.05, 0.9, 0.999, 1e-8)]) {
    const resumed = model();
    steps(first, resumed, 30);
    const saved = JSON.parse(JSON.stringify(adamSnapshot(first)));
    first.dispose();
    const second = new FusedAdamOptimizer(0.05, 1e-8);
    restoreAdam(second, saved, resumed.variables);
    steps(second, resumed, 10);
    assert.deepEqual(state(second, resumed), state(reference, straight));
    resumed.dispose();
    second.dispose();
  }
  straight.dispose();
  reference.dispose();
});
