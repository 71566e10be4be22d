import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../backend/index.js";
import { assertClose } from "../numeric/assertClose.js";
import { SeededRandom } from "../numeric/random.js";
import { BATCH_NORM_EPSILON, BATCH_NORM_MOMENTUM, BatchNorm2d } from "./batchNorm.js";

await selectBackend();

/**
 * Per-channel mean and variance of a float32 BN output over n = 256 values of size ≤ ~3: the sums are
 * float32 (γ_256 ≈ 1.5e-5 of Σ|y| in the worst case, ~√256 u ≈ 1e-6 typically), and the variance of
 * (1) is σ²/(σ² + ε), 1 − ε/σ² ≥ 1 − 1e-5 for the σ ≥ 1 used here. Measured: means ≤ 5e-7, variances
 * 1 − 1.0e-5 (channel 0, σ = 1: the ε term itself).
 */
const NORMALISED_MOMENT_ABSOLUTE = 1e-4;

/**
 * Running statistics (float32 tensor ops on statistics of 256 float32 values) vs the same formulas in
 * float64: each moment is off by ~γ_256 of its size at most, values ≤ ~40, relative form. Measured ≤ 6e-8.
 */
const RUNNING_STATS_RELATIVE = 1e-5;

/**
 * Gradient check of the smooth map (x, γ, β) ↦ Σ w ⊙ BN(x) (training mode, no ReLU): float32 central
 * differences with h = 1e-2 along a unit direction. Truncation h²/6 |L‴| ~ 2e-5 |L‴| (BN is smooth with
 * σ ≥ 1 here); rounding of L (a sum of 96 terms of size ≤ 3, ~1e-5 absolute) over 2h gives ~5e-4 absolute
 * against |g·v| ~ 1-10. A missing term (∂/∂μ or ∂/∂σ² of (1)) changes g·v by O(1) of itself. Measured 8e-5
 * (g·v = −4.3).
 */
const BN_GRADIENT_RELATIVE = 5e-3;
const BN_FD_STEP = 1e-2;

/** Seeded x [n, h, w, c] with channel c ~ N(2 + 3c, (1 + c)²): distinct per-channel statistics. */
function channelImages(shape: [number, number, number, number], seed: number): tf.Tensor4D {
  const rng = new SeededRandom(seed);
  const c = shape[3];
  return tf.tensor4d(Float32Array.from({ length: shape.reduce((a, b) => a * b) }, (_, k) => 2 + 3 * (k % c) + (1 + (k % c)) * rng.gaussian()), shape);
}

/** Float64 per-channel mean and biased variance of an NHWC array. */
function channelMoments(data: ArrayLike<number>, channels: number): { mean: number[]; variance: number[] } {
  const n = data.length / channels;
  const mean = Array.from({ length: channels }, (_, c) => { let s = 0; for (let k = c; k < data.length; k += channels) s += data[k]; return s / n; });
  const variance = mean.map((m, c) => { let s = 0; for (let k = c; k < data.length; k += channels) s += (data[k] - m) ** 2; return s / n; });
  return { mean, variance };
}

test("BatchNorm2d in training mode gives each channel mean 0 and variance 1 (γ = 1, β = 0)", () => {
  const bn = new BatchNorm2d(3);
  const x = channelImages([4, 8, 8, 3], 1);
  const y = bn.apply(x, true);
  const { mean, variance } = channelMoments(y.dataSync(), 3);
  assertClose(mean, [0, 0, 0], { absolute: NORMALISED_MOMENT_ABSOLUTE }, "channel means");
  assertClose(variance, [1, 1, 1], { absolute: NORMALISED_MOMENT_ABSOLUTE }, "channel variances");
  tf.dispose([x, y]);
  bn.dispose();
});

test("BatchNorm2d running statistics move by momentum 0.1 toward the batch mean and unbiased variance", () => {
  const bn = new BatchNorm2d(2);
  const batches = [channelImages([2, 4, 4, 2], 2), channelImages([3, 4, 4, 2], 3)];
  let expectedMean = [0, 0];
  let expectedVariance = [1, 1];
  for (const x of batches) {
    tf.dispose(bn.apply(x, true));
    const n = x.size / 2;
    const { mean, variance } = channelMoments(x.dataSync(), 2);
    const m = BATCH_NORM_MOMENTUM;
    expectedMean = expectedMean.map((r, c) => (1 - m) * r + m * mean[c]);
    expectedVariance = expectedVariance.map((r, c) => (1 - m) * r + m * variance[c] * (n / (n - 1)));
    assertClose(Array.from(bn.runningMean.dataSync()), expectedMean, { relative: RUNNING_STATS_RELATIVE }, "running mean");
    assertClose(Array.from(bn.runningVariance.dataSync()), expectedVariance, { relative: RUNNING_STATS_RELATIVE }, "running variance");
  }
  assert.equal(BATCH_NORM_MOMENTUM, 0.1);
  tf.dispose(batches);
  bn.dispose();
});

test("BatchNorm2d in eval mode applies the running statistics, the same for an image alone or in a batch", () => {
  const bn = new BatchNorm2d(2);
  const x = channelImages([3, 4, 4, 2], 4);
  tf.dispose(bn.apply(channelImages([2, 4, 4, 2], 5), true));
  tf.tidy(() => bn.gamma.assign(tf.tensor1d([0.5, 2])));
  tf.tidy(() => bn.beta.assign(tf.tensor1d([1, -1])));
  const before = [Array.from(bn.runningMean.dataSync()), Array.from(bn.runningVariance.dataSync())];
  const all = bn.apply(x, false);
  const first = tf.tidy(() => bn.apply(tf.slice(x, [0, 0, 0, 0], [1, 4, 4, 2]), false));
  // Elementwise ops on the same numbers: identical to the bit.
  assert.deepEqual(Array.from(first.dataSync()), Array.from(all.dataSync()).slice(0, 32));
  const [rm, rv] = before;
  const expected = Array.from(x.dataSync(), (v, k) => [0.5, 2][k % 2] * (v - rm[k % 2]) / Math.sqrt(rv[k % 2] + BATCH_NORM_EPSILON) + [1, -1][k % 2]);
  assertClose(Array.from(all.dataSync()), expected, { relative: RUNNING_STATS_RELATIVE }, "eval output");
  assert.deepEqual([Array.from(bn.runningMean.dataSync()), Array.from(bn.runningVariance.dataSync())], before, "eval mode leaves the running statistics alone");
  tf.dispose([x, all, first]);
  bn.dispose();
});

test("BatchNorm2d's training-mode gradient in x, γ, β matches central differences", () => {
  const bn = new BatchNorm2d(2);
  tf.tidy(() => bn.gamma.assign(tf.tensor1d([1.5, 0.7])));
  tf.tidy(() => bn.beta.assign(tf.tensor1d([0.2, -0.3])));
  const x = channelImages([2, 3, 4, 2], 6);
  const rng = new SeededRandom(7);
  const w = tf.tensor4d(Float32Array.from({ length: x.size }, () => rng.gaussian()), x.shape);
  // Σ w ⊙ BN(x) is smooth; the x² weights make the loss depend on the variance path nonlinearly.
  const loss = (input: tf.Tensor4D): tf.Scalar => tf.sum(tf.mul(w, tf.square(bn.apply(input, true))));
  const xVariable = tf.variable(x);
  const { value, grads } = tf.variableGrads(() => loss(xVariable), [xVariable, bn.gamma, bn.beta]);
  const parts: tf.Variable[] = [xVariable, bn.gamma, bn.beta];
  const g = parts.map((v) => Array.from(grads[v.name].dataSync()));
  const theta = parts.map((v) => Array.from(v.dataSync()));
  const direction = g.map((a) => a.map(() => rng.gaussian()));
  const norm = Math.hypot(...direction.flat());
  const v = direction.map((a) => a.map((z) => z / norm));
  const vFlat = v.flat();
  const gv = g.flat().reduce((s, z, k) => s + z * vFlat[k], 0);
  const at = (h: number): number => {
    parts.forEach((p, i) => tf.tidy(() => p.assign(tf.tensor(theta[i].map((z, j) => z + h * v[i][j]), p.shape))));
    return tf.tidy(() => loss(xVariable).dataSync()[0]);
  };
  const fd = (at(BN_FD_STEP) - at(-BN_FD_STEP)) / (2 * BN_FD_STEP);
  assertClose([fd], [gv], { relative: BN_GRADIENT_RELATIVE }, "directional derivative (FD vs tfjs)");
  tf.dispose([x, w, xVariable, value, ...Object.values(grads)]);
  bn.dispose();
});

test("BatchNorm2d rejects a wrong channel count, and training on one value per channel", () => {
  const bn = new BatchNorm2d(2);
  const x = tf.zeros([1, 1, 1, 2]) as tf.Tensor4D;
  const y = tf.zeros([1, 2, 2, 3]) as tf.Tensor4D;
  assert.throws(() => bn.apply(y, true), /BatchNorm2d: x must be \[N, H, W, 2\], got \[1, 2, 2, 3\]/);
  assert.throws(() => bn.apply(x, true), /more than one value per channel, got x of shape \[1, 1, 1, 2\]/);
  tf.dispose([x, y, bn.apply(x, false)]);
  bn.dispose();
});
