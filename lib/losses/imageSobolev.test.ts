import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../backend/index.js";
import { chebyshevDiffMatrixOn, chebyshevPointsOn } from "../differentiation/chebyshev.js";
import { dft } from "../differentiation/fft.js";
import { assertClose } from "../numeric/assertClose.js";
import { centralGradient } from "../numeric/finiteDifferences.js";
import { SeededRandom } from "../numeric/random.js";
import { chebyshevImageSobolevLoss, imageSobolevLoss, sobolevFrequencyWeights } from "./imageSobolev.js";

await selectBackend();

/**
 * Float32 loss vs a float64 value: two float32 DFT products of at most H + W ≤ 64 terms each and a sum of
 * B·H·W terms give relative errors ~ (H + W) u ≈ 4e-6 in the worst case (u = 2^-24); observed ≤ 3e-7.
 */
const IMAGE_LOSS_FLOAT32_RELATIVE = 1e-5;
/** Weights in float64 from the same formula written two ways: a few rounding errors. */
const WEIGHTS_FLOAT64_RELATIVE = 1e-14;
/**
 * tfjs float32 directional derivative vs float64 central differences of the float64 loss: the loss is
 * quadratic in u, so the difference quotient is exact up to float64 rounding (eps |L| / h ≈ 1e-11); what
 * remains is the float32 gradient's own rounding, ~ (H + W) u per entry summed over the direction, ≤ 1e-5.
 */
const DIRECTIONAL_DERIVATIVE_FLOAT32_RELATIVE = 1e-4;
/** Step of the float64 central differences: the loss is quadratic, so any moderate step is exact. */
const QUADRATIC_FD_STEP = 1e-3;

function randomArray(random: SeededRandom, size: number): number[] {
  return Array.from({ length: size }, () => random.gaussian());
}

function scalarOf(t: tf.Scalar): number {
  const value = t.dataSync()[0];
  t.dispose();
  return value;
}

/** (1) of imageSobolev.ts in float64 for d [images, H, W] flattened: 2-D DFT by rows then columns. */
function referenceImageSobolev(d: readonly number[], shape: readonly [number, number, number], s: number, lengths: readonly [number, number] = [1, 1]): number {
  const [images, H, W] = shape;
  const weights = sobolevFrequencyWeights(H, W, s, lengths);
  let total = 0;
  for (let b = 0; b < images; b++) {
    const re = new Float64Array(H * W);
    const im = new Float64Array(H * W);
    for (let i = 0; i < H; i++) {
      const row = dft(d.slice((b * H + i) * W, (b * H + i + 1) * W));
      re.set(row.re, i * W);
      im.set(row.im, i * W);
    }
    for (let j = 0; j < W; j++) {
      const column = dft(Array.from({ length: H }, (_, i) => re[i * W + j]), Array.from({ length: H }, (_, i) => im[i * W + j]));
      for (let i = 0; i < H; i++) total += weights[i * W + j] * (column.re[i] ** 2 + column.im[i] ** 2);
    }
  }
  return total / (images * (H * W) ** 2);
}

/** Samples g(x, y) at x = i L_H / H, y = j L_W / W into a [1, H, W] array (flattened). */
function periodicSamples(g: (x: number, y: number) => number, H: number, W: number, lengths: readonly [number, number]): number[] {
  return Array.from({ length: H * W }, (_, k) => g((Math.floor(k / W) * lengths[0]) / H, ((k % W) * lengths[1]) / W));
}

test("imageSobolevLoss with s = 0 is the pixel mean of (u − f)², with batch and channel axes and odd sizes", () => {
  const random = new SeededRandom(11);
  for (const shape of [[3, 7, 5], [2, 8, 6, 3], [4, 28, 28], [1, 1, 1]]) {
    const size = shape.reduce((a, b) => a * b, 1);
    const u = randomArray(random, size);
    const f = randomArray(random, size);
    const expected = u.reduce((sum, ui, k) => sum + (ui - f[k]) ** 2, 0) / size;
    const got = scalarOf(imageSobolevLoss(tf.tensor(u, shape), tf.tensor(f, shape), { s: 0, lengths: [3, 0.2] }));
    assertClose(got, expected, { relative: IMAGE_LOSS_FLOAT32_RELATIVE }, `s = 0 loss on [${shape}]`);
  }
});

test("imageSobolevLoss with s = 1 is mean((u − f)²) + mean(|∇(u − f)|²) with the exact gradient at the pixels", () => {
  const random = new SeededRandom(12);
  for (const [H, W, lengths] of [[32, 32, [1, 1]], [32, 24, [2, 0.5]]] as const) {
    const [a, b] = [(2 * Math.PI) / lengths[0], (2 * Math.PI) / lengths[1]];
    const d = periodicSamples((x, y) => Math.sin(a * x) * Math.cos(2 * b * y) + 0.3 * Math.cos(3 * a * x), H, W, lengths);
    const dx = periodicSamples((x, y) => a * Math.cos(a * x) * Math.cos(2 * b * y) - 0.9 * a * Math.sin(3 * a * x), H, W, lengths);
    const dy = periodicSamples((x, y) => -2 * b * Math.sin(a * x) * Math.sin(2 * b * y), H, W, lengths);
    const expected = d.reduce((sum, v, k) => sum + v ** 2 + dx[k] ** 2 + dy[k] ** 2, 0) / (H * W);
    const f = randomArray(random, H * W);
    const u = tf.tensor3d(d.map((v, k) => v + f[k]), [1, H, W]);
    const got = scalarOf(imageSobolevLoss(u, tf.tensor3d(f, [1, H, W]), { s: 1, lengths }));
    assertClose(got, expected, { relative: IMAGE_LOSS_FLOAT32_RELATIVE }, `H1 loss, ${H} x ${W}, lengths [${lengths}]`);
  }
});

test("imageSobolevLoss with s = 2 is Σ over modes of (1 + |ξ|²)² times the mode's mean square", () => {
  for (const [H, W, lengths] of [[32, 32, [1, 1]], [32, 24, [2, 0.5]]] as const) {
    const [a, b] = [(2 * Math.PI) / lengths[0], (2 * Math.PI) / lengths[1]];
    const d = periodicSamples((x, y) => Math.sin(a * x) * Math.cos(2 * b * y) + 0.3 * Math.cos(3 * a * x), H, W, lengths);
    // sin(a x) cos(2b y): mean square 1/4, |ξ|² = a² + 4b²;  0.3 cos(3a x): mean square 0.045, |ξ|² = 9a².
    const expected = 0.25 * (1 + a ** 2 + 4 * b ** 2) ** 2 + 0.045 * (1 + 9 * a ** 2) ** 2;
    const got = scalarOf(imageSobolevLoss(tf.tensor3d(d, [1, H, W]), tf.zeros([1, H, W]), { s: 2, lengths }));
    assertClose(got, expected, { relative: IMAGE_LOSS_FLOAT32_RELATIVE }, `H2 loss, ${H} x ${W}, lengths [${lengths}]`);
  }
});

test("imageSobolevLoss agrees with the float64 DFT formula for fractional s, and averages channels like batch images", () => {
  const random = new SeededRandom(13);
  const [B, H, W, C] = [2, 6, 9, 3];
  const u = randomArray(random, B * H * W * C);
  const f = randomArray(random, B * H * W * C);
  const lengths = [1.5, 0.7] as const;
  // [B, H, W, C] → [B, C, H, W] by hand, the layout the reference takes.
  const d = Array.from({ length: B * C * H * W }, (_, k) => {
    const [b, c, i, j] = [Math.floor(k / (C * H * W)), Math.floor(k / (H * W)) % C, Math.floor(k / W) % H, k % W];
    const source = ((b * H + i) * W + j) * C + c;
    return u[source] - f[source];
  });
  for (const s of [0.5, 1, 1.5]) {
    const got = scalarOf(imageSobolevLoss(tf.tensor4d(u, [B, H, W, C]), tf.tensor4d(f, [B, H, W, C]), { s, lengths }));
    assertClose(got, referenceImageSobolev(d, [B * C, H, W], s, lengths), { relative: IMAGE_LOSS_FLOAT32_RELATIVE }, `s = ${s}, channels`);
  }
});

test("sobolevFrequencyWeights uses the signed frequency grid: modes k and N − k weigh the same", () => {
  for (const [H, W, s, lengths] of [[8, 6, 1, [1, 1]], [7, 5, 2.5, [2, 0.3]]] as const) {
    const weights = sobolevFrequencyWeights(H, W, s, lengths);
    for (let i = 1; i < H; i++) {
      for (let j = 1; j < W; j++) {
        const at = (p: number, q: number) => weights[p * W + q];
        assertClose([at(H - i, j), at(i, W - j), at(H - i, W - j)], [at(i, j), at(i, j), at(i, j)], { relative: WEIGHTS_FLOAT64_RELATIVE }, `weights at (${i}, ${j})`);
      }
    }
    // Mode (1, N − 1) has |κ| = (1, 1), not (1, N − 1).
    const expected = (1 + ((2 * Math.PI) / lengths[0]) ** 2 + ((2 * Math.PI) / lengths[1]) ** 2) ** s;
    assertClose(weights[1 * W + (W - 1)], expected, { relative: WEIGHTS_FLOAT64_RELATIVE }, `weight of mode (1, ${W - 1})`);
    assert.equal(weights[0], 1, "the mean mode has weight 1");
  }
});

test("the gradient of imageSobolevLoss in u agrees with float64 central differences along random directions (s = 1)", () => {
  const random = new SeededRandom(14);
  const shape = [2, 8, 10, 2] as [number, number, number, number];
  const [B, H, W, C] = shape;
  const size = B * H * W * C;
  const u = randomArray(random, size);
  const f = randomArray(random, size);
  const lengths = [1, 2] as const;
  const fTensor = tf.tensor4d(f, shape);
  const gradient = Array.from(tf.tidy(() => tf.grad((x: tf.Tensor) => imageSobolevLoss(x, fTensor, { s: 1, lengths }))(tf.tensor4d(u, shape))).dataSync());
  const toBatch = (values: readonly number[]) =>
    Array.from({ length: size }, (_, k) => {
      const [b, c, i, j] = [Math.floor(k / (C * H * W)), Math.floor(k / (H * W)) % C, Math.floor(k / W) % H, k % W];
      const source = ((b * H + i) * W + j) * C + c;
      return values[source] - f[source];
    });
  for (let trial = 0; trial < 3; trial++) {
    const direction = randomArray(random, size);
    const along = (t: number[]) => referenceImageSobolev(toBatch(u.map((ui, k) => ui + t[0] * direction[k])), [B * C, H, W], 1, lengths);
    const expected = centralGradient(along, [0], QUADRATIC_FD_STEP)[0];
    const got = gradient.reduce((sum, g, k) => sum + g * direction[k], 0);
    assertClose(got, expected, { relative: DIRECTIONAL_DERIVATIVE_FLOAT32_RELATIVE }, `directional derivative ${trial}`);
  }
  fTensor.dispose();
});

test("chebyshevImageSobolevLoss is mean(d²) + mean(|∇d|²) with the exact gradient for a polynomial image on Chebyshev points", () => {
  const [H, W] = [6, 5];
  const domain = [[0, 2], [-1, 3]] as const;
  const x = chebyshevPointsOn(H - 1, ...domain[0]);
  const y = chebyshevPointsOn(W - 1, ...domain[1]);
  const grid = (g: (x: number, y: number) => number) => Array.from({ length: H * W }, (_, k) => g(x[Math.floor(k / W)], y[k % W]));
  const d = grid((p, q) => p ** 2 * q ** 3 - 0.5 * p + q);
  const dx = grid((p, q) => 2 * p * q ** 3 - 0.5);
  const dy = grid((p, q) => 3 * p ** 2 * q ** 2 + 1);
  const expected = d.reduce((sum, v, k) => sum + v ** 2 + dx[k] ** 2 + dy[k] ** 2, 0) / (H * W);
  const u = tf.tensor4d(d.flatMap((v) => [v, v]), [1, H, W, 2]);
  const got = scalarOf(chebyshevImageSobolevLoss(u, tf.zerosLike(u), { domain }));
  assertClose(got, expected, { relative: IMAGE_LOSS_FLOAT32_RELATIVE }, "Chebyshev H1 loss of x² y³ − x/2 + y");
});

test("the gradient of chebyshevImageSobolevLoss in u agrees with float64 central differences along random directions", () => {
  const random = new SeededRandom(15);
  const [B, H, W] = [3, 7, 6];
  const domain = [[-1, 1], [0, 4]] as const;
  const u = randomArray(random, B * H * W);
  const f = randomArray(random, B * H * W);
  const Dx = chebyshevDiffMatrixOn(H - 1, ...domain[0]);
  const Dy = chebyshevDiffMatrixOn(W - 1, ...domain[1]);
  const reference = (values: readonly number[]): number => {
    let total = 0;
    const at = (b: number, i: number, j: number) => values[(b * H + i) * W + j] - f[(b * H + i) * W + j];
    for (let b = 0; b < B; b++) {
      for (let i = 0; i < H; i++) {
        for (let j = 0; j < W; j++) {
          let px = 0;
          let py = 0;
          for (let k = 0; k < H; k++) px += Dx[i][k] * at(b, k, j);
          for (let k = 0; k < W; k++) py += Dy[j][k] * at(b, i, k);
          total += at(b, i, j) ** 2 + px ** 2 + py ** 2;
        }
      }
    }
    return total / (B * H * W);
  };
  const fTensor = tf.tensor3d(f, [B, H, W]);
  const value = scalarOf(chebyshevImageSobolevLoss(tf.tensor3d(u, [B, H, W]), fTensor, { domain }));
  assertClose(value, reference(u), { relative: IMAGE_LOSS_FLOAT32_RELATIVE }, "Chebyshev loss vs float64");
  const gradient = Array.from(tf.tidy(() => tf.grad((x: tf.Tensor) => chebyshevImageSobolevLoss(x, fTensor, { domain }))(tf.tensor3d(u, [B, H, W]))).dataSync());
  for (let trial = 0; trial < 3; trial++) {
    const direction = randomArray(random, B * H * W);
    const expected = centralGradient((t) => reference(u.map((ui, k) => ui + t[0] * direction[k])), [0], QUADRATIC_FD_STEP)[0];
    const got = gradient.reduce((sum, g, k) => sum + g * direction[k], 0);
    assertClose(got, expected, { relative: DIRECTIONAL_DERIVATIVE_FLOAT32_RELATIVE }, `Chebyshev directional derivative ${trial}`);
  }
  fTensor.dispose();
});

test("image Sobolev losses reject bad inputs, naming the argument and the value received", () => {
  const u = tf.zeros([2, 4, 4]);
  const ok = { s: 1 };
  assert.throws(() => imageSobolevLoss(u, tf.zeros([2, 4, 5]), ok), /imageSobolevLoss: f must have the shape of u, \[2, 4, 4\], got \[2, 4, 5\]/);
  assert.throws(() => imageSobolevLoss(tf.zeros([4, 4]), tf.zeros([4, 4]), ok), /imageSobolevLoss: u must be a tensor \[batch, H, W\] or \[batch, H, W, C\], got \[4, 4\]/);
  assert.throws(() => imageSobolevLoss(u, u, { s: -1 }), /imageSobolevLoss: s must be finite and >= 0, got -1/);
  assert.throws(() => imageSobolevLoss(u, u, { s: Number.NaN }), /s must be finite and >= 0, got NaN/);
  assert.throws(() => imageSobolevLoss(u, u, { s: 1, lengths: [1, 0] }), /imageSobolevLoss: lengths must be two positive finite periods \[L_H, L_W\], got \[1, 0\]/);
  assert.throws(() => imageSobolevLoss(tf.zeros([2, 0, 4]), tf.zeros([2, 0, 4]), ok), /imageSobolevLoss: u must have H, W >= 1, got H = 0, W = 4/);
  assert.throws(() => imageSobolevLoss(tf.zeros([0, 4, 4]), tf.zeros([0, 4, 4]), ok), /imageSobolevLoss: u must have batch >= 1, got shape \[0, 4, 4\]/);
  assert.throws(() => sobolevFrequencyWeights(0, 4, 1, [1, 1]), /sobolevFrequencyWeights: H must be a positive integer, got 0/);
  assert.throws(() => sobolevFrequencyWeights(4, 2.5, 1, [1, 1]), /sobolevFrequencyWeights: W must be a positive integer, got 2.5/);
  assert.throws(() => sobolevFrequencyWeights(4, 4, -0.5, [1, 1]), /sobolevFrequencyWeights: s must be finite and >= 0, got -0.5/);
  assert.throws(() => chebyshevImageSobolevLoss(tf.zeros([1, 1, 4]), tf.zeros([1, 1, 4])), /chebyshevImageSobolevLoss: u must have H, W >= 2, got H = 1, W = 4/);
  assert.throws(() => chebyshevImageSobolevLoss(u, u, { domain: [[1, 0], [0, 1]] }), /chebyshevImageSobolevLoss: domain must be \[\[a_1, b_1\], \[a_2, b_2\]\] with finite a < b, got \[\[1,0\],\[0,1\]\]/);
  u.dispose();
});
