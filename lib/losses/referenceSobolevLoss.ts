/**
 * The Sobolev loss of ONE member in float64, from the reference network (lib/models/referenceMlp.ts):
 *   w0 · mean_i (u(x_i) − f_i)² + w1 · mean_i Σ_a ω_ia (∂_a u(x_i) − ∂_a f_i)² + w2 · mean_i ‖∇²u(x_i) − ∇²f_i‖²_F,
 * (ω = 1 unless the batch gives gradientWeight),
 * the same formula as sobolev.ts, written independently with loops. The gradient checks differentiate it
 * by central differences in parameter space and compare with the tfjs gradient of sobolevLoss.
 */
import type { LayerSnapshot } from "../models/model.js";
import { referenceForward, type ReferenceOptions } from "../models/referenceMlp.js";

/** Points x_i (length d each) and the target's value, gradient and Hessian there, in float64. */
export interface ReferenceBatch {
  x: readonly (readonly number[])[];
  value: readonly number[];
  gradient?: readonly (readonly number[])[];
  gradientWeight?: readonly (readonly number[])[];
  hessian?: readonly (readonly (readonly number[])[])[];
}

/**
 * One member's loss (module comment); weights as in sobolev.ts ([w0], [w0, w1] or [w0, w1, w2]).
 * @throws Error when a positive weight needs a target derivative the batch lacks
 */
export function referenceSobolevLoss(layers: readonly LayerSnapshot[], batch: ReferenceBatch, weights: readonly number[], options: ReferenceOptions = {}): number {
  const [w0, w1 = 0, w2 = 0] = weights;
  if ((w1 > 0 && batch.gradient === undefined) || (w2 > 0 && batch.hessian === undefined)) {
    throw new Error(`referenceSobolevLoss: weights [${weights.join(", ")}] need the target's ${w2 > 0 ? "gradient and Hessian" : "gradient"}`);
  }
  const n = batch.x.length;
  let total = 0;
  batch.x.forEach((x, i) => {
    const u = referenceForward(layers, x, options);
    let gradientTerm = 0;
    let hessianTerm = 0;
    if (w1 > 0) u.gradient.forEach((g, a) => (gradientTerm += (batch.gradientWeight?.[i][a] ?? 1) * (g - batch.gradient![i][a]) ** 2));
    if (w2 > 0) u.hessian.forEach((row, a) => row.forEach((h, b) => (hessianTerm += (h - batch.hessian![i][a][b]) ** 2)));
    total += w0 * (u.value - batch.value[i]) ** 2 + w1 * gradientTerm + w2 * hessianTerm;
  });
  return total / n;
}
