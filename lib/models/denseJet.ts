/**
 * One dense layer and its activation jet: z = ω (a W + b), then φ(z) and, up to `order`, φ′(z) and φ″(z), the
 * building block of forwardJets.ts and reverseGradient.ts.
 *
 * Where the backend has the fused kernel (the WASM backend with the native pack: lib/backend/denseJet.ts) and φ is
 * one it computes, the layer is ONE kernel forward and, in the reverse pass, one kernel for the pre-activation
 * adjoint plus the usual products, where the unfused ops take five to seven kernels forward and about fourteen
 * backward (the Fig. 2 MLP's H1 step had 203 kernels). Elsewhere (cpu backend, plain WASM, GeLU) the same ops as
 * before. The gradient registered here is the chain rule through z, with φ‴ for the φ″ output:
 *   dz = dφ · φ′ + dφ′ · φ″ + dφ″ · φ‴,   da = dz Wᵀ,   dW = aᵀ dz,   db = Σ_points dz,
 * and φ″, φ‴ from the saved φ and φ′ (activations.ts):
 *   tanh   φ″ = −2 t φ′,  φ‴ = −2 φ′ (1 − 3t²)   (t = φ)
 *   sine   φ″ = −φ,       φ‴ = −φ′
 *   relu2  φ″ = 2 step(z) = 2 [φ′ > 0],  φ‴ = 0
 *   relu, leakyRelu: φ″ = φ‴ = 0.
 * First-order gradients only: nothing differentiates this gradient again (nested tf.grad is never used, DESIGN.md).
 * ω scales W and b before the kernel, as in the unfused layer, so ω's rounding is the same in both.
 */
import * as tf from "@tensorflow/tfjs";
import { DENSE_JET, DENSE_JET_ADJOINT, JET_ACTIVATIONS, ORDER_ZERO_ACTIVATIONS, type DenseJetAttrs, type JetActivationName } from "../backend/denseJet.js";
import { isBuiltInActivation, type Activation, type ActivationJet } from "./activations.js";
import type { DerivativeOrder } from "./model.js";

/** A layer as dense jets see it: W [S, nIn, nOut], b [S, 1, nOut] or null, φ or null (linear), ω. */
export interface DenseLayer {
  weights: tf.Tensor3D;
  bias: tf.Tensor3D | null;
  activation: Activation | null;
  scale: number;
}

/** φ(z), φ′(z), φ″(z) of a layer, each [S, n, nOut]; first and second as in ActivationJet. */
export interface LayerJet extends ActivationJet {
  value: tf.Tensor3D;
  first?: tf.Tensor3D;
  second?: tf.Tensor3D | null;
}

/** t ω, skipping the product for ω = 1. */
export const scaled = <T extends tf.Tensor>(t: T, scale: number): T => (scale === 1 ? t : (tf.mul(t, scale) as T));

const isJetActivation = (name: string): name is JetActivationName => Object.hasOwn(JET_ACTIVATIONS, name);

/** LeakyReLU's slope is φ′ below zero (activations.ts keeps it inside the Activation); 0 for the others. */
const slopeOf = (phi: Activation): number => (phi.name === "leakyRelu" ? phi.first64(-1) : 0);

/**
 * Whether the fused kernel computes this layer's jet of `order` on the current backend: order 0 only for the
 * activations whose φ′ its gradient recovers from φ (lib/backend/denseJet.ts says why).
 */
export function fusedDenseJet(phi: Activation | null, order: DerivativeOrder): boolean {
  if (phi === null || !isBuiltInActivation(phi) || !isJetActivation(phi.name) || tf.getKernel(DENSE_JET, tf.getBackend()) === undefined) return false;
  return order > 0 || (ORDER_ZERO_ACTIVATIONS.includes(phi.name) && (phi.name !== "leakyRelu" || slopeOf(phi) > 0));
}

/** φ with a nonzero φ″ (the others' φ″ output would be zeros, which forwardJets.ts skips as null). */
const hasSecond = (name: JetActivationName): boolean => name === "tanh" || name === "sine" || name === "relu2";

/**
 * The layer's jet up to `order` at a [1 or S, n, nIn] (batch 1: the same points for every member).
 * @returns value [S, n, nOut]; first for order ≥ 1 where φ is not null; second for order 2 (null where φ″ ≡ 0)
 */
export function denseJet(a: tf.Tensor3D, layer: DenseLayer, order: DerivativeOrder): LayerJet {
  const S = layer.weights.shape[0];
  const W = scaled(layer.weights, layer.scale);
  const b = layer.bias === null ? null : scaled(layer.bias, layer.scale);
  const phi = layer.activation;
  if (phi !== null && fusedDenseJet(phi, order)) {
    const name = phi.name as JetActivationName;
    const kernelOrder = order === 2 && !hasSecond(name) ? 1 : order;
    const attrs: DenseJetAttrs = { activation: JET_ACTIVATIONS[name], alpha: slopeOf(phi), order: kernelOrder };
    const inputs: tf.NamedTensorMap = b === null ? { a, w: W } : { a, w: W, b };
    const [value, first, second] = tf.engine().runKernel(DENSE_JET, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor3D[];
    if (order === 0) return { value };
    return order === 1 ? { value, first } : { value, first, second: second ?? null };
  }
  const points = S > 1 && a.shape[0] === 1 ? (tf.broadcastTo(a, [S, a.shape[1], a.shape[2]]) as tf.Tensor3D) : a;
  let z: tf.Tensor3D = tf.matMul(points, W);
  if (b !== null) z = tf.add(z, b) as tf.Tensor3D;
  if (phi === null) return { value: z };
  return phi.jet(z, order) as LayerJet;
}

/** Σ over the batch axis where a gradient's batch is S and its input's is 1 (points shared by the members). */
const toBatchOf = (g: tf.Tensor, shape: number[]): tf.Tensor => (g.shape[0] !== shape[0] ? tf.sum(g, 0, true) : g);

tf.registerGradient({
  kernelName: DENSE_JET,
  inputsToSave: ["a", "w"],
  outputsToSave: [true, true, false],
  gradFunc: (dy, saved, attrs) => {
    const [a, w, value, first] = saved;
    // One output (order 0) comes as a tensor, several as an array.
    const [dValue, dFirst, dSecond] = Array.isArray(dy) ? (dy as Array<tf.Tensor | null>) : [dy];
    // After order 0 the kernel had no φ′ output, and `first` is undefined: the adjoint kernel recovers φ′ from φ.
    const adjoints: tf.NamedTensorMap = first === undefined ? { value } : { value, first };
    if (dValue != null) adjoints.dValue = dValue;
    if (dFirst != null) adjoints.dFirst = dFirst;
    if (dSecond != null) adjoints.dSecond = dSecond;
    const { activation, alpha } = attrs as unknown as DenseJetAttrs;
    const dz = tf.engine().runKernel(DENSE_JET_ADJOINT, adjoints, { activation, alpha }) as tf.Tensor3D;
    return {
      a: () => toBatchOf(tf.matMul(dz, w as tf.Tensor3D, false, true), a.shape),
      w: () => tf.matMul(a as tf.Tensor3D, dz, true, false),
      b: () => tf.sum(dz, 1, true),
    };
  },
});
