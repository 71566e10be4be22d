/**
 * Activation functions φ with their first two derivatives φ′, φ″, in TensorFlow.js (float32) and in plain
 * JavaScript (float64, for the reference network of referenceMlp.ts).
 *
 * Why φ′ and φ″ are written out: input derivatives of a network are propagated forward (forwardJets.ts),
 * so the training step differentiates through φ, φ′, φ″ once, in one reverse pass. Each tfjs version is
 * built only from ops whose FIRST-order gradient is right; nested tf.grad, which is silently wrong for
 * tanh (tfjs issue 3252, DESIGN.md "Facts measured"), is never needed.
 *
 *   relu       φ = max(z, 0)           φ′ = step(z)                  φ″ = 0
 *   leakyRelu  φ = max(z, αz)          φ′ = step(z) + α step(−z)     φ″ = 0            (α = 0.01 default)
 *   gelu       φ = z Φ(z)              φ′ = Φ(z) + z ϕ(z)            φ″ = ϕ(z)(2 − z²)  [1]
 *   tanh       φ = t = tanh z          φ′ = 1 − t²                   φ″ = −2t(1 − t²)
 *   sine       φ = sin z               φ′ = cos z                    φ″ = −sin z       (SIREN's ω0: siren.ts)
 *   relu2      φ = relu(z)²            φ′ = 2 relu(z)                φ″ = 2 step(z)
 * with Φ, ϕ the standard normal distribution and density, and step(z) = 1 for z > 0, else 0 (tf.step).
 *
 * References
 * [1] D. Hendrycks, K. Gimpel, "Gaussian Error Linear Units (GELUs)", arXiv:1606.08415 (exact form).
 */
import * as tf from "@tensorflow/tfjs";
import { normalCdf, normalPdf } from "./erf.js";

/** The activations this library provides, by name. */
export const ACTIVATIONS = ["relu", "leakyRelu", "gelu", "tanh", "sine", "relu2"] as const;
export type ActivationName = (typeof ACTIVATIONS)[number];

/** φ(z), φ′(z), φ″(z) of one tensor z; `second` is null where φ″ ≡ 0 (so callers skip that work). */
export interface ActivationJet {
  value: tf.Tensor;
  first?: tf.Tensor;
  second?: tf.Tensor | null;
}

/** One activation: its tfjs jet up to `order`, and float64 φ, φ′, φ″. */
export interface Activation {
  readonly name: ActivationName;
  /** Display name, e.g. "LeakyReLU(0.01)". */
  readonly label: string;
  /** φ (order 0), φ′ (order ≥ 1) and φ″ (order 2) of z, sharing intermediates (e.g. t = tanh z). */
  jet(z: tf.Tensor, order: 0 | 1 | 2): ActivationJet;
  value64(z: number): number;
  first64(z: number): number;
  second64(z: number): number;
}

export interface ActivationOptions {
  /** Slope α of LeakyReLU for z < 0 (default 0.01, PyTorch's). */
  leakySlope?: number;
}

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
const step64 = (z: number): number => (z > 0 ? 1 : 0);

function tfJets(name: ActivationName, alpha: number): Activation["jet"] {
  switch (name) {
    case "relu":
      return (z, order) => ({ value: tf.relu(z), ...(order >= 1 ? { first: tf.step(z), second: null } : {}) });
    case "leakyRelu":
      return (z, order) => ({ value: tf.leakyRelu(z, alpha), ...(order >= 1 ? { first: tf.step(z, alpha), second: null } : {}) });
    case "gelu":
      return (z, order) => {
        const cdf = tf.mul(0.5, tf.add(1, tf.erf(tf.mul(z, Math.SQRT1_2))));
        const value = tf.mul(z, cdf);
        if (order === 0) return { value };
        const pdf = tf.mul(INV_SQRT_2PI, tf.exp(tf.mul(-0.5, tf.square(z))));
        const first = tf.add(cdf, tf.mul(z, pdf));
        return order === 1 ? { value, first } : { value, first, second: tf.mul(pdf, tf.sub(2, tf.square(z))) };
      };
    case "tanh":
      return (z, order) => {
        const t = tf.tanh(z);
        if (order === 0) return { value: t };
        const first = tf.sub(1, tf.square(t));
        return order === 1 ? { value: t, first } : { value: t, first, second: tf.mul(-2, tf.mul(t, first)) };
      };
    case "sine":
      return (z, order) => {
        const value = tf.sin(z);
        if (order === 0) return { value };
        return order === 1 ? { value, first: tf.cos(z) } : { value, first: tf.cos(z), second: tf.neg(value) };
      };
    case "relu2":
      return (z, order) => {
        const r = tf.relu(z);
        if (order === 0) return { value: tf.square(r) };
        const first = tf.mul(2, r);
        return order === 1 ? { value: tf.square(r), first } : { value: tf.square(r), first, second: tf.mul(2, tf.step(z)) };
      };
  }
}

type Float64Triple = [(z: number) => number, (z: number) => number, (z: number) => number];

function float64Functions(name: ActivationName, alpha: number): Float64Triple {
  switch (name) {
    case "relu":
      return [(z) => Math.max(z, 0), step64, () => 0];
    case "leakyRelu":
      return [(z) => (z > 0 ? z : alpha * z), (z) => (z > 0 ? 1 : alpha), () => 0];
    case "gelu":
      return [(z) => z * normalCdf(z), (z) => normalCdf(z) + z * normalPdf(z), (z) => normalPdf(z) * (2 - z * z)];
    case "tanh":
      return [Math.tanh, (z) => 1 - Math.tanh(z) ** 2, (z) => -2 * Math.tanh(z) * (1 - Math.tanh(z) ** 2)];
    case "sine":
      return [Math.sin, Math.cos, (z) => -Math.sin(z)];
    case "relu2":
      return [(z) => Math.max(z, 0) ** 2, (z) => 2 * Math.max(z, 0), (z) => 2 * step64(z)];
  }
}

const LABELS: Record<ActivationName, string> = { relu: "ReLU", leakyRelu: "LeakyReLU", gelu: "GeLU", tanh: "Tanh", sine: "Sine", relu2: "ReLU²" };

/** The activations `activation` made, whose jets are exactly the formulas above. */
const builtIn = new WeakSet<Activation>();

/**
 * The activation `name` (one of ACTIVATIONS).
 * @throws Error for an unknown name, or a LeakyReLU slope that is not a finite number
 */
export function activation(name: string, options: ActivationOptions = {}): Activation {
  if (!(ACTIVATIONS as readonly string[]).includes(name)) {
    throw new Error(`activation: unknown activation "${name}"; expected one of ${ACTIVATIONS.join(", ")}`);
  }
  const known = name as ActivationName;
  const alpha = options.leakySlope ?? 0.01;
  if (!Number.isFinite(alpha)) throw new Error(`activation: leakySlope must be a finite number, got ${alpha}`);
  const [value64, first64, second64] = float64Functions(known, alpha);
  const label = known === "leakyRelu" ? `${LABELS[known]}(${alpha})` : LABELS[known];
  const made: Activation = { name: known, label, jet: tfJets(known, alpha), value64, first64, second64 };
  builtIn.add(made);
  return made;
}

/**
 * Whether φ was made by `activation`, so that a fused kernel may compute its jet by the formulas of the module comment
 * (lib/models/denseJet.ts). A hand-made Activation, even one named "tanh" (the tests make one without φ″), keeps its
 * own `jet`.
 */
export const isBuiltInActivation = (phi: Activation): boolean => builtIn.has(phi);
