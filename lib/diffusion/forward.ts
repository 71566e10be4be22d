/**
 * The DDPM forward process in closed form [1, eq. (4)]: x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε, ε ~ N(0, I), one
 * step t per image of a batch.
 *
 * Convention: t is a 0-based index into the schedule (schedule.ts), t = 0..T−1, i.e. step t + 1 of [1];
 * t = 0 is the least noise (ᾱ_0 = 1 − β_0) and t = T − 1 the most (ᾱ_{T−1} ≈ 4e-5 for the linear schedule).
 * The coefficients are computed in float64 and rounded to float32 once, as a [n, 1, 1, 1] tensor.
 *
 * References
 * [1] J. Ho, A. Jain, P. Abbeel, "Denoising diffusion probabilistic models", NeurIPS 2020.
 */
import * as tf from "@tensorflow/tfjs";
import type { SeededRandom } from "../numeric/random.js";
import { checkSchedule, type BetaSchedule } from "./schedule.js";

const showShape = (x: unknown): string => (x instanceof tf.Tensor ? `[${x.shape.join(", ")}]` : String(x));

/** Throws unless t holds `batch` integers in 0..steps−1 (Int32Array or number[]). */
export function checkTimesteps(caller: string, t: Int32Array | readonly number[], batch: number, steps: number): void {
  if (!(t instanceof Int32Array) && !Array.isArray(t)) throw new Error(`${caller}: t must be an Int32Array or number[] of ${batch} steps, got ${String(t)}`);
  if (t.length !== batch) throw new Error(`${caller}: t must have one step per image, length ${batch}, got length ${t.length}`);
  for (let i = 0; i < t.length; i++) {
    if (!Number.isInteger(t[i]) || t[i] < 0 || t[i] >= steps) throw new Error(`${caller}: t[${i}] must be an integer step in 0..${steps - 1}, got ${t[i]}`);
  }
}

/** The per-image coefficients f(ᾱ_{t_i}) as a float32 [n, 1, 1, 1] tensor. */
export function perImageCoefficient(t: Int32Array | readonly number[], alphaBars: Float64Array, f: (alphaBar: number) => number): tf.Tensor4D {
  return tf.tensor4d(Float32Array.from(t, (step) => f(alphaBars[step])), [t.length, 1, 1, 1]);
}

/**
 * x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε per image [1, eq. (4)].
 * @param x0 - clean images [n, H, W, C]
 * @param t - n steps, 0-based into the schedule (module comment)
 * @param noise - ε, the shape of x0
 * @param schedule - e.g. linearBetaSchedule()
 * @returns x_t [n, H, W, C]
 * @throws Error for a non-4-D x0, a noise of another shape, or bad steps
 */
export function qSample(x0: tf.Tensor4D, t: Int32Array | readonly number[], noise: tf.Tensor4D, schedule: BetaSchedule): tf.Tensor4D {
  const caller = "qSample";
  if (!(x0 instanceof tf.Tensor) || x0.rank !== 4) throw new Error(`${caller}: x0 must be a tensor [n, H, W, C], got ${showShape(x0)}`);
  if (!(noise instanceof tf.Tensor) || !tf.util.arraysEqual(noise.shape, x0.shape)) throw new Error(`${caller}: noise must have the shape of x0, [${x0.shape.join(", ")}], got ${showShape(noise)}`);
  checkSchedule(caller, schedule);
  checkTimesteps(caller, t, x0.shape[0], schedule.steps);
  return tf.tidy(() => {
    const signal = perImageCoefficient(t, schedule.alphaBars, (a) => Math.sqrt(a));
    const spread = perImageCoefficient(t, schedule.alphaBars, (a) => Math.sqrt(1 - a));
    return tf.add(tf.mul(signal, x0), tf.mul(spread, noise)) as tf.Tensor4D;
  });
}

/**
 * `batch` training steps drawn uniformly from 0..steps−1 [1, Algorithm 1, t ~ Uniform({1, ..., T})],
 * as floor(steps · u) with u = rng.uniform() (one draw per image, in order).
 * @throws Error unless batch ≥ 1 and steps ≥ 1 are integers
 */
export function sampleTimesteps(rng: SeededRandom, batch: number, steps: number): Int32Array {
  if (!Number.isInteger(batch) || batch < 1) throw new Error(`sampleTimesteps: batch must be an integer >= 1, got ${batch}`);
  if (!Number.isInteger(steps) || steps < 1) throw new Error(`sampleTimesteps: steps must be an integer >= 1, got ${steps}`);
  return Int32Array.from({ length: batch }, () => Math.floor(steps * rng.uniform()));
}
