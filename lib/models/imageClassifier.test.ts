import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../backend/index.js";
import { loadMnist } from "../images/mnist.js";
import { SeededRandom } from "../numeric/random.js";
import { classifierAccuracy, crossEntropyLoss, IMAGE_CLASSIFIER_CLASSES, ImageClassifier, imageClassifier, trainImageClassifier } from "./imageClassifier.js";
import { referenceConv, type Array4 } from "./referenceConv.js";
import { assertDirectionalDerivatives } from "./float64GradientCheck.js";

await selectBackend();

/**
 * Parameter-gradient check of the cross-entropy: the tfjs (float32) directional derivative g·v vs the
 * central difference (L(θ + h v) − L(θ − h v)) / 2h of a float64 reference of the same network and loss
 * (referenceLoss below, written independently with loops), relative to |g·v|, as convAutoencoder.test.ts
 * does. Why float64: in float32 the loss (~2.3) rounds at ~1e-7, so (L⁺ − L⁻)/2h needs h ≳ 1e-2 to reach
 * 1e-4 accuracy, and at h = 1e-2 ReLU kinks crossed between θ ± h v and the curvature of log-softmax cost
 * percents. In float64 with h = 1e-6 the truncation is ~h² ≈ 1e-12 and a kink lies between θ ± h v with
 * probability ~1e-6. What remains is the float32 error of g: a reverse pass through four layers of sums of
 * ≤ 36 terms, ~1e-5 of the largest terms, relative to |g·v|; directions are each variable's own gradient
 * (so |g·v| = ‖g_i‖ is never small by chance) and one seeded random direction. A dropped or mis-scaled
 * term changes g·v by O(1) of itself.
 */
const GRADIENT_FD_RELATIVE = 1e-3;
const FD_STEP = 1e-6;

/**
 * tfjs logits (float32) vs the float64 reference on the small test network: four layers of float32 sums
 * of ≤ 36 products (γ_36 ≈ 2e-6 of the absolute sums, which are O(1) here), rounded up.
 */
const REFERENCE_FORWARD_ABSOLUTE = 1e-5;

/**
 * Test accuracy on the 1,996 MNIST test images after one epoch on the first 2,000 training images
 * (batch 16, Adam 3e-3, seed 1). Measured 0.861 on WASM (seeds 2 and 3: 0.881, 0.877; batch 32 with
 * Adam 2e-3 gave 0.79-0.84). 0.8 leaves room for another backend's rounding changing the trajectory,
 * while a broken gradient, loss or label order stays near 0.1 (chance).
 */
const MNIST_ONE_EPOCH_ACCURACY = 0.8;

/** A 4-D float64 array, NHWC row-major. */
/** relu(referenceConv(...)). */
function referenceConvRelu(x: Array4, f: Float64Array, b: Float64Array, k: number, cOut: number, s: number): Array4 {
  const y = referenceConv(x, f, b, k, cOut, s);
  return { data: y.data.map((v) => Math.max(v, 0)), shape: y.shape };
}

/** rows [N, nIn] (row-major) times W [nIn, nOut] plus b, optionally through ReLU. */
function referenceDense(rows: Float64Array, N: number, w: Float64Array, b: Float64Array, nOut: number, relu: boolean): Float64Array {
  const nIn = rows.length / N;
  const y = new Float64Array(N * nOut);
  for (let n = 0; n < N; n++) for (let o = 0; o < nOut; o++) {
    let sum = b[o];
    for (let m = 0; m < nIn; m++) sum += rows[n * nIn + m] * w[m * nOut + o];
    y[n * nOut + o] = relu ? Math.max(sum, 0) : sum;
  }
  return y;
}

/** The module comment's network in float64 from θ = [W1, b1, W2, b2, W3, b3, W4, b4]: logits [N, 10]. */
function referenceLogits(theta: readonly Float64Array[], x: Array4, channels: readonly [number, number], hidden: number): Float64Array {
  const h1 = referenceConvRelu(x, theta[0], theta[1], 3, channels[0], 2);
  const h2 = referenceConvRelu(h1, theta[2], theta[3], 3, channels[1], 2);
  const N = x.shape[0];
  const features = referenceDense(h2.data, N, theta[4], theta[5], hidden, true); // NHWC flatten = row-major data
  return referenceDense(features, N, theta[6], theta[7], IMAGE_CLASSIFIER_CLASSES, false);
}

/** mean_n (log Σ_c exp z_nc − z_n,y_n), with the max subtracted before exp. */
function referenceLoss(logits: Float64Array, labels: readonly number[]): number {
  const C = IMAGE_CLASSIFIER_CLASSES;
  let total = 0;
  labels.forEach((label, n) => {
    const row = logits.subarray(n * C, (n + 1) * C);
    const top = Math.max(...row);
    total += top + Math.log(row.reduce((sum, z) => sum + Math.exp(z - top), 0)) - row[label];
  });
  return total / labels.length;
}

/** Seeded float32 images [n, size, size, 1] with pixels uniform in [0, 1). */
function randomImages(n: number, size: number, seed: number): tf.Tensor4D {
  const rng = new SeededRandom(seed);
  return tf.tensor4d(Float32Array.from({ length: n * size * size }, () => rng.uniform()), [n, size, size, 1]);
}

test("imageClassifier maps [n, 28, 28, 1] to logits [n, 10] and features [n, 64], with the documented variables", () => {
  const model = imageClassifier({ seed: 1 });
  const x = randomImages(3, 28, 2);
  const logits = model.logits(x);
  const features = model.features(x);
  assert.deepEqual(logits.shape, [3, 10]);
  assert.deepEqual(features.shape, [3, 64]);
  assert.equal(model.featureWidth, 64);
  assert.ok((features.dataSync() as Float32Array).every((v) => v >= 0), "features are ReLU outputs");
  assert.deepEqual(model.variables.map((v) => v.shape), [[3, 3, 1, 16], [16], [3, 3, 16, 32], [32], [1568, 64], [64], [64, 10], [10]]);
  // PyTorch's default init: every |w| ≤ 1/√fan_in.
  const fanIns = [9, 9, 16 * 9, 16 * 9, 1568, 1568, 64, 64];
  model.variables.forEach((v, i) => {
    const largest = Math.max(...Array.from(v.dataSync() as Float32Array, Math.abs));
    assert.ok(largest <= 1 / Math.sqrt(fanIns[i]), `variable ${i}: max |w| = ${largest} > 1/√${fanIns[i]}`);
  });
  assert.match(model.description, /conv3x3\/2 1-16, conv3x3\/2 16-32, dense 1568-64-10/);
  tf.dispose([x, logits, features]);
  model.dispose();
});

test("the float64 reference network reproduces imageClassifier.logits (conv geometry, NHWC flatten)", () => {
  const channels = [2, 3] as const;
  const model = imageClassifier({ seed: 11, channels, hidden: 5, imageSize: 8 });
  const x = randomImages(3, 8, 12);
  const theta = model.variables.map((v) => Float64Array.from(v.dataSync() as Float32Array));
  const expected = referenceLogits(theta, { data: Float64Array.from(x.dataSync() as Float32Array), shape: [3, 8, 8, 1] }, channels, 5);
  const got = tf.tidy(() => model.logits(x).dataSync() as Float32Array);
  const difference = Math.max(...Array.from(got, (v, m) => Math.abs(v - expected[m])));
  assert.ok(difference <= REFERENCE_FORWARD_ABSOLUTE, `max |tfjs − float64 reference| = ${difference}, tolerance ${REFERENCE_FORWARD_ABSOLUTE}`);
  x.dispose();
  model.dispose();
});

test("the parameter gradient of the cross-entropy agrees with float64 central differences", () => {
  const channels = [2, 3] as const;
  const hidden = 5;
  const model = imageClassifier({ seed: 13, channels, hidden, imageSize: 8 });
  const x = randomImages(4, 8, 14);
  const labels = [3, 0, 7, 3];
  const gradient = tf.tidy(() => {
    const { grads } = tf.variableGrads(() => crossEntropyLoss(model, x, labels), model.variables);
    return model.variables.map((v) => grads[v.name].dataSync() as Float32Array);
  });
  const theta = model.variables.map((v) => Float64Array.from(v.dataSync() as Float32Array));
  const input: Array4 = { data: Float64Array.from(x.dataSync() as Float32Array), shape: [4, 8, 8, 1] };
  const lossAt = (step: number, v: Float64Array[]): number =>
    referenceLoss(referenceLogits(theta.map((w, i) => w.map((value, m) => value + step * v[i][m])), input, channels, hidden), labels);
  // The tfjs loss itself agrees with the reference at θ.
  const tfLoss = tf.tidy(() => crossEntropyLoss(model, x, labels).dataSync()[0]);
  assert.ok(Math.abs(tfLoss - lossAt(0, theta)) <= REFERENCE_FORWARD_ABSOLUTE, `loss ${tfLoss} vs reference ${lossAt(0, theta)}`);
  assertDirectionalDerivatives(gradient, theta, lossAt, { seed: 15, step: FD_STEP, tolerance: GRADIENT_FD_RELATIVE, label: "" });
  x.dispose();
  model.dispose();
});

test("one epoch on 2,000 MNIST training digits classifies the MNIST test digits with accuracy > 0.8", () => {
  const train = loadMnist({ split: "train", limit: 2000 });
  const testSet = loadMnist({ split: "test" });
  const trainImages = tf.tensor4d(train.images, [train.shape[0], 28, 28, 1]);
  const testImages = tf.tensor4d(testSet.images, [testSet.shape[0], 28, 28, 1]);
  const baseline = tf.memory().numTensors;
  const started = performance.now();
  const seen: number[] = [];
  const { model, epochs } = trainImageClassifier(trainImages, Array.from(train.labels), { epochs: 1, batchSize: 16, learningRate: 3e-3, seed: 1, onEpoch: (e) => seen.push(e.epoch) });
  const trained = performance.now();
  const accuracy = classifierAccuracy(model, testImages, Array.from(testSet.labels), 500);
  console.log(`# 1 epoch on ${train.shape[0]} images: running loss ${epochs[0].loss.toFixed(4)}, running accuracy ${epochs[0].accuracy.toFixed(4)}, test accuracy ${accuracy.toFixed(4)} on ${testSet.shape[0]}; training ${((trained - started) / 1000).toFixed(1)} s, evaluation ${((performance.now() - trained) / 1000).toFixed(1)} s`);
  assert.deepEqual(seen, [1]);
  assert.equal(epochs.length, 1);
  assert.ok(epochs[0].loss > 0 && epochs[0].loss < Math.log(10), `running loss ${epochs[0].loss} should fall below chance, ln 10`);
  assert.ok(accuracy > MNIST_ONE_EPOCH_ACCURACY, `test accuracy ${accuracy} <= ${MNIST_ONE_EPOCH_ACCURACY}`);
  // Only the model's variables remain.
  assert.equal(tf.memory().numTensors, baseline + model.variables.length);
  model.dispose();
  tf.dispose([trainImages, testImages]);
});

test("trainImageClassifier with the same seed gives the same weights", () => {
  const x = randomImages(20, 8, 21);
  const labels = Array.from({ length: 20 }, (_, i) => i % 10);
  const options = { epochs: 2, batchSize: 6, learningRate: 1e-2, seed: 5, architecture: { channels: [2, 2] as const, hidden: 4, imageSize: 8 } };
  const weights = [options, options, { ...options, seed: 6 }].map((o) => {
    const { model, epochs } = trainImageClassifier(x, labels, o);
    assert.equal(epochs.length, 2);
    const values = model.variables.map((v) => Array.from(v.dataSync() as Float32Array));
    model.dispose();
    return values;
  });
  assert.deepEqual(weights[0], weights[1]);
  assert.notDeepEqual(weights[0], weights[2]);
  x.dispose();
});

test("imageClassifier, crossEntropyLoss, trainImageClassifier and classifierAccuracy reject bad arguments, naming what they received", () => {
  assert.throws(() => imageClassifier({ seed: 1, imageSize: 30 }), /imageSize must be a multiple of 4 \(two stride-2 convolutions\), got 30/);
  assert.throws(() => imageClassifier({ seed: 1, channels: [16] as unknown as [number, number] }), /channels must be two convolution widths/);
  assert.throws(() => imageClassifier({ seed: 1, hidden: 0 }), /hidden must be an integer >= 1, got 0/);
  assert.throws(() => imageClassifier({ seed: 0.5 }), /seed must be a safe integer, got 0.5/);
  const model: ImageClassifier = imageClassifier({ seed: 1 });
  const rgb = tf.zeros([2, 28, 28, 3]) as tf.Tensor4D;
  const small = tf.zeros([2, 8, 8, 1]) as tf.Tensor4D;
  const good = tf.zeros([2, 28, 28, 1]) as tf.Tensor4D;
  assert.throws(() => model.logits(rgb), /imageClassifier\.logits: x must be \[n, 28, 28, 1\] with n >= 1 \(NHWC grayscale\), got \[2, 28, 28, 3\]/);
  assert.throws(() => model.features(small), /imageClassifier\.features: x must be \[n, 28, 28, 1\] with n >= 1 \(NHWC grayscale\), got \[2, 8, 8, 1\]/);
  const unbatched = tf.zeros([28, 28, 1]);
  assert.throws(() => model.features(unbatched as unknown as tf.Tensor4D), /got \[28, 28, 1\]/);
  assert.throws(() => crossEntropyLoss(model, good, [1]), /crossEntropyLoss: labels must have one entry per image, 2, got 1/);
  assert.throws(() => crossEntropyLoss(model, good, [1, 10]), /crossEntropyLoss: labels\[1\] must be an integer class in 0\.\.9, got 10/);
  assert.throws(() => classifierAccuracy(model, good, [1, 2], 0), /classifierAccuracy: batchSize must be an integer >= 1, got 0/);
  assert.throws(() => classifierAccuracy(model, rgb, [1, 2]), /classifierAccuracy: x must be \[n, 28, 28, 1\]/);
  const before = tf.memory().numTensors;
  assert.throws(() => trainImageClassifier(good, [1, 2.5], { epochs: 1, batchSize: 2, learningRate: 1e-3, seed: 1 }), /trainImageClassifier: labels\[1\] must be an integer class in 0\.\.9, got 2.5/);
  assert.throws(() => trainImageClassifier(rgb, [1, 2], { epochs: 1, batchSize: 2, learningRate: 1e-3, seed: 1 }), /trainImageClassifier: x must be \[n, 28, 28, 1\]/);
  assert.equal(tf.memory().numTensors, before, "a rejected training call leaves no tensors (its model is disposed)");
  assert.throws(() => trainImageClassifier(good, [1, 2], { epochs: 0, batchSize: 2, learningRate: 1e-3, seed: 1 }), /epochs must be an integer >= 1, got 0/);
  assert.throws(() => trainImageClassifier(good, [1, 2], { epochs: 1, batchSize: 2, learningRate: -1, seed: 1 }), /learningRate must be a positive finite number, got -1/);
  tf.dispose([rgb, small, good, unbatched]);
  model.dispose();
});
