import { test } from "node:test";
import assert from "node:assert/strict";
import { selectBackend } from "../backend/index.js";
import { compareDiffusion, runDiffusion, validateDiffusionConfig, type DiffusionConfig, type DiffusionResult } from "./section3_4.js";

await selectBackend();

const tiny: DiffusionConfig = {
  loss: "H1", trainImages: 64, referenceImages: 32, epochs: 2, batchSize: 32, learningRate: 1e-3, baseWidth: 4, seed: 0,
  evaluateEvery: 1, samples: 16, samplingSteps: 3, gridSamples: 2,
  classifier: { trainImages: 200, epochs: 1, batchSize: 50, learningRate: 1e-3, seed: 3 },
};

test("runDiffusion records the distance at every evaluation, the step memory, and repeats itself exactly", async () => {
  const a = await runDiffusion(tiny, "tiny diffusion");
  assert.deepEqual(a.history.epochs, [0, 1, 2]);
  assert.ok(a.history.testError.every((e) => e.length === 1 && e[0] >= 0 && Number.isFinite(e[0])));
  assert.ok(a.realFloor >= 0 && a.classifierAccuracy > 0.1);
  assert.ok(a.stepMemory.peakBytes > a.stepMemory.bytesBefore, "a step allocates intermediates");
  assert.equal(a.samples.length, 2);
  assert.ok(a.samples.every((s) => s.length === 784 && s.every((v) => v >= 0 && v <= 1)), "DDIM clips x0 to [0, 1]");
  const b = await runDiffusion(tiny, "tiny diffusion again");
  assert.deepEqual(b.history.testError, a.history.testError);
  assert.deepEqual(b.samples, a.samples);
});

test("validateDiffusionConfig names the bad field", () => {
  assert.throws(() => validateDiffusionConfig({ ...tiny, loss: "H2" as never }), /loss must be one of L2, H1/);
  assert.throws(() => validateDiffusionConfig({ ...tiny, samples: 1 }), /samples must be an integer >= 2/);
  assert.throws(() => validateDiffusionConfig({ ...tiny, gridSamples: 17 }), /gridSamples \(17\) must not exceed samples \(16\)/);
  assert.throws(() => validateDiffusionConfig({ ...tiny, learningRate: 0 }), /learningRate must be positive/);
});

function synthetic(distances: number[], secondsPerEpoch: number, peakBytes: number): DiffusionResult {
  return {
    description: "synthetic", parameterCount: 1, realFloor: 0, classifierAccuracy: 1, secondsPerEpoch, samples: [],
    stepMemory: { peakBytes, bytesBefore: 0, newTensors: 0 },
    history: { epochs: distances.map((_, k) => k), seconds: distances.map((_, k) => k), testError: distances.map((d) => [d]), trainLoss: distances.map(() => 0) },
  };
}

test("compareDiffusion reads the final ratio, the epochs to the common level and the Table 1 ratios", () => {
  const c = compareDiffusion([synthetic([100, 50, 20, 10], 2, 1000)], [synthetic([100, 10, 6, 5], 2.2, 1010)]);
  assert.equal(c.finalRatio, 0.5);
  assert.equal(c.level, 10);
  assert.equal(c.l2Epochs, 3);
  assert.equal(c.h1Epochs, 1);
  assert.ok(Math.abs(c.secondsPerEpochRatio - 1.1) < 1e-12);
  assert.ok(Math.abs(c.peakMemoryRatio - 1.01) < 1e-12);
});
