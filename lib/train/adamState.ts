/**
 * Reading and restoring the state of tfjs's Adam optimiser synchronously, for training checkpoints (checkpoint.ts).
 *
 * tfjs offers getWeights/setWeights, but they are async (fit is synchronous) and setWeights recomputes
 * accBeta = beta^(t+1) with pow, which is not bit-identical to the product the steps accumulated. So this
 * adapter reads and writes the private fields of AdamOptimizer in @tensorflow/tfjs-core 4.22.0
 * (node_modules/@tensorflow/tfjs-core/dist/optimizers/adam_optimizer.js):
 *   constructor, lines 43-49: accumulatedFirstMoment, accumulatedSecondMoment = []; accBeta1, accBeta2 = scalar variables;
 *   applyGradients, lines 64-75: entry i of each list, { originalName: `${name}/m` (`/v`), variable: non-trainable
 *     variable }, created on the first step, i in the order of the gradients' variable names;
 *   applyGradients, lines 93-94: accBeta ← accBeta · beta after each step;
 *   optimizer.js, lines 59-67: iterations_ counts the steps (not used by Adam's arithmetic).
 * `adamInternals` checks these fields and throws naming this file when a tfjs upgrade changes them; adamState.test.ts
 * proves a snapshot and restore in the middle of a run continues bit for bit.
 */
import * as tf from "@tensorflow/tfjs";
import { decodeFloat32, encodeFloat32 } from "./exactNumbers.js";

/** One moment accumulator: its shape and exact float32 values (base64, exactNumbers.ts). */
export interface AdamMomentSnapshot {
  readonly shape: number[];
  readonly values: string;
}

/** Adam's state between steps, JSON-serialisable; the moment lists are empty before the first step. */
export interface AdamSnapshot {
  readonly iterations: number;
  /** The float32 accumulators beta1^t and beta2^t, exact (base64 of one float32 each). */
  readonly accBeta1: string;
  readonly accBeta2: string;
  readonly firstMoment: AdamMomentSnapshot[];
  readonly secondMoment: AdamMomentSnapshot[];
}

interface Accumulator {
  originalName: string;
  variable: tf.Variable;
}

export interface AdamInternals {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: Accumulator[];
  accumulatedSecondMoment: Accumulator[];
  iterations_?: number;
}

const isAccumulatorList = (value: unknown): value is Accumulator[] =>
  Array.isArray(value) && value.every((a: unknown) => typeof a === "object" && a !== null && typeof (a as Accumulator).originalName === "string" && (a as Accumulator).variable instanceof tf.Variable);

/** The private fields (module comment), checked. */
export function adamInternals(optimizer: tf.AdamOptimizer): AdamInternals {
  const fields = optimizer as unknown as Record<string, unknown>;
  const ok =
    fields.accBeta1 instanceof tf.Variable && fields.accBeta2 instanceof tf.Variable &&
    isAccumulatorList(fields.accumulatedFirstMoment) && isAccumulatorList(fields.accumulatedSecondMoment) &&
    (fields.iterations_ === undefined || fields.iterations_ === null || typeof fields.iterations_ === "number");
  if (!ok) {
    throw new Error(
      `adamState: tfjs's AdamOptimizer (tfjs-core ${tf.version_core}) no longer has the private fields lib/train/adamState.ts reads (written for 4.22.0): ` +
        "update adamState.ts to the new adam_optimizer.js, or pin @tensorflow/tfjs-core back",
    );
  }
  return fields as unknown as AdamInternals;
}

const moment = (a: Accumulator): AdamMomentSnapshot => ({ shape: [...a.variable.shape], values: encodeFloat32(a.variable.dataSync() as Float32Array) });

/** Adam's state now, exactly (reads the tensors synchronously). */
export function adamSnapshot(optimizer: tf.AdamOptimizer): AdamSnapshot {
  const state = adamInternals(optimizer);
  return {
    iterations: state.iterations_ ?? 0,
    accBeta1: encodeFloat32(state.accBeta1.dataSync() as Float32Array),
    accBeta2: encodeFloat32(state.accBeta2.dataSync() as Float32Array),
    firstMoment: state.accumulatedFirstMoment.map(moment),
    secondMoment: state.accumulatedSecondMoment.map(moment),
  };
}

/**
 * Puts a snapshot into a fresh Adam optimiser (no step taken yet), so that its next step is the one the
 * snapshot's optimiser would have taken. `variables` are the trained variables in the order of fit's
 * minimize call; they only name the accumulators as tfjs does (`<variable>/m`, `<variable>/v`).
 */
export function restoreAdam(optimizer: tf.AdamOptimizer, snapshot: AdamSnapshot, variables: readonly tf.Variable[]): void {
  const state = adamInternals(optimizer);
  if (state.accumulatedFirstMoment.length > 0 || state.accumulatedSecondMoment.length > 0) throw new Error("restoreAdam: the optimiser has taken steps already; restore into a fresh one");
  if (snapshot.firstMoment.length !== snapshot.secondMoment.length || snapshot.firstMoment.length > variables.length) {
    throw new Error(`restoreAdam: the snapshot has ${snapshot.firstMoment.length} first and ${snapshot.secondMoment.length} second moments for ${variables.length} variables; the checkpoint belongs to another model: delete it`);
  }
  const accumulator = (m: AdamMomentSnapshot, i: number, suffix: string): Accumulator => {
    const values = decodeFloat32(m.values, `restoreAdam moment ${i}`);
    if (values.length !== m.shape.reduce((a, b) => a * b, 1)) throw new Error(`restoreAdam: moment ${i} has ${values.length} values for shape [${m.shape}]; the checkpoint is damaged: delete it`);
    return { originalName: `${variables[i].name}/${suffix}`, variable: tf.tidy(() => tf.variable(tf.tensor(values, m.shape, "float32"), false)) };
  };
  const beta = (text: string, which: string): tf.Scalar => {
    const value = decodeFloat32(text, `restoreAdam ${which}`);
    if (value.length !== 1) throw new Error(`restoreAdam: ${which} must be one float32, got ${value.length}; the checkpoint is damaged: delete it`);
    return tf.tensor(value, [], "float32") as tf.Scalar;
  };
  tf.tidy(() => {
    state.accBeta1.assign(beta(snapshot.accBeta1, "accBeta1"));
    state.accBeta2.assign(beta(snapshot.accBeta2, "accBeta2"));
  });
  state.accumulatedFirstMoment = snapshot.firstMoment.map((m, i) => accumulator(m, i, "m"));
  state.accumulatedSecondMoment = snapshot.secondMoment.map((m, i) => accumulator(m, i, "v"));
  state.iterations_ = snapshot.iterations;
}
