/**
 * Helpers for the loss tests: a smooth target with exact derivatives, its batch as tensors and as float64
 * arrays, the tfjs parameter gradient of one member, and the float64 central-difference gradient of the
 * reference loss that checks it (jax's check_grads, per coordinate).
 */
import * as tf from "@tensorflow/tfjs";
import type { LayeredModel, LayerSnapshot } from "../models/model.js";
import { withParameters, type ReferenceOptions } from "../models/referenceMlp.js";
import { referenceSobolevLoss, type ReferenceBatch } from "./referenceSobolevLoss.js";
import { sobolevLoss, type SobolevBatch, type SobolevWeights } from "./sobolev.js";

/** f(x) = sin(c·x) + |x|²/2 with c = (1, 2, …, d): ∇f = cos(c·x) c + x, ∇²f = −sin(c·x) c cᵀ + I. */
export function smoothTarget(x: readonly number[]): { value: number; gradient: number[]; hessian: number[][] } {
  const c = x.map((_, i) => i + 1);
  const phase = x.reduce((sum, xi, i) => sum + c[i] * xi, 0);
  return {
    value: Math.sin(phase) + 0.5 * x.reduce((sum, xi) => sum + xi * xi, 0),
    gradient: x.map((xi, i) => Math.cos(phase) * c[i] + xi),
    hessian: c.map((ci, i) => c.map((cj, j) => -Math.sin(phase) * ci * cj + (i === j ? 1 : 0))),
  };
}

/** The target's batch at `points`, as float64 arrays (reference) and as tensors (caller disposes them). */
export function targetBatch(points: number[][]): { arrays: ReferenceBatch; tensors: SobolevBatch } {
  const targets = points.map(smoothTarget);
  const arrays = { x: points, value: targets.map((t) => t.value), gradient: targets.map((t) => t.gradient), hessian: targets.map((t) => t.hessian) };
  const tensors = {
    x: tf.tensor2d(points),
    value: tf.tensor1d(arrays.value),
    gradient: tf.tensor2d(arrays.gradient),
    hessian: tf.tensor3d(arrays.hessian),
  };
  return { arrays, tensors };
}

/**
 * The batch with gradient entry (i, a) weighted by ω_ia: points alternately drop axis 0's or axis 1's entry
 * (weight 0) and keep the others with weights 1.5 and 0.5, so that a loss ignoring ω, or applying it to the wrong
 * axis, differs from the reference.
 */
export function withGradientWeights(batch: { arrays: ReferenceBatch; tensors: SobolevBatch }): { arrays: ReferenceBatch; tensors: SobolevBatch } {
  const weight = batch.arrays.x.map((x, i) => x.map((_, a) => (a === i % x.length ? 0 : a % 2 === 0 ? 1.5 : 0.5)));
  return { arrays: { ...batch.arrays, gradientWeight: weight }, tensors: { ...batch.tensors, gradientWeight: tf.tensor2d(weight) } };
}

/** Disposes a batch's tensors. */
export function disposeBatch(batch: SobolevBatch): void {
  const optional: (tf.Tensor | undefined)[] = [batch.gradient, batch.gradientWeight, batch.hessian];
  tf.dispose([batch.x, batch.value, ...optional.filter((t): t is tf.Tensor => t !== undefined)]);
}

/**
 * ∂(sobolevLoss)/∂θ_k by tf.variableGrads (one reverse pass), member k's part, in parameters(k)'s order.
 * A variable the loss does not depend on (tfjs leaves it out of `grads`, e.g. the output bias in a
 * derivative-only loss) has gradient 0.
 */
export function memberGradient(model: LayeredModel, batch: SobolevBatch, weights: SobolevWeights, member: number): Float64Array {
  const { value, grads } = tf.variableGrads(() => sobolevLoss(model, batch, weights), model.variables);
  const parts = model.variables.map((v) => {
    const size = v.size / model.ensembleSize;
    if (grads[v.name] === undefined) return new Array<number>(size).fill(0);
    const values = grads[v.name].dataSync();
    return Array.from(values.subarray(member * size, (member + 1) * size));
  });
  tf.dispose([value, ...Object.values(grads)]);
  return Float64Array.from(parts.flat());
}

/** Central differences, float64, of the reference loss in each trainable parameter of one member. */
export function referenceGradient(layers: readonly LayerSnapshot[], parameters: Float64Array, batch: ReferenceBatch, weights: SobolevWeights, h: number, options: ReferenceOptions = {}): Float64Array {
  const loss = (theta: Float64Array) => referenceSobolevLoss(withParameters(layers, theta), batch, weights, options);
  return parameters.map((_, i) => {
    const plus = parameters.slice();
    const minus = parameters.slice();
    plus[i] += h;
    minus[i] -= h;
    return (loss(plus) - loss(minus)) / (2 * h);
  });
}

/** ‖got − expected‖_∞ / ‖expected‖_∞: the quantity GRADIENT_CHECK_RELATIVE bounds. */
export function gradientCheckError(got: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (got.length !== expected.length) throw new Error(`gradientCheckError: lengths differ, ${got.length} vs ${expected.length}`);
  let difference = 0;
  let scale = 0;
  for (let i = 0; i < got.length; i++) {
    difference = Math.max(difference, Math.abs(got[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return Number.isNaN(difference) ? Number.NaN : difference / scale;
}
