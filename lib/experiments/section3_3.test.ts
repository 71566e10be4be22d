import { test } from "node:test";
import assert from "node:assert/strict";
import { selectBackend } from "../backend/index.js";
import type { FitHistory } from "../train/index.js";
import { compareDenoising, runDenoising, validateDenoisingConfig, type DenoisingConfig, type DenoisingResult } from "./section3_3.js";

await selectBackend();

const tiny: DenoisingConfig = {
  noise: "gaussian", loss: "H1", trainImages: 48, testImages: 20, epochs: 2, batchSize: 32,
  learningRate: 5e-3, output: "linear", seed: 0, noiseSeed: 1, testSeed: 2, examples: 3,
};

test("runDenoising records both test errors at every evaluation, keeps the example digits and repeats itself exactly", () => {
  const a = runDenoising(tiny, "test run");
  assert.deepEqual(a.history.epochs, [0, 1, 2]);
  assert.equal(a.inDistributionError.length, 3);
  assert.ok(a.history.testError.every((e) => e.length === 1 && e[0] > 0));
  // The amplified test noise (σ² = 1) is four times the training noise's variance: a barely trained network does worse on it.
  assert.ok(a.history.testError[2][0] > a.inDistributionError[2], `${a.history.testError[2][0]} vs ${a.inDistributionError[2]}`);
  for (const images of [a.examples.clean, a.examples.noisy, a.examples.denoised]) {
    assert.equal(images.length, 3);
    assert.ok(images.every((image) => image.length === 28 * 28));
  }
  assert.ok(a.secondsPerEpoch > 0);
  const b = runDenoising(tiny, "test run again");
  assert.deepEqual(b.history.testError, a.history.testError);
  assert.deepEqual(b.examples.denoised, a.examples.denoised);
});

test("the sinusoidal case feeds the same noise pattern to every digit", () => {
  const r = runDenoising({ ...tiny, noise: "sinusoidal", loss: "L2", epochs: 1 }, "sinusoidal");
  const difference = (k: number): number[] => r.examples.noisy[k].map((v, p) => v - r.examples.clean[k][p]);
  const [d0, d1] = [difference(0), difference(1)];
  // 4-decimal storage of each of the two images: differences agree to 1e-4.
  assert.ok(d0.every((v, p) => Math.abs(v - d1[p]) <= 1.01e-4));
  assert.ok(Math.max(...d0.map(Math.abs)) > 0.29, "the amplitude 0.3 pattern is there");
});

test("runDenoising trains the authors' network with the authors' FFT loss when asked, a different run from ours", () => {
  const authors = runDenoising({ ...tiny, loss: "authors-fft", architecture: "authors" }, "test run, authors' network and loss");
  const ours = runDenoising({ ...tiny, loss: "authors-fft" }, "test run, authors' loss");
  assert.match(authors.description, /the authors' conv autoencoder 1-32-64-64-dense 32/);
  assert.ok(authors.history.testError.every((e) => e.length === 1 && Number.isFinite(e[0])));
  assert.notDeepEqual(authors.history.testError, ours.history.testError);
  assert.throws(() => validateDenoisingConfig({ ...tiny, architecture: "authors", output: "sigmoid" }), /the authors' network has a linear output; set output to "linear"/);
  assert.throws(() => validateDenoisingConfig({ ...tiny, architecture: "resnet" as never }), /architecture must be one of paper, authors, got resnet/);
});

test("validateDenoisingConfig names the bad field", () => {
  assert.throws(() => validateDenoisingConfig({ ...tiny, noise: "pink" as never }), /noise must be one of gaussian, sinusoidal/);
  assert.throws(() => validateDenoisingConfig({ ...tiny, loss: "H2" as never }), /loss must be one of L2, H1/);
  assert.throws(() => validateDenoisingConfig({ ...tiny, batchSize: 0 }), /batchSize must be an integer >= 1/);
  assert.throws(() => validateDenoisingConfig({ ...tiny, learningRate: -1 }), /learningRate must be positive/);
  assert.throws(() => validateDenoisingConfig({ ...tiny, examples: 21 }), /examples \(21\) must not exceed testImages \(20\)/);
  assert.throws(() => runDenoising({ ...tiny, trainImages: 9000 }, "too many"), /trainImages = 9000, but the train split has only 8004 digits/);
});

/** A result whose errors follow `errors` (amplified = 2 × in-distribution), 1 s per epoch. */
function synthetic(errors: number[], secondsPerEpoch = 1): DenoisingResult {
  const history: FitHistory = {
    epochs: errors.map((_, k) => k), seconds: errors.map((_, k) => k * secondsPerEpoch),
    testError: errors.map((e) => [2 * e]), trainLoss: errors.map(() => 0),
  };
  return { description: "synthetic", history, inDistributionError: [...errors], secondsPerEpoch, examples: { height: 1, width: 1, clean: [], noisy: [], denoised: [] } };
}

test("compareDenoising pairs the seeds: each seed's common level, the epochs to reach it and the ratios with their intervals", () => {
  const l2 = [synthetic([1, 0.5, 0.3, 0.2]), synthetic([1, 0.7, 0.5, 0.4])];
  const h1 = [synthetic([1, 0.3, 0.2, 0.15], 1.5), synthetic([1, 0.35, 0.3, 0.2], 1.5)];
  const c = compareDenoising(l2, h1);
  assert.deepEqual(c.commonLevel, [0.2, 0.4]);
  assert.deepEqual(c.l2Epochs, [3, 3]);
  assert.deepEqual(c.h1Epochs, [2, 1]); // seed 0 reaches 0.2 at epoch 2, seed 1 reaches 0.4 at epoch 1
  assert.ok(Math.abs(c.epochRatio.measured - Math.sqrt((2 / 3) * (1 / 3))) < 1e-12);
  assert.equal(c.epochRatio.seeds, 2);
  // amplified error = 2 × in-distribution error in `synthetic`: the final ratios are 0.75 and 0.5 for both errors
  assert.ok(Math.abs(c.amplifiedFinalRatio.measured - Math.sqrt(0.75 * 0.5)) < 1e-12);
  assert.ok(Math.abs(c.inDistributionFinalRatio.measured - Math.sqrt(0.75 * 0.5)) < 1e-12);
  assert.deepEqual(c.l2Amplified, [0.4, 0.8]);
  assert.ok(Math.abs(c.secondsPerEpochRatio.measured - 1.5) < 1e-12);
  assert.throws(() => compareDenoising(l2, h1.slice(0, 1)), /same positive number of seeds/);
});
