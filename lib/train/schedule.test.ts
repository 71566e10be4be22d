import { test } from "node:test";
import assert from "node:assert/strict";
import { adamThenLbfgs, PAPER_ADAM_LEARNING_RATE, PAPER_LBFGS_LEARNING_RATE, scheduleEpochs, validateSchedule, type OptimizerSchedule } from "./schedule.js";

test("adamThenLbfgs(50000) is the paper's Section 3.2 schedule: Adam 1e-5 for 25,000 epochs, then L-BFGS 1e-2 for 25,000", () => {
  assert.deepEqual(adamThenLbfgs(50_000), [
    { kind: "adam", learningRate: 1e-5, epochs: 25_000 },
    { kind: "lbfgs", learningRate: 1e-2, epochs: 25_000 },
  ]);
  assert.equal(PAPER_ADAM_LEARNING_RATE, 1e-5);
  assert.equal(PAPER_LBFGS_LEARNING_RATE, 1e-2);
});

test("adamThenLbfgs switches at floor(total / 2) and keeps the total number of epochs", () => {
  const schedule = adamThenLbfgs(7, 1e-3, 0.5);
  assert.deepEqual(schedule.map((p) => [p.kind, p.epochs, p.learningRate]), [["adam", 3, 1e-3], ["lbfgs", 4, 0.5]]);
  assert.equal(scheduleEpochs(schedule), 7);
  assert.throws(() => adamThenLbfgs(1), /adamThenLbfgs: totalEpochs must be an integer >= 2 \(one epoch per phase at least\), got 1/);
  assert.throws(() => adamThenLbfgs(100, 0), /phase 1 of 2 \(adam\): learningRate must be a positive finite number, got 0/);
});

test("validateSchedule names the phase and the field of every bad value", () => {
  const bad = (schedule: OptimizerSchedule, message: RegExp) => assert.throws(() => validateSchedule(schedule), message);
  bad([], /validateSchedule: the schedule must have at least one phase, got an empty list/);
  bad([{ kind: "adam", learningRate: -1e-3, epochs: 10 }], /validateSchedule: phase 1 of 1 \(adam\): learningRate must be a positive finite number, got -0.001/);
  bad([{ kind: "sgd", learningRate: Number.NaN, epochs: 10 }], /phase 1 of 1 \(sgd\): learningRate must be a positive finite number, got NaN/);
  bad([{ kind: "adam", learningRate: 1e-3, epochs: 10 }, { kind: "lbfgs", learningRate: 1, epochs: 2.5 }], /phase 2 of 2 \(lbfgs\): epochs must be a positive integer, got 2.5/);
  bad([{ kind: "sgd", learningRate: 1, epochs: 0 }], /phase 1 of 1 \(sgd\): epochs must be a positive integer, got 0/);
  bad([{ kind: "lbfgs", learningRate: 1, epochs: 1, historySize: 0 }], /phase 1 of 1 \(lbfgs\): historySize must be a positive integer, got 0/);
  bad([{ kind: "lbfgs", learningRate: 1, epochs: 1, iterationsPerEpoch: 0 }], /phase 1 of 1 \(lbfgs\): iterationsPerEpoch must be a positive integer, got 0/);
  bad([{ kind: "lbfgs", learningRate: 1, epochs: 1, lineSearch: "armijo" as "none" }], /phase 1 of 1 \(lbfgs\): lineSearch must be one of strong-wolfe, none, got "armijo"/);
  bad([{ kind: "adam", learningRate: 1, epochs: 1, epsilon: 0 }], /phase 1 of 1 \(adam\): epsilon must be a positive finite number, got 0/);
  const fromJson = JSON.parse('[{ "kind": "rmsprop", "learningRate": 1, "epochs": 1 }]') as OptimizerSchedule;
  bad(fromJson, /phase 1 of 1: kind must be one of adam, sgd, lbfgs, got "rmsprop"/);
});

test("validateSchedule returns a valid schedule unchanged", () => {
  const schedule: OptimizerSchedule = [{ kind: "sgd", learningRate: 0.1, epochs: 3 }, { kind: "lbfgs", learningRate: 1, epochs: 2, historySize: 5 }];
  assert.equal(validateSchedule(schedule), schedule);
});
