import { test } from "node:test";
import assert from "node:assert/strict";
import { assertClose, assertWithinStandardErrors } from "../numeric/assertClose.js";
import { SeededRandom } from "../numeric/random.js";
import { MC_SIGMAS } from "../numeric/tolerances.js";
import { FLOAT32_ROUNDING_ABSOLUTE } from "./tolerances.js";
import {
  DENOISING_TEST_NOISE,
  DENOISING_TRAIN_NOISE,
  addDenoisingNoise,
  addGaussianNoise,
  addSinusoidalNoise,
  sinusoidalNoiseAt,
} from "./noise.js";

const SHAPE = [10, 28, 28] as const;
const CLEAN = Float32Array.from({ length: 10 * 28 * 28 }, (_, k) => (k % 97) / 96);

test("the train and test noises are the paper's: σ² = 1/4, a = 0.3, η = 1 and σ² = 1, a = 0.3, η = 10", () => {
  assert.deepEqual(DENOISING_TRAIN_NOISE, { gaussianVariance: 0.25, amplitude: 0.3, frequency: 1 });
  assert.deepEqual(DENOISING_TEST_NOISE, { gaussianVariance: 1, amplitude: 0.3, frequency: 10 });
});

test("Gaussian noise has mean 0 and variance σ² within MC_SIGMAS standard errors, for train and test σ²", () => {
  for (const { gaussianVariance: variance } of [DENOISING_TRAIN_NOISE, DENOISING_TEST_NOISE]) {
    const noisy = addGaussianNoise(CLEAN, SHAPE, variance, new SeededRandom(7));
    const noise = Array.from(noisy, (v, k) => v - CLEAN[k]);
    const m = noise.length;
    const mean = noise.reduce((s, e) => s + e, 0) / m;
    const secondMoment = noise.reduce((s, e) => s + e * e, 0) / m;
    // Standard errors: sd(ε) / sqrt(m) for the mean; sd(ε²) / sqrt(m) = σ² sqrt(2/m) for the second moment.
    assertWithinStandardErrors(
      [mean, secondMoment],
      [Math.sqrt(variance / m), variance * Math.sqrt(2 / m)],
      [0, variance],
      MC_SIGMAS,
      `Gaussian noise moments, σ² = ${variance}`,
    );
  }
});

test("Gaussian noise is reproducible for a seed and leaves the input unchanged", () => {
  const copy = CLEAN.slice();
  const a = addGaussianNoise(CLEAN, SHAPE, 0.25, new SeededRandom(3));
  const b = addGaussianNoise(CLEAN, SHAPE, 0.25, new SeededRandom(3));
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, addGaussianNoise(CLEAN, SHAPE, 0.25, new SeededRandom(4)));
  assert.deepEqual(CLEAN, copy);
});

test("ε2 at pixel centres equals a · sin(2πη(x + y)) with x = (j + 0.5)/W, y = (i + 0.5)/H", () => {
  // 4x4 image, η = 1: pixel (0, 0) is at x = y = 1/8, so ε2 = a sin(π/2) = a; pixel (1, 1) at x = y = 3/8
  // gives a sin(3π/2) = -a; pixel (0, 1) at x + y = 1/2 gives sin(π) = 0.
  const a = 0.3;
  assertClose(sinusoidalNoiseAt(0, 0, 4, 4, a, 1), a, { absolute: 1e-15 }, "ε2 at (0, 0)");
  assertClose(sinusoidalNoiseAt(1, 1, 4, 4, a, 1), -a, { absolute: 1e-15 }, "ε2 at (1, 1)");
  assertClose(sinusoidalNoiseAt(0, 1, 4, 4, a, 1), 0, { absolute: 1e-15 }, "ε2 at (0, 1)");
  // A non-square 2x8 image: pixel (1, 2) is at x = 2.5/8, y = 1.5/2, so 2π η (x + y) with η = 10 is 21.25π.
  assertClose(sinusoidalNoiseAt(1, 2, 2, 8, a, 10), a * Math.sin(21.25 * Math.PI), { absolute: 1e-15 }, "ε2 at (1, 2)");
});

test("addSinusoidalNoise adds the same ε2 pattern to every image of the batch, without clipping", () => {
  const shape = [3, 4, 4] as const;
  const clean = new Float32Array(48).fill(1);
  const noisy = addSinusoidalNoise(clean, shape, 0.3, 1);
  for (let b = 0; b < 3; b++) {
    for (let i = 0; i < 4; i++) {
      for (let j = 0; j < 4; j++) {
        const expected = 1 + sinusoidalNoiseAt(i, j, 4, 4, 0.3, 1);
        assertClose(noisy[b * 16 + i * 4 + j], expected, { absolute: FLOAT32_ROUNDING_ABSOLUTE }, `pixel ${b},${i},${j}`);
      }
    }
  }
  assertClose(noisy[0], 1.3, { absolute: FLOAT32_ROUNDING_ABSOLUTE }, "unclipped value above 1");
});

test("addDenoisingNoise 'both' is the Gaussian draw plus the sinusoid for the same seed", () => {
  const both = addDenoisingNoise(CLEAN, SHAPE, "both", DENOISING_TEST_NOISE, new SeededRandom(5));
  const gaussian = addDenoisingNoise(CLEAN, SHAPE, "gaussian", DENOISING_TEST_NOISE, new SeededRandom(5));
  const sinusoidal = addDenoisingNoise(CLEAN, SHAPE, "sinusoidal", DENOISING_TEST_NOISE, new SeededRandom(5));
  const sum = Array.from(gaussian, (g, k) => g + sinusoidal[k] - CLEAN[k]);
  assertClose(Array.from(both), sum, { absolute: 4 * FLOAT32_ROUNDING_ABSOLUTE }, "ε1 + ε2");
});

test("noise functions reject a shape that does not match the data, and a negative variance", () => {
  assert.throws(() => addGaussianNoise(new Float32Array(5), [1, 2, 2], 1, new SeededRandom(1)), /shape \[1, 2, 2\] needs 4 values, got 5/);
  assert.throws(() => addSinusoidalNoise(new Float32Array(5), [1, 2, 2], 0.3, 1), /needs 4 values, got 5/);
  assert.throws(() => addGaussianNoise(new Float32Array(4), [1, 2, 2], -1, new SeededRandom(1)), /variance must be finite and >= 0, got -1/);
});
