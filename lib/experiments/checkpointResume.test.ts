/**
 * The experiments that draw random numbers inside fit's loss (mini-batch orders, noise) or update BatchNorm
 * statistics pass them to fit (randomState, buffers), so that a run killed mid-training and resumed from its
 * checkpoint (lib/train/checkpoint.ts) gives the uninterrupted run's result. Compared: the whole result but its
 * measured times (history.seconds and cpuSeconds, secondsPerEpoch).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { selectBackend } from "../backend/index.js";
import { withFitCheckpoints, type FitCheckpointStore, type FitHistory, type FitSnapshot } from "../train/index.js";
import { runResnetAutoencoder } from "./appendixC3.js";
import { runDenoising } from "./section3_3.js";
import { withoutSeconds } from "../train/fitTestProblem.js";

await selectBackend();

class Killed extends Error {}

/** Runs `compute` with an every-epoch in-memory store whose save throws after `saves` saves, then again to the end. */
async function killedOnceAndResumed<T>(compute: () => T, saves: number): Promise<T> {
  const files = new Map<number, string>();
  let left = saves;
  const store: FitCheckpointStore = {
    intervalSeconds: 0,
    load: (i) => (files.has(i) ? (JSON.parse(files.get(i)!) as FitSnapshot) : undefined),
    save(i, snapshot) {
      if (left-- <= 0) throw new Killed();
      files.set(i, JSON.stringify(snapshot));
    },
  };
  await assert.rejects(withFitCheckpoints(store, compute), Killed);
  left = Infinity;
  return withFitCheckpoints(store, compute);
}

const untimed = <T extends { history: FitHistory; secondsPerEpoch: number }>(result: T) => {
  return { ...result, history: withoutSeconds(result.history), secondsPerEpoch: 0 };
};

test("Fig. 4's denoising run (mini-batches, noise, the in-distribution error) killed after epoch 2 of 4 resumes to the uninterrupted result", async () => {
  const config = { noise: "gaussian", loss: "H1", trainImages: 48, testImages: 20, epochs: 4, batchSize: 32, learningRate: 5e-3, output: "linear", seed: 0, noiseSeed: 1, testSeed: 2, examples: 3 } as const;
  const reference = runDenoising(config, "denoising");
  const resumed = await killedOnceAndResumed(() => runDenoising(config, "denoising"), 2);
  assert.deepEqual(untimed(resumed), untimed(reference));
});

test("Appendix C.3's ResNet autoencoder (mini-batches, BatchNorm statistics) killed after epoch 1 of 3 resumes to the uninterrupted result", async () => {
  const config = { dataset: "mnist32", loss: "H1", trainImages: 32, testImages: 8, epochs: 3, batchSize: 16, learningRate: 1e-3, width: 2, seed: 0, examples: 2 } as const;
  const reference = runResnetAutoencoder(config, "resnet");
  const resumed = await killedOnceAndResumed(() => runResnetAutoencoder(config, "resnet"), 1);
  assert.deepEqual(untimed(resumed), untimed(reference));
});
