/**
 * Fourier-feature networks (Tancik et al. 2020 [1]): a fixed random embedding
 *   γ(x) = [cos(2π x B), sin(2π x B)],  B ∈ R^{d×m},  B_ij ~ N(0, σ²)  (not trained),
 * followed by an MLP 2m → widths… → 1. The paper's Section 3.2 uses 64 random features and a "64-64-1"
 * network (defaults m = 64, widths [64, 64]); it states neither σ nor the activation, so σ is required
 * here and the activation defaults to tanh, that of Wang et al. [2], whose target x + sin(2πx⁴) it uses.
 *
 * γ is itself a first layer with fixed weights and sine activation, because cos z = sin(z + π/2):
 *   γ(x) = sin(x [2πB, 2πB] + [π/2 … π/2, 0 … 0]),
 * so its exact input derivatives propagate forward like any other layer's (forwardJets.ts).
 * Member k draws B (row-major, d×m) and then the MLP's parameters from SeededRandom(seed + k).
 *
 * References
 * [1] M. Tancik et al., "Fourier Features Let Networks Learn High Frequency Functions in Low Dimensional
 *     Domains", NeurIPS 2020, Sec. 3 (Gaussian mapping).
 * [2] S. Wang, H. Wang, P. Perdikaris, "On the eigenvector bias of Fourier feature networks", CMAME 384 (2021).
 */
import { activation as makeActivation, type ActivationName } from "./activations.js";
import { INITIALISATIONS, type Initialisation, type LayerInit } from "./initialisation.js";
import { LayeredNetwork, type LayerSpec } from "./layeredNetwork.js";
import { denseStackInit, denseStackSpecs } from "./mlp.js";
import type { SeededRandom } from "../numeric/random.js";
import { checkInteger, checkPositive, checkSeed, checkWidths, ensembleSuffix, perMember } from "./validation.js";

export interface FourierFeaturesConfig {
  inputDimension: number;
  /** σ, the standard deviation of B's entries (required: the paper does not state it). */
  scale: number;
  /** m, the number of random frequencies (default 64); γ has 2m outputs. */
  features?: number;
  /** Hidden widths of the MLP after γ (default [64, 64]). */
  widths?: readonly number[];
  /** Activation of the MLP (default "tanh"). */
  activation?: ActivationName;
  ensembleSize?: number;
  seed: number;
  initialisation?: Initialisation;
}

/** The embedding layer [2πB, 2πB] with bias [π/2, 0] (module comment), from σ-scaled normal draws. */
function embeddingInit(rng: SeededRandom, d: number, m: number, sigma: number): LayerInit {
  const weights = new Float64Array(d * 2 * m);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < m; j++) {
      const frequency = 2 * Math.PI * sigma * rng.gaussian();
      weights[i * 2 * m + j] = frequency;
      weights[i * 2 * m + m + j] = frequency;
    }
  }
  const bias = Float64Array.from({ length: 2 * m }, (_, j) => (j < m ? Math.PI / 2 : 0));
  return { weights, bias };
}

/**
 * A Fourier-feature network ensemble (module comment). `parameters(k)` lists the MLP's W, b only.
 * @throws Error for a bad dimension, σ, m, widths, ensemble size, seed, initialisation or activation
 */
export function fourierFeatures(config: FourierFeaturesConfig): LayeredNetwork {
  const { inputDimension: d, scale: sigma, seed } = config;
  const m = config.features ?? 64;
  const widths = config.widths ?? [64, 64];
  const S = config.ensembleSize ?? 1;
  const scheme = config.initialisation ?? "pytorch";
  checkInteger("fourierFeatures", "inputDimension", d, 1);
  checkPositive("fourierFeatures", "scale", sigma);
  checkInteger("fourierFeatures", "features", m, 1);
  checkWidths("fourierFeatures", widths);
  checkInteger("fourierFeatures", "ensembleSize", S, 1);
  checkSeed("fourierFeatures", seed, S);
  if (!INITIALISATIONS.includes(scheme)) throw new Error(`fourierFeatures: unknown initialisation "${scheme}"; expected one of ${INITIALISATIONS.join(", ")}`);
  const phi = makeActivation(config.activation ?? "tanh");
  const sizes = [2 * m, ...widths, 1];
  const embedding: LayerSpec = { nIn: d, nOut: 2 * m, activation: makeActivation("sine"), scale: 1, hasBias: true, trainable: false };
  const initial = perMember(seed, S, (rng) => [embeddingInit(rng, d, m, sigma), ...denseStackInit(rng, sizes, scheme)]);
  const description = `Fourier features (m = ${m}, σ = ${sigma}) + MLP ${sizes.join("-")} ${phi.label}${ensembleSuffix(S)}`;
  return new LayeredNetwork(description, d, [embedding, ...denseStackSpecs(sizes, phi)], initial);
}
