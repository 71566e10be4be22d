/**
 * What a model must offer the Sobolev losses (lib/losses/sobolev.ts) and the training loop: an ensemble of
 * S independent scalar networks u_k: R^d → R, k = 0..S−1, evaluated together on shared inputs, with their
 * input gradients and Hessians when asked for.
 */
import type * as tf from "@tensorflow/tfjs";
import type { Activation } from "./activations.js";

/** Highest input derivative a forward pass computes: 0 value, 1 gradient, 2 Hessian. */
export type DerivativeOrder = 0 | 1 | 2;

/** u_k(x_i) and, up to the order asked for, ∇_x u_k(x_i) and ∇²_x u_k(x_i). */
export interface ModelOutput {
  /** [S, n] */
  value: tf.Tensor2D;
  /** [S, n, d], present for order ≥ 1 */
  gradient?: tf.Tensor3D;
  /** [S, n, d, d], present for order 2 (symmetric in its last two axes) */
  hessian?: tf.Tensor4D;
}

/** An ensemble of S scalar networks on R^d trained together (each member's loss depends on its parameters only). */
export interface SobolevModel {
  /** e.g. "MLP 2-64-64-64-1 tanh, ensemble of 8" */
  readonly description: string;
  readonly inputDimension: number;
  readonly ensembleSize: number;
  /** The trainable variables; each has the member index as its first axis. */
  readonly variables: tf.Variable[];
  /** Values and input derivatives up to `order` at x [n, d] (shared by all members). */
  forward(x: tf.Tensor2D, order: DerivativeOrder): ModelOutput;
  /** Flat float64 copy of member `member`'s trainable parameters (order: see the model). */
  parameters(member: number): Float64Array;
  dispose(): void;
}

/**
 * One layer of one member, copied to float64: z = ω (a W + b), then φ (or nothing when `activation` is
 * null). Read by the float64 reference (referenceMlp.ts) to check the tfjs forward pass independently.
 */
export interface LayerSnapshot {
  readonly nIn: number;
  readonly nOut: number;
  /** W row-major: weights[m * nOut + k] = W[m, k]. */
  readonly weights: Float64Array;
  /** b, length nOut, or null for a layer without bias. */
  readonly bias: Float64Array | null;
  readonly activation: Activation | null;
  /** ω, the factor on the pre-activation (SIREN's ω0; 1 elsewhere). */
  readonly scale: number;
  /** Whether W and b are among the model's parameters (false: fixed, e.g. Fourier features' B). */
  readonly trainable: boolean;
}

/** A model whose members can be copied layer by layer to float64, for the reference checks. */
export interface LayeredModel extends SobolevModel {
  snapshot(member: number): LayerSnapshot[];
}
