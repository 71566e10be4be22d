import { test } from "node:test";
import assert from "node:assert/strict";
import { pairedRatio } from "../checks/index.js";
import { IDENTITY_RELATIVE } from "../numeric/tolerances.js";
import type { FitHistory } from "../train/index.js";
import { commonLevelBySeed, finalRatioBySeed, firstEpochAtOrBelow, secondsPerEpochByInterval, shareBelowBySeed, trainingScale } from "./seedPairs.js";

/** A history evaluated at epochs 0..n−1 whose row k holds the members' errors errors[k]. */
function history(errors: number[][], seconds: number[] = errors.map((_, k) => k)): FitHistory {
  return { epochs: errors.map((_, k) => k), seconds, testError: errors, trainLoss: errors.map(() => 0) };
}

const close = (got: number, expected: number): boolean => Math.abs(got - expected) <= IDENTITY_RELATIVE * Math.max(1, Math.abs(expected));

// Two seeds (columns). L2: seed 0 ends at 0.4, seed 1 at 0.2. H1: seed 0 ends at 0.3, seed 1 at 0.5 (worse).
const l2 = history([[1, 1], [0.8, 0.6], [0.5, 0.3], [0.4, 0.2]]);
const h1 = history([[1, 1], [0.4, 0.9], [0.3, 0.6], [0.3, 0.5]]);

test("commonLevelBySeed takes each seed's larger final error and the first epoch after initialisation at or below it", () => {
  const c = commonLevelBySeed(l2, h1);
  assert.deepEqual(c.level, [0.4, 0.5]);
  assert.deepEqual(c.epochsA, [3, 2]); // L2 seed 0 reaches 0.4 at epoch 3; seed 1 reaches 0.5 at epoch 2
  assert.deepEqual(c.epochsB, [1, 3]); // H1 seed 0 is at 0.4 at epoch 1; seed 1 reaches 0.5 at epoch 3
  const expected = pairedRatio([1, 3], [3, 2]);
  assert.ok(close(c.ratio.measured, expected.measured) && close(c.ratio.low, expected.low) && close(c.ratio.high, expected.high));
  assert.equal(c.ratio.seeds, 2);
});

test("firstEpochAtOrBelow skips the initialisation, where both losses tie", () => {
  const flat = history([[0.1], [0.2], [0.1]]);
  assert.equal(firstEpochAtOrBelow(flat, 0, 0.15), 2);
  assert.equal(firstEpochAtOrBelow(flat, 0, 0.05), null);
});

test("finalRatioBySeed is the paired geometric-mean ratio of the final errors, b over a", () => {
  const r = finalRatioBySeed(l2, h1);
  assert.ok(close(r.measured, Math.sqrt((0.3 / 0.4) * (0.5 / 0.2))), `${r.measured}`);
});

test("shareBelowBySeed counts, per seed, the evaluations after initialisation at which b is below a", () => {
  const { shares, mean } = shareBelowBySeed(l2, h1);
  assert.deepEqual(shares, [1, 0]);
  assert.equal(mean.measured, 0.5);
  assert.equal(mean.seeds, 2);
});

test("the paired helpers refuse histories evaluated at different epochs or with different members", () => {
  assert.throws(() => commonLevelBySeed(l2, history([[1, 1], [0.5, 0.5]])), /different epochs/);
  assert.throws(() => finalRatioBySeed(l2, history([[1], [0.8], [0.5], [0.4]])), /same positive number of members/);
  assert.throws(() => shareBelowBySeed(history([[1]]), history([[1]])), /evaluation after initialisation/);
});

test("secondsPerEpochByInterval divides each interval's training seconds by its epochs", () => {
  const h: FitHistory = { epochs: [0, 2, 4], seconds: [0, 3, 7], testError: [[1], [1], [1]], trainLoss: [0, 0, 0] };
  assert.deepEqual(secondsPerEpochByInterval(h), [1.5, 2]);
});

test("trainingScale counts our images in passes over the paper's training set, and equals the epoch ratio on the same set", () => {
  assert.equal(trainingScale({ epochs: 10, images: 1000 }, { epochs: 20, images: 1000 }), 0.5);
  assert.ok(close(trainingScale({ epochs: 10, images: 1500 }, { epochs: 20, images: 60_000 }), 0.0125));
  assert.throws(() => trainingScale({ epochs: 0, images: 10 }, { epochs: 1, images: 1 }), /ours needs positive epochs and images, got 0 epochs of 10 images/);
});
