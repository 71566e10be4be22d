/**
 * Helpers for the model and loss tests: a zoo of small seeded models of every kind, seeded test points
 * kept away from ReLU kinks, and tensors read back as nested float64 arrays.
 */
import * as tf from "@tensorflow/tfjs";
import { SeededRandom } from "../numeric/random.js";
import { ACTIVATIONS } from "./activations.js";
import { fourierFeatures } from "./fourierFeatures.js";
import type { LayeredModel, LayerSnapshot } from "./model.js";
import { mlp } from "./mlp.js";
import { referenceForward } from "./referenceMlp.js";
import { siren } from "./siren.js";
import { singleNode } from "./singleNode.js";
import { trainedFourierFeatures } from "./trainedFourierFeatures.js";

/** Seed of the test models; member k uses TEST_SEED + k. */
export const TEST_SEED = 20240611;

/** Hidden widths of the small test networks: big enough for every term to matter, small for speed. */
export const TEST_WIDTHS = [5, 4] as const;

/** A labelled model factory of the test zoo. */
export interface TestModel {
  label: string;
  /** Piecewise linear in x (ReLU, LeakyReLU): ∇²u = 0 wherever u is differentiable. */
  piecewiseLinear: boolean;
  /** The model with S members on R^d; member k uses seed + k (default seed TEST_SEED). */
  make: (ensembleSize: number, inputDimension: number, seed?: number) => LayeredModel;
}

/** One small model of each kind: an MLP per activation, Fourier features (fixed and trained), SIREN (Sitzmann's and the authors' Fig. 3 variant), single ReLU and ReLU² nodes. */
export function testModels(): TestModel[] {
  const widths = TEST_WIDTHS;
  return [
    ...ACTIVATIONS.map((a): TestModel => ({ label: `MLP ${a}`, piecewiseLinear: a === "relu" || a === "leakyRelu", make: (S, d, seed = TEST_SEED) => mlp({ inputDimension: d, widths, activation: a, ensembleSize: S, seed }) })),
    { label: "Fourier features", piecewiseLinear: false, make: (S, d, seed = TEST_SEED) => fourierFeatures({ inputDimension: d, scale: 1, features: 4, widths, ensembleSize: S, seed }) },
    { label: "SIREN", piecewiseLinear: false, make: (S, d, seed = TEST_SEED) => siren({ inputDimension: d, widths, ensembleSize: S, seed }) },
    { label: "SIREN (ω0 = 1, kaiming-uniform)", piecewiseLinear: false, make: (S, d, seed = TEST_SEED) => siren({ inputDimension: d, widths, omega0: 1, initialisation: "kaiming-uniform", ensembleSize: S, seed }) },
    { label: "trained Fourier features", piecewiseLinear: false, make: (S, d, seed = TEST_SEED) => trainedFourierFeatures({ inputDimension: d, features: 4, widths, ensembleSize: S, seed }) },
    { label: "single ReLU node", piecewiseLinear: true, make: (S, d, seed = TEST_SEED) => singleNode({ inputDimension: d, ensembleSize: S, seed }) },
    { label: "single ReLU² node", piecewiseLinear: false, make: (S, d, seed = TEST_SEED) => singleNode({ inputDimension: d, activation: "relu2", ensembleSize: S, seed }) },
  ];
}

/**
 * `count` seeded points in R^d, entries N(0, 1), skipping any point where a pre-activation of any given
 * member lies within `margin` of 0 (see KINK_MARGIN).
 */
export function pointsAwayFromKinks(members: readonly LayerSnapshot[][], count: number, d: number, seed: number, margin: number): number[][] {
  const rng = new SeededRandom(seed);
  const points: number[][] = [];
  for (let tries = 0; points.length < count; tries++) {
    if (tries > 100 * count) throw new Error(`pointsAwayFromKinks: found only ${points.length} of ${count} points ${margin} away from every kink`);
    const x = rng.gaussianVector(d);
    if (members.every((layers) => referenceForward(layers, x).minAbsPreactivation >= margin)) points.push(x);
  }
  return points;
}

/** A tensor's values as a flat float64 array. */
export const valuesOf = (t: tf.Tensor): number[] => Array.from(t.dataSync());

/** Element [s][i] of a [S, n, …] tensor's values, flattened over the trailing axes. */
export function memberPointValues(t: tf.Tensor, s: number, i: number): number[] {
  const [S, n] = t.shape;
  const size = t.size / (S * n);
  return valuesOf(t).slice((s * n + i) * size, (s * n + i + 1) * size);
}
