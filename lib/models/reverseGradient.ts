/**
 * Value and input gradient of a layer stack by an explicit reverse (adjoint) sweep written with ordinary
 * tfjs ops, used for order 1 instead of forward propagation (forwardJets.ts). Both give ∇_x u; they differ
 * in cost. Forward mode multiplies d Jacobian rows per point by every W (d·n·w² per hidden layer); the
 * reverse sweep multiplies one adjoint row per point by Wᵀ (n·w²), whatever d. For the paper's 2-64-64-64-1
 * network that is 4 instead of 6 units of n·64² in the forward pass and 12 instead of 18 with the
 * parameter gradient's reverse pass. As in forwardJets.ts nothing here uses tf.grad: the parameter gradient
 * of an H1 loss is ONE reverse pass through these ops (nested tf.grad is wrong for tanh, DESIGN.md).
 *
 * For z_l = ω_l (a_{l−1} W_l + b_l), a_l = φ_l(z_l), a_{−1} = x and output u = a_{L−1} (width 1):
 *   ḡ_{L−1} = 1,  δ_l = ḡ_l ⊙ φ′_l(z_l) (ḡ_l for a linear layer),  ḡ_{l−1} = ω_l δ_l W_lᵀ,  ∇_x u = ḡ_{−1}.
 */
import * as tf from "@tensorflow/tfjs";
import { ADJOINT_STEP, ADJOINT_STEP_GRAD, adjointStepAvailable } from "../backend/adjointStep.js";
import { denseJet, scaled } from "./denseJet.js";
import type { LayerTensors } from "./forwardJets.js";
import type { ModelOutput } from "./model.js";

// The adjoint step's gradient: one kernel for the adjoints of ḡ, φ′ and W (lib/backend/adjointStep.ts).
tf.registerGradient({
  kernelName: ADJOINT_STEP,
  inputsToSave: ["g", "slope", "w"],
  gradFunc: (dy, saved) => {
    const [g, slope, w] = saved;
    const [dg, dSlope, dW] = tf.engine().runKernel(ADJOINT_STEP_GRAD, { dOut: dy as tf.Tensor, g, slope, w }) as tf.Tensor[];
    return { g: () => dg, slope: () => dSlope, w: () => dW };
  },
});

/**
 * u(x) and ∇_x u(x) of every member (module comment).
 * @param x - [n, d] points shared by the members
 * @param layers - the stack, last layer of width 1
 * @returns value [S, n] and gradient [S, n, d]
 */
export function reverseGradient(x: tf.Tensor2D, layers: readonly LayerTensors[]): Required<Pick<ModelOutput, "value" | "gradient">> {
  const S = layers[0].weights.shape[0];
  const [n, d] = x.shape;
  const weights = layers.map((layer) => scaled(layer.weights, layer.scale));
  const slopes: Array<tf.Tensor3D | null> = [];
  let a: tf.Tensor3D = tf.reshape(x, [1, n, d]);
  layers.forEach((layer, l) => {
    const jet = denseJet(a, layer, 1);
    slopes.push(layer.activation === null ? null : (jet.first as tf.Tensor3D));
    a = jet.value;
  });
  // Adjoint sweep; `adjoint` null stands for ḡ = 1 (the output's own adjoint), so no ones are multiplied.
  let adjoint: tf.Tensor3D | null = null;
  for (let l = layers.length - 1; l >= 0; l--) {
    const slope = slopes[l];
    const [, wIn, wOut] = weights[l].shape;
    if (adjoint !== null && slope !== null && adjointStepAvailable()) {
      // One kernel for the product and matrix product below (lib/backend/adjointStep.ts), the same value bit for bit.
      adjoint = tf.engine().runKernel(ADJOINT_STEP, { g: adjoint, slope, w: weights[l] }) as tf.Tensor3D;
      continue;
    }
    const delta: tf.Tensor3D | null = adjoint === null ? slope : slope === null ? adjoint : (tf.mul(adjoint, slope) as tf.Tensor3D);
    // δ = null means δ = 1 at every point (a linear output layer): then ḡ_{l−1} = ω W_lᵀ, one row [S, 1, wIn]
    // for all points, which the next product broadcasts (wOut = 1 there).
    adjoint = delta === null ? (tf.reshape(weights[l], [S, 1, wIn * wOut]) as tf.Tensor3D) : (tf.matMul(delta, weights[l], false, true) as tf.Tensor3D);
  }
  let gradient = adjoint as tf.Tensor3D;
  if (gradient.shape[1] !== n) gradient = tf.broadcastTo(gradient, [S, n, d]) as tf.Tensor3D;
  return { value: tf.reshape(a, [S, n]) as tf.Tensor2D, gradient };
}
