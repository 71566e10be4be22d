import { test } from "node:test";
import assert from "node:assert/strict";
import { empiricalGradientSingleRelu } from "../analytic/empiricalSingleRelu.js";
import { selectBackend } from "../backend/index.js";
import { assertClose } from "../numeric/assertClose.js";
import { IDENTITY_RELATIVE } from "../numeric/tolerances.js";
import { firstNonFinite } from "../runs/canonicalJson.js";
import {
  logSpacedSteps,
  runSection31,
  section31Comparisons,
  section31Data,
  SECTION31_WEIGHTS,
  TRAINING_GRADIENT_RELATIVE,
  trainingGradient,
  type Section31Config,
  type Section31Results,
} from "./section3_1.js";

await selectBackend();

/** One float32 SGD step, compared in ‖w − w*‖²: w is rounded to float32 (u ≈ 6e-8 relative per entry). */
const SGD_STEP_RELATIVE = 1e-5;

const SMALL: Section31Config = {
  dimension: 4, samples: 300, learningRates: [0.1, 0.01], batchSize: 64, batchSizes: [64, 128],
  batchLearningRate: 0.01, epochs: 2, evaluationsPerDecade: 5, seed: 3,
};

test("the tfjs training gradient of sobolevLoss equals the float64 per-sample gradient, for the L2 and H1 weights", () => {
  const { w, wStar, xs } = section31Data({ ...SMALL, dimension: 10, samples: 2000 });
  for (const loss of ["L2", "H1"] as const) {
    const expected = empiricalGradientSingleRelu(w.map(Math.fround), wStar, xs, SECTION31_WEIGHTS[loss]);
    assertClose(trainingGradient(w, wStar, xs, SECTION31_WEIGHTS[loss]), expected, { relative: TRAINING_GRADIENT_RELATIVE }, `${loss} gradient`);
  }
});

test("with one batch of all N inputs, the first evaluated step is w − lr ∇E(w) with the float64 gradient", () => {
  const config = { ...SMALL, learningRates: [0.1], batchSize: 300, batchSizes: [], epochs: 1 };
  const { w, wStar, xs } = section31Data(config);
  const results = runSection31(config);
  for (const curve of results.curves) {
    const w32 = w.map(Math.fround);
    const g = empiricalGradientSingleRelu(w32, wStar, xs, SECTION31_WEIGHTS[curve.loss]);
    const expected = w32.reduce((s, wi, i) => s + (wi - 0.1 * g[i] - wStar[i]) ** 2, 0);
    assert.deepEqual(curve.points.map((p) => p.step), [0, 1]);
    assertClose(curve.points[1].error, expected, { relative: SGD_STEP_RELATIVE }, `${curve.loss}: error after one step`);
  }
});

test("runSection31 makes one L2 and one H1 run per distinct (learning rate, batch size), deterministically, with finite JSON results", () => {
  const first = runSection31(SMALL);
  const second = runSection31(SMALL);
  assert.deepEqual(first, second);
  assert.equal(firstNonFinite(first), null);
  assert.deepEqual(first.curves.map((c) => `${c.loss} ${c.learningRate} ${c.batchSize}`), [
    "L2 0.1 64", "H1 0.1 64", "L2 0.01 64", "H1 0.01 64", "L2 0.01 128", "H1 0.01 128",
  ]);
  const initial = first.w.reduce((s, wi, i) => s + (Math.fround(wi) - first.wStar[i]) ** 2, 0);
  for (const c of first.curves) {
    assertClose(c.points[0].error, initial, { relative: IDENTITY_RELATIVE }, "initial error");
    assert.equal(c.points[c.points.length - 1].step, SMALL.epochs * Math.ceil(SMALL.samples / c.batchSize));
  }
});

test("logSpacedSteps runs from 0 to the total, strictly increasing, with evaluationsPerDecade steps per decade", () => {
  const steps = logSpacedSteps(10_000, 10);
  assert.equal(steps[0], 0);
  assert.equal(steps[steps.length - 1], 10_000);
  assert.ok(steps.every((s, i) => i === 0 || s > steps[i - 1]));
  assert.equal(steps.filter((s) => s >= 1000 && s < 10_000).length, 10);
  assert.deepEqual(logSpacedSteps(3, 10), [0, 1, 2, 3]);
});

test("section31Comparisons reads exponential decays e0 exp(−a t) as steps ratio a_L2 / a_H1 at the log-midpoint error", () => {
  const steps = logSpacedSteps(1000, 20);
  const curve = (loss: "L2" | "H1", rate: number, kappa: number) => ({
    loss, learningRate: 0.01, batchSize: 64,
    points: steps.map((step) => ({ step, epoch: step, error: 4 * Math.exp(-rate * step), lossL2: 1, conditionEmpirical: kappa, conditionPopulation: kappa })),
  });
  const results: Section31Results = { w: [1, 0], wStar: [0, 1], curves: [curve("L2", 0.01, 2), curve("H1", 0.02, 1.5)] };
  const [c] = section31Comparisons({ ...SMALL, learningRates: [0.01] }, results);
  assert.deepEqual(c.panels, ["a", "c"]);
  assertClose(c.thresholdError, 4 * Math.exp(-0.01 * 500), { relative: IDENTITY_RELATIVE }, "threshold");
  assertClose(c.accelerationRatio, 0.5, { relative: IDENTITY_RELATIVE }, "acceleration ratio");
  assertClose(c.finalErrorRatio, Math.exp(-10), { relative: IDENTITY_RELATIVE }, "final error ratio");
  assertClose([c.conditionRatio.max, c.conditionRatio.mean], [0.75, 0.75], { relative: IDENTITY_RELATIVE }, "κ ratios");
});

test("runSection31 rejects a bad config, naming the field", () => {
  assert.throws(() => runSection31({ ...SMALL, dimension: 1 }), /runSection31: dimension must be an integer >= 2, got 1/);
  assert.throws(() => runSection31({ ...SMALL, batchSizes: [0] }), /every batch size must be an integer >= 1, got 0/);
  assert.throws(() => runSection31({ ...SMALL, learningRates: [-1] }), /learning rates must be positive, got \[-1\] and 0.01/);
});
