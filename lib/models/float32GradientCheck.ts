/**
 * The parameter-gradient check of the BatchNorm ResNet autoencoder tests (ours and the authors' light network),
 * float32 throughout: a float64 reference of a BatchNorm ResNet is out of proportion (resnetAutoencoder.test.ts
 * says why the tolerance is loose). The direction v is the gradient restricted to a group of variables, each
 * component scaled by a seeded 1 + z/2, z ~ N(0, 1), then normalised, so g·v is never small by chance and v is not
 * g itself; the central differences (L(θ + h v) − L(θ − h v)) / 2h are compared with g·v at each step h.
 */
import * as tf from "@tensorflow/tfjs";
import type { SeededRandom } from "../numeric/random.js";

/**
 * g·v and |fd(h) − g·v| / |g·v| for each h of `steps` (module comment); the variables are restored afterwards.
 * @param gradient - the tfjs gradient per variable, as numbers
 * @param member - whether variable i is in the direction's group
 * @param loss - the loss at the variables' current values
 */
export function float32DirectionalErrors(
  variables: readonly tf.Variable[], gradient: readonly Float64Array[], member: (i: number) => boolean, rng: SeededRandom, loss: () => number, steps: readonly number[],
): { gv: number; errors: number[] } {
  const theta = variables.map((v) => Float64Array.from(v.dataSync()));
  const raw = gradient.map((gi, i) => gi.map((z) => (member(i) ? z * (1 + 0.5 * rng.gaussian()) : 0)));
  const norm = Math.sqrt(raw.reduce((s, a) => a.reduce((t, z) => t + z * z, s), 0));
  const v = raw.map((a) => a.map((z) => z / norm));
  const gv = gradient.reduce((s, gi, i) => gi.reduce((t, z, j) => t + z * v[i][j], s), 0);
  const at = (h: number): number => {
    variables.forEach((p, i) => tf.tidy(() => p.assign(tf.tensor(Float32Array.from(theta[i], (z, j) => z + h * v[i][j]), p.shape))));
    return loss();
  };
  const errors = steps.map((h) => Math.abs((at(h) - at(-h)) / (2 * h) - gv) / Math.abs(gv));
  at(0);
  return { gv, errors };
}
