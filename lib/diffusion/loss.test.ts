import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../backend/index.js";
import { loadMnist } from "../images/mnist.js";
import { unet } from "../models/unet.js";
import { SeededRandom } from "../numeric/random.js";
import { sampleTimesteps } from "./forward.js";
import { diffusionX0Loss, type X0Model } from "./loss.js";
import { literalAbsLoss } from "../losses/authorsFftLiteral.js";
import { linearBetaSchedule, sigmoidBetaSchedule } from "./schedule.js";

await selectBackend();

/**
 * L2 loss of the zero predictor vs the float64 mean of x_0²: a float32 mean of 2 · 64 squares of values
 * ≤ 1, within ~128 u ≈ 8e-6 relative (γ_K bound), rounded up.
 */
const MEAN_SQUARE_RELATIVE = 1e-5;

/**
 * Training smoke: the ratio (loss after 30 Adam steps) / (loss before) on this fixed batch, measured on
 * WASM: 0.535 (L2, 0.119 → 0.064) and 0.784 (H1, 75.4 → 59.1; the high frequencies the H1 weights stress
 * are learnt more slowly by a net this small). The bounds leave ~0.15 of margin for other backends and
 * summation orders; a model that does not learn (ratio ≈ 1), or a wrong gradient, fails them.
 */
const TRAINING_RATIO_BOUND = { L2: 0.7, H1: 0.9 } as const;

const schedule = linearBetaSchedule();

test("diffusionX0Loss is 0 for a model that predicts the true x_0, and mean(x_0²) (L2) for the zero model", () => {
  const rng = new SeededRandom(1);
  const x0 = tf.tensor4d(Float32Array.from({ length: 2 * 8 * 8 }, () => rng.uniform()), [2, 8, 8, 1]);
  const noise = tf.tensor4d(Float32Array.from({ length: 2 * 8 * 8 }, () => rng.gaussian()), [2, 8, 8, 1]);
  const predicting = (image: tf.Tensor4D): X0Model => ({ variables: [], forward: () => tf.clone(image) });
  const zero = tf.zerosLike(x0);
  for (const loss of ["L2", "H1"] as const) {
    assert.equal(diffusionX0Loss(predicting(x0), x0, [3, 900], noise, schedule, { loss }).dataSync()[0], 0, loss);
  }
  const pixels = x0.dataSync();
  const expected = Array.from(pixels).reduce((sum, v) => sum + v * v, 0) / pixels.length;
  const got = diffusionX0Loss(predicting(zero), x0, [3, 900], noise, schedule, { loss: "L2" }).dataSync()[0];
  assert.ok(Math.abs(got - expected) <= MEAN_SQUARE_RELATIVE * expected, `L2 of the zero model ${got}, mean x_0² ${expected}`);
  assert.throws(() => diffusionX0Loss(predicting(x0), x0, [3, 900], noise, schedule, { loss: "H2" as "H1" }), /loss must be "L2" or "H1", got H2/);
  assert.throws(() => diffusionX0Loss(predicting(x0), x0, [3], noise, schedule, { loss: "L2" }), /t must have one step per image, length 2, got length 1/);
  tf.dispose([x0, noise, zero]);
});

test("the authors' objective: L2 is the per-image MSE weighted by SNR(t) = ᾱ/(1 − ᾱ), H1 their mean-of-moduli FFT loss, both 0 at a perfect prediction", () => {
  const rng = new SeededRandom(2);
  const sigmoid = sigmoidBetaSchedule();
  const [n, side] = [2, 8];
  const values = Float32Array.from({ length: n * side * side }, () => 2 * rng.uniform() - 1);
  const x0 = tf.tensor4d(values, [n, side, side, 1]);
  const noise = tf.tensor4d(Float32Array.from({ length: values.length }, () => rng.gaussian()), [n, side, side, 1]);
  const t = [10, 700];
  const predicting = (image: tf.Tensor4D): X0Model => ({ variables: [], forward: () => tf.clone(image) });
  const zero = tf.zerosLike(x0);
  for (const loss of ["L2", "H1"] as const) {
    assert.equal(diffusionX0Loss(predicting(x0), x0, t, noise, sigmoid, { loss, objective: "authors" }).dataSync()[0], 0, loss);
  }
  const perImage = t.map((_, b) => Array.from(values.subarray(b * side * side, (b + 1) * side * side)).reduce((sum, v) => sum + v * v, 0) / (side * side));
  const snr = t.map((step) => sigmoid.alphaBars[step] / (1 - sigmoid.alphaBars[step]));
  const expectedL2 = (snr[0] * perImage[0] + snr[1] * perImage[1]) / n;
  const gotL2 = diffusionX0Loss(predicting(zero), x0, t, noise, sigmoid, { loss: "L2", objective: "authors" }).dataSync()[0];
  assert.ok(Math.abs(gotL2 / expectedL2 - 1) < MEAN_SQUARE_RELATIVE, `weighted L2 ${gotL2}, float64 ${expectedL2}`);
  assert.ok(snr[0] > 100 * snr[1], `the weight falls steeply with t: SNR ${snr}`);
  const expectedH1 = literalAbsLoss(Array.from(values, (v) => -v), [n, side, side], 1);
  const gotH1 = diffusionX0Loss(predicting(zero), x0, t, noise, sigmoid, { loss: "H1", objective: "authors" }).dataSync()[0];
  assert.ok(Math.abs(gotH1 / expectedH1 - 1) < 1e-5, `H1 ${gotH1}, float64 ${expectedH1}`);
  assert.throws(() => diffusionX0Loss(predicting(x0), x0, t, noise, sigmoid, { loss: "L2", objective: "ours" as "paper" }), /objective must be one of paper, authors, got ours/);
  tf.dispose([x0, noise, zero]);
});

test("30 Adam steps (lr 1e-3) of a small U-Net on 8 MNIST digits at fixed (t, ε) lower the x_0 loss (L2 below 0.7, H1 below 0.9 of its start); memory stays flat", () => {
  const batch = 8;
  const digits = loadMnist({ split: "train", limit: batch });
  const x0 = tf.tensor4d(digits.images, [batch, 28, 28, 1]);
  const rng = new SeededRandom(2);
  const t = sampleTimesteps(rng, batch, schedule.steps);
  const noise = tf.tensor4d(Float32Array.from({ length: batch * 28 * 28 }, () => rng.gaussian()), [batch, 28, 28, 1]);
  for (const loss of ["L2", "H1"] as const) {
    const model = unet({ seed: 3, baseWidth: 8 });
    const optimizer = tf.train.adam(1e-3);
    const value = (): number => tf.tidy(() => diffusionX0Loss(model, x0, t, noise, schedule, { loss }).dataSync()[0]);
    const before = value();
    let tensorsAfterFirstStep = 0;
    for (let step = 0; step < 30; step++) {
      optimizer.minimize(() => diffusionX0Loss(model, x0, t, noise, schedule, { loss }), false, model.variables);
      if (step === 0) tensorsAfterFirstStep = tf.memory().numTensors; // Adam's moments exist from here on
    }
    assert.equal(tf.memory().numTensors, tensorsAfterFirstStep, `${loss}: tensors leaked by training steps`);
    const after = value();
    console.log(`# ${loss}: 30 Adam steps, loss ${before} → ${after} (ratio ${(after / before).toFixed(3)})`);
    assert.ok(after < TRAINING_RATIO_BOUND[loss] * before, `${loss}: loss ${before} → ${after}, ratio ${after / before}, bound ${TRAINING_RATIO_BOUND[loss]}`);
    optimizer.dispose();
    model.dispose();
  }
  tf.dispose([x0, noise]);
});
