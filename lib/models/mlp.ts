/**
 * Fully connected networks d → widths… → 1 (the paper's Section 3.2 uses 2-64-64-64-1 with ReLU,
 * LeakyReLU, GeLU, Tanh and Sine), as an ensemble of S members trained in one set of tensor ops.
 * Hidden layers a_{l+1} = φ(a_l W_l + b_l); the last layer is linear. Parameters of member k are drawn
 * from SeededRandom(seed + k) (validation.ts), layer by layer, in the order of initialisation.ts.
 * `parameters(k)` lists, for each layer, W row-major [nIn][nOut], then b.
 */
import { activation as makeActivation, type Activation, type ActivationName } from "./activations.js";
import { denseLayerInit, INITIALISATIONS, type Initialisation, type LayerInit } from "./initialisation.js";
import { LayeredNetwork, type LayerSpec } from "./layeredNetwork.js";
import type { SeededRandom } from "../numeric/random.js";
import { checkInteger, checkSeed, checkWidths, ensembleSuffix, perMember } from "./validation.js";

export interface MlpConfig {
  /** d, the input dimension */
  inputDimension: number;
  /** Hidden widths, e.g. [64, 64, 64]. */
  widths: readonly number[];
  activation: ActivationName;
  /** S (default 1) */
  ensembleSize?: number;
  /** Member k uses SeededRandom(seed + k). */
  seed: number;
  /** "pytorch" (default) or "xavier"; see initialisation.ts. */
  initialisation?: Initialisation;
  /** LeakyReLU's negative slope (default 0.01). */
  leakySlope?: number;
}

/** Layer specs of a dense stack sizes[0] → … → sizes[L]: activation φ on all but the last (linear) layer. */
export function denseStackSpecs(sizes: readonly number[], phi: Activation, scale = 1): LayerSpec[] {
  return sizes.slice(1).map((nOut, l) => ({
    nIn: sizes[l],
    nOut,
    activation: l === sizes.length - 2 ? null : phi,
    scale: l === sizes.length - 2 ? 1 : scale,
    hasBias: true,
    trainable: true,
  }));
}

/** Draws a dense stack's layers in order with `scheme`. */
export function denseStackInit(rng: SeededRandom, sizes: readonly number[], scheme: Initialisation): LayerInit[] {
  return sizes.slice(1).map((nOut, l) => denseLayerInit(rng, sizes[l], nOut, scheme));
}

/**
 * An MLP ensemble (module comment).
 * @throws Error for a bad dimension, widths, ensemble size, seed, initialisation or activation
 */
export function mlp(config: MlpConfig): LayeredNetwork {
  const { inputDimension: d, widths, seed } = config;
  const S = config.ensembleSize ?? 1;
  const scheme = config.initialisation ?? "pytorch";
  checkInteger("mlp", "inputDimension", d, 1);
  checkWidths("mlp", widths);
  checkInteger("mlp", "ensembleSize", S, 1);
  checkSeed("mlp", seed, S);
  if (!INITIALISATIONS.includes(scheme)) throw new Error(`mlp: unknown initialisation "${scheme}"; expected one of ${INITIALISATIONS.join(", ")}`);
  const phi = makeActivation(config.activation, { leakySlope: config.leakySlope });
  const sizes = [d, ...widths, 1];
  const initial = perMember(seed, S, (rng) => denseStackInit(rng, sizes, scheme));
  const description = `MLP ${sizes.join("-")} ${phi.label}${scheme === "pytorch" ? "" : ` (${scheme} init)`}${ensembleSuffix(S)}`;
  return new LayeredNetwork(description, d, denseStackSpecs(sizes, phi), initial);
}
