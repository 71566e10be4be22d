/**
 * Sobolev losses L2, H1, H2 of an ensemble of models against a target f (the paper's Sections 2-3):
 *   loss_k = w0 · mean_i (u_k(x_i) − f(x_i))² + w1 · mean_i ‖∇u_k(x_i) − ∇f(x_i)‖²
 *          + w2 · mean_i ‖∇²u_k(x_i) − ∇²f(x_i)‖²_F,
 * with weights [w0] (L2), [w0, w1] (H1) or [w0, w1, w2] (H2). A batch may weight each gradient entry,
 * mean_i Σ_a ω_ia (∂_a u_k − ∂_a f)²(x_i): with ω_ia = n/|M_a| on a set M_a and 0 elsewhere this is
 * Σ_a mean_{i ∈ M_a} (∂_a u_k − ∂_a f)², the authors' finite-difference loss of Fig. 7, which compares
 * ∂_a only where the central stencil along axis a exists (Differentiation/train.py:38-50). The target's derivatives come with the batch,
 * however they were obtained (exact, finite differences, spectral): not this file's concern. The model's
 * input derivatives come from its forward pass (forward-mode, lib/models/forwardJets.ts), so the parameter
 * gradient of the loss needs one reverse pass only.
 */
import * as tf from "@tensorflow/tfjs";
import { MEAN_SQUARED, MEAN_SQUARED_GRAD, WEIGHTED_MEAN_SQUARED, type MeanSquaredAttrs } from "../backend/meanSquared.js";
import type { DerivativeOrder, SobolevModel } from "../models/model.js";

/** [w0], [w0, w1] or [w0, w1, w2]: weights of the value, gradient and Hessian terms. */
export type SobolevWeights = readonly number[];

/** Points and the target's value and derivatives there. */
export interface SobolevBatch {
  /** [n, d] */
  x: tf.Tensor2D;
  /** [n] */
  value: tf.Tensor1D;
  /** [n, d], needed when w1 > 0 */
  gradient?: tf.Tensor2D;
  /** [n, d], optional: ω_ia ≥ 0 weighting entry (i, a) of the gradient mismatch (module comment); absent means all 1. */
  gradientWeight?: tf.Tensor2D;
  /** [n, d, d], needed when w2 > 0 */
  hessian?: tf.Tensor3D;
}

/** L2 = [1]. */
export const l2Weights = (): SobolevWeights => [1];
/** H1 = [1, w1] (the paper's H1 loss has w1 = 1). */
export const h1Weights = (w1 = 1): SobolevWeights => [1, w1];
/** H2 = [1, w1, w2]. */
export const h2Weights = (w1 = 1, w2 = 1): SobolevWeights => [1, w1, w2];

const show = (t: tf.Tensor | undefined): string => (t === undefined ? "none" : `[${t.shape.join(", ")}]`);
const sameShape = (t: tf.Tensor | undefined, shape: number[]): boolean => t !== undefined && t.rank === shape.length && t.shape.every((s, i) => s === shape[i]);

/**
 * Checks `weights` (length 1..3, finite, ≥ 0) and that `batch` fits the model and supplies what they need.
 * @returns the highest derivative order with a positive weight
 */
export function checkSobolevArguments(caller: string, model: SobolevModel, batch: SobolevBatch, weights: SobolevWeights): DerivativeOrder {
  const listed = `[${Array.from(weights ?? []).join(", ")}]`;
  if (!Array.isArray(weights) || weights.length < 1 || weights.length > 3) throw new Error(`${caller}: weights must have length 1, 2 or 3 ([w0], [w0, w1], [w0, w1, w2]), got ${listed}`);
  if (!weights.every((w) => Number.isFinite(w) && w >= 0)) throw new Error(`${caller}: weights must be finite and non-negative, got ${listed}`);
  const d = model.inputDimension;
  const x = batch?.x;
  if (!(x instanceof tf.Tensor) || x.rank !== 2 || x.shape[1] !== d || x.shape[0] < 1) throw new Error(`${caller}: batch.x must be [n, ${d}] with n >= 1, got ${show(x)}`);
  const n = x.shape[0];
  if (!sameShape(batch.value, [n])) throw new Error(`${caller}: batch.value must be [${n}], got ${show(batch.value)}`);
  const order = weights.reduce<number>((top, w, k) => (w > 0 ? k : top), 0) as DerivativeOrder;
  if (order >= 1 && !sameShape(batch.gradient, [n, d])) throw new Error(`${caller}: weights ${listed} need batch.gradient ([${n}, ${d}]), got ${show(batch.gradient)}`);
  if (batch.gradientWeight !== undefined && !sameShape(batch.gradientWeight, [n, d])) throw new Error(`${caller}: batch.gradientWeight must be [${n}, ${d}] like batch.gradient, got ${show(batch.gradientWeight)}`);
  if (order === 2 && !sameShape(batch.hessian, [n, d, d])) throw new Error(`${caller}: weights ${listed} need batch.hessian ([${n}, ${d}, ${d}]), got ${show(batch.hessian)}`);
  return order;
}

/**
 * w · mean_i of Σ ω (a − b)² over the axes after the first two ([S, n, …] against [n, …]), per member: [S]. One
 * kernel each way where the backend has it (lib/backend/meanSquared.ts, the same float32 operations), else tfjs ops.
 */
function meanSquaredPerMember(w: number, got: tf.Tensor, target: tf.Tensor, entryWeight?: tf.Tensor): tf.Tensor1D {
  const n = got.shape[1] as number;
  const kernel = entryWeight === undefined ? MEAN_SQUARED : WEIGHTED_MEAN_SQUARED;
  if (tf.getKernel(kernel, tf.getBackend()) !== undefined && [got, target, entryWeight].every((t) => t === undefined || t.dtype === "float32")) {
    const inputs: tf.NamedTensorMap = entryWeight === undefined ? { got, target } : { got, target, entryWeight };
    const attrs: MeanSquaredAttrs = { weight: w };
    return tf.engine().runKernel(kernel, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor1D;
  }
  const squared = entryWeight === undefined ? tf.squaredDifference(got, target) : tf.mul(tf.squaredDifference(got, target), entryWeight);
  const perMember = squared.rank === 2 ? tf.sum(squared, 1) : tf.sum(tf.reshape(squared, [squared.shape[0], -1]), 1);
  return tf.mul(w, tf.div(perMember, n)) as tf.Tensor1D;
}

// The term's gradient with respect to `got` (targets and entry weights are data: no gradient flows to them).
for (const [kernelName, inputsToSave] of [[MEAN_SQUARED, ["got", "target"]], [WEIGHTED_MEAN_SQUARED, ["got", "target", "entryWeight"]]] as const) {
  tf.registerGradient({
    kernelName,
    inputsToSave: [...inputsToSave],
    gradFunc: (dy, saved, attrs) => {
      const inputs: tf.NamedTensorMap = { dy: dy as tf.Tensor };
      inputsToSave.forEach((name, i) => (inputs[name] = saved[i]));
      return { got: () => tf.engine().runKernel(MEAN_SQUARED_GRAD, inputs, attrs as tf.NamedAttrMap) as tf.Tensor };
    },
  });
}

/**
 * loss_k of every member (module comment): [S]. Terms with weight 0 are skipped.
 * @throws Error for bad weights, a batch that does not fit the model, or missing target derivatives
 */
export function sobolevLossPerMember(model: SobolevModel, batch: SobolevBatch, weights: SobolevWeights): tf.Tensor1D {
  const order = checkSobolevArguments("sobolevLoss", model, batch, weights);
  return tf.tidy(() => {
    const out = model.forward(batch.x, order);
    const terms: tf.Tensor1D[] = [];
    const add = (w: number, got: tf.Tensor | undefined, target: tf.Tensor | undefined, entryWeight?: tf.Tensor) => {
      if (w > 0 && got !== undefined && target !== undefined) terms.push(meanSquaredPerMember(w, got, target, entryWeight));
    };
    add(weights[0], out.value, batch.value);
    add(weights[1] ?? 0, out.gradient, batch.gradient, batch.gradientWeight);
    add(weights[2] ?? 0, out.hessian, batch.hessian);
    return terms.length === 0 ? tf.zeros([model.ensembleSize]) : terms.length === 1 ? terms[0] : (tf.addN(terms) as tf.Tensor1D);
  });
}

/**
 * Σ_k loss_k, a scalar whose gradient with respect to member k's parameters is that of loss_k alone
 * (members share no parameters), so one optimiser step trains all members independently.
 */
export function sobolevLoss(model: SobolevModel, batch: SobolevBatch, weights: SobolevWeights): tf.Scalar {
  return tf.tidy(() => tf.sum(sobolevLossPerMember(model, batch, weights)));
}
