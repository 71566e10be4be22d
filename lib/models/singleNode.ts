/**
 * The single node g(x; w) = σ(w·x), σ = ReLU (or ReLU²), without bias: the student of the paper's
 * student-teacher setting (Section 2 and the experiment of Section 3.1, with teacher g(x; w*)). Weights
 * w of all members are one variable [S, d, 1]; `parameters(k)` is member k's w.
 */
import { activation, type ActivationName } from "./activations.js";
import { uniformDraws } from "./initialisation.js";
import { LayeredNetwork } from "./layeredNetwork.js";
import { checkInteger, checkSeed, ensembleSuffix, perMember } from "./validation.js";

export interface SingleNodeConfig {
  inputDimension: number;
  /** σ: "relu" (default) or any other activation, e.g. "relu2". */
  activation?: ActivationName;
  ensembleSize?: number;
  /** Member k draws w ~ U(±1/√d) (PyTorch's default) from SeededRandom(seed + k), unless `initialWeights`. */
  seed: number;
  /** Explicit w per member (S arrays of length d); overrides the seeded draws. */
  initialWeights?: readonly (readonly number[])[];
}

/**
 * A single-node ensemble g(x; w_k) = σ(w_k·x).
 * @throws Error for a bad dimension, ensemble size or seed, or initialWeights of the wrong shape
 */
export function singleNode(config: SingleNodeConfig): LayeredNetwork {
  const { inputDimension: d, seed, initialWeights } = config;
  const S = config.ensembleSize ?? initialWeights?.length ?? 1;
  checkInteger("singleNode", "inputDimension", d, 1);
  checkInteger("singleNode", "ensembleSize", S, 1);
  checkSeed("singleNode", seed, S);
  if (initialWeights !== undefined) {
    const bad = initialWeights.findIndex((w) => w.length !== d || !w.every(Number.isFinite));
    if (initialWeights.length !== S || bad >= 0) {
      throw new Error(`singleNode: initialWeights must be ${S} arrays of ${d} finite numbers, got ${JSON.stringify(initialWeights)}`);
    }
  }
  const phi = activation(config.activation ?? "relu");
  const initial = initialWeights !== undefined
    ? initialWeights.map((w) => [{ weights: Float64Array.from(w), bias: new Float64Array(1) }])
    : perMember(seed, S, (rng) => [{ weights: uniformDraws(rng, d, 1 / Math.sqrt(d)), bias: new Float64Array(1) }]);
  const spec = { nIn: d, nOut: 1, activation: phi, scale: 1, hasBias: false, trainable: true };
  return new LayeredNetwork(`single ${phi.label} node ${phi.label}(w·x), d = ${d}${ensembleSuffix(S)}`, d, [spec], initial);
}
