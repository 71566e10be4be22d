/**
 * The training loop of the function-regression experiments (Sections 3.1, 3.2, Appendix C.2): runs an optimiser
 * schedule over TensorFlow.js variables, records the test error of every ensemble member and the training
 * wall-clock time at each evaluation, and stops with a message naming the run, the epoch and the step when the
 * loss or the test error stops being finite.
 *
 * Time is training time only: the clock stops while the test error is evaluated, so that L2 and Sobolev runs
 * are compared on the cost of their steps, as the paper's time-to-threshold panels do (Fig. 3 (b, d, f), Fig. 7).
 * On the synchronous backends (WASM, cpu) reading the loss after each step waits for the step; on asynchronous
 * ones that read is what makes the clock honest.
 */
import * as tf from "@tensorflow/tfjs";
import { progress } from "../progress.js";
import { LbfgsOptimizer, TorchLbfgsOptimizer } from "./lbfgsTf.js";
import { meanOverMembers } from "./thresholds.js";
import { validateSchedule, type OptimizerPhase, type OptimizerSchedule } from "./schedule.js";

export interface FitOptions {
  /** Names the run in progress lines and error messages, e.g. "Fig. 2, tanh, H1, seeds 0-4". */
  readonly label: string;
  readonly variables: readonly tf.Variable[];
  /** The training loss of step `step` (0-based, within the epoch) of epoch `epoch` (1-based); summed over members. */
  readonly loss: (epoch: number, step: number) => tf.Scalar;
  /** Optimiser steps per epoch (mini-batches); 1 for full batch (default). An L-BFGS epoch is one full-batch call of `iterationsPerEpoch` iterations (schedule.ts). */
  readonly stepsPerEpoch?: number;
  readonly schedule: OptimizerSchedule;
  /** The test error of every ensemble member; called before training and every `evaluateEvery` epochs. */
  readonly evaluate: () => readonly number[];
  readonly evaluateEvery?: number;
  /** Optional: a second per-member error recorded with the test error (e.g. the MSE at the training points), not timed either. */
  readonly evaluateTraining?: () => readonly number[];
  readonly log?: (line: string) => void;
}

export interface FitHistory {
  /** Epochs at which the test error was evaluated; 0 is the initialisation. */
  readonly epochs: number[];
  /** Training wall-clock seconds (evaluation excluded) at those epochs. */
  readonly seconds: number[];
  /** testError[k][m]: the test error of member m at epochs[k]. */
  readonly testError: number[][];
  /** The training loss (summed over members) of the last step before each evaluation; at epoch 0, of the first batch before training. */
  readonly trainLoss: number[];
  /** trainingError[k][m]: `evaluateTraining` of member m at epochs[k], when the run asked for it. */
  readonly trainingError?: number[][];
}

/** Thrown when a run meets NaN or Inf: the message names the run, where it happened and what to try. */
export class DivergedRunError extends Error {
  override readonly name = "DivergedRunError";
}

function diverged(label: string, what: string, value: number, epoch: number, step: number, phase: OptimizerPhase): DivergedRunError {
  return new DivergedRunError(
    `${label}: the ${what} became ${value} at epoch ${epoch}, step ${step} (${phase.kind}, learning rate ${phase.learningRate}). ` +
      "The run diverged: lower the learning rate, or check the data and the loss weights for huge values.",
  );
}

function checkPositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) throw new Error(`fit: ${name} must be a positive integer, got ${value}`);
}

/** Runs `options.schedule` phase after phase and returns the test-error history (module comment). */
export function fit(options: FitOptions): FitHistory {
  const { label, variables, schedule } = options;
  const stepsPerEpoch = options.stepsPerEpoch ?? 1;
  const evaluateEvery = options.evaluateEvery ?? 1;
  checkPositiveInteger("stepsPerEpoch", stepsPerEpoch);
  checkPositiveInteger("evaluateEvery", evaluateEvery);
  validateSchedule(schedule);
  if (variables.length === 0) throw new Error(`fit (${label}): no variables to train`);

  const trainingError: number[][] = [];
  const history: FitHistory = { epochs: [], seconds: [], testError: [], trainLoss: [], ...(options.evaluateTraining ? { trainingError } : {}) };
  let trainingSeconds = 0;
  const record = (epoch: number, loss: number, phase: OptimizerPhase | null): void => {
    const errors = [...options.evaluate()];
    const bad = errors.find((e) => !Number.isFinite(e));
    if (bad !== undefined && phase !== null) throw diverged(label, "test error", bad, epoch, stepsPerEpoch - 1, phase);
    if (options.evaluateTraining) trainingError.push([...options.evaluateTraining()]);
    history.epochs.push(epoch);
    history.seconds.push(trainingSeconds);
    history.testError.push(errors);
    history.trainLoss.push(loss);
  };
  record(0, tf.tidy(() => options.loss(1, 0).dataSync()[0]), null);

  const totalEpochs = schedule.reduce((a, p) => a + p.epochs, 0);
  const report = progress(label, totalEpochs, { log: options.log });
  const trainable = [...variables];
  let epoch = 0;
  for (const phase of schedule) {
    const optimizer = phase.kind === "adam" ? tf.train.adam(phase.learningRate, undefined, undefined, phase.epsilon) : phase.kind === "sgd" ? tf.train.sgd(phase.learningRate) : null;
    const lbfgs = phase.kind === "lbfgs" ? lbfgsEpoch(phase) : null;
    const decay = phase.kind === "adam" ? (phase.weightDecay ?? 0) : 0;
    // PyTorch's coupled weight decay (schedule.ts): the penalty (λ/2)‖θ‖² adds λθ to every gradient.
    const objective = (step: number): tf.Scalar =>
      decay === 0 ? options.loss(epoch, step) : tf.tidy(() => tf.add(options.loss(epoch, step), tf.mul(decay / 2, tf.addN(trainable.map((v) => tf.sum(tf.square(v)))))) as tf.Scalar);
    try {
      for (let e = 0; e < phase.epochs; e++) {
        epoch++;
        let loss = Number.NaN;
        const started = performance.now();
        if (lbfgs !== null) {
          loss = lbfgs(trainable, () => options.loss(epoch, 0));
          if (!Number.isFinite(loss)) throw diverged(label, "training loss", loss, epoch, 0, phase);
        } else if (optimizer !== null) {
          for (let step = 0; step < stepsPerEpoch; step++) {
            const value = optimizer.minimize(() => objective(step), true, trainable) as tf.Scalar;
            loss = value.dataSync()[0];
            value.dispose();
            if (!Number.isFinite(loss)) throw diverged(label, "training loss", loss, epoch, step, phase);
          }
        }
        trainingSeconds += (performance.now() - started) / 1000;
        if (epoch % evaluateEvery === 0 || epoch === totalEpochs) {
          record(epoch, loss, phase);
          report.tick(epoch, `test error ${formatErrors(history.testError[history.testError.length - 1])}`);
        }
      }
    } finally {
      optimizer?.dispose();
    }
  }
  return history;
}

/**
 * One epoch of an L-BFGS phase, as a function of the variables and the loss returning a loss value. One optimiser
 * per phase: its curvature pairs persist from epoch to epoch, as PyTorch's LBFGS keeps them between steps.
 * "strong-wolfe": `iterationsPerEpoch` line-searched iterations, the value at the best point; "none": one PyTorch
 * step(closure) of at most `iterationsPerEpoch` fixed-step iterations, the value at its start (PyTorch's return).
 */
function lbfgsEpoch(phase: Extract<OptimizerPhase, { kind: "lbfgs" }>): (variables: tf.Variable[], loss: () => tf.Scalar) => number {
  const iterations = phase.iterationsPerEpoch ?? 1;
  if (phase.lineSearch === "none") {
    const torch = new TorchLbfgsOptimizer({ learningRate: phase.learningRate, maxIterations: iterations, historySize: phase.historySize });
    return (variables, loss) => torch.step(variables, loss).value;
  }
  const searched = new LbfgsOptimizer({ learningRate: phase.learningRate, historySize: phase.historySize });
  return (variables, loss) => searched.step(variables, loss, iterations).value;
}

const formatErrors = (errors: readonly number[]): string => {
  const mean = meanOverMembers(errors);
  return errors.length === 1 ? mean.toExponential(2) : `mean ${mean.toExponential(2)} over ${errors.length}`;
};
