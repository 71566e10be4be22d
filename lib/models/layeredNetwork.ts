/**
 * An ensemble of S dense networks with the same layer structure, held as tensors with the member as first
 * axis (W [S, nIn, nOut], b [S, 1, nOut]), evaluated by forward propagation of input derivatives
 * (forwardJets.ts). The MLP, Fourier-feature, SIREN and single-node models are all instances.
 */
import * as tf from "@tensorflow/tfjs";
import type { Activation } from "./activations.js";
import { forwardJets, type LayerTensors } from "./forwardJets.js";
import { reverseGradient } from "./reverseGradient.js";
import type { LayerInit } from "./initialisation.js";
import type { DerivativeOrder, LayerSnapshot, LayeredModel, ModelOutput } from "./model.js";

/** The structure of one layer (the same for every member). */
export interface LayerSpec {
  nIn: number;
  nOut: number;
  activation: Activation | null;
  /** ω on the pre-activation: z = ω (a W + b). */
  scale: number;
  hasBias: boolean;
  /** false: fixed tensor, not a variable and not among `parameters` (Fourier features' B). */
  trainable: boolean;
}

/** Member-major values [S][nIn·nOut or nOut] as one float32 array, shaped [S, rows, cols]. */
function stacked(values: Float64Array[], rows: number, cols: number): tf.Tensor3D {
  const out = new Float32Array(values.length * rows * cols);
  values.forEach((v, s) => out.set(v, s * rows * cols));
  return tf.tensor3d(out, [values.length, rows, cols]);
}

export class LayeredNetwork implements LayeredModel {
  readonly variables: tf.Variable[] = [];
  readonly ensembleSize: number;
  private readonly layers: LayerTensors[];
  private readonly fixed: tf.Tensor[] = [];

  /**
   * @param description - e.g. "MLP 2-64-1 tanh, ensemble of 3"
   * @param inputDimension - d
   * @param specs - the layers, first nIn = d, last nOut = 1
   * @param initial - initial[s][l]: member s's layer l (weights nIn·nOut row-major, bias nOut)
   */
  constructor(readonly description: string, readonly inputDimension: number, private readonly specs: readonly LayerSpec[], initial: readonly LayerInit[][]) {
    this.ensembleSize = initial.length;
    this.layers = specs.map((spec, l) => {
      const weights = stacked(initial.map((member) => member[l].weights), spec.nIn, spec.nOut);
      const bias = spec.hasBias ? stacked(initial.map((member) => member[l].bias), 1, spec.nOut) : null;
      const own = (t: tf.Tensor3D): tf.Tensor3D => {
        if (!spec.trainable) {
          this.fixed.push(t);
          return t;
        }
        const v = tf.variable(t, true);
        t.dispose();
        this.variables.push(v);
        return v as unknown as tf.Tensor3D;
      };
      return { weights: own(weights), bias: bias === null ? null : own(bias), activation: spec.activation, scale: spec.scale };
    });
  }

  /**
   * Values and input derivatives up to `order` at x [n, d]: order 0 and 2 by forward propagation
   * (forwardJets.ts), order 1 by an explicit adjoint sweep, which is cheaper for d ≥ 2 (reverseGradient.ts).
   */
  forward(x: tf.Tensor2D, order: DerivativeOrder): ModelOutput {
    const d = this.inputDimension;
    if (!(x instanceof tf.Tensor) || x.rank !== 2 || x.shape[1] !== d || x.shape[0] < 1) {
      const got = x instanceof tf.Tensor ? `[${x.shape.join(", ")}]` : typeof x;
      throw new Error(`${this.description}: forward needs x of shape [n, ${d}] with n >= 1, got ${got}`);
    }
    if (order !== 0 && order !== 1 && order !== 2) throw new Error(`${this.description}: forward order must be 0, 1 or 2, got ${order}`);
    const output = tf.tidy(() => {
      const input = (x.dtype === "float32" ? x : tf.cast(x, "float32")) as tf.Tensor2D;
      const out = order === 1 ? reverseGradient(input, this.layers) : forwardJets(input, this.layers, order);
      return out as unknown as tf.NamedTensorMap;
    });
    return output as unknown as ModelOutput;
  }

  private checkMember(member: number, caller: string): void {
    if (!Number.isInteger(member) || member < 0 || member >= this.ensembleSize) {
      throw new Error(`${this.description}: ${caller} member must be an integer in [0, ${this.ensembleSize}), got ${member}`);
    }
  }

  /** One member's slice of a [S, rows, cols] tensor, as float64. */
  private memberValues(t: tf.Tensor, member: number): Float64Array {
    const size = t.size / this.ensembleSize;
    return Float64Array.from((t.dataSync() as Float32Array).subarray(member * size, (member + 1) * size));
  }

  /** Member `member`'s trainable parameters: for each trainable layer, W row-major then b. */
  parameters(member: number): Float64Array {
    this.checkMember(member, "parameters");
    const parts = this.layers.flatMap((layer, l) => (this.specs[l].trainable ? [layer.weights, ...(layer.bias ? [layer.bias] : [])] : []));
    const values = parts.map((t) => this.memberValues(t, member));
    const flat = new Float64Array(values.reduce((sum, v) => sum + v.length, 0));
    let offset = 0;
    for (const v of values) flat.set(v, (offset += v.length) - v.length);
    return flat;
  }

  /** Member `member`'s layers in float64 (for the reference network, referenceMlp.ts). */
  snapshot(member: number): LayerSnapshot[] {
    this.checkMember(member, "snapshot");
    return this.layers.map((layer, l) => ({
      ...this.specs[l],
      weights: this.memberValues(layer.weights, member),
      bias: layer.bias === null ? null : this.memberValues(layer.bias, member),
    }));
  }

  dispose(): void {
    for (const t of [...this.variables, ...this.fixed]) t.dispose();
  }
}
