import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../backend/index.js";
import { h2Weights } from "../losses/sobolev.js";
import { disposeBatch, memberGradient, targetBatch } from "../losses/testing.js";
import { assertClose } from "../numeric/assertClose.js";
import { SeededRandom } from "../numeric/random.js";
import { mlp } from "./mlp.js";
import { TEST_SEED, testModels, valuesOf } from "./testing.js";
import { ENSEMBLE_MEMBER_RELATIVE } from "./tolerances.js";

await selectBackend();

const POINTS = [[0.3, -0.4], [-1.2, 0.5], [0.8, 0.9]];

test("member k of an ensemble built with seed s has exactly the parameters of a one-member model with seed s + k, and its outputs", () => {
  const x = tf.tensor2d(POINTS);
  for (const { label, make } of testModels()) {
    const ensemble = make(3, 2, TEST_SEED);
    const big = ensemble.forward(x, 2);
    for (let k = 0; k < 3; k++) {
      const single = make(1, 2, TEST_SEED + k);
      assert.deepEqual(ensemble.parameters(k), single.parameters(0), `${label}: member ${k} parameters`);
      const small = single.forward(x, 2);
      for (const key of ["value", "gradient", "hessian"] as const) {
        const size = big[key]!.size / 3;
        const member = valuesOf(big[key]!).slice(k * size, (k + 1) * size);
        assertClose(member, valuesOf(small[key]!), { relative: ENSEMBLE_MEMBER_RELATIVE }, `${label}: member ${k} ${key}`);
      }
      tf.dispose(Object.values(small));
      single.dispose();
    }
    tf.dispose(Object.values(big));
    ensemble.dispose();
  }
  x.dispose();
});

test("an ensemble's members are independent: member 0's gradient ignores member 1's parameters and equals its own model's", () => {
  const { tensors } = targetBatch(POINTS);
  const ensemble = mlp({ inputDimension: 2, widths: [5, 4], activation: "tanh", ensembleSize: 2, seed: TEST_SEED });
  const before = memberGradient(ensemble, tensors, h2Weights(), 0);
  const rng = new SeededRandom(1);
  for (const v of ensemble.variables) {
    const values = Float32Array.from(v.dataSync());
    for (let i = values.length / 2; i < values.length; i++) values[i] = rng.gaussian();
    v.assign(tf.tensor(values, v.shape));
  }
  const after = memberGradient(ensemble, tensors, h2Weights(), 0);
  assert.deepEqual(after, before, "member 0's gradient after changing member 1");
  const alone = mlp({ inputDimension: 2, widths: [5, 4], activation: "tanh", ensembleSize: 1, seed: TEST_SEED });
  assertClose(Array.from(memberGradient(alone, tensors, h2Weights(), 0)), Array.from(before), { relative: ENSEMBLE_MEMBER_RELATIVE }, "member 0 vs its own model");
  [ensemble, alone].forEach((m) => m.dispose());
  disposeBatch(tensors);
});
