/**
 * SIREN (Sitzmann et al. 2020 [1]): a_{l+1} = sin(ω0 (a_l W_l + b_l)) on every hidden layer, ω0 = 30, and a
 * linear last layer; the paper's Section 3.2 uses 1-64-64-64-1. Initialisation [1, Sec. 3.2]: first layer
 * W ~ U(±1/nIn), later layers (the last included) W ~ U(±√(6/nIn)/ω0), biases PyTorch's default
 * (initialisation.ts). Member k draws from SeededRandom(seed + k).
 *
 * Variant (options omega0 and initialisation): the authors' "SIREN" for Fig. 3 is sin(a W + b) with ω0 = 1 and
 * kaiming_uniform_ weights U(±√(6/nIn)) on every layer, biases PyTorch's default (Architecture/model.py:46-65
 * at commit e819fd0): `{ omega0: 1, initialisation: "kaiming-uniform" }`.
 *
 * Where ω0 goes: into the weights, at forward time. The variables are SIREN's own W and b (the trained
 * parameterisation, hence Adam's and SGD's steps, is the reference code's), and each forward pass uses
 * ω0 W and ω0 b, which costs two small products per layer instead of rescaling the large pre-activation
 * tensor and its derivative rows (LayerSpec.scale, forwardJets.ts).
 *
 * References
 * [1] V. Sitzmann, J. Martel, A. Bergman, D. Lindell, G. Wetzstein, "Implicit Neural Representations with
 *     Periodic Activation Functions", NeurIPS 2020 (and its explore_siren notebook).
 */
import { activation } from "./activations.js";
import { denseLayerInit, sirenLayerInit, type LayerInit } from "./initialisation.js";
import type { SeededRandom } from "../numeric/random.js";
import { LayeredNetwork } from "./layeredNetwork.js";
import { denseStackSpecs } from "./mlp.js";
import { checkInteger, checkPositive, checkSeed, checkWidths, ensembleSuffix, perMember } from "./validation.js";

/** Initialisations of a SIREN (module comment). */
export const SIREN_INITIALISATIONS = ["sitzmann", "kaiming-uniform"] as const;
export type SirenInitialisation = (typeof SIREN_INITIALISATIONS)[number];

/** SIREN's ω0 [1]. */
export const SIREN_OMEGA0 = 30;

export interface SirenConfig {
  inputDimension: number;
  /** Hidden widths (default [64, 64, 64]). */
  widths?: readonly number[];
  /** ω0 (default 30). */
  omega0?: number;
  /** "sitzmann" (default, [1]) or "kaiming-uniform" (every layer U(±√(6/nIn)), the authors' Fig. 3 code). */
  initialisation?: SirenInitialisation;
  ensembleSize?: number;
  seed: number;
}

/**
 * A SIREN ensemble (module comment); `parameters(k)` lists each layer's W row-major, then b.
 * @throws Error for a bad dimension, widths, ω0, ensemble size or seed
 */
export function siren(config: SirenConfig): LayeredNetwork {
  const { inputDimension: d, seed } = config;
  const widths = config.widths ?? [64, 64, 64];
  const omega0 = config.omega0 ?? SIREN_OMEGA0;
  const S = config.ensembleSize ?? 1;
  checkInteger("siren", "inputDimension", d, 1);
  checkWidths("siren", widths);
  checkPositive("siren", "omega0", omega0);
  checkInteger("siren", "ensembleSize", S, 1);
  checkSeed("siren", seed, S);
  const scheme = config.initialisation ?? "sitzmann";
  if (!SIREN_INITIALISATIONS.includes(scheme)) throw new Error(`siren: unknown initialisation "${scheme}"; expected one of ${SIREN_INITIALISATIONS.join(", ")}`);
  const sizes = [d, ...widths, 1];
  const layer = (rng: SeededRandom, l: number): LayerInit =>
    scheme === "sitzmann" ? sirenLayerInit(rng, sizes[l], sizes[l + 1], l === 0, omega0) : denseLayerInit(rng, sizes[l], sizes[l + 1], "kaiming-uniform");
  const initial = perMember(seed, S, (rng) => sizes.slice(1).map((_, l) => layer(rng, l)));
  const description = `SIREN ${sizes.join("-")} (ω0 = ${omega0}${scheme === "sitzmann" ? "" : `, ${scheme} init`})${ensembleSuffix(S)}`;
  return new LayeredNetwork(description, d, denseStackSpecs(sizes, activation("sine"), omega0), initial);
}
