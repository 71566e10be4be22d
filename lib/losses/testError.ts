/**
 * Test error of every member of an ensemble: the mean squared error mean_i (u_k(x_i) − f(x_i))², as plain
 * numbers (the error curves of the paper's Figures 2-3 report it on held-out points).
 */
import * as tf from "@tensorflow/tfjs";
import type { SobolevModel } from "../models/model.js";

/**
 * mean_i (u_k(x_i) − value_i)² for k = 0..S−1.
 * @param x - [n, d] points
 * @param value - [n] target values f(x_i)
 * @throws Error when x is not [n, d] (d the model's input dimension) or value not [n]
 */
export function meanSquaredErrorPerMember(model: SobolevModel, x: tf.Tensor2D, value: tf.Tensor1D): number[] {
  const d = model.inputDimension;
  if (!(x instanceof tf.Tensor) || x.rank !== 2 || x.shape[1] !== d || x.shape[0] < 1) {
    throw new Error(`meanSquaredErrorPerMember: x must be [n, ${d}] with n >= 1, got ${x instanceof tf.Tensor ? `[${x.shape.join(", ")}]` : typeof x}`);
  }
  if (!(value instanceof tf.Tensor) || value.rank !== 1 || value.shape[0] !== x.shape[0]) {
    throw new Error(`meanSquaredErrorPerMember: value must be [${x.shape[0]}], got ${value instanceof tf.Tensor ? `[${value.shape.join(", ")}]` : typeof value}`);
  }
  const errors = tf.tidy(() => tf.mean(tf.squaredDifference(model.forward(x, 0).value, value), 1));
  const result = Array.from(errors.dataSync());
  errors.dispose();
  return result;
}
