import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../backend/index.js";
import { SeededRandom } from "../numeric/random.js";
import { authorsDenoisingAutoencoder } from "./authorsDenoisingAutoencoder.js";
import { CONV_AUTOENCODER_LEAKY_SLOPE, denoisingLoss } from "./convAutoencoder.js";
import { referenceConv, referenceConvTranspose, type Array4 } from "./referenceConv.js";

await selectBackend();

/** float32 forward through eight layers of sums of ≤ 3136 products against float64: a few 1e-6 of the output scale, rounded up. */
const REFERENCE_FORWARD_ABSOLUTE = 1e-4;

const leaky = (z: number): number => (z > 0 ? z : CONV_AUTOENCODER_LEAKY_SLOPE * z);

/** The module comment's network in float64, from θ in the model's variable order, written with loops. */
function referenceForward(theta: readonly Float64Array[], x: Array4, latent: number): number[] {
  const [n, size] = [x.shape[0], x.shape[1]];
  const side = size / 4;
  let h = x;
  [[32, 1], [64, 2], [64, 2]].forEach(([cOut, s], l) => {
    h = referenceConv(h, theta[2 * l], theta[2 * l + 1], 3, cOut, s);
    h.data = h.data.map(leaky);
  });
  const flat = side * side * 64;
  const dense = (input: Float64Array, w: Float64Array, b: Float64Array, nIn: number, nOut: number): Float64Array =>
    Float64Array.from({ length: n * nOut }, (_, m) => {
      const [row, o] = [Math.floor(m / nOut), m % nOut];
      let sum = b[o];
      for (let i = 0; i < nIn; i++) sum += input[row * nIn + i] * w[i * nOut + o];
      return sum;
    });
  const z = dense(h.data, theta[6], theta[7], flat, latent).map(leaky);
  let g: Array4 = { data: dense(z, theta[8], theta[9], latent, flat).map(leaky), shape: [n, side, side, 64] };
  [[64, 2], [32, 2], [1, 1]].forEach(([cOut, s], l) => {
    g = referenceConvTranspose(g, theta[10 + 2 * l], theta[11 + 2 * l], 3, cOut, s);
    if (l < 2) g.data = g.data.map(leaky);
  });
  return Array.from(g.data);
}

test("the authors' autoencoder has their model.py's 315,297 parameters at 28 x 28 and maps [n, 28, 28, 1] to itself", () => {
  const model = authorsDenoisingAutoencoder({ seed: 3 });
  // conv 320 + 18,496 + 36,928; dense 100,384 + 103,488; convT 36,928 + 18,464 + 289 (PyTorch's sum of numel()).
  assert.equal(model.variables.reduce((sum, v) => sum + v.size, 0), 315_297);
  const out = tf.tidy(() => model.forward(tf.zeros([2, 28, 28, 1])).shape);
  assert.deepEqual(out, [2, 28, 28, 1]);
  assert.throws(() => model.forward(tf.zeros([1, 32, 32, 1])), /x must be \[n, 28, 28, 1\], got \[1, 32, 32, 1\]/);
  model.dispose();
});

test("the float64 reference network reproduces the authors' autoencoder forward (convs, bottleneck, transposed convs)", () => {
  const model = authorsDenoisingAutoencoder({ seed: 5, imageSize: 8, latent: 3 });
  const rng = new SeededRandom(6);
  const x = Float64Array.from({ length: 2 * 64 }, () => rng.gaussian());
  const theta = model.variables.map((v) => Float64Array.from(v.dataSync() as Float32Array));
  const expected = referenceForward(theta, { data: x, shape: [2, 8, 8, 1] }, 3);
  const got = tf.tidy(() => Array.from(model.forward(tf.tensor4d(Float32Array.from(x), [2, 8, 8, 1])).dataSync()));
  const difference = Math.max(...got.map((v, m) => Math.abs(v - expected[m])));
  const scale = Math.max(...expected.map(Math.abs));
  assert.ok(difference <= REFERENCE_FORWARD_ABSOLUTE * Math.max(1, scale), `max |tfjs − float64| = ${difference} (output scale ${scale})`);
  model.dispose();
});

test("Adam steps on the authors' autoencoder lower the denoising loss, L2 or the authors' FFT loss, and leave no tensors behind", () => {
  for (const loss of ["L2", "authors-fft"] as const) {
    const model = authorsDenoisingAutoencoder({ seed: 7, imageSize: 12 });
    const rng = new SeededRandom(8);
    const clean = tf.tensor4d(Float32Array.from({ length: 8 * 144 }, () => Math.max(0, rng.gaussian())), [8, 12, 12, 1]);
    const noisy = tf.tidy(() => tf.add(clean, tf.mul(0.3, tf.randomNormal(clean.shape, 0, 1, "float32", 9))) as tf.Tensor4D);
    const before = tf.memory().numTensors;
    const optimizer = tf.train.adam(5e-3);
    const value = () => tf.tidy(() => denoisingLoss(model, noisy, clean, { loss }).dataSync()[0]);
    const first = value();
    for (let step = 0; step < 20; step++) optimizer.minimize(() => denoisingLoss(model, noisy, clean, { loss }), false, model.variables);
    assert.ok(value() < 0.7 * first, `${loss}: ${first} → ${value()}`);
    optimizer.dispose();
    assert.ok(tf.memory().numTensors <= before, `${loss}: tensors ${before} → ${tf.memory().numTensors}`);
    tf.dispose([clean, noisy]);
    model.dispose();
  }
});

test("authorsDenoisingAutoencoder rejects an image size that two stride-2 convolutions cannot halve twice", () => {
  assert.throws(() => authorsDenoisingAutoencoder({ seed: 1, imageSize: 30 }), /imageSize must be a multiple of 4/);
  assert.throws(() => authorsDenoisingAutoencoder({ seed: 1, latent: 0 }), /latent must be an integer >= 1, got 0/);
});
