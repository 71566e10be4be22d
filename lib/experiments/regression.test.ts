import assert from "node:assert/strict";
import { test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../backend/index.js";
import { errorCurveRows, thresholdTimeRows } from "./curves.js";
import { runRegression, type RegressionConfig } from "./regression.js";

await selectBackend();

const base: RegressionConfig = {
  target: "fig2", model: { kind: "mlp", widths: [8, 8], activation: "tanh" }, loss: "L2",
  train: { kind: "grid", perAxis: 8 }, derivatives: "exact", testPoints: 50, testSeed: 99,
  schedule: [{ kind: "adam", learningRate: 1e-2, epochs: 40 }], ensembleSize: 2, seed: 3, evaluateEvery: 20,
};

test("runRegression trains every member, lowers the test error and leaks no tensors", () => {
  const before = tf.memory().numTensors;
  const result = runRegression(base, "test");
  assert.equal(tf.memory().numTensors, before);
  assert.equal(result.trainingPoints, 64);
  assert.deepEqual(result.history.epochs, [0, 20, 40]);
  assert.ok(result.history.testError[2].every((e, m) => e < result.history.testError[0][m]), JSON.stringify(result.history.testError));
  const rows = errorCurveRows(result.history, "tanh", "L2");
  assert.equal(rows.length, 3);
  assert.ok(rows.every((r) => r.min <= r.mean && r.mean <= r.max && r.members === 2));
  const times = thresholdTimeRows(result.history, [1e9, 1e-30], "tanh", "L2");
  assert.deepEqual([times[0].epoch, times[1].epoch], [0, ""], "a huge threshold is reached at once, a tiny one never");
});

test("runRegression gives member k of an ensemble the run of a single model with seed + k, for every derivative source", () => {
  for (const [train, derivatives] of [[{ kind: "grid", perAxis: 8 }, "finite-difference"], [{ kind: "chebyshev", perAxis: 8 }, "chebyshev"]] as const) {
    const ensemble = runRegression({ ...base, loss: "H1", train, derivatives }, "test");
    const single = runRegression({ ...base, loss: "H1", train, derivatives, ensembleSize: 1, seed: 4 }, "test");
    const relative = Math.abs(ensemble.history.testError[2][1] / single.history.testError[2][0] - 1);
    assert.ok(relative < 1e-3, `${derivatives}: member 1 ${ensemble.history.testError[2][1]} vs single ${single.history.testError[2][0]}`);
  }
});

test("recordTrainingError records each member's MSE at the training points: before training it sums to the L2 training loss", () => {
  const result = runRegression({ ...base, recordTrainingError: true }, "test");
  const training = result.history.trainingError!;
  assert.equal(training.length, result.history.epochs.length);
  const sum = training[0][0] + training[0][1];
  assert.ok(Math.abs(sum / result.history.trainLoss[0] - 1) < 1e-5, `${sum} vs ${result.history.trainLoss[0]}`);
  assert.ok(training[2].every((e, m) => e < training[0][m]), JSON.stringify(training));
  assert.equal(runRegression(base, "test").history.trainingError, undefined, "absent unless asked for");
});

test("an H1 run with the finite-difference edges dropped trains on a different loss from one with one-sided edges", () => {
  const config: RegressionConfig = { ...base, loss: "H1", derivatives: "finite-difference", schedule: [{ kind: "adam", learningRate: 1e-2, epochs: 2 }], evaluateEvery: 1 };
  const dropped = runRegression({ ...config, finiteDifferenceEdges: "dropped" }, "test").history.trainLoss[0];
  const oneSided = runRegression(config, "test").history.trainLoss[0];
  assert.ok(Number.isFinite(dropped) && Math.abs(dropped / oneSided - 1) > 1e-3, `dropped ${dropped} vs one-sided ${oneSided}`);
});

test("runRegression names an unknown target or loss and lists the known ones", () => {
  assert.throws(() => runRegression({ ...base, target: "nope" }, "test"), /unknown target "nope"; known: fig2, fig3, twoFrequency, ackley/);
  assert.throws(() => runRegression({ ...base, loss: "H3" as never }, "test"), /loss must be one of L2, H1, H2, got "H3"/);
});
