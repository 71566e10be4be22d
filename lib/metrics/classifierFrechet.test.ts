import { after, test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../backend/index.js";
import { loadMnist } from "../images/mnist.js";
import { trainImageClassifier } from "../models/imageClassifier.js";
import { SeededRandom } from "../numeric/random.js";
import { classifierFrechetDistance, featureStatistics } from "./classifierFrechet.js";
import { frechetDistance, frechetRoundingTolerance } from "./frechet.js";

await selectBackend();

/**
 * FD_classifier(half A of the MNIST test digits, half B) over FD_classifier(half A, uniform-noise images).
 * Two halves of one distribution differ only by sampling (998 images in 64 dimensions); noise is far from
 * every digit in the classifier's features. Measured 0.0021 (FD 3.76 vs 1790, classifier: one epoch on
 * 2,000 training digits, batch 16, Adam 3e-3, seed 1, WASM); 0.1 is ~50 times that, room for another
 * backend's training trajectory, and still says "much smaller".
 */
const HALVES_OVER_NOISE = 0.1;

/**
 * Features of the same images computed in batches of 100 or all at once: each image's features are the
 * same float32 operations up to a kernel's blocking order for the batch (≤ γ_K ≈ 1e-4 for K = 1568
 * terms, typically √K·u ≈ 2e-6, relative to features of O(1)), and the fits inherit that relative size.
 * Measured 3e-9 of max|Σ| (covariance) and 1e-8 absolute (mean); 1e-5 of the scale.
 */
const BATCHING_RELATIVE = 1e-5;

const mnistTest = loadMnist({ split: "test" });
const half = Math.floor(mnistTest.shape[0] / 2);
const train = loadMnist({ split: "train", limit: 2000 });
const trainImages = tf.tensor4d(train.images, [train.shape[0], 28, 28, 1]);
const { model: classifier } = trainImageClassifier(trainImages, Array.from(train.labels), { epochs: 1, batchSize: 16, learningRate: 3e-3, seed: 1 });
trainImages.dispose();
const halfA = tf.tensor4d(mnistTest.images.subarray(0, half * 784), [half, 28, 28, 1]);
const halfB = tf.tensor4d(mnistTest.images.subarray(half * 784, 2 * half * 784), [half, 28, 28, 1]);
const noise = (() => {
  const rng = new SeededRandom(7);
  return tf.tensor4d(Float32Array.from({ length: half * 784 }, () => rng.uniform()), [half, 28, 28, 1]);
})();

test("FD_classifier of an image set with itself is 0 (to rounding), and it leaves no tensors behind", () => {
  const before = tf.memory().numTensors;
  const self = classifierFrechetDistance(classifier, halfA, halfA, 300);
  assert.equal(tf.memory().numTensors, before);
  const fit = featureStatistics((x) => classifier.features(x), halfA);
  const scale = 2 * fit.covariance.trace();
  console.log(`# FD_classifier(A, A) = ${self} (scale tr Σa + tr Σb = ${scale})`);
  assert.ok(self >= 0 && self <= frechetRoundingTolerance(fit.mean.length, scale), `FD(A, A) = ${self}`);
});

test("FD_classifier between two halves of the MNIST test digits is small next to FD_classifier(digits, uniform noise)", () => {
  const halves = classifierFrechetDistance(classifier, halfA, halfB);
  const againstNoise = classifierFrechetDistance(classifier, halfA, noise);
  console.log(`# FD_classifier(half A, half B) = ${halves.toFixed(4)}, FD_classifier(half A, noise) = ${againstNoise.toFixed(4)}, ratio ${(halves / againstNoise).toFixed(4)}`);
  assert.ok(halves > 0, "two different samples have a positive distance");
  assert.ok(halves < HALVES_OVER_NOISE * againstNoise, `FD(A, B) = ${halves} should be < ${HALVES_OVER_NOISE} · FD(A, noise) = ${HALVES_OVER_NOISE * againstNoise}`);
});

test("FD_classifier grows as the images are shifted further from the digits (x + 0.25, x + 0.5)", () => {
  const shifted = [0, 0.25, 0.5].map((offset) => {
    const images = tf.tidy(() => tf.add(halfB, offset) as tf.Tensor4D);
    const value = classifierFrechetDistance(classifier, halfA, images);
    images.dispose();
    return value;
  });
  console.log(`# FD_classifier(half A, half B + c) for c = 0, 0.25, 0.5: ${shifted.map((v) => v.toFixed(4)).join(", ")}`);
  assert.ok(shifted[0] < shifted[1] && shifted[1] < shifted[2], `not increasing: ${shifted.join(", ")}`);
});

test("featureStatistics does not depend on the batch size", () => {
  const extract = (x: tf.Tensor4D): tf.Tensor2D => classifier.features(x);
  const small = featureStatistics(extract, halfA, 100);
  const whole = featureStatistics(extract, halfA, half);
  const scale = Math.max(...whole.covariance.to1DArray().map(Math.abs));
  const covarianceDifference = Math.max(...small.covariance.to1DArray().map((v, i) => Math.abs(v - whole.covariance.to1DArray()[i])));
  const meanDifference = Math.max(...small.mean.map((v, i) => Math.abs(v - whole.mean[i])));
  console.log(`# batches of 100 vs one batch: max |Δ covariance| = ${covarianceDifference} (max |Σ| = ${scale}), max |Δ mean| = ${meanDifference}`);
  assert.equal(small.count, half);
  assert.ok(covarianceDifference <= BATCHING_RELATIVE * scale, `covariance differs by ${covarianceDifference}`);
  assert.ok(meanDifference <= BATCHING_RELATIVE * Math.max(...whole.mean.map(Math.abs)), `mean differs by ${meanDifference}`);
  assert.ok(frechetDistance(small, whole) <= frechetRoundingTolerance(whole.mean.length, 2 * whole.covariance.trace()));
});

test("featureStatistics and classifierFrechetDistance reject bad arguments, naming what they received", () => {
  const one = tf.zeros([1, 28, 28, 1]) as tf.Tensor4D;
  const rgb = tf.zeros([2, 28, 28, 3]) as tf.Tensor4D;
  const before = tf.memory().numTensors;
  assert.throws(() => featureStatistics((x) => classifier.features(x), one), /featureStatistics: need at least 2 images for a covariance, got 1/);
  assert.throws(() => featureStatistics((x) => classifier.features(x), halfA, 0), /featureStatistics: batchSize must be an integer >= 1, got 0/);
  assert.throws(() => featureStatistics((x) => tf.reshape(x, [-1]) as unknown as tf.Tensor2D, halfA, 100), /the extractor must return features \[100, d\] for a batch of 100 images, got \[78400\]/);
  let calls = 0;
  assert.throws(() => featureStatistics((x) => tf.zeros([x.shape[0], ++calls === 1 ? 3 : 4]) as tf.Tensor2D, halfA, 500), /the extractor returned 4 features for images 500\.\., but 3 for the first batch/);
  assert.equal(tf.memory().numTensors, before, "a rejected extractor leaves no tensors (each batch runs in a tidy)");
  assert.throws(() => classifierFrechetDistance(classifier, halfA, rgb), /classifierFrechetDistance \(imagesB\): x must be \[n, 28, 28, 1\]/);
  tf.dispose([one, rgb]);
});

after(() => {
  tf.dispose([halfA, halfB, noise]);
  classifier.dispose();
});
