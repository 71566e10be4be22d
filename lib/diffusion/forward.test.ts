import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../backend/index.js";
import { SeededRandom } from "../numeric/random.js";
import { qSample, sampleTimesteps } from "./forward.js";
import { linearBetaSchedule } from "./schedule.js";

await selectBackend();

/**
 * qSample with ε = 0 vs fround(√ᾱ_t) · x_0: one float32 product, correctly rounded, plus 0 — exact; we
 * allow one ulp (2^−23 relative) in case a backend fuses or reorders.
 */
const FLOAT32_ULP_RELATIVE = 2 ** -23;

/** Pixels per image in the variance test. */
const VARIANCE_PIXELS = 128 * 128;

/**
 * With x_0 = 0, x_t = √(1 − ᾱ_t) ε; the mean of the N squares estimates 1 − ᾱ_t (the mean 0 is known) with
 * relative standard deviation √(2/N) = 0.011 for N = 16384 (a χ²_N / N has variance 2/N). Five standard
 * deviations: a false failure has probability < 1e-6 per image (and the draws are seeded), while at t = 0
 * (1 − ᾱ_0 = 1e-4) a coefficient 1 − ᾱ in place of √(1 − ᾱ) is off by 99%, and an off-by-one step
 * (1 − ᾱ_1 ≈ 2.2e-4) by 120%.
 */
const VARIANCE_RELATIVE = 5 * Math.sqrt(2 / VARIANCE_PIXELS);

/**
 * Mean of K uniform steps in 0..T−1 vs (T − 1)/2: standard deviation T/√(12 K) = 2.9 for T = 1000,
 * K = 10000; five of them.
 */
const STEP_MEAN_ABSOLUTE = 5 * 1000 / Math.sqrt(12 * 10000);

const schedule = linearBetaSchedule();

function gaussianImages(shape: [number, number, number, number], seed: number, offset = 0, scale = 1): tf.Tensor4D {
  const rng = new SeededRandom(seed);
  return tf.tensor4d(Float32Array.from({ length: shape.reduce((a, b) => a * b) }, () => offset + scale * rng.gaussian()), shape);
}

test("qSample with zero noise is √ᾱ_t x_0, image by image", () => {
  const t = [0, 250, 999];
  const x0 = gaussianImages([3, 4, 4, 2], 1, 0.5, 0.3);
  const zeros = tf.zerosLike(x0);
  const got = qSample(x0, t, zeros, schedule).dataSync();
  const pixels = x0.dataSync();
  const perImage = 4 * 4 * 2;
  got.forEach((value, m) => {
    const expected = Math.fround(Math.fround(Math.sqrt(schedule.alphaBars[t[Math.floor(m / perImage)]])) * pixels[m]);
    assert.ok(Math.abs(value - expected) <= FLOAT32_ULP_RELATIVE * Math.abs(expected), `pixel ${m}: got ${value}, expected ${expected}`);
  });
  tf.dispose([x0, zeros]);
});

test("qSample of x_0 = 0 has pixel variance 1 − ᾱ_t at t = 0, 100, 500, 999 (mean of squares, 5σ)", () => {
  const t = Int32Array.of(0, 100, 500, 999);
  const x0 = tf.zeros([4, 128, 128, 1]) as tf.Tensor4D;
  const noise = gaussianImages([4, 128, 128, 1], 2);
  const xt = qSample(x0, t, noise, schedule).dataSync();
  t.forEach((step, i) => {
    let sum = 0;
    for (let m = i * VARIANCE_PIXELS; m < (i + 1) * VARIANCE_PIXELS; m++) sum += xt[m] * xt[m];
    const variance = sum / VARIANCE_PIXELS;
    const expected = 1 - schedule.alphaBars[step];
    const error = Math.abs(variance - expected) / expected;
    assert.ok(error <= VARIANCE_RELATIVE, `t = ${step}: variance ${variance}, expected ${expected}, relative difference ${error}, tolerance ${VARIANCE_RELATIVE}`);
  });
  tf.dispose([x0, noise]);
});

test("sampleTimesteps draws seeded integer steps in 0..T−1 with mean (T − 1)/2", () => {
  const steps = sampleTimesteps(new SeededRandom(3), 10000, 1000);
  assert.equal(steps.length, 10000);
  assert.ok(steps.every((s) => Number.isInteger(s) && s >= 0 && s < 1000));
  assert.deepEqual(sampleTimesteps(new SeededRandom(3), 10000, 1000), steps);
  const mean = steps.reduce((a, b) => a + b, 0) / steps.length;
  assert.ok(Math.abs(mean - 499.5) <= STEP_MEAN_ABSOLUTE, `mean step ${mean}, expected 499.5 ± ${STEP_MEAN_ABSOLUTE}`);
  assert.throws(() => sampleTimesteps(new SeededRandom(3), 0, 1000), /batch must be an integer >= 1, got 0/);
});

test("qSample rejects mismatched noise, wrong t lengths and steps outside the schedule", () => {
  const x0 = tf.zeros([2, 4, 4, 1]) as tf.Tensor4D;
  const other = tf.zeros([2, 4, 4, 2]) as tf.Tensor4D;
  assert.throws(() => qSample(x0, [0, 1], other, schedule), /noise must have the shape of x0, \[2, 4, 4, 1\], got \[2, 4, 4, 2\]/);
  assert.throws(() => qSample(x0, [0], x0, schedule), /t must have one step per image, length 2, got length 1/);
  assert.throws(() => qSample(x0, [0, 1000], x0, schedule), /t\[1\] must be an integer step in 0..999, got 1000/);
  assert.throws(() => qSample(x0, [0.5, 1], x0, schedule), /t\[0\] must be an integer step in 0..999, got 0.5/);
  tf.dispose([x0, other]);
});
