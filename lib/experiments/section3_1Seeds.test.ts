import assert from "node:assert/strict";
import { test } from "node:test";
import { pairedRatio } from "../checks/pairedRatio.js";
import type { Section31Comparison, Section31Config } from "./section3_1.js";
import { geometricMeanInterval, largestConditionRatio, section31Evidence, section31Repeat } from "./section3_1Seeds.js";

const CONFIG: Section31Config = {
  dimension: 4, samples: 640, learningRates: [0.1], batchSize: 64, batchSizes: [256],
  batchLearningRate: 0.1, epochs: 2, evaluationsPerDecade: 5, seed: 3,
};

/** A comparison with the given steps (L2, H1), final errors (L2, H1) and κ ratio. */
function comparison(batchSize: number, steps: [number, number], finals: [number, number], kappa: number): Section31Comparison {
  return {
    learningRate: 0.1, batchSize, panels: ["a"], initialError: 1, finalError: { L2: finals[0], H1: finals[1] }, thresholdError: 0.1,
    stepsToThreshold: { L2: steps[0], H1: steps[1] }, accelerationRatio: steps[1] / steps[0], finalErrorRatio: finals[1] / finals[0],
    conditionRatio: { max: kappa, mean: kappa }, populationConditionRatio: { max: kappa, mean: kappa },
  };
}

test("section31Repeat shifts the seed and nothing else", () => {
  assert.deepEqual(section31Repeat(CONFIG, 2), { ...CONFIG, seed: 5 });
  assert.throws(() => section31Repeat(CONFIG, -1), /non-negative integer, got -1/);
});

test("section31Evidence pairs repeat k's H1 with its L2 for each (learning rate, batch size)", () => {
  const repeats = [
    [comparison(64, [100, 50], [1e-4, 5e-5], 0.9), comparison(256, [40, 20], [1e-2, 1e-3], 0.95)],
    [comparison(64, [120, 55], [2e-4, 1e-4], 0.92), comparison(256, [30, 16], [2e-2, 4e-3], 0.93)],
  ];
  const [small, large] = section31Evidence(CONFIG, repeats);
  assert.equal(small.batchSize, 64);
  assert.deepEqual(small.acceleration, pairedRatio([50, 55], [100, 120]));
  assert.deepEqual(large.finalError, pairedRatio([1e-3, 4e-3], [1e-2, 2e-2]));
  assert.deepEqual(small.conditionMax, geometricMeanInterval([0.9, 0.92]));
  assert.deepEqual(largestConditionRatio(repeats), geometricMeanInterval([0.95, 0.93]));
});

test("section31Evidence leaves out a repeat whose runs start at the threshold (zero steps on both sides)", () => {
  const repeats = [[comparison(64, [100, 50], [1, 1], 1)], [comparison(64, [0, 0], [1, 1], 1)], [comparison(64, [80, 44], [1, 1], 1)]];
  const [evidence] = section31Evidence(CONFIG, repeats);
  const expected = pairedRatio([50, 44], [100, 80]);
  assert.equal(evidence.acceleration.seeds, 3);
  assert.equal(evidence.acceleration.measured, expected.measured);
});

test("section31Evidence refuses repeats with different sweeps", () => {
  assert.throws(() => section31Evidence(CONFIG, [[comparison(64, [1, 1], [1, 1], 1)], [comparison(256, [1, 1], [1, 1], 1)]]), /repeat 1 has other/);
});
