import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../backend/index.js";
import { assertClose } from "../numeric/assertClose.js";
import { centralGradient } from "../numeric/finiteDifferences.js";
import { SeededRandom } from "../numeric/random.js";
import { authorsFftLoss, authorsFftWeights } from "./authorsFftLoss.js";
import { literalSquaredLoss as literalAuthorsLoss } from "./authorsFftLiteral.js";

await selectBackend();

/** Float32 DFT products of ≤ 28 terms against float64: as imageSobolev.test.ts, observed ≤ 1e-6. */
const FLOAT32_RELATIVE = 1e-5;
/** The loss is quadratic in u: float64 central differences are exact up to rounding; what remains is float32's. */
const DIRECTIONAL_DERIVATIVE_FLOAT32_RELATIVE = 1e-4;
const QUADRATIC_FD_STEP = 1e-3;

const randomArray = (random: SeededRandom, size: number): number[] => Array.from({ length: size }, () => random.gaussian());

test("authorsFftLoss equals the authors' cheb_loss2 followed literally in float64 (square images, s = 1 and 0.5), with channels averaged like batch images", () => {
  const random = new SeededRandom(21);
  for (const s of [1, 0.5]) {
    const shape = [3, 12, 12] as const;
    const u = randomArray(random, 3 * 144);
    const f = randomArray(random, 3 * 144);
    const got = tf.tidy(() => authorsFftLoss(tf.tensor3d(u, [...shape]), tf.tensor3d(f, [...shape]), s).dataSync()[0]);
    assertClose(got, literalAuthorsLoss(u.map((v, k) => v - f[k]), shape, s), { relative: FLOAT32_RELATIVE }, `s = ${s}`);
  }
  const nhwc = randomArray(random, 2 * 8 * 8 * 3);
  const asBatch = tf.tidy(() => authorsFftLoss(tf.tensor4d(nhwc, [2, 8, 8, 3]), tf.zeros([2, 8, 8, 3]), 1).dataSync()[0]);
  const moved = tf.tidy(() => authorsFftLoss(tf.reshape(tf.transpose(tf.tensor4d(nhwc, [2, 8, 8, 3]), [0, 3, 1, 2]), [6, 8, 8]), tf.zeros([6, 8, 8]), 1).dataSync()[0]);
  assertClose(asBatch, moved, { relative: FLOAT32_RELATIVE }, "channels as images");
});

test("on a non-square image the authors' inverse FFT along the wrong axis scales their y term by H/W; ours takes the right axis", () => {
  const random = new SeededRandom(22);
  const [H, W] = [6, 10];
  const d = randomArray(random, H * W);
  const mse = d.reduce((sum, v) => sum + v * v, 0) / (H * W);
  const got = tf.tidy(() => authorsFftLoss(tf.tensor3d(d, [1, H, W]), tf.zeros([1, H, W]), 0).dataSync()[0]);
  assertClose(got, 2 * mse, { relative: FLOAT32_RELATIVE }, "s = 0: twice the pixel MSE");
  assertClose(literalAuthorsLoss(d, [1, H, W], 0), (1 + H / W) * mse, { relative: 1e-12 }, "theirs at s = 0: (1 + H/W) times the MSE");
  const ours = tf.tidy(() => authorsFftLoss(tf.tensor3d(d, [1, H, W]), tf.zeros([1, H, W]), 1).dataSync()[0]);
  assert.ok(Math.abs(ours / literalAuthorsLoss(d, [1, H, W], 1) - 1) > 1e-3, "the slip shows on a non-square image");
});

test("the authors' weights fall with frequency: a real mode of frequency k weighs 1 + 2π²(k² + (n − k)²)/n², from about 19.4 at k = 1 to about 10.9 at Nyquist for n = 28", () => {
  const n = 28;
  const w = authorsFftWeights(n, 1);
  const realMode = (k: number) => (w[k] + w[n - k]) / 2;
  for (const k of [1, 7, 14]) assertClose(realMode(k), 1 + (2 * Math.PI ** 2 * (k * k + (n - k) ** 2)) / n ** 2, { relative: 1e-6 }, `k = ${k}`);
  assert.ok(Math.abs(realMode(1) - 19.4) < 0.1 && Math.abs(realMode(14) - 10.9) < 0.1, `${realMode(1)}, ${realMode(14)}`);
  assert.equal(w[0], 1);
  // The same error concentrated at a low or a high frequency: the authors' loss weighs the low one more.
  const wave = (k: number) => Array.from({ length: n * n }, (_, p) => Math.cos((2 * Math.PI * k * (p % n)) / n));
  // Per unit of squared error: the x filter gives the mode's weight, the y filter (a constant column) weight 1.
  const perMse = (k: number) => tf.tidy(() => authorsFftLoss(tf.tensor3d(wave(k), [1, n, n]), tf.zeros([1, n, n]), 1).dataSync()[0]) / (wave(k).reduce((a, v) => a + v * v, 0) / (n * n));
  assertClose(perMse(1), realMode(1) + 1, { relative: FLOAT32_RELATIVE }, "k = 1");
  assertClose(perMse(13), realMode(13) + 1, { relative: FLOAT32_RELATIVE }, "k = 13");
  assert.ok(perMse(1) > 1.5 * perMse(13), `low ${perMse(1)} vs high ${perMse(13)}`);
});

test("the gradient of authorsFftLoss in u agrees with float64 central differences along random directions", () => {
  const random = new SeededRandom(23);
  const shape = [2, 8, 8] as const;
  const size = 2 * 64;
  const u = randomArray(random, size);
  const f = randomArray(random, size);
  const fTensor = tf.tensor3d(f, [...shape]);
  const gradient = Array.from(tf.tidy(() => tf.grad((x: tf.Tensor) => authorsFftLoss(x, fTensor, 1))(tf.tensor3d(u, [...shape]))).dataSync());
  for (let trial = 0; trial < 3; trial++) {
    const direction = randomArray(random, size);
    const along = (t: number[]) => literalAuthorsLoss(u.map((ui, k) => ui + t[0] * direction[k] - f[k]), shape, 1);
    const expected = centralGradient(along, [0], QUADRATIC_FD_STEP)[0];
    const got = gradient.reduce((sum, g, k) => sum + g * direction[k], 0);
    assertClose(got, expected, { relative: DIRECTIONAL_DERIVATIVE_FLOAT32_RELATIVE }, `directional derivative ${trial}`);
  }
  fTensor.dispose();
});

test("authorsFftLoss rejects a bad order or mismatched shapes, naming them", () => {
  assert.throws(() => authorsFftLoss(tf.zeros([1, 4, 4]), tf.zeros([1, 4, 4]), -1), /authorsFftLoss: s must be finite and >= 0, got -1/);
  assert.throws(() => authorsFftLoss(tf.zeros([1, 4, 4]), tf.zeros([1, 4, 5]), 1), /authorsFftLoss: f must have the shape of u/);
  assert.throws(() => authorsFftWeights(0, 1), /n must be a positive integer, got 0/);
});
