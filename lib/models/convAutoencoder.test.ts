import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../backend/index.js";
import { loadMnist } from "../images/mnist.js";
import { addDenoisingNoise, DENOISING_TRAIN_NOISE } from "../images/noise.js";
import { SeededRandom } from "../numeric/random.js";
import { sobolevFrequencyWeights } from "../losses/imageSobolev.js";
import { CONV_AUTOENCODER_LEAKY_SLOPE, ConvAutoencoder, convAutoencoder, denoisingLoss, type DenoisingLossOptions } from "./convAutoencoder.js";
import { referenceConv, referenceConvTranspose, type Array4 } from "./referenceConv.js";
import { assertDirectionalDerivatives } from "./float64GradientCheck.js";

await selectBackend();

/**
 * Parameter-gradient check of the denoising losses: the tfjs (float32) directional derivative g·v vs the
 * central difference (L(θ + h v) − L(θ − h v)) / 2h of a float64 reference of the same network and loss
 * (referenceLoss below, written independently with loops), relative to |g·v|. Why float64: in float32 the
 * quotient is noise (the H1 loss is ~40 here, so its rounding 4e-6 / 2h swamps early-layer gradients
 * of 1e-2 to 1e-5 unless h ≥ 1e-2) and at h ≥ 1e-2 the early layers' curvature and LeakyReLU kinks cost
 * 4-30% (measured on both the WASM and cpu backends, so not a kernel error). In float64 with h = 1e-6
 * the truncation is ~1e-12 and a kink lies between θ ± h v with probability ~1e-6. What remains is the
 * float32 error of g: a reverse pass through six layers of sums of ≤ 9·4 terms and the 8-point DFTs,
 * ~1e-5 of the largest terms, relative to |g·v|; directions are each variable's own gradient (so |g·v| =
 * ‖g_i‖ is never small by chance) and one seeded random direction. A dropped or mis-scaled term changes
 * g·v by O(1) of itself.
 */
const GRADIENT_FD_RELATIVE = 1e-3;
const FD_STEP = 1e-6;

/**
 * tfjs forward (float32) vs the float64 reference forward on the small test network: each output is six
 * layers of float32 sums of ≤ 36 products (γ_36 ≈ 2e-6 of the absolute sums), rounded up.
 */
const REFERENCE_FORWARD_ABSOLUTE = 1e-5;

/** The module comment's network in float64 from the parameters θ = [W1, b1, ..., W6, b6] (sigmoid output). */
function referenceForward(theta: readonly Float64Array[], x: Array4, channels: readonly [number, number, number], k = 3): Array4 {
  const [c1, c2, c3] = channels;
  const plan: [number, number, boolean][] = [[c1, 2, false], [c2, 2, false], [c3, 1, false], [c2, 1, true], [c1, 2, true], [1, 2, true]];
  let h = x;
  plan.forEach(([cOut, s, transposed], l) => {
    h = (transposed ? referenceConvTranspose : referenceConv)(h, theta[2 * l], theta[2 * l + 1], k, cOut, s);
    const last = l === plan.length - 1;
    h.data = h.data.map((z) => (last ? 1 / (1 + Math.exp(-z)) : z > 0 ? z : CONV_AUTOENCODER_LEAKY_SLOPE * z));
  });
  return h;
}

/** L2 = mean (u − f)²; H1 = (1) of imageSobolev.ts per image by a direct 2-D DFT, averaged over images. */
function referenceLoss(u: Array4, clean: Float64Array, loss: "L2" | "H1"): number {
  const [N, H, W] = u.shape;
  const d = u.data.map((v, m) => v - clean[m]);
  if (loss === "L2") return d.reduce((sum, v) => sum + v * v, 0) / d.length;
  const weights = sobolevFrequencyWeights(H, W, 1);
  let total = 0;
  for (let n = 0; n < N; n++) for (let k1 = 0; k1 < H; k1++) for (let k2 = 0; k2 < W; k2++) {
    let [re, im] = [0, 0];
    for (let i = 0; i < H; i++) for (let j = 0; j < W; j++) {
      const angle = -2 * Math.PI * (((k1 * i) % H) / H + ((k2 * j) % W) / W);
      re += d[(n * H + i) * W + j] * Math.cos(angle);
      im += d[(n * H + i) * W + j] * Math.sin(angle);
    }
    total += weights[k1 * W + k2] * (re * re + im * im);
  }
  return total / (N * (H * W) ** 2);
}

/**
 * imageSobolevLoss with s = 0 vs the pixel MSE of the same output (Parseval, exact in exact arithmetic):
 * float32 DFTs of 28 terms per axis, relative error ~γ_28 ≈ 2e-6 of the loss, rounded up.
 */
const PARSEVAL_FLOAT32_RELATIVE = 1e-5;

/** Seeded N(0, 1) float32 images [n, H, W, 1] (shifted into roughly [0, 1] by `offset`, `scale`). */
function randomImages(n: number, size: number, seed: number, offset = 0, scale = 1): tf.Tensor4D {
  const rng = new SeededRandom(seed);
  return tf.tensor4d(Float32Array.from({ length: n * size * size }, () => offset + scale * rng.gaussian()), [n, size, size, 1]);
}

function lossValue(model: ConvAutoencoder, noisy: tf.Tensor4D, clean: tf.Tensor4D, options: DenoisingLossOptions): number {
  return tf.tidy(() => denoisingLoss(model, noisy, clean, options).dataSync()[0]);
}

/** Parameter gradient g of the loss, as one array per variable. */
function parameterGradient(model: ConvAutoencoder, noisy: tf.Tensor4D, clean: tf.Tensor4D, options: DenoisingLossOptions): Float32Array[] {
  return tf.tidy(() => {
    const { grads } = tf.variableGrads(() => denoisingLoss(model, noisy, clean, options), model.variables);
    return model.variables.map((v) => grads[v.name].dataSync() as Float32Array);
  });
}

test("convAutoencoder maps [n, 28, 28, 1] to [n, 28, 28, 1], in (0, 1) with the sigmoid output", () => {
  const model = convAutoencoder({ seed: 1 });
  const linear = convAutoencoder({ seed: 1, output: "linear" });
  const x = randomImages(3, 28, 2);
  const y = model.forward(x);
  const z = linear.forward(x);
  assert.deepEqual(y.shape, [3, 28, 28, 1]);
  assert.deepEqual(z.shape, [3, 28, 28, 1]);
  assert.ok((y.dataSync() as Float32Array).every((v) => v > 0 && v < 1));
  assert.equal(model.variables.length, 12);
  assert.deepEqual(model.variables.map((v) => v.shape), [
    [3, 3, 1, 16], [16], [3, 3, 16, 32], [32], [3, 3, 32, 64], [64],
    [3, 3, 32, 64], [32], [3, 3, 16, 32], [16], [3, 3, 1, 16], [1],
  ]);
  tf.dispose([x, y, z]);
  model.dispose();
  linear.dispose();
});

test("convAutoencoder draws W and b from U(±1/√fan_in), fan_in = c_in k² for conv and c_out k² for convT", () => {
  const model = convAutoencoder({ seed: 3 });
  const fanIns = [1 * 9, 16 * 9, 32 * 9, 32 * 9, 16 * 9, 1 * 9];
  model.variables.forEach((v, i) => {
    const bound = 1 / Math.sqrt(fanIns[Math.floor(i / 2)]);
    const values = v.dataSync() as Float32Array;
    const largest = Math.max(...Array.from(values, Math.abs));
    assert.ok(largest <= bound, `variable ${i}: max |w| = ${largest} > bound ${bound}`);
    if (values.length >= 16) assert.ok(largest > 0.8 * bound, `variable ${i}: max |w| = ${largest} uses too little of ±${bound}`);
  });
  model.dispose();
});

test("convAutoencoder with the same seed gives the same output, and another seed a different one", () => {
  const x = randomImages(2, 28, 4);
  const outputs = [5, 5, 6].map((seed) => {
    const model = convAutoencoder({ seed });
    const values = tf.tidy(() => model.forward(x).dataSync() as Float32Array);
    model.dispose();
    return values;
  });
  assert.deepEqual(outputs[0], outputs[1]);
  assert.notDeepEqual(outputs[0], outputs[2]);
  x.dispose();
});

test("denoisingLoss H1 with s = 0 equals the L2 loss (Parseval), and H1 with s = 1 exceeds it", () => {
  const model = convAutoencoder({ seed: 7 });
  const noisy = randomImages(4, 28, 8);
  const clean = randomImages(4, 28, 9, 0.5, 0.3);
  const l2 = lossValue(model, noisy, clean, { loss: "L2" });
  const h0 = lossValue(model, noisy, clean, { loss: "H1", s: 0 });
  const h1 = lossValue(model, noisy, clean, { loss: "H1" });
  assert.ok(Math.abs(h0 - l2) <= PARSEVAL_FLOAT32_RELATIVE * l2, `H^0 ${h0} vs L2 ${l2}`);
  assert.ok(h1 > l2, `H1 ${h1} should exceed L2 ${l2}`);
  tf.dispose([noisy, clean]);
  model.dispose();
});

test("the float64 reference network reproduces convAutoencoder.forward (conv and transposed-conv geometry)", () => {
  const channels = [2, 3, 4] as const;
  const model = convAutoencoder({ seed: 11, channels });
  const noisy = randomImages(2, 8, 12, 0.5, 0.5);
  const theta = model.variables.map((v) => Float64Array.from(v.dataSync() as Float32Array));
  const expected = referenceForward(theta, { data: Float64Array.from(noisy.dataSync() as Float32Array), shape: [2, 8, 8, 1] }, channels);
  const got = tf.tidy(() => model.forward(noisy).dataSync() as Float32Array);
  const difference = Math.max(...Array.from(got, (v, m) => Math.abs(v - expected.data[m])));
  assert.ok(difference <= REFERENCE_FORWARD_ABSOLUTE, `max |tfjs − float64 reference| = ${difference}, tolerance ${REFERENCE_FORWARD_ABSOLUTE}`);
  noisy.dispose();
  model.dispose();
});

for (const loss of ["H1", "L2"] as const) {
  test(`the parameter gradient of the ${loss} denoising loss agrees with float64 central differences`, () => {
    const channels = [2, 3, 4] as const;
    const model = convAutoencoder({ seed: 11, channels });
    const noisy = randomImages(2, 8, 12, 0.5, 0.5);
    const clean = randomImages(2, 8, 13, 0.5, 0.3);
    const gradient = parameterGradient(model, noisy, clean, { loss });
    const theta = model.variables.map((v) => Float64Array.from(v.dataSync() as Float32Array));
    const x: Array4 = { data: Float64Array.from(noisy.dataSync() as Float32Array), shape: [2, 8, 8, 1] };
    const target = Float64Array.from(clean.dataSync() as Float32Array);
    const lossAt = (step: number, v: Float64Array[]): number =>
      referenceLoss(referenceForward(theta.map((w, i) => w.map((value, m) => value + step * v[i][m])), x, channels), target, loss);
    assertDirectionalDerivatives(gradient, theta, lossAt, { seed: 14, step: FD_STEP, tolerance: GRADIENT_FD_RELATIVE, label: `${loss}, ` });
    tf.dispose([noisy, clean]);
    model.dispose();
  });
}

test("a few Adam steps (learning rate 5e-3) on 32 noisy MNIST digits lower the loss they minimise, L2 or H1", () => {
  const digits = loadMnist({ split: "train", limit: 32 });
  const noisyPixels = addDenoisingNoise(digits.images, digits.shape, "gaussian", DENOISING_TRAIN_NOISE, new SeededRandom(21));
  const clean = tf.tensor4d(digits.images, [32, 28, 28, 1]);
  const noisy = tf.tensor4d(noisyPixels, [32, 28, 28, 1]);
  for (const loss of ["L2", "H1"] as const) {
    const model = convAutoencoder({ seed: 22 });
    const optimizer = tf.train.adam(5e-3);
    const before = { L2: lossValue(model, noisy, clean, { loss: "L2" }), H1: lossValue(model, noisy, clean, { loss: "H1" }) };
    for (let step = 0; step < 10; step++) {
      optimizer.minimize(() => denoisingLoss(model, noisy, clean, { loss }), false, model.variables);
    }
    const after = { L2: lossValue(model, noisy, clean, { loss: "L2" }), H1: lossValue(model, noisy, clean, { loss: "H1" }) };
    console.log(`# training ${loss}, 10 Adam steps: L2 ${before.L2} → ${after.L2}, H1 ${before.H1} → ${after.H1}`);
    assert.ok(after[loss] < before[loss], `training ${loss}: the ${loss} loss went from ${before[loss]} to ${after[loss]}`);
    optimizer.dispose();
    model.dispose();
  }
  tf.dispose([clean, noisy]);
});

test("forward, the losses, their gradients and Adam steps leave no tensors behind", () => {
  const noisy = randomImages(4, 28, 31);
  const clean = randomImages(4, 28, 32, 0.5, 0.3);
  const baseline = tf.memory().numTensors;
  const model = convAutoencoder({ seed: 33 });
  const optimizer = tf.train.adam(5e-3);
  tf.dispose(model.forward(noisy));
  for (const loss of ["L2", "H1"] as const) {
    tf.dispose(denoisingLoss(model, noisy, clean, { loss }));
    tf.dispose(tf.variableGrads(() => denoisingLoss(model, noisy, clean, { loss }), model.variables));
    optimizer.minimize(() => denoisingLoss(model, noisy, clean, { loss }), false, model.variables);
  }
  optimizer.dispose();
  model.dispose();
  assert.equal(tf.memory().numTensors, baseline);
  tf.dispose([noisy, clean]);
});

test("convAutoencoder and denoisingLoss reject bad arguments, naming what they received", () => {
  assert.throws(() => convAutoencoder({ seed: 1, channels: [16, 32] as unknown as [number, number, number] }), /channels must be three encoder widths/);
  assert.throws(() => convAutoencoder({ seed: 1, kernelSize: 4 }), /kernelSize must be odd, got 4/);
  assert.throws(() => convAutoencoder({ seed: 1.5 }), /seed must be a safe integer, got 1.5/);
  assert.throws(() => convAutoencoder({ seed: 1, output: "tanh" as "linear" }), /output must be "sigmoid" or "linear", got tanh/);
  const model = convAutoencoder({ seed: 1, channels: [2, 2, 2] });
  const odd = tf.zeros([1, 10, 10, 1]) as tf.Tensor4D;
  const images = tf.zeros([1, 8, 8, 1]) as tf.Tensor4D;
  const other = tf.zeros([2, 8, 8, 1]) as tf.Tensor4D;
  assert.throws(() => model.forward(odd), /x must be \[n, H, W, 1\] with H, W positive multiples of 4, got \[1, 10, 10, 1\]/);
  assert.throws(() => denoisingLoss(model, images, other, { loss: "L2" }), /clean must have the shape of noisy, \[1, 8, 8, 1\], got \[2, 8, 8, 1\]/);
  assert.throws(() => denoisingLoss(model, images, images, { loss: "H2" as "H1" }), /loss must be one of L2, H1, authors-fft, got H2/);
  assert.throws(() => denoisingLoss(model, images, images, { loss: "L2", s: 1 }), /s applies to the "H1" loss only/);
  tf.dispose([odd, images, other]);
  model.dispose();
});
