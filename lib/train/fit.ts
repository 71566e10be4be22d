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
import { claimFitCheckpoint, type FitSnapshot } from "./checkpoint.js";
import { checkSnapshot, decodeHistory, encodeHistory, encodeVariables, restoreVariables } from "./fitSnapshot.js";
import { phaseOptimizer } from "./phaseOptimizer.js";
import { meanOverMembers } from "./thresholds.js";
import { validateSchedule, type OptimizerPhase, type OptimizerSchedule } from "./schedule.js";

export interface FitOptions {
  /** Names the run in progress lines and error messages, e.g. "Fig. 2, tanh, H1, seeds 0-4". */
  readonly label: string;
  readonly variables: readonly tf.Variable[];
  /**
   * Variables the training changes but does not train (PyTorch's buffers, e.g. BatchNorm running statistics):
   * only saved and restored with checkpoints, so that a resumed run continues from their values too.
   */
  readonly buffers?: readonly tf.Variable[];
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
  /**
   * The random generator(s) the loss or evaluate draw from during training (mini-batch orders, noise), for
   * checkpoints (see fit): save() returns its position as a JSON-serialisable value, restore() moves it back
   * there in place. SeededRandom: { save: () => rng.state(), restore: (s) => rng.setState(s as SeededRandomState) }.
   */
  readonly randomState?: { save(): unknown; restore(state: unknown): void };
}

export interface FitHistory {
  /** Epochs at which the test error was evaluated; 0 is the initialisation. */
  readonly epochs: number[];
  /** Training wall-clock seconds (evaluation excluded) at those epochs. */
  readonly seconds: number[];
  /**
   * The process's CPU seconds (user + system, all its threads) spent in the same training, at the same epochs.
   * Beside `seconds` it says whether the process had its core: at one thread the two agree, and wall time beyond
   * CPU time is time it was stopped or waited for a core (lib/runs/interruptions.ts). Absent in histories
   * recorded before it was measured (December 2026).
   */
  readonly cpuSeconds?: number[];
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

/**
 * Runs `options.schedule` phase after phase and returns the test-error history (module comment).
 *
 * Checkpoints (checkpoint.ts): inside withFitCheckpoints(store, …) this call takes the next fit index and
 * saves a FitSnapshot (variables, buffers, optimiser state, epoch, training time, history, randomState) at the
 * end of an epoch whenever store.intervalSeconds of wall-clock time passed since the last save, and a completed
 * one at the end. Called again with the same store (the run restarted after a kill), it continues from the
 * snapshot: from the epoch after it, with the same optimiser state, without repeating the evaluation at epoch 0,
 * to the same numbers bit for bit (only `seconds` differ: they are measured). A completed snapshot sets the
 * variables, buffers and random state and returns its history without training: callbacks must not leave other
 * state that code after the fit relies on, since they do not run then. A loss that draws random numbers during
 * training resumes bit-identically only with `randomState`, and one that changes non-trained variables (BatchNorm
 * statistics) only with `buffers`; without them a resumed run differs. Other state the callbacks keep across
 * epochs is not saved either. Without an active store nothing changes: no snapshot is taken and the numbers are
 * as before.
 */
export function fit(options: FitOptions): FitHistory {
  const { label, variables, schedule } = options;
  const stepsPerEpoch = options.stepsPerEpoch ?? 1;
  const evaluateEvery = options.evaluateEvery ?? 1;
  checkPositiveInteger("stepsPerEpoch", stepsPerEpoch);
  checkPositiveInteger("evaluateEvery", evaluateEvery);
  validateSchedule(schedule);
  if (variables.length === 0) throw new Error(`fit (${label}): no variables to train`);

  const checkpoint = claimFitCheckpoint();
  const where = checkpoint ? `number ${checkpoint.index}` : "";
  const saved = checkpoint?.store.load(checkpoint.index);
  if (saved !== undefined) {
    checkSnapshot(saved, { label, schedule, stepsPerEpoch, variables, buffers: options.buffers ?? [], evaluatesTraining: options.evaluateTraining !== undefined, hasRandomState: options.randomState !== undefined }, where);
    restoreVariables(variables, saved.variables);
    restoreVariables(options.buffers ?? [], saved.buffers ?? []);
    if (saved.random !== undefined) options.randomState?.restore(saved.random.state);
    const log = options.log ?? ((line: string) => console.log(line));
    if (saved.completed) {
      log(`${label}: finished before; variables and history taken from its checkpoint`);
      return decodeHistory(saved.history);
    }
    log(`${label}: resuming from the checkpoint at epoch ${saved.epoch}`);
  }

  const history: FitHistory = saved ? decodeHistory(saved.history) : { epochs: [], seconds: [], cpuSeconds: [], testError: [], trainLoss: [], ...(options.evaluateTraining ? { trainingError: [] } : {}) };
  let trainingSeconds = saved?.trainingSeconds ?? 0;
  let trainingCpuSeconds = saved?.trainingCpuSeconds ?? 0;
  const record = (epoch: number, loss: number, phase: OptimizerPhase | null): void => {
    const errors = [...options.evaluate()];
    const bad = errors.find((e) => !Number.isFinite(e));
    if (bad !== undefined && phase !== null) throw diverged(label, "test error", bad, epoch, stepsPerEpoch - 1, phase);
    if (options.evaluateTraining) history.trainingError?.push([...options.evaluateTraining()]);
    history.epochs.push(epoch);
    history.seconds.push(trainingSeconds);
    history.cpuSeconds?.push(trainingCpuSeconds);
    history.testError.push(errors);
    history.trainLoss.push(loss);
  };
  if (saved === undefined) record(0, tf.tidy(() => options.loss(1, 0).dataSync()[0]), null);

  const totalEpochs = schedule.reduce((a, p) => a + p.epochs, 0);
  const report = progress(label, totalEpochs, { log: options.log, startedAt: saved?.epoch ?? 0 });
  const trainable = [...variables];
  const snapshot = (epoch: number, optimizer: FitSnapshot["optimizer"]): FitSnapshot => ({
    format: 1, label, schedule, stepsPerEpoch, epoch, trainingSeconds, trainingCpuSeconds, history: encodeHistory(history), variables: encodeVariables(variables), optimizer,
    ...(options.buffers ? { buffers: encodeVariables(options.buffers) } : {}),
    ...(options.randomState ? { random: { state: options.randomState.save() } } : {}), completed: optimizer === null,
  });
  let lastSave = performance.now();
  const resumeEpoch = saved?.epoch ?? 0;
  let phaseStart = 0;
  let epoch = 0;
  for (const [phaseIndex, phase] of schedule.entries()) {
    const phaseEnd = phaseStart + phase.epochs;
    if (phaseEnd <= resumeEpoch) {
      phaseStart = phaseEnd;
      continue;
    }
    const stepper = phaseOptimizer(phase);
    const decay = phase.kind === "adam" ? (phase.weightDecay ?? 0) : 0;
    // PyTorch's coupled weight decay (schedule.ts): the penalty (λ/2)‖θ‖² adds λθ to every gradient.
    const objective = (step: number): tf.Scalar =>
      decay === 0 ? options.loss(epoch, step) : tf.tidy(() => tf.add(options.loss(epoch, step), tf.mul(decay / 2, tf.addN(trainable.map((v) => tf.sum(tf.square(v)))))) as tf.Scalar);
    try {
      epoch = Math.max(phaseStart, resumeEpoch);
      if (epoch > phaseStart) {
        // Resuming inside this phase: its optimiser continues from the snapshot's state.
        if (saved?.optimizer?.phase !== phaseIndex) throw new Error(`fit (${label}): the checkpoint ${where} at epoch ${epoch} has no optimiser state of phase ${phaseIndex + 1}; it is damaged: delete the run's checkpoints`);
        stepper.restore(saved.optimizer.state, variables);
      }
      while (epoch < phaseEnd) {
        epoch++;
        let loss = Number.NaN;
        const started = performance.now();
        const cpuStarted = process.cpuUsage();
        if (stepper.lbfgsEpoch !== null) {
          loss = stepper.lbfgsEpoch(trainable, () => options.loss(epoch, 0));
          if (!Number.isFinite(loss)) throw diverged(label, "training loss", loss, epoch, 0, phase);
        } else if (stepper.tfOptimizer !== null) {
          for (let step = 0; step < stepsPerEpoch; step++) {
            const value = stepper.tfOptimizer.minimize(() => objective(step), true, trainable) as tf.Scalar;
            loss = value.dataSync()[0];
            value.dispose();
            if (!Number.isFinite(loss)) throw diverged(label, "training loss", loss, epoch, step, phase);
          }
        }
        trainingSeconds += (performance.now() - started) / 1000;
        const cpuUsed = process.cpuUsage(cpuStarted);
        trainingCpuSeconds += (cpuUsed.user + cpuUsed.system) / 1e6;
        if (epoch % evaluateEvery === 0 || epoch === totalEpochs) {
          record(epoch, loss, phase);
          report.tick(epoch, `test error ${formatErrors(history.testError[history.testError.length - 1])}`);
        }
        if (checkpoint && epoch < totalEpochs && (performance.now() - lastSave) / 1000 >= checkpoint.store.intervalSeconds) {
          checkpoint.store.save(checkpoint.index, snapshot(epoch, { phase: phaseIndex, state: stepper.snapshot() }));
          lastSave = performance.now();
        }
      }
    } finally {
      stepper.dispose();
    }
    phaseStart = phaseEnd;
  }
  checkpoint?.store.save(checkpoint.index, snapshot(totalEpochs, null));
  return history;
}

const formatErrors = (errors: readonly number[]): string => {
  const mean = meanOverMembers(errors);
  return errors.length === 1 ? mean.toExponential(2) : `mean ${mean.toExponential(2)} over ${errors.length}`;
};
