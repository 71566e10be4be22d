import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../backend/index.js";
import { mlp } from "../models/mlp.js";
import { testModels } from "../models/testing.js";
import { FORWARD_FLOAT32_RELATIVE } from "../models/tolerances.js";
import { assertClose } from "../numeric/assertClose.js";
import { referenceSobolevLoss } from "./referenceSobolevLoss.js";
import { h1Weights, h2Weights, l2Weights, sobolevLoss, sobolevLossPerMember } from "./sobolev.js";
import { meanSquaredErrorPerMember } from "./testError.js";
import { disposeBatch, targetBatch, withGradientWeights } from "./testing.js";

await selectBackend();

const POINTS = [[0.3, -0.4], [-1.2, 0.5], [0.8, 0.9], [0.05, -1.7]];

test("sobolevLossPerMember equals the float64 reference loss of each member, and sobolevLoss is their sum", () => {
  const { arrays, tensors } = targetBatch(POINTS);
  for (const { label, make } of testModels()) {
    const model = make(3, 2);
    for (const weights of [l2Weights(), h1Weights(0.5), h2Weights(2, 0.25), [0, 1], [0, 0, 1]]) {
      const perMember = tf.tidy(() => Array.from(sobolevLossPerMember(model, tensors, weights).dataSync()));
      const expected = [0, 1, 2].map((s) => referenceSobolevLoss(model.snapshot(s), arrays, weights));
      assertClose(perMember, expected, { relative: FORWARD_FLOAT32_RELATIVE }, `${label} [${weights}]: loss per member`);
      const total = tf.tidy(() => sobolevLoss(model, tensors, weights).dataSync()[0]);
      assertClose(total, expected[0] + expected[1] + expected[2], { relative: FORWARD_FLOAT32_RELATIVE }, `${label} [${weights}]: sum`);
    }
    model.dispose();
  }
  disposeBatch(tensors);
});

test("with per-entry gradient weights ω the loss is w0·MSE + w1·mean_i Σ_a ω_ia (∂_a u − ∂_a f)², as the float64 reference, and ω = 1 changes nothing", () => {
  const { arrays, tensors } = withGradientWeights(targetBatch(POINTS));
  const ones = tf.onesLike(tensors.gradient!) as tf.Tensor2D;
  for (const { label, make } of testModels()) {
    const model = make(2, 2);
    for (const weights of [h1Weights(0.5), [0, 1], h2Weights(2, 0.25)]) {
      const perMember = tf.tidy(() => Array.from(sobolevLossPerMember(model, tensors, weights).dataSync()));
      const expected = [0, 1].map((s) => referenceSobolevLoss(model.snapshot(s), arrays, weights));
      assertClose(perMember, expected, { relative: FORWARD_FLOAT32_RELATIVE }, `${label} [${weights}]: weighted loss per member`);
      const unweighted = tf.tidy(() => Array.from(sobolevLossPerMember(model, { ...tensors, gradientWeight: undefined }, weights).dataSync()));
      const withOnes = tf.tidy(() => Array.from(sobolevLossPerMember(model, { ...tensors, gradientWeight: ones }, weights).dataSync()));
      assertClose(withOnes, unweighted, { relative: FORWARD_FLOAT32_RELATIVE }, `${label} [${weights}]: ω = 1`);
      assert.ok(Math.abs(perMember[0] - unweighted[0]) > 1e-3 * Math.abs(unweighted[0]), `${label} [${weights}]: the weights must change the loss`);
    }
    model.dispose();
  }
  ones.dispose();
  disposeBatch(tensors);
});

test("meanSquaredErrorPerMember is the L2 loss of each member, as numbers", () => {
  const { arrays, tensors } = targetBatch(POINTS);
  const model = mlp({ inputDimension: 2, widths: [4], activation: "sine", ensembleSize: 2, seed: 3 });
  const errors = meanSquaredErrorPerMember(model, tensors.x, tensors.value);
  assertClose(errors, [0, 1].map((s) => referenceSobolevLoss(model.snapshot(s), arrays, [1])), { relative: FORWARD_FLOAT32_RELATIVE }, "test error");
  assert.throws(() => meanSquaredErrorPerMember(model, tensors.x, tf.zeros([3]) as tf.Tensor1D), /meanSquaredErrorPerMember: value must be \[4\], got \[3\]/);
  model.dispose();
  disposeBatch(tensors);
});

test("weight constructors: L2 = [1], H1 = [1, w1], H2 = [1, w1, w2]", () => {
  assert.deepEqual([l2Weights(), h1Weights(), h2Weights(), h1Weights(0.1), h2Weights(2, 3)], [[1], [1, 1], [1, 1, 1], [1, 0.1], [1, 2, 3]]);
});

test("sobolevLoss rejects bad weights and batches that lack what the weights need, saying what was expected", () => {
  const model = mlp({ inputDimension: 2, widths: [3], activation: "tanh", seed: 0 });
  const { tensors } = targetBatch(POINTS);
  const { x, value, gradient } = tensors;
  assert.throws(() => sobolevLoss(model, { x, value }, [1, 1]), /sobolevLoss: weights \[1, 1\] need batch.gradient \(\[4, 2\]\), got none/);
  assert.throws(() => sobolevLoss(model, { x, value, gradient }, [1, 0, 1]), /sobolevLoss: weights \[1, 0, 1\] need batch.hessian \(\[4, 2, 2\]\), got none/);
  assert.throws(() => sobolevLoss(model, { x, value, gradient: tf.zeros([4, 3]) as tf.Tensor2D }, [1, 1]), /need batch.gradient \(\[4, 2\]\), got \[4, 3\]/);
  assert.throws(() => sobolevLoss(model, { ...tensors, gradientWeight: tf.ones([4, 1]) as tf.Tensor2D }, [1, 1]), /batch.gradientWeight must be \[4, 2\] like batch.gradient, got \[4, 1\]/);
  assert.throws(() => sobolevLoss(model, tensors, []), /weights must have length 1, 2 or 3 \(\[w0\], \[w0, w1\], \[w0, w1, w2\]\), got \[\]/);
  assert.throws(() => sobolevLoss(model, tensors, [1, 1, 1, 1]), /weights must have length 1, 2 or 3/);
  assert.throws(() => sobolevLoss(model, tensors, [1, -1]), /weights must be finite and non-negative, got \[1, -1\]/);
  assert.throws(() => sobolevLoss(model, tensors, [1, Number.NaN]), /finite and non-negative, got \[1, NaN\]/);
  assert.throws(() => sobolevLoss(model, { x: tf.zeros([4, 3]) as tf.Tensor2D, value }, [1]), /batch.x must be \[n, 2\] with n >= 1, got \[4, 3\]/);
  assert.throws(() => sobolevLoss(model, { x, value: tf.zeros([4, 1]) as unknown as tf.Tensor1D }, [1]), /batch.value must be \[4\], got \[4, 1\]/);
  // A weight of 0 needs nothing: [1, 0] is the L2 loss and asks for no gradient.
  assert.doesNotThrow(() => tf.tidy(() => sobolevLoss(model, { x, value }, [1, 0])));
  model.dispose();
  disposeBatch(tensors);
});
