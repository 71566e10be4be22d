/**
 * Deterministic DDIM sampling (η = 0) of Song, Meng & Ermon [1] (the paper's [52]; Section 3.4: "20
 * sampling steps using the Denoising Diffusion Implicit Model (DDIM) during inference") with a model that
 * predicts x̂_0 (loss.ts). [1, eq. (12)] with σ_t = 0, written with x̂_0 in place of ε_θ (their α is our ᾱ):
 *   ε̂ = (x_t − √ᾱ_t x̂_0) / √(1 − ᾱ_t),     x_{t'} = √ᾱ_{t'} x̂_0 + √(1 − ᾱ_{t'}) ε̂,
 * for consecutive steps t > t' of the subsequence τ below. At the last step (τ_{S−1} = 0) the sample is
 * x̂_0 itself ([1]'s convention ᾱ_{−1} := 1, i.e. x_{−1} = x̂_0).
 *
 * Subsequence: τ_i = round((T − 1)(S − 1 − i) / (S − 1)), i = 0..S−1, i.e. round(linspace(T − 1, 0, S)):
 * S steps from T − 1 down to 0, evenly spaced. [1]'s code (ermongroup/ddim, skip_type "uniform") uses
 * range(0, T, ⌊T/S⌋) = 0, 50, ..., 950 instead, which never starts from the noisiest step; ours covers the
 * whole range, 999, 946, 894, ..., 53, 0.
 * Math.round rounds halves up (numpy.round to even); the two differ only on ties, which need an even
 * S − 1, so none occur for S = 20. S = 1 gives [T − 1]. Strictly decreasing whenever S ≤ T, since the
 * spacing (T − 1)/(S − 1) is ≥ 1.
 * Spacing "lucidrains" is what the authors' code samples with (lucidrains' denoising-diffusion-pytorch v2.1.1,
 * `ddim_sample`, lines 705-707): the integer parts of linspace(−1, T − 1, S + 1), reversed, without the final −1,
 * i.e. τ_i = trunc(−1 + (S − i)T/S): 999, 949, ..., 49 for T = 1000, S = 20. The last step's x̂_0 is the sample, as
 * above; the noisiest step is T − 1 and the least noisy T/S − 1, not 0.
 *
 * Clipping (option `clip`, default [0, 1], the pixel range of our image loaders): x̂_0 is clipped before ε̂
 * is formed, so each step is the exact DDIM step of the clipped predictor (x_t = √ᾱ_t x̂_0 + √(1 − ᾱ_t) ε̂
 * still holds). Pass null for data in another range, or to sample the raw model.
 * The initial x_{T−1} ~ N(0, I) is drawn from SeededRandom(seed), NHWC row-major, so the sampler is a
 * deterministic function of (model, seed, options).
 *
 * References
 * [1] J. Song, C. Meng, S. Ermon, "Denoising diffusion implicit models", ICLR 2021 (arXiv:2010.02502).
 */
import * as tf from "@tensorflow/tfjs";
import { SeededRandom } from "../numeric/random.js";
import { perImageCoefficient } from "./forward.js";
import type { X0Model } from "./loss.js";
import { checkSchedule, linearBetaSchedule, type BetaSchedule } from "./schedule.js";

/** Default number of DDIM steps (the paper's Section 3.4). */
export const DDIM_DEFAULT_STEPS = 20;

export const DDIM_SPACINGS = ["inclusive", "lucidrains"] as const;
/** "inclusive": S steps from T − 1 down to 0; "lucidrains": the authors' library's (module comment). */
export type DdimSpacing = (typeof DDIM_SPACINGS)[number];

/**
 * The sampling subsequence τ (module comment): S steps from T − 1 down to 0, or the authors' library's.
 * @throws Error unless 1 ≤ S ≤ T are integers and the spacing is known
 */
export function ddimTimesteps(trainingSteps: number, samplingSteps = DDIM_DEFAULT_STEPS, spacing: DdimSpacing = "inclusive"): Int32Array {
  const caller = "ddimTimesteps";
  if (!Number.isInteger(trainingSteps) || trainingSteps < 1) throw new Error(`${caller}: trainingSteps must be an integer >= 1, got ${trainingSteps}`);
  if (!Number.isInteger(samplingSteps) || samplingSteps < 1 || samplingSteps > trainingSteps) {
    throw new Error(`${caller}: samplingSteps must be an integer in 1..trainingSteps = ${trainingSteps}, got ${samplingSteps}`);
  }
  if (!(DDIM_SPACINGS as readonly string[]).includes(spacing)) throw new Error(`${caller}: spacing must be one of ${DDIM_SPACINGS.join(", ")}, got ${String(spacing)}`);
  if (spacing === "lucidrains") return Int32Array.from({ length: samplingSteps }, (_, i) => Math.trunc(-1 + ((samplingSteps - i) * trainingSteps) / samplingSteps));
  if (samplingSteps === 1) return Int32Array.of(trainingSteps - 1);
  return Int32Array.from({ length: samplingSteps }, (_, i) => Math.round(((trainingSteps - 1) * (samplingSteps - 1 - i)) / (samplingSteps - 1)));
}

/** Options of ddimSample. */
export interface DdimOptions {
  /** Number of images. */
  count: number;
  height: number;
  width: number;
  /** Channels (default 1). */
  channels?: number;
  /** Seed of the initial noise. */
  seed: number;
  /** Sampling steps S (default 20). */
  steps?: number;
  /** The training schedule (default linearBetaSchedule()). */
  schedule?: BetaSchedule;
  /** Which S steps (default "inclusive"; module comment). */
  spacing?: DdimSpacing;
  /** Range [lo, hi] x̂_0 is clipped to, or null for none (default [0, 1]; module comment). */
  clip?: readonly [number, number] | null;
}

/**
 * `count` samples by deterministic DDIM (module comment).
 * @returns images [count, height, width, channels]
 * @throws Error for bad sizes, seed, steps, schedule or clip range, or a model output of the wrong shape
 */
export function ddimSample(model: X0Model, options: DdimOptions): tf.Tensor4D {
  const caller = "ddimSample";
  const { count, height, width, seed } = options;
  const channels = options.channels ?? 1;
  const schedule = options.schedule ?? linearBetaSchedule();
  const clip = options.clip === undefined ? ([0, 1] as const) : options.clip;
  for (const [name, value] of [["count", count], ["height", height], ["width", width], ["channels", channels]] as const) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`${caller}: ${name} must be an integer >= 1, got ${value}`);
  }
  if (!Number.isSafeInteger(seed)) throw new Error(`${caller}: seed must be a safe integer, got ${seed}`);
  if (clip !== null && !(Array.isArray(clip) && clip.length === 2 && clip[0] < clip[1])) throw new Error(`${caller}: clip must be [lo, hi] with lo < hi, or null, got ${JSON.stringify(clip)}`);
  checkSchedule(caller, schedule);
  const taus = ddimTimesteps(schedule.steps, options.steps ?? DDIM_DEFAULT_STEPS, options.spacing);
  const shape: [number, number, number, number] = [count, height, width, channels];
  const rng = new SeededRandom(seed);
  let x = tf.tensor4d(Float32Array.from({ length: count * height * width * channels }, () => rng.gaussian()), shape);
  for (let i = 0; i < taus.length; i++) {
    const t = new Int32Array(count).fill(taus[i]);
    let next: tf.Tensor4D;
    try {
      next = tf.tidy(() => {
        const raw = model.forward(x, t);
        if (!tf.util.arraysEqual(raw.shape, shape)) throw new Error(`${caller}: the model must return [${shape.join(", ")}] at step ${taus[i]}, got [${raw.shape.join(", ")}]`);
        const x0 = clip === null ? raw : tf.clipByValue(raw, clip[0], clip[1]);
        if (i === taus.length - 1) return x0;
        const epsilon = tf.div(tf.sub(x, tf.mul(perImageCoefficient(t, schedule.alphaBars, Math.sqrt), x0)), perImageCoefficient(t, schedule.alphaBars, (a) => Math.sqrt(1 - a)));
        const tNext = new Int32Array(count).fill(taus[i + 1]);
        return tf.add(tf.mul(perImageCoefficient(tNext, schedule.alphaBars, Math.sqrt), x0), tf.mul(perImageCoefficient(tNext, schedule.alphaBars, (a) => Math.sqrt(1 - a)), epsilon)) as tf.Tensor4D;
      });
    } catch (error) {
      x.dispose();
      throw error;
    }
    x.dispose();
    x = next;
  }
  return x;
}
