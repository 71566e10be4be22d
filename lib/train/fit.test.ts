import assert from "node:assert/strict";
import { test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../backend/index.js";
import { DivergedRunError, fit } from "./fit.js";

await selectBackend();

/** Least squares y = a x + b on four points, a two-member "ensemble" (a and b of shape [2]), solution a = 2, b = -1. */
function problem(initial: number[]) {
  const a = tf.variable(tf.tensor1d(initial));
  const b = tf.variable(tf.zeros([2]));
  const x = tf.tensor2d([[0], [1], [2], [3]]);
  const y = tf.tensor2d([[-1], [1], [3], [5]]);
  const loss = (): tf.Scalar => tf.tidy(() => tf.sum(tf.mean(tf.square(tf.sub(tf.add(tf.mul(x, a), b), y)), 0)));
  const errors = (): number[] => tf.tidy(() => Array.from(tf.add(tf.abs(tf.sub(a, 2)), tf.abs(tf.add(b, 1))).dataSync()));
  const dispose = (): void => tf.dispose([a, b, x, y]);
  return { variables: [a, b], loss, errors, dispose };
}

test("fit trains every member of an ensemble, evaluates at epoch 0, every evaluateEvery epochs and at the end", () => {
  const p = problem([0, 5]);
  const history = fit({ label: "test", variables: p.variables, loss: p.loss, evaluate: p.errors, evaluateEvery: 300, schedule: [{ kind: "adam", learningRate: 0.05, epochs: 1000 }], log: () => {} });
  assert.deepEqual(history.epochs, [0, 300, 600, 900, 1000]);
  assert.equal(history.testError[0].length, 2);
  assert.ok(history.testError[4].every((e) => e < 1e-2), `final errors ${history.testError[4]}`);
  assert.ok(history.trainLoss[0] > 1 && history.trainLoss[4] < 1e-4, `losses ${history.trainLoss}`);
  assert.ok(history.seconds.every((s, k) => k === 0 || s >= history.seconds[k - 1]), "time only grows");
  p.dispose();
});

test("fit leaves evaluation time out of the training time", () => {
  const p = problem([0, 0]);
  const busy = (): number[] => {
    const until = performance.now() + 30;
    while (performance.now() < until);
    return p.errors();
  };
  const history = fit({ label: "test", variables: p.variables, loss: p.loss, evaluate: busy, schedule: [{ kind: "sgd", learningRate: 0.01, epochs: 5 }], log: () => {} });
  assert.equal(history.epochs.length, 6);
  assert.ok(history.seconds[5] < 0.03, `5 tiny steps took ${history.seconds[5]} s of training time: evaluation was counted`);
  p.dispose();
});

test("fit stops a diverging run with a DivergedRunError naming the run, the epoch, the optimiser and the fix", () => {
  const p = problem([0, 0]);
  assert.throws(
    () => fit({ label: "diverging test run", variables: p.variables, loss: p.loss, evaluate: p.errors, schedule: [{ kind: "sgd", learningRate: 10, epochs: 500 }], log: () => {} }),
    (error: unknown) => error instanceof DivergedRunError && /diverging test run: the training loss became (NaN|Infinity) at epoch \d+, step 0 \(sgd, learning rate 10\)/.test(error.message) && /lower the learning rate/.test(error.message),
  );
  p.dispose();
});

test("fit runs phases in order and rejects bad options with a clear message", () => {
  const p = problem([0, 0]);
  const history = fit({ label: "test", variables: p.variables, loss: p.loss, evaluate: p.errors, evaluateEvery: 10, schedule: [{ kind: "adam", learningRate: 0.05, epochs: 10 }, { kind: "lbfgs", learningRate: 1, epochs: 10 }], log: () => {} });
  assert.deepEqual(history.epochs, [0, 10, 20]);
  assert.ok(history.testError[2].every((e) => e < 1e-3), `L-BFGS after Adam solves least squares: ${history.testError[2]}`);
  assert.throws(() => fit({ label: "test", variables: p.variables, loss: p.loss, evaluate: p.errors, stepsPerEpoch: 0, schedule: [{ kind: "adam", learningRate: 0.1, epochs: 1 }] }), /stepsPerEpoch must be a positive integer, got 0/);
  p.dispose();
});

test("fit's L-BFGS phase with lineSearch \"none\" is one PyTorch step(closure) per epoch: iterationsPerEpoch loss evaluations each, and it trains", () => {
  const p = problem([0, 5]);
  let calls = 0;
  const counted = (): tf.Scalar => (calls++, p.loss());
  const schedule = [{ kind: "lbfgs", learningRate: 0.05, epochs: 3, iterationsPerEpoch: 5, lineSearch: "none", historySize: 100 }] as const;
  const history = fit({ label: "test", variables: p.variables, loss: counted, evaluate: p.errors, schedule, log: () => {} });
  // One evaluation before training, then per epoch the step's first and its 4 further ones (the 5th iterate is evaluated by the next step).
  assert.equal(calls, 1 + 3 * 5);
  assert.ok(history.trainLoss[3] < history.trainLoss[1], `losses ${history.trainLoss}`);
  p.dispose();
});

test("an Adam phase with weightDecay λ takes PyTorch's coupled steps: three steps match a float64 Adam on ∇L + λθ, and λ = 0 matches plain Adam", () => {
  const [lr, beta1, beta2, eps, decay] = [0.1, 0.9, 0.999, 1e-8, 0.5];
  // L(θ) = (θ0 − 3)² + (2θ1 + 1)², so ∇L = [2(θ0 − 3), 4(2θ1 + 1)]; θ1 starts at its optimum, where only the decay moves it.
  const reference = (lambda: number): number[] => {
    let theta = [3.05, -0.5];
    let m = [0, 0];
    let v = [0, 0];
    for (let t = 1; t <= 3; t++) {
      const g = [2 * (theta[0] - 3) + lambda * theta[0], 4 * (2 * theta[1] + 1) + lambda * theta[1]];
      m = m.map((mi, i) => beta1 * mi + (1 - beta1) * g[i]);
      v = v.map((vi, i) => beta2 * vi + (1 - beta2) * g[i] * g[i]);
      theta = theta.map((th, i) => th - (lr * (m[i] / (1 - beta1 ** t))) / (Math.sqrt(v[i] / (1 - beta2 ** t)) + eps));
    }
    return theta;
  };
  for (const lambda of [decay, 0]) {
    const theta = tf.variable(tf.tensor1d([3.05, -0.5]));
    const loss = (): tf.Scalar => tf.tidy(() => tf.sum(tf.square(tf.sub(tf.mul(theta, tf.tensor1d([1, 2])), tf.tensor1d([3, -1])))));
    fit({ label: "test", variables: [theta], loss, evaluate: () => [0], evaluateEvery: 3, schedule: [{ kind: "adam", learningRate: lr, epochs: 3, epsilon: eps, weightDecay: lambda }], log: () => {} });
    const got = Array.from(theta.dataSync());
    const expected = reference(lambda);
    got.forEach((g, i) => assert.ok(Math.abs(g - expected[i]) < 1e-5, `λ = ${lambda}, θ${i}: ${g} vs ${expected[i]}`));
    theta.dispose();
  }
  assert.ok(Math.abs(reference(decay)[1] - reference(0)[1]) > 1e-3, "the decay must move θ in three steps, or the test proves nothing");
  assert.throws(() => fit({ label: "test", variables: [tf.variable(tf.scalar(1))], loss: () => tf.scalar(0), evaluate: () => [0], schedule: [{ kind: "adam", learningRate: 0.1, epochs: 1, weightDecay: -1 }] }), /weightDecay must be a non-negative finite number, got -1/);
});
