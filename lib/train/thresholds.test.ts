import assert from "node:assert/strict";
import { test } from "node:test";
import type { FitHistory } from "./fit.js";
import { firstReached } from "./thresholds.js";

const history: FitHistory = {
  epochs: [0, 10, 20, 30],
  seconds: [0, 1.5, 3, 4.5],
  testError: [[1, 3], [0.1, 0.5], [0.01, 0.02], [0.001, 0.5]],
  trainLoss: [10, 1, 0.1, 0.01],
};

test("firstReached gives the first evaluation whose mean error is at or below each threshold, null when never", () => {
  assert.deepEqual(firstReached(history, [0.25, 0.015, 1e-4]), [
    { threshold: 0.25, epoch: 20, seconds: 3 },
    { threshold: 0.015, epoch: 20, seconds: 3 },
    { threshold: 1e-4, epoch: null, seconds: null },
  ]);
});

test("firstReached follows one member when asked, and counts an error equal to the threshold as reached", () => {
  assert.deepEqual(firstReached(history, [0.1, 0.001], (errors) => errors[0]), [
    { threshold: 0.1, epoch: 10, seconds: 1.5 },
    { threshold: 0.001, epoch: 30, seconds: 4.5 },
  ]);
});

test("firstReached rejects a threshold that is not positive and finite, naming it", () => {
  assert.throws(() => firstReached(history, [1e-3, 0]), /thresholds must be positive and finite, got 0/);
  assert.throws(() => firstReached(history, [Number.NaN]), /got NaN/);
});
