/**
 * Initial weights and biases of a dense layer nIn → nOut, drawn from a SeededRandom, float64.
 *
 *   "pytorch": PyTorch's nn.Linear default, W, b ~ U(−1/√nIn, 1/√nIn): kaiming_uniform_(a = √5) gives the
 *              bound gain·√(3/nIn) with gain = √(2/(1 + 5)), i.e. 1/√nIn, and the bias uses 1/√fan_in [1].
 *   "xavier":  Glorot & Bengio, W ~ U(−√(6/(nIn + nOut)), √(6/(nIn + nOut))), b = 0 [2].
 *   "kaiming-uniform": PyTorch's kaiming_uniform_(W) with its defaults (a = 0, fan_in, leaky_relu gain √2),
 *              W ~ U(±√(6/nIn)), and b left at nn.Linear's default U(±1/√nIn) [1, 4]: the layers of the
 *              authors' standard MLP and SIREN for Fig. 3 (Architecture/model.py:34-37, 46-65 at e819fd0).
 *   "xavier-torch-bias": xavier_uniform_(W), W ~ U(±√(6/(nIn + nOut))), and b left at nn.Linear's default
 *              U(±1/√nIn) [1, 2]: the hidden layers of the authors' Fourier-feature network (model.py:14-16).
 *   SIREN:     first layer W ~ U(−1/nIn, 1/nIn), later layers W ~ U(−√(6/nIn)/ω0, √(6/nIn)/ω0), b as PyTorch's
 *              default (the reference code re-initialises only the weights) [3, Sec. 3.2 and explore_siren].
 *
 * Draw order (part of the seed's meaning): W row-major, W[m][k] for m < nIn, k < nOut, then b[k].
 *
 * References
 * [1] PyTorch, torch/nn/modules/linear.py, Linear.reset_parameters (v1.13 and later).
 * [2] X. Glorot, Y. Bengio, "Understanding the difficulty of training deep feedforward neural networks",
 *     AISTATS 2010, eq. (16).
 * [3] V. Sitzmann et al., "Implicit Neural Representations with Periodic Activation Functions", NeurIPS 2020.
 * [4] PyTorch, torch/nn/init.py, kaiming_uniform_ (bound = gain·√(3/fan_in), gain = √(2/(1 + a²))).
 */
import * as tf from "@tensorflow/tfjs";
import type { SeededRandom } from "../numeric/random.js";

/** Initialisations of MLP layers. */
export const INITIALISATIONS = ["pytorch", "xavier", "kaiming-uniform", "xavier-torch-bias"] as const;
export type Initialisation = (typeof INITIALISATIONS)[number];

/** One layer's initial parameters: W row-major (nIn·nOut) and b (nOut). */
export interface LayerInit {
  weights: Float64Array;
  bias: Float64Array;
}

/** `count` draws of U(−bound, bound). */
export function uniformDraws(rng: SeededRandom, count: number, bound: number): Float64Array {
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = (2 * rng.uniform() - 1) * bound;
  return out;
}

/** W ~ U(±weightBound) then b ~ U(±biasBound) (b = 0 when biasBound is 0, with no draws). */
function drawLayer(rng: SeededRandom, nIn: number, nOut: number, weightBound: number, biasBound: number): LayerInit {
  const weights = uniformDraws(rng, nIn * nOut, weightBound);
  const bias = biasBound === 0 ? new Float64Array(nOut) : uniformDraws(rng, nOut, biasBound);
  return { weights, bias };
}

/** A dense layer by `scheme` (module comment). */
export function denseLayerInit(rng: SeededRandom, nIn: number, nOut: number, scheme: Initialisation): LayerInit {
  const torchBias = 1 / Math.sqrt(nIn);
  switch (scheme) {
    case "pytorch":
      return drawLayer(rng, nIn, nOut, 1 / Math.sqrt(nIn), torchBias);
    case "xavier":
      return drawLayer(rng, nIn, nOut, Math.sqrt(6 / (nIn + nOut)), 0);
    case "kaiming-uniform":
      return drawLayer(rng, nIn, nOut, Math.sqrt(6 / nIn), torchBias);
    case "xavier-torch-bias":
      return drawLayer(rng, nIn, nOut, Math.sqrt(6 / (nIn + nOut)), torchBias);
    default:
      throw new Error(`denseLayerInit: unknown initialisation "${String(scheme)}"; expected one of ${INITIALISATIONS.join(", ")}`);
  }
}

/** A SIREN layer [3]: first layer U(±1/nIn), later U(±√(6/nIn)/ω0); bias U(±1/√nIn). */
export function sirenLayerInit(rng: SeededRandom, nIn: number, nOut: number, isFirst: boolean, omega0: number): LayerInit {
  const bound = isFirst ? 1 / nIn : Math.sqrt(6 / nIn) / omega0;
  return drawLayer(rng, nIn, nOut, bound, 1 / Math.sqrt(nIn));
}

/** The trainable tensors of a convolution: filter [k, k, a, b] (tfjs layout) and bias [b]. */
export interface ConvVariables {
  readonly filter: tf.Variable<tf.Rank.R4>;
  readonly bias: tf.Variable<tf.Rank.R1>;
}

/** The trainable tensors of a dense layer: weights [nIn, nOut] and bias [nOut]. */
export interface DenseVariables {
  readonly weights: tf.Variable<tf.Rank.R2>;
  readonly bias: tf.Variable<tf.Rank.R1>;
}

/** float64 draws as a tf.variable of `shape` (tf.tidy frees the initial-value tensor and keeps the variable). */
export function variableFrom<R extends tf.Rank>(values: Float64Array, shape: number[]): tf.Variable<R> {
  // tf.variable's rank comes from its initial tensor; tf.tensor of a runtime shape has none, hence the cast.
  return tf.tidy(() => tf.variable(tf.tensor(Float32Array.from(values), shape))) as unknown as tf.Variable<R>;
}

/**
 * PyTorch's default initialisation of a convolution (Conv2d, ConvTranspose2d): W then b ~ U(±1/√fanIn), W drawn
 * row-major in `filterShape`. fanIn is c_in k² for a convolution and c_out k² for a transposed one (PyTorch
 * stores that weight as [c_in, c_out, k, k]), so the caller passes it, and the bias size (the output channels:
 * filterShape[3] for conv2d, filterShape[2] for conv2dTranspose's [k, k, c_out, c_in]).
 */
export function convVariables(rng: SeededRandom, filterShape: [number, number, number, number], fanIn: number, biasSize = filterShape[3]): ConvVariables {
  const bound = 1 / Math.sqrt(fanIn);
  const filter = variableFrom<tf.Rank.R4>(uniformDraws(rng, filterShape.reduce((a, b) => a * b, 1), bound), filterShape);
  return { filter, bias: variableFrom<tf.Rank.R1>(uniformDraws(rng, biasSize, bound), [biasSize]) };
}

/** PyTorch's default initialisation of nn.Linear: W [nIn, nOut] then b ~ U(±1/√nIn). */
export function denseVariables(rng: SeededRandom, nIn: number, nOut: number): DenseVariables {
  const bound = 1 / Math.sqrt(nIn);
  const weights = variableFrom<tf.Rank.R2>(uniformDraws(rng, nIn * nOut, bound), [nIn, nOut]);
  return { weights, bias: variableFrom<tf.Rank.R1>(uniformDraws(rng, nOut, bound), [nOut]) };
}
