import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../backend/index.js";
import { encodePngForTests } from "../images/encodePngForTests.js";
import { fashionMnistDir, fashionMnistInstalled } from "../images/fashionMnist.js";
import type { InceptionFeatureExtractor } from "../metrics/index.js";
import { compareDiffusion, runDiffusion, validateDiffusionConfig, type DiffusionConfig, type DiffusionResult } from "./section3_4.js";

await selectBackend();

/** Why the Fashion-MNIST run is skipped: the Debian package (installed by make setup) is absent; false when present. */
const fashionMnistMissing = fashionMnistInstalled() ? false : `Fashion-MNIST is not installed in ${fashionMnistDir()} (apt-get install dataset-fashion-mnist)`;

const tiny: DiffusionConfig = {
  loss: "H1", dataset: "mnist", imageSize: 28, metric: "fd-classifier", inceptionModel: null, trainImages: 64, referenceImages: 32, epochs: 2, batchSize: 32, learningRate: 1e-3, baseWidth: 4, seed: 0,
  evaluateEvery: 1, samples: 16, samplingSteps: 3, gridSamples: 2,
  classifier: { trainImages: 200, epochs: 1, batchSize: 50, learningRate: 1e-3, seed: 3 },
};

test("runDiffusion records the distance at every evaluation, the step memory, and repeats itself exactly", async () => {
  const a = await runDiffusion(tiny, "tiny diffusion");
  assert.deepEqual(a.history.epochs, [0, 1, 2]);
  assert.ok(a.history.testError.every((e) => e.length === 1 && e[0] >= 0 && Number.isFinite(e[0])));
  assert.ok(a.realFloor >= 0 && (a.classifierAccuracy ?? 0) > 0.1);
  assert.deepEqual([a.height, a.width, a.channels], [28, 28, 1]);
  assert.ok(a.stepMemory.peakBytes > a.stepMemory.bytesBefore, "a step allocates intermediates");
  assert.equal(a.samples.length, 2);
  assert.ok(a.samples.every((s) => s.length === 784 && s.every((v) => v >= 0 && v <= 1)), "DDIM clips x0 to [0, 1]");
  const b = await runDiffusion(tiny, "tiny diffusion again");
  assert.deepEqual(b.history.testError, a.history.testError);
  assert.deepEqual(b.samples, a.samples);
});

test("runDiffusion trains on Fashion-MNIST with a classifier of its own, whose features tell the two datasets apart", { skip: fashionMnistMissing }, async () => {
  const fashion = await runDiffusion({ ...tiny, dataset: "fashion-mnist" }, "tiny diffusion on Fashion-MNIST");
  const digits = await runDiffusion(tiny, "tiny diffusion on MNIST");
  assert.deepEqual([fashion.height, fashion.width, fashion.channels], [28, 28, 1]);
  assert.ok(fashion.history.testError.every((e) => e.length === 1 && e[0] >= 0 && Number.isFinite(e[0])));
  assert.ok((fashion.classifierAccuracy ?? 0) > 0.1, `accuracy on the Fashion-MNIST test images: ${fashion.classifierAccuracy}`);
  // Another dataset and another classifier: neither the floor nor the curve may be MNIST's.
  assert.notEqual(fashion.realFloor, digits.realFloor);
  assert.notDeepEqual(fashion.history.testError, digits.history.testError);
  assert.throws(() => validateDiffusionConfig({ ...tiny, dataset: "fashion-mnist", imageSize: 32 }), /fashion-mnist images are 28 x 28/);
});

test("with the authors' sigmoid schedule and [−1, 1] pixels a run scores and stores samples in [0, 1], against the same floor, on a different curve", async () => {
  const plain = await runDiffusion(tiny, "tiny diffusion");
  const authors = await runDiffusion({ ...tiny, noiseSchedule: "sigmoid", pixelRange: "symmetric" }, "tiny diffusion, authors' schedule and range");
  assert.ok(authors.samples.every((s) => s.every((v) => v >= 0 && v <= 1)), "samples mapped back from [−1, 1]");
  assert.notDeepEqual(authors.samples, plain.samples);
  assert.equal(authors.realFloor, plain.realFloor, "the metric's floor uses the [0, 1] training images either way");
  assert.notDeepEqual(authors.history.testError, plain.history.testError);
  const sigmoidOnly = await runDiffusion({ ...tiny, noiseSchedule: "sigmoid" }, "tiny diffusion, sigmoid schedule");
  assert.notDeepEqual(sigmoidOnly.history.testError, plain.history.testError, "the schedule alone changes the run");
});

test("the authors' objective, DDIM steps and reference (the training images) change the run, which still scores samples in [0, 1]", async () => {
  const authorsRange = { ...tiny, noiseSchedule: "sigmoid", pixelRange: "symmetric" } as const;
  const base = await runDiffusion(authorsRange, "tiny diffusion, authors' range");
  const objective = await runDiffusion({ ...authorsRange, objective: "authors" }, "tiny diffusion, authors' objective");
  assert.notDeepEqual(objective.history.trainLoss, base.history.trainLoss, "another loss");
  const spacing = await runDiffusion({ ...authorsRange, samplingSpacing: "lucidrains" }, "tiny diffusion, authors' DDIM steps");
  assert.deepEqual(spacing.history.trainLoss, base.history.trainLoss, "the same training");
  assert.notDeepEqual(spacing.samples, base.samples, "other samples");
  const training = await runDiffusion({ ...authorsRange, reference: "training", referenceImages: 0 }, "tiny diffusion against its training images");
  assert.deepEqual(training.history.trainLoss, base.history.trainLoss, "the same training");
  assert.notEqual(training.realFloor, base.realFloor, "another reference");
  assert.ok([objective, spacing, training].every((r) => r.samples.every((x) => x.every((v) => v >= 0 && v <= 1)) && r.history.testError.every((e) => Number.isFinite(e[0]))));
});

test("the authors' U-Net trains in the same run as ours, records its own description and parameter count, and samples in [0, 1]", async () => {
  const r = await runDiffusion({ ...tiny, denoiser: "authors-unet", baseWidth: 8, noiseSchedule: "sigmoid", pixelRange: "symmetric", objective: "authors", samplingSpacing: "lucidrains" }, "tiny diffusion, authors' U-Net");
  const ours = await runDiffusion(tiny, "tiny diffusion");
  assert.notEqual(r.description, ours.description);
  assert.notEqual(r.parameterCount, ours.parameterCount);
  assert.match(r.description, /attention/i);
  assert.ok(r.history.testError.every((e) => Number.isFinite(e[0])) && r.samples.every((x) => x.every((v) => v >= 0 && v <= 1)));
});

test("validateDiffusionConfig names the bad field", () => {
  assert.throws(() => validateDiffusionConfig({ ...tiny, noiseSchedule: "cosine" as never }), /noiseSchedule must be one of linear, sigmoid, got cosine/);
  assert.throws(() => validateDiffusionConfig({ ...tiny, pixelRange: "byte" as never }), /pixelRange must be one of unit, symmetric, got byte/);
  assert.throws(() => validateDiffusionConfig({ ...tiny, loss: "H2" as never }), /loss must be one of L2, H1/);
  assert.throws(() => validateDiffusionConfig({ ...tiny, samples: 1 }), /samples must be an integer >= 2/);
  assert.throws(() => validateDiffusionConfig({ ...tiny, gridSamples: 17 }), /gridSamples \(17\) must not exceed samples \(16\)/);
  assert.throws(() => validateDiffusionConfig({ ...tiny, learningRate: 0 }), /learningRate must be positive/);
  assert.throws(() => validateDiffusionConfig({ ...tiny, imageSize: 32 }), /mnist images are 28 x 28; set imageSize to 28/);
  assert.throws(() => validateDiffusionConfig({ ...tiny, dataset: "celeba-hq", imageSize: 16 }), /FD_classifier needs class labels \(mnist or fashion-mnist\).*use metric "fid"/);
  assert.throws(() => validateDiffusionConfig({ ...tiny, metric: "fid" }), /metric fid needs inceptionModel/);
  assert.throws(() => validateDiffusionConfig({ ...tiny, reference: "training" }), /with reference "training" the training images are the reference; set referenceImages to 0, got 32/);
  assert.throws(() => validateDiffusionConfig({ ...tiny, reference: "test" as never }), /reference must be one of held-out, training, got test/);
  assert.throws(() => validateDiffusionConfig({ ...tiny, objective: "mine" as never }), /objective must be one of paper, authors, got mine/);
  assert.throws(() => validateDiffusionConfig({ ...tiny, samplingSpacing: "even" as never }), /samplingSpacing must be one of inclusive, lucidrains, got even/);
  assert.throws(() => validateDiffusionConfig({ ...tiny, denoiser: "vit" as never }), /denoiser must be one of small-unet, authors-unet, got vit/);
  assert.throws(() => validateDiffusionConfig({ ...tiny, denoiser: "authors-unet", baseWidth: 5 }), /the authors' U-Net needs an even baseWidth \(its dim; 64 in their code\), got 5/);
});

/** A stand-in for InceptionV3 with its contract (images in [0, 1] → features): the per-channel means and mean squares. */
function standInExtractor(fingerprint: string): InceptionFeatureExtractor {
  const extract = (x: tf.Tensor4D): tf.Tensor2D => tf.tidy(() => tf.concat([tf.mean(x, [1, 2]), tf.mean(tf.square(x), [1, 2])], 1) as tf.Tensor2D);
  return Object.assign(extract, { format: "layers-model" as const, modelPath: "stand-in", fingerprint, dispose: () => undefined });
}

test("runDiffusion trains on a user's RGB folder with the FID route, and refuses an extractor whose fingerprint differs", async () => {
  const data = mkdtempSync(path.join(tmpdir(), "celeba-"));
  const folder = path.join(data, "celeba-hq");
  mkdirSync(folder);
  for (let k = 0; k < 15; k++) {
    const samples = Uint8Array.from({ length: 8 * 8 * 3 }, (_, i) => (k * 17 + i * 5) % 256);
    writeFileSync(path.join(folder, `face${String(k).padStart(2, "0")}.png`), encodePngForTests({ width: 8, height: 8, colorType: 2, samples }));
  }
  const previous = process.env.DATA_DIR;
  process.env.DATA_DIR = data;
  try {
    const config: DiffusionConfig = { ...tiny, dataset: "celeba-hq", imageSize: 8, trainImages: 12, referenceImages: 3, batchSize: 6, samples: 4, gridSamples: 1, metric: "fid", classifier: null, inceptionModel: "stand-in-1" };
    const r = await runDiffusion(config, "tiny folder diffusion", standInExtractor("stand-in-1"));
    assert.deepEqual([r.height, r.width, r.channels], [8, 8, 3]);
    assert.equal(r.classifierAccuracy, null);
    assert.equal(r.samples[0].length, 8 * 8 * 3);
    assert.ok(r.history.testError.every((e) => Number.isFinite(e[0]) && e[0] >= 0));
    await assert.rejects(runDiffusion(config, "wrong model", standInExtractor("stand-in-2")), /needs the InceptionV3 whose fingerprint is stand-in-1; the one given has stand-in-2/);
    await assert.rejects(runDiffusion(config, "no model"), /metric fid needs the InceptionV3 loaded from INCEPTION_V3_DIR/);
    await assert.rejects(runDiffusion({ ...config, trainImages: 13 }, "too many", standInExtractor("stand-in-1")), /trainImages = 13, but .*celeba-hq gives only 12/);
    // Against the training images nothing is held out: all 15 files train, as the authors' run trains on its whole folder.
    const whole = await runDiffusion({ ...config, reference: "training", referenceImages: 0, trainImages: 15 }, "whole folder", standInExtractor("stand-in-1"));
    assert.ok(whole.history.testError.every((e) => Number.isFinite(e[0])));
    await assert.rejects(runDiffusion({ ...config, reference: "training", referenceImages: 0, trainImages: 16 }, "too many", standInExtractor("stand-in-1")), /trainImages = 16, but .*celeba-hq gives only 15;/);
  } finally {
    if (previous === undefined) delete process.env.DATA_DIR;
    else process.env.DATA_DIR = previous;
    rmSync(data, { recursive: true, force: true });
  }
});

function synthetic(distances: number[], secondsPerEpoch: number, peakBytes: number): DiffusionResult {
  return {
    description: "synthetic", parameterCount: 1, realFloor: 0, classifierAccuracy: 1, secondsPerEpoch, samples: [], height: 1, width: 1, channels: 1,
    stepMemory: { peakBytes, bytesBefore: 0, newTensors: 0 },
    history: { epochs: distances.map((_, k) => k), seconds: distances.map((_, k) => k * secondsPerEpoch), testError: distances.map((d) => [d]), trainLoss: distances.map(() => 0) },
  };
}

test("compareDiffusion pairs the seeds: final ratio, epochs to each seed's common level, and Table 1's ratios per epoch", () => {
  const c = compareDiffusion(
    [synthetic([100, 50, 20, 10], 2, 1000), synthetic([100, 40, 30, 20], 2, 1000)],
    [synthetic([100, 10, 6, 5], 2.2, 1010), synthetic([100, 60, 35, 30], 1.8, 1010)],
  );
  assert.ok(Math.abs(c.finalRatio.measured - Math.sqrt(0.5 * 1.5)) < 1e-12);
  assert.deepEqual(c.level, [10, 30]);
  assert.deepEqual(c.l2Epochs, [3, 2]);
  assert.deepEqual(c.h1Epochs, [1, 3]);
  assert.ok(Math.abs(c.epochRatio.measured - Math.sqrt((1 / 3) * (3 / 2))) < 1e-12);
  assert.equal(c.epochTimeRatios.length, 6, "one ratio per seed and epoch");
  assert.ok(Math.abs(c.secondsPerEpochRatio.measured - 1) < 1e-12 && c.secondsPerEpochRatio.low < 1 && c.secondsPerEpochRatio.high > 1);
  assert.ok(Math.abs(c.peakMemoryRatio - 1.01) < 1e-12);
});
