import assert from "node:assert/strict";
import { test } from "node:test";
import { pairedRatio } from "../checks/pairedRatio.js";
import type { FitHistory } from "../train/index.js";
import { finalMemberErrors, memberReachTimes, onTrainingPoints, pairedFinalErrorRatio, pairedReachTimeRatio, runLength } from "./memberComparisons.js";

/** Three members; the clock runs 1.5 s per 10 epochs. */
const fast: FitHistory = {
  epochs: [0, 10, 20, 30],
  seconds: [0, 1.5, 3, 4.5],
  testError: [[1, 1, 1], [0.1, 0.5, 0.9], [0.01, 0.02, 0.9], [0.001, 0.01, 0.9]],
  trainLoss: [10, 1, 0.1, 0.01],
};
/** The same evaluations at twice the cost per epoch. */
const slow: FitHistory = {
  epochs: [0, 10, 20, 30],
  seconds: [0, 3, 6, 9],
  testError: [[1, 1, 1], [0.5, 0.5, 0.9], [0.1, 0.5, 0.9], [0.01, 0.5, 0.9]],
  trainLoss: [10, 1, 0.1, 0.01],
};

test("memberReachTimes follows each member's own error, counting an error equal to the threshold as reached", () => {
  assert.deepEqual(memberReachTimes(fast, 0.1), [1.5, 3, null]);
  assert.deepEqual(memberReachTimes(fast, 0.015, "epochs"), [20, 30, null]);
  assert.deepEqual(finalMemberErrors(fast), [0.001, 0.01, 0.9]);
  assert.equal(runLength(slow), 9);
  assert.equal(runLength(slow, "epochs"), 30);
});

test("pairedReachTimeRatio censors each side at its own run length and leaves out members neither run got to", () => {
  // threshold 0.1: fast reaches it at 1.5, 3, never; slow at 6, never (censored at 9), never (left out).
  const evidence = pairedReachTimeRatio(fast, slow, 0.1);
  const expected = pairedRatio([1.5, 3], [6, 9]);
  assert.equal(evidence.seeds, 3);
  assert.ok(Math.abs(evidence.measured - expected.measured) < 1e-15, `${evidence.measured} vs ${expected.measured}`);
  assert.ok(Math.abs(evidence.low - expected.low) < 1e-12 && Math.abs(evidence.high - expected.high) < 1e-12);
});

test("pairedReachTimeRatio is NaN when no member of either run reached the threshold", () => {
  assert.ok(Number.isNaN(pairedReachTimeRatio(fast, slow, 1e-6).measured));
});

test("pairedFinalErrorRatio pairs the members' last errors", () => {
  const evidence = pairedFinalErrorRatio(fast, slow);
  assert.ok(Math.abs(evidence.measured - Math.cbrt((0.001 / 0.01) * (0.01 / 0.5) * 1)) < 1e-15);
});

test("the comparisons reject runs with different numbers of members, and thresholds that are not positive", () => {
  const two: FitHistory = { ...slow, testError: slow.testError.map((e) => e.slice(0, 2)) };
  assert.throws(() => pairedReachTimeRatio(fast, two, 0.1), /3 and 2 members/);
  assert.throws(() => memberReachTimes(fast, 0), /threshold must be positive and finite, got 0/);
});

test("onTrainingPoints compares on the training-point error, and refuses a run that did not record it", () => {
  const withTraining: FitHistory = { ...fast, trainingError: [[2, 2, 2], [0.2, 0.2, 0.2], [0.02, 0.02, 0.02], [0.002, 0.002, 0.5]] };
  assert.deepEqual(finalMemberErrors(onTrainingPoints(withTraining)), [0.002, 0.002, 0.5]);
  assert.deepEqual(finalMemberErrors(withTraining), [0.001, 0.01, 0.9], "the test error itself is untouched");
  assert.throws(() => onTrainingPoints(fast), /recorded no training-point error; run it with recordTrainingError: true/);
});
