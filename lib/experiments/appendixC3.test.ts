import { test } from "node:test";
import assert from "node:assert/strict";
import { selectBackend } from "../backend/index.js";
import { compareResnetAutoencoders, runResnetAutoencoder, validateResnetAutoencoderRunConfig, type ResnetAutoencoderRunConfig, type ResnetAutoencoderRunResult } from "./appendixC3.js";

await selectBackend();

const tiny: ResnetAutoencoderRunConfig = {
  dataset: "mnist32", loss: "H1", trainImages: 32, testImages: 8, epochs: 2, batchSize: 16, learningRate: 1e-3, width: 2, seed: 0, examples: 2,
};

test("runResnetAutoencoder trains on zero-padded 32 x 32 digits, records the test error and repeats itself exactly", () => {
  const a = runResnetAutoencoder(tiny, "tiny ResNet AE");
  assert.deepEqual(a.history.epochs, [0, 1, 2]);
  assert.deepEqual([a.height, a.width, a.channels], [32, 32, 1]);
  assert.ok(a.history.testError.every((e) => e.length === 1 && e[0] > 0 && Number.isFinite(e[0])));
  assert.equal(a.originals.length, 2);
  assert.equal(a.reconstructions[1].length, 32 * 32);
  const border = a.originals[0].filter((_, p) => Math.floor(p / 32) < 2 || p % 32 < 2);
  assert.ok(border.every((v) => v === 0), "the 2-pixel padding is zero");
  const b = runResnetAutoencoder(tiny, "tiny ResNet AE again");
  assert.deepEqual(b.history.testError, a.history.testError);
});

test("architecture \"authors-light\" trains the authors' light network with their FFT loss and weight decay: reconstructions in [0, 1], repeatable", () => {
  // The paper profile's model path (its ImageNet folder is not on this machine), on 32 x 32 digits.
  const config: ResnetAutoencoderRunConfig = { ...tiny, architecture: "authors-light", loss: "authors-fft", width: 4, weightDecay: 1e-5, epochs: 1 };
  const a = runResnetAutoencoder(config, "tiny authors' light AE");
  assert.match(a.description, /the authors' light ResNet autoencoder .*widths 4-8-16/);
  assert.deepEqual(a.history.epochs, [0, 1]);
  assert.ok(a.history.testError.every((e) => e[0] > 0 && Number.isFinite(e[0])));
  assert.ok(a.reconstructions.flat().every((v) => v >= 0 && v <= 1), "the clamped output");
  assert.notDeepEqual(a.history.testError[1], a.history.testError[0], "training moved the test error");
  assert.deepEqual(runResnetAutoencoder(config, "again").history.testError, a.history.testError);
  const ours = runResnetAutoencoder({ ...config, architecture: undefined }, "tiny ResNet-18 AE");
  assert.match(ours.description, /^ResNet-18 autoencoder/);
});

test("the authors' weight decay reaches the optimiser: the run differs from one without it, and a decay of 0 does not", () => {
  const plain = runResnetAutoencoder({ ...tiny, epochs: 1 }, "tiny ResNet AE");
  const decayed = runResnetAutoencoder({ ...tiny, epochs: 1, weightDecay: 0.5 }, "tiny ResNet AE, weight decay");
  const zero = runResnetAutoencoder({ ...tiny, epochs: 1, weightDecay: 0 }, "tiny ResNet AE, weight decay 0");
  assert.notDeepEqual(decayed.history.testError, plain.history.testError);
  assert.deepEqual(zero.history.testError, plain.history.testError);
});

test("validateResnetAutoencoderRunConfig names the bad field, and a missing ImageNet folder says where to put it", () => {
  assert.throws(() => validateResnetAutoencoderRunConfig({ ...tiny, dataset: "cifar" as never }), /dataset must be one of mnist32, imagenet64/);
  assert.throws(() => validateResnetAutoencoderRunConfig({ ...tiny, loss: "H2" as never }), /loss must be one of L2, H1/);
  assert.throws(() => validateResnetAutoencoderRunConfig({ ...tiny, architecture: "resnet50" as never }), /architecture must be one of resnet18, authors-light, got resnet50/);
  assert.throws(() => validateResnetAutoencoderRunConfig({ ...tiny, examples: 9 }), /examples must be an integer in \[0, testImages = 8\]/);
  assert.throws(() => validateResnetAutoencoderRunConfig({ ...tiny, weightDecay: -1e-5 }), /weightDecay must be non-negative and finite, got -0.00001/);
  const previous = process.env.DATA_DIR;
  process.env.DATA_DIR = "/nonexistent-companion-data";
  try {
    assert.throws(() => runResnetAutoencoder({ ...tiny, dataset: "imagenet64" }, "no data"), /folder \/nonexistent-companion-data\/imagenet64 does not exist; put the dataset's \.png or \.jpg images there/);
  } finally {
    if (previous === undefined) delete process.env.DATA_DIR;
    else process.env.DATA_DIR = previous;
  }
});

/** A run whose test MSE is `errors` at epochs 0, 1, ... */
function synthetic(errors: number[]): ResnetAutoencoderRunResult {
  return {
    description: "synthetic", secondsPerEpoch: 1, height: 1, width: 1, channels: 1, originals: [], reconstructions: [],
    history: { epochs: errors.map((_, k) => k), seconds: errors.map((_, k) => k), testError: errors.map((e) => [e]), trainLoss: errors.map(() => 0) },
  };
}

test("compareResnetAutoencoders pairs the seeds: epochs to each seed's common level, final ratio and the share of evaluations H1 wins", () => {
  const c = compareResnetAutoencoders(
    [synthetic([0.08, 0.05, 0.03, 0.02]), synthetic([0.08, 0.06, 0.04, 0.03])],
    [synthetic([0.08, 0.04, 0.035, 0.03]), synthetic([0.08, 0.05, 0.03, 0.02])],
  );
  assert.deepEqual(c.level, [0.03, 0.03]);
  assert.deepEqual(c.l2Epochs, [2, 3]);
  assert.deepEqual(c.h1Epochs, [3, 2]);
  assert.deepEqual(c.sharesBelow, [1 / 3, 1]);
  assert.ok(Math.abs(c.shareBelow.measured - 2 / 3) < 1e-15);
  assert.ok(Math.abs(c.finalRatio.measured - Math.sqrt(1.5 * (2 / 3))) < 1e-12);
  assert.throws(() => compareResnetAutoencoders([synthetic([1, 0.5])], []), /same positive number of seeds/);
});
