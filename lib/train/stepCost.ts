/**
 * The cost of one training step, as the paper's Table 1 reports it for the diffusion model ("Memory usage and
 * time per epoch"): the peak tensor memory of a step, read from TensorFlow.js's own accounting (tf.profile's
 * peakBytes: every live tensor's bytes, so the weights, the optimiser's moments and the step's intermediates),
 * and an optimiser step that reads its loss back, so that timing it waits for the step to finish.
 *
 * Peak tensor memory is what the library allocates, on any backend; it is not the process's resident memory
 * (the WASM heap grows in pages and never shrinks, and the GPU allocators of other frameworks pool memory),
 * which is what the paper's "Memory (MB)" measures on its GPU. The two compare across losses, not across tools.
 */
import * as tf from "@tensorflow/tfjs";

/** One optimiser step on `loss` over `variables`; returns the loss, read back (so the step has finished). */
export function optimizerStep(optimizer: tf.Optimizer, loss: () => tf.Scalar, variables: tf.Variable[]): () => number {
  return () => {
    const value = optimizer.minimize(loss, true, variables) as tf.Scalar;
    const result = value.dataSync()[0];
    value.dispose();
    return result;
  };
}

export interface StepMemory {
  /** The largest total of live tensor bytes during the step. */
  readonly peakBytes: number;
  /** Live tensor bytes before the step (weights, optimiser state, data). */
  readonly bytesBefore: number;
  /** Tensors alive after the step that were not before: a leak when the step should be self-contained. */
  readonly newTensors: number;
}

/** The peak tensor memory of one call of `step` (module comment). */
export async function stepPeakMemory(step: () => unknown): Promise<StepMemory> {
  const bytesBefore = tf.memory().numBytes;
  const info = await tf.profile(() => {
    step();
  });
  return { peakBytes: info.peakBytes, bytesBefore, newTensors: info.newTensors };
}
