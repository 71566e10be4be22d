import assert from "node:assert/strict";
import { test } from "node:test";
import type { FitHistory } from "../train/index.js";
import { fig3Config, fig3Panel, pooledHistory, thresholdRatio, type Fig3Settings } from "./section3_2_fig3.js";

const run = (seconds: number[], errors: number[]): FitHistory => ({
  epochs: [0, 10, 20, 30],
  seconds,
  testError: errors.map((e) => [e]),
  trainLoss: [Number.NaN, 1, 0.5, 0.25],
});

// L2: two repeats, mean errors 1, 0.1, 0.01, 0.005 at mean times 0, 1, 2, 3 s.
const l2 = pooledHistory([run([0, 1, 2, 3], [1, 0.15, 0.015, 0.005]), run([0, 1, 2, 3], [1, 0.05, 0.005, 0.005])]);
// H1: mean errors 1, 0.01, 0.001, 0.0005 at mean times 0, 1.5, 3, 4.5 s (twice L2's step cost).
const h1 = pooledHistory([run([0, 1, 3, 4], [1, 0.01, 0.001, 0.0005]), run([0, 2, 3, 5], [1, 0.01, 0.001, 0.0005])]);

test("pooledHistory makes the repeats the members and averages their training time", () => {
  assert.deepEqual(l2.testError[1], [0.15, 0.05]);
  assert.deepEqual(h1.seconds, [0, 1.5, 3, 4.5]);
  assert.throws(() => pooledHistory([l2, { ...l2, epochs: [0, 10, 20, 40] }]), /history 1 is evaluated at other epochs/);
});

test("fig3Panel compares final mean errors and the times to each threshold, with explicit unreached cases", () => {
  const panel = fig3Panel("fig3", "SIREN", "SIREN", l2, h1, [2, 0.1, 0.01, 1e-3, 1e-5]);
  assert.ok(Math.abs(panel.finalErrorRatio - 0.1) < 1e-12);
  assert.deepEqual(panel.timeRatios.map((r) => r.reached), ["initialisation", "both", "both", "H1 only", "neither"]);
  assert.deepEqual(panel.timeRatios.map((r) => r.ratio), [Number.NaN, 1.5, 0.75, 0, Number.NaN]);
  assert.equal(panel.worstTimeRatio, 1.5);
  assert.equal(panel.curves.length, 8);
  assert.deepEqual(panel.curves[1], { panel: "SIREN", series: "L2", epoch: 10, seconds: 1, members: 2, mean: 0.1, min: 0.05, max: 0.15 });
  assert.deepEqual(panel.thresholds.find((r) => r.series === "H1" && r.threshold === 1e-3), { panel: "SIREN", series: "H1", threshold: 1e-3, seconds: 3, epoch: 20 });
});

test("thresholdRatio is Infinity when only L2 reaches a threshold, so the time claim fails", () => {
  const ratio = thresholdRatio({ threshold: 1e-4, epoch: 30, seconds: 3 }, { threshold: 1e-4, epoch: null, seconds: null });
  assert.equal(ratio.reached, "L2 only");
  assert.equal(ratio.ratio, Number.POSITIVE_INFINITY);
});

test("fig3Config pairs L2 and H1 runs on the same grid and seeds, one member per run, with the authors' models and optimisers", () => {
  const settings: Fig3Settings = {
    repeats: 3, trainingPoints: 1000, testPoints: 100, adamEpochs: 5, adamLearningRate: 1e-5, adamEpsilon: 1e-8, lbfgsEpochs: 5,
    lbfgsLearningRate: 1e-2, lbfgsIterationsPerEpoch: 20, lbfgsHistorySize: 100, evaluateEvery: 1, thresholds: [1e-3], seed: 0,
  };
  const [a, b] = [fig3Config(settings, "fig3", "FF", "L2", 2), fig3Config(settings, "fig3", "FF", "H1", 2)];
  assert.deepEqual({ ...a, loss: "H1" }, b);
  assert.equal(a.ensembleSize, 1);
  assert.deepEqual(a.train, { kind: "grid", perAxis: 1000 });
  assert.deepEqual(a.model, { kind: "trained-fourier-features", features: 64, widths: [64, 64] });
  assert.deepEqual(fig3Config(settings, "fig3", "SIREN", "L2", 0).model, { kind: "siren", widths: [64, 64, 64], omega0: 1, initialisation: "kaiming-uniform" });
  assert.deepEqual(a.schedule, [
    { kind: "adam", learningRate: 1e-5, epochs: 5, epsilon: 1e-8 },
    { kind: "lbfgs", learningRate: 1e-2, epochs: 5, lineSearch: "none", iterationsPerEpoch: 20, historySize: 100 },
  ]);
  assert.throws(() => fig3Config(settings, "fig3", "FF", "L2", 3), /repeat must be an integer in \[0, 3\)/);
});
