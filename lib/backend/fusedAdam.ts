/**
 * One Adam update of one variable as a single kernel, for the WASM backend: the arithmetic of tfjs's
 * AdamOptimizer.applyGradients (@tensorflow/tfjs-core 4.22.0, dist/optimizers/adam_optimizer.js, lines 78-88),
 * float32 operation by operation in the same order, in one pass over the heap instead of 14 kernels and their
 * scalar tensors. On the Fig. 2 MLP those kernels were 115 of the 203 of an L2 training step, each paying the
 * engine's per-kernel cost on 64 x 64 weights.
 *
 * Bit for bit the same as tfjs's ops: every +, -, x, / and sqrt is computed in double and rounded once to float32
 * (Math.fround), which is the correctly rounded float32 result, since a double has more than 2 x 24 + 2 bits of
 * precision (double rounding is innocuous for these operations; Figueroa, "When is double rounding innocuous?",
 * 1995). fusedAdam.test.ts compares the two on many steps, bitwise.
 */
import * as tf from "@tensorflow/tfjs";
import { heapFloats, type Info, type WasmBackend } from "./wasmCall.js";

/** The kernel's name: not a tfjs kernel, so no backend has it unless registered here. */
export const FUSED_ADAM = "SobolevFusedAdam";

/** Adam's hyperparameters as tfjs holds them (numbers, made float32 scalars by its ops). */
export interface FusedAdamAttrs {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

/**
 * tfjs Adam's update of one variable, into `out` (which may not alias the inputs): the new moments
 *   m′ = β₁m + (1 − β₁)g,  v′ = β₂v + (1 − β₂)g²,
 * and the new value x′ = −η · (m′ / (1 − β₁ᵗ)) / (√(v′ / (1 − β₂ᵗ)) + ε) + x, with `accBeta1` = β₁ᵗ and
 * `accBeta2` = β₂ᵗ as float32 (tfjs's accumulators).
 */
export function adamUpdate(
  input: { value: Float32Array; gradient: Float32Array; m: Float32Array; v: Float32Array },
  accBeta1: number,
  accBeta2: number,
  attrs: FusedAdamAttrs,
  out: { value: Float32Array; m: Float32Array; v: Float32Array },
): void {
  const f = Math.fround;
  const [beta1, beta2, epsilon, step] = [f(attrs.beta1), f(attrs.beta2), f(attrs.epsilon), f(-attrs.learningRate)];
  // tfjs multiplies by the JS numbers 1 - β, made float32 scalars.
  const [keep1, keep2] = [f(1 - attrs.beta1), f(1 - attrs.beta2)];
  // sub(1, accBeta) is a float32 op.
  const [correct1, correct2] = [f(1 - f(accBeta1)), f(1 - f(accBeta2))];
  const { value, gradient, m, v } = input;
  for (let i = 0; i < value.length; i++) {
    const g = gradient[i];
    const mNew = f(f(m[i] * beta1) + f(g * keep1));
    const vNew = f(f(v[i] * beta2) + f(f(g * g) * keep2));
    const denominator = f(f(Math.sqrt(f(vNew / correct2))) + epsilon);
    out.value[i] = f(f(f(f(mNew / correct1) / denominator) * step) + value[i]);
    out.m[i] = mNew;
    out.v[i] = vNew;
  }
}

interface FusedAdamInputs {
  value: Info;
  gradient: Info;
  m: Info;
  v: Info;
  accBeta1: Info;
  accBeta2: Info;
}

/** The WASM kernel: inputs value, gradient, m, v (float32, one shape) and the scalars accBeta1, accBeta2; outputs [value′, m′, v′]. */
export function fusedAdamWasm(args: { inputs: FusedAdamInputs; backend: WasmBackend; attrs: FusedAdamAttrs }): Info[] {
  const { inputs, backend, attrs } = args;
  const { value, gradient, m, v } = inputs;
  const size = tf.util.sizeFromShape(value.shape);
  for (const [name, t] of Object.entries(inputs)) {
    const expected = name.startsWith("accBeta") ? 1 : size;
    if (t.dtype !== "float32" || tf.util.sizeFromShape(t.shape) !== expected) {
      throw new Error(`${FUSED_ADAM}: input ${name} is ${t.dtype} [${t.shape.join(", ")}], expected float32 with ${expected} values (the shape of the variable [${value.shape.join(", ")}])`);
    }
  }
  const outputs = [backend.makeOutput(value.shape, "float32"), backend.makeOutput(value.shape, "float32"), backend.makeOutput(value.shape, "float32")];
  // Views after every allocation: growing the heap replaces its buffer.
  const view = (t: Info, floats = size) => heapFloats(backend, t, floats);
  adamUpdate(
    { value: view(value), gradient: view(gradient), m: view(m), v: view(v) },
    view(inputs.accBeta1, 1)[0],
    view(inputs.accBeta2, 1)[0],
    attrs,
    { value: view(outputs[0]), m: view(outputs[1]), v: view(outputs[2]) },
  );
  return outputs;
}
