/**
 * The Fourier-feature network of the authors' code for Fig. 3 [1]: a TRAINED sine embedding
 *   γ(x) = sin(2π (x W₁ + b₁)),  W₁ ∈ R^{d×m}, W₁ ~ N(0, 1),  b₁ ~ U(±1/√d) (nn.Linear's default bias; U(−1, 1) for d = 1),
 * followed by a tanh MLP m → widths… → 1 whose weights are xavier_uniform_ and whose biases are nn.Linear's
 * default ("xavier-torch-bias", initialisation.ts) [1, model.py:5-23]. fc1 is among model.parameters(), so the
 * optimisers train W₁ and b₁ too [1, optim.py:10,13]. Unlike Tancik et al.'s γ (fourierFeatures.ts) there is no
 * cos half and no σ: the frequencies are standard normal.
 *
 * γ is a dense layer with sine activation and pre-activation scale 2π (LayerSpec.scale), so its exact input
 * derivatives propagate forward like any other layer's (forwardJets.ts). Member k draws W₁ (row-major, d×m),
 * b₁, then the MLP's parameters from SeededRandom(seed + k).
 *
 * References
 * [1] The paper's code, Architecture/model.py:5-23 and optim.py:10,13 at commit e819fd0 (the settings table of
 *     the Figure 3 notebook, lib/provenance/fig3.ts).
 */
import { activation as makeActivation } from "./activations.js";
import { uniformDraws, type LayerInit } from "./initialisation.js";
import { LayeredNetwork, type LayerSpec } from "./layeredNetwork.js";
import { denseStackInit, denseStackSpecs } from "./mlp.js";
import type { SeededRandom } from "../numeric/random.js";
import { checkInteger, checkSeed, checkWidths, ensembleSuffix, perMember } from "./validation.js";

export interface TrainedFourierFeaturesConfig {
  inputDimension: number;
  /** m, the number of sine features (default 64, the authors' fc1: 1 → 64). */
  features?: number;
  /** Hidden widths of the tanh MLP after γ (default [64, 64]: fc2 64 → 64, fc3 64 → 64, fc4 64 → 1). */
  widths?: readonly number[];
  ensembleSize?: number;
  seed: number;
}

/** fc1: W₁ ~ N(0, 1) (the authors' nn.init.normal_), b₁ ~ U(±1/√d) (nn.Linear's default). */
function embeddingInit(rng: SeededRandom, d: number, m: number): LayerInit {
  const weights = new Float64Array(d * m);
  for (let i = 0; i < weights.length; i++) weights[i] = rng.gaussian();
  return { weights, bias: uniformDraws(rng, m, 1 / Math.sqrt(d)) };
}

/**
 * The authors' trained Fourier-feature network (module comment); `parameters(k)` lists W₁, b₁, then the MLP's W, b.
 * @throws Error for a bad dimension, m, widths, ensemble size or seed
 */
export function trainedFourierFeatures(config: TrainedFourierFeaturesConfig): LayeredNetwork {
  const { inputDimension: d, seed } = config;
  const m = config.features ?? 64;
  const widths = config.widths ?? [64, 64];
  const S = config.ensembleSize ?? 1;
  checkInteger("trainedFourierFeatures", "inputDimension", d, 1);
  checkInteger("trainedFourierFeatures", "features", m, 1);
  checkWidths("trainedFourierFeatures", widths);
  checkInteger("trainedFourierFeatures", "ensembleSize", S, 1);
  checkSeed("trainedFourierFeatures", seed, S);
  const tanh = makeActivation("tanh");
  const sizes = [m, ...widths, 1];
  const embedding: LayerSpec = { nIn: d, nOut: m, activation: makeActivation("sine"), scale: 2 * Math.PI, hasBias: true, trainable: true };
  const initial = perMember(seed, S, (rng) => [embeddingInit(rng, d, m), ...denseStackInit(rng, sizes, "xavier-torch-bias")]);
  const description = `trained sine features sin(2π(xW + b)) (m = ${m}) + MLP ${sizes.join("-")} ${tanh.label}${ensembleSuffix(S)}`;
  return new LayeredNetwork(description, d, [embedding, ...denseStackSpecs(sizes, tanh)], initial);
}
