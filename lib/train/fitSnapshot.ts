/**
 * Converting fit's state to and from a FitSnapshot (checkpoint.ts): the history and the variables exactly
 * (exactNumbers.ts), and the checks that a snapshot was written by the same fit call before it is used.
 */
import * as tf from "@tensorflow/tfjs";
import type { FitHistorySnapshot, FitSnapshot, VariableSnapshot } from "./checkpoint.js";
import { decodeFloat32, decodeFloat64, encodeFloat32, encodeFloat64 } from "./exactNumbers.js";
import type { FitHistory } from "./fit.js";
import type { OptimizerSchedule } from "./schedule.js";

export function encodeHistory(history: FitHistory): FitHistorySnapshot {
  return {
    epochs: [...history.epochs],
    seconds: [...history.seconds],
    ...(history.cpuSeconds ? { cpuSeconds: [...history.cpuSeconds] } : {}),
    testError: history.testError.map(encodeFloat64),
    trainLoss: encodeFloat64(history.trainLoss),
    ...(history.trainingError ? { trainingError: history.trainingError.map(encodeFloat64) } : {}),
  };
}

export function decodeHistory(snapshot: FitHistorySnapshot): FitHistory {
  const row = (text: string): number[] => Array.from(decodeFloat64(text, "fit checkpoint history"));
  return {
    epochs: [...snapshot.epochs],
    seconds: [...snapshot.seconds],
    ...(snapshot.cpuSeconds ? { cpuSeconds: [...snapshot.cpuSeconds] } : {}),
    testError: snapshot.testError.map(row),
    trainLoss: row(snapshot.trainLoss),
    ...(snapshot.trainingError ? { trainingError: snapshot.trainingError.map(row) } : {}),
  };
}

export function encodeVariables(variables: readonly tf.Variable[]): VariableSnapshot[] {
  return variables.map((v) => ({ shape: [...v.shape], values: encodeFloat32(v.dataSync() as Float32Array) }));
}

/** Assigns the snapshot's exact values to the variables (shapes checked by checkSnapshot; trainable or not). */
export function restoreVariables(variables: readonly tf.Variable[], snapshot: readonly VariableSnapshot[]): void {
  variables.forEach((v, i) => {
    const values = decodeFloat32(snapshot[i].values, `fit checkpoint variable ${i}`);
    if (values.length !== v.size) throw new Error(`fit checkpoint: variable ${i} has ${values.length} values, the model's ${v.size}; the checkpoint is damaged: delete it`);
    tf.tidy(() => v.assign(tf.tensor(values, v.shape, "float32")));
  });
}

/** What a snapshot must agree with: the fit call that is about to use it. */
export interface FitIdentity {
  readonly label: string;
  readonly schedule: OptimizerSchedule;
  readonly stepsPerEpoch: number;
  readonly variables: readonly tf.Variable[];
  readonly buffers: readonly tf.Variable[];
  readonly evaluatesTraining: boolean;
  readonly hasRandomState: boolean;
}

/**
 * Throws, naming the difference and the fix, when `snapshot` was not written by a fit call like `fit`: the runs
 * layer numbers fit calls in order, so a changed experiment could hand one call another's checkpoint.
 */
export function checkSnapshot(snapshot: FitSnapshot, fit: FitIdentity, where: string): void {
  const refuse = (what: string): never => {
    throw new Error(`fit (${fit.label}): the checkpoint ${where} was written by a different fit call (${what}); the experiment changed since it was saved: delete the run's checkpoints to start it afresh`);
  };
  if (snapshot.format !== 1) refuse(`format ${String(snapshot.format)}, expected 1`);
  if (snapshot.label !== fit.label) refuse(`label ${JSON.stringify(snapshot.label)}`);
  if (JSON.stringify(snapshot.schedule) !== JSON.stringify(fit.schedule)) refuse(`schedule ${JSON.stringify(snapshot.schedule)}`);
  if (snapshot.stepsPerEpoch !== fit.stepsPerEpoch) refuse(`${snapshot.stepsPerEpoch} steps per epoch`);
  const shapes = (list: readonly { shape: readonly number[] }[]): string => JSON.stringify(list.map((v) => v.shape));
  if (shapes(snapshot.variables) !== shapes(fit.variables)) refuse(`variable shapes ${shapes(snapshot.variables)}, the model's ${shapes(fit.variables)}`);
  if (shapes(snapshot.buffers ?? []) !== shapes(fit.buffers)) refuse(`buffer shapes ${shapes(snapshot.buffers ?? [])}, the model's ${shapes(fit.buffers)}`);
  if ((snapshot.history.trainingError !== undefined) !== fit.evaluatesTraining) refuse(snapshot.history.trainingError ? "with evaluateTraining" : "without evaluateTraining");
  if ((snapshot.random !== undefined) !== fit.hasRandomState) refuse(snapshot.random !== undefined ? "with a randomState" : "without a randomState");
  const total = fit.schedule.reduce((n, p) => n + p.epochs, 0);
  if (!Number.isInteger(snapshot.epoch) || snapshot.epoch < 0 || snapshot.epoch > total) refuse(`epoch ${snapshot.epoch} of ${total}`);
}
