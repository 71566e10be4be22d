import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../backend/index.js";
import { assertClose } from "../numeric/assertClose.js";
import { centralGradient } from "../numeric/finiteDifferences.js";
import { SeededRandom } from "../numeric/random.js";
import { authorsFftAbsLoss } from "./authorsFftAbsLoss.js";
import { literalAbsLoss, literalChebLoss2Moduli } from "./authorsFftLiteral.js";

await selectBackend();

/** Float32 DFT products of ≤ 16 terms and square roots against float64: observed ≤ 1e-6. */
const FLOAT32_RELATIVE = 1e-5;
/** The loss is smooth where no modulus vanishes: a float64 central difference at step 1e-4 is exact to ~1e-8; float32's gradient to ~1e-5. */
const DIRECTIONAL_DERIVATIVE_FLOAT32_RELATIVE = 1e-4;
const FD_STEP = 1e-4;

const randomArray = (random: SeededRandom, size: number): number[] => Array.from({ length: size }, () => random.gaussian());

test("authorsFftAbsLoss equals the authors' diffusion cheb_loss2 (mean of moduli, inverse FFT of the y term along the rows) followed literally in float64", () => {
  const random = new SeededRandom(31);
  for (const s of [1, 0.5]) {
    const shape = [3, 12, 12] as const;
    const u = randomArray(random, 3 * 144);
    const f = randomArray(random, 3 * 144);
    const got = tf.tidy(() => authorsFftAbsLoss(tf.tensor3d(u, [...shape]), tf.tensor3d(f, [...shape]), s).dataSync()[0]);
    assertClose(got, literalAbsLoss(u.map((v, k) => v - f[k]), shape, s), { relative: FLOAT32_RELATIVE }, `s = ${s}`);
  }
  const nhwc = randomArray(random, 2 * 8 * 8 * 3);
  const asBatch = tf.tidy(() => authorsFftAbsLoss(tf.tensor4d(nhwc, [2, 8, 8, 3]), tf.zeros([2, 8, 8, 3]), 1).dataSync()[0]);
  const moved = tf.tidy(() => authorsFftAbsLoss(tf.reshape(tf.transpose(tf.tensor4d(nhwc, [2, 8, 8, 3]), [0, 3, 1, 2]), [6, 8, 8]), tf.zeros([6, 8, 8]), 1).dataSync()[0]);
  assertClose(asBatch, moved, { relative: FLOAT32_RELATIVE }, "channels as images");
});

test("for moduli the y term's inverse FFT along the rows matters: it differs from the filter applied along the columns, and at s = 0 the x term is the mean |d|", () => {
  const random = new SeededRandom(32);
  const n = 10;
  const d = randomArray(random, n * n);
  const transposed = Array.from({ length: n * n }, (_, p) => d[(p % n) * n + Math.floor(p / n)]);
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const theirs = literalChebLoss2Moduli(d, [1, n, n], 1);
  const intendedY = mean(literalChebLoss2Moduli(transposed, [1, n, n], 1).x);
  assert.ok(Math.abs(mean(theirs.y) / intendedY - 1) > 1e-3, `their y term ${mean(theirs.y)} vs the column filter ${intendedY}`);
  const atZero = literalChebLoss2Moduli(d, [1, n, n], 0);
  assertClose(mean(atZero.x), mean(d.map(Math.abs)), { relative: 1e-12 }, "s = 0: |d_x| = |d|");
  const got = tf.tidy(() => authorsFftAbsLoss(tf.tensor3d(d, [1, n, n]), tf.zeros([1, n, n]), 0).dataSync()[0]);
  assertClose(got, mean(atZero.x) + mean(atZero.y), { relative: FLOAT32_RELATIVE }, "s = 0, ours");
});

test("the gradient of authorsFftAbsLoss in u agrees with float64 central differences along random directions", () => {
  const random = new SeededRandom(33);
  const shape = [2, 8, 8] as const;
  const size = 2 * 64;
  const u = randomArray(random, size);
  const f = randomArray(random, size);
  const fTensor = tf.tensor3d(f, [...shape]);
  const gradient = Array.from(tf.tidy(() => tf.grad((x: tf.Tensor) => authorsFftAbsLoss(x, fTensor, 1))(tf.tensor3d(u, [...shape]))).dataSync());
  for (let trial = 0; trial < 3; trial++) {
    const direction = randomArray(random, size);
    const along = (t: number[]) => literalAbsLoss(u.map((ui, k) => ui + t[0] * direction[k] - f[k]), shape, 1);
    const expected = centralGradient(along, [0], FD_STEP)[0];
    const got = gradient.reduce((sum, g, k) => sum + g * direction[k], 0);
    assertClose(got, expected, { relative: DIRECTIONAL_DERIVATIVE_FLOAT32_RELATIVE }, `directional derivative ${trial}`);
  }
  fTensor.dispose();
});

test("at a perfect prediction authorsFftAbsLoss is 0 with a zero, finite gradient (PyTorch's convention for the modulus at 0)", () => {
  const f = tf.tensor3d(randomArray(new SeededRandom(34), 2 * 6 * 6), [2, 6, 6]);
  const value = tf.tidy(() => authorsFftAbsLoss(f, f, 1).dataSync()[0]);
  const gradient = tf.tidy(() => Array.from(tf.grad((x: tf.Tensor) => authorsFftAbsLoss(x, f, 1))(f.clone()).dataSync()));
  assert.ok(Math.abs(value) < 1e-6, `loss ${value}`);
  assert.ok(gradient.every((g) => Number.isFinite(g) && Math.abs(g) < 1e-6), `gradient ${gradient.slice(0, 4)}`);
  f.dispose();
});

test("authorsFftAbsLoss rejects a bad order, mismatched shapes and non-square images, naming them", () => {
  assert.throws(() => authorsFftAbsLoss(tf.zeros([1, 4, 4]), tf.zeros([1, 4, 4]), -1), /authorsFftAbsLoss: s must be finite and >= 0, got -1/);
  assert.throws(() => authorsFftAbsLoss(tf.zeros([1, 4, 4]), tf.zeros([1, 4, 5]), 1), /authorsFftAbsLoss: f must have the shape of u/);
  assert.throws(() => authorsFftAbsLoss(tf.zeros([1, 4, 6]), tf.zeros([1, 4, 6]), 1), /square images only.*H = 4, W = 6/);
});
