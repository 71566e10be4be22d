import assert from "node:assert/strict";
import { test } from "node:test";
import type { FitHistory } from "../train/index.js";
import { thresholdTimeRatio } from "./repeatThresholdTimes.js";

const history = (seconds: number[], errors: number[][]): FitHistory => ({
  epochs: seconds.map((_, k) => 10 * k),
  seconds,
  testError: errors,
  trainLoss: seconds.map(() => 1),
});
const close = (a: number, b: number): void => assert.ok(Math.abs(a - b) < 1e-12, `got ${a}, expected ${b}`);

test("thresholdTimeRatio takes each seed's largest ratio and censors an unreached time at the longer run", () => {
  // seed 0: H1 reaches 0.1 at 1 s (L2 at 2 s) and 0.01 at 2 s (L2 never; runs end at 4 s and 3 s): ratios 0.5, 2/4.
  // seed 1: H1 reaches 0.1 at 1 s (L2 at 4 s) and never 0.01, which L2 reaches at 4 s, the end of both: ratios 0.25, 4/4.
  const h1 = [history([0, 1, 2, 4], [[1], [0.1], [0.01], [0.01]]), history([0, 1, 2, 4], [[1], [0.1], [0.1], [0.1]])];
  const l2 = [history([0, 1, 2, 3], [[1], [0.5], [0.1], [0.1]]), history([0, 2, 3, 4], [[1], [0.5], [0.5], [0.01]])];
  const r = thresholdTimeRatio(h1, l2, [0.1, 0.01, 1e-5, 2]);
  assert.deepEqual(r.perThreshold.filter((t) => t.seed === 0).map((t) => t.ratio), [0.5, 0.5, Number.NaN, Number.NaN]);
  assert.deepEqual(r.perThreshold.filter((t) => t.seed === 1).map((t) => t.ratio), [0.25, 1, Number.NaN, Number.NaN]);
  assert.deepEqual(r.worstPerSeed, [0.5, 1]);
  close(r.measured, Math.sqrt(0.5));
  assert.equal(r.seedsCompared, 2);
  assert.equal(r.seeds, 2);
});

test("thresholdTimeRatio is NaN when no seed reached any threshold after the initialisation", () => {
  const run = [history([0, 1], [[1], [0.5]])];
  const r = thresholdTimeRatio(run, run, [0.1, 2]);
  assert.ok(Number.isNaN(r.measured));
  assert.equal(r.seedsCompared, 0);
  assert.throws(() => thresholdTimeRatio(run, [], [0.1]), /same positive number of runs/);
});
