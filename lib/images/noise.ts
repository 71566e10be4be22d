/**
 * The noise models of the denoising autoencoder, Section 3.3 of the paper (text line 215 of
 * the paper's text; the earlier version's text, lines 193-195,
 * names the parameters):
 *   ε1 ~ N(0, σ²)                      Gaussian, independent per pixel,
 *   ε2 = a · sin(2π η (x + y))         deterministic, x, y ∈ [0, 1].
 * Train: ε1 ~ N(0, 1/4), ε2 = 0.3 sin(2π(x + y))   (σ² = 1/4, a = 0.3, η = 1);
 * test ("significantly amplified"): ε1 ~ N(0, 1), ε2 = 0.3 sin(20π(x + y))   (σ² = 1, a = 0.3, η = 10).
 * Erratum/ambiguity: the earlier version gives the test ε2 as 0.3 sin(2π(x + y)), identical to training;
 * we follow the later text (η = 10). Figure 4's caption shows the two noises as separate cases
 * (top row ε1, bottom row ε2), so each is added on its own; addDenoisingNoise can also add both.
 *
 * Pixel convention: an image of H rows and W columns covers [0, 1]²; pixel (i, j) (row i from the top,
 * column j from the left) sits at its centre x = (j + 0.5)/W, y = (i + 0.5)/H.
 * The noisy image is clean + noise with no clipping: the paper does not clip, and the noisy inputs of
 * Figure 4 are fed as they are (values leave [0, 1]).
 */
import type { SeededRandom } from "../numeric/random.js";

/** Parameters of ε1 ~ N(0, gaussianVariance) and ε2 = amplitude · sin(2π frequency (x + y)). */
export interface DenoisingNoise {
  readonly gaussianVariance: number;
  readonly amplitude: number;
  readonly frequency: number;
}

/** Training noise of Section 3.3 (line 215): ε1 ~ N(0, 1/4), ε2 = 0.3 sin(2π(x + y)). */
export const DENOISING_TRAIN_NOISE: DenoisingNoise = { gaussianVariance: 1 / 4, amplitude: 0.3, frequency: 1 };

/** Amplified test noise of Section 3.3 (line 215): ε1 ~ N(0, 1), ε2 = 0.3 sin(20π(x + y)). */
export const DENOISING_TEST_NOISE: DenoisingNoise = { gaussianVariance: 1, amplitude: 0.3, frequency: 10 };

/** Which of the paper's noises to add: ε1, ε2 or their sum. */
export type NoiseKind = "gaussian" | "sinusoidal" | "both";

function checkBatch(images: Float32Array, shape: readonly [number, number, number], caller: string): void {
  if (!shape.every((size) => Number.isInteger(size) && size >= 0)) {
    throw new Error(`${caller}: shape must be non-negative integers [n, H, W], got [${shape.join(", ")}]`);
  }
  const [n, h, w] = shape;
  if (images.length !== n * h * w) {
    throw new Error(`${caller}: shape [${n}, ${h}, ${w}] needs ${n * h * w} values, got ${images.length}`);
  }
}

/** ε2 at pixel (i, j) of an H×W image: a · sin(2π η (x + y)), x = (j + 0.5)/W, y = (i + 0.5)/H. */
export function sinusoidalNoiseAt(i: number, j: number, height: number, width: number, amplitude: number, frequency: number): number {
  const x = (j + 0.5) / width;
  const y = (i + 0.5) / height;
  return amplitude * Math.sin(2 * Math.PI * frequency * (x + y));
}

/**
 * clean + ε1, ε1 ~ N(0, variance) drawn independently per pixel in row-major order (image, row, column).
 * @param images - batch [n, H, W], row-major
 * @returns a new array; `images` is not modified
 */
export function addGaussianNoise(
  images: Float32Array,
  shape: readonly [number, number, number],
  variance: number,
  random: SeededRandom,
): Float32Array {
  checkBatch(images, shape, "addGaussianNoise");
  if (!(variance >= 0) || !Number.isFinite(variance)) throw new Error(`addGaussianNoise: variance must be finite and >= 0, got ${variance}`);
  const sigma = Math.sqrt(variance);
  const out = new Float32Array(images.length);
  for (let k = 0; k < images.length; k++) out[k] = images[k] + sigma * random.gaussian();
  return out;
}

/**
 * clean + ε2, ε2 = amplitude · sin(2π frequency (x + y)) at pixel centres, the same pattern for every image.
 * @param images - batch [n, H, W], row-major
 * @returns a new array; `images` is not modified
 */
export function addSinusoidalNoise(
  images: Float32Array,
  shape: readonly [number, number, number],
  amplitude: number,
  frequency: number,
): Float32Array {
  checkBatch(images, shape, "addSinusoidalNoise");
  if (!Number.isFinite(amplitude) || !Number.isFinite(frequency)) {
    throw new Error(`addSinusoidalNoise: amplitude and frequency must be finite, got ${amplitude} and ${frequency}`);
  }
  const [n, h, w] = shape;
  const pattern = new Float64Array(h * w);
  for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) pattern[i * w + j] = sinusoidalNoiseAt(i, j, h, w, amplitude, frequency);
  const out = new Float32Array(images.length);
  for (let b = 0; b < n; b++) {
    const offset = b * h * w;
    for (let p = 0; p < h * w; p++) out[offset + p] = images[offset + p] + pattern[p];
  }
  return out;
}

/** The paper's noisy input: clean + ε1, clean + ε2, or clean + ε1 + ε2, with the parameters of `noise`. */
export function addDenoisingNoise(
  images: Float32Array,
  shape: readonly [number, number, number],
  kind: NoiseKind,
  noise: DenoisingNoise,
  random: SeededRandom,
): Float32Array {
  if (kind === "gaussian") return addGaussianNoise(images, shape, noise.gaussianVariance, random);
  if (kind === "sinusoidal") return addSinusoidalNoise(images, shape, noise.amplitude, noise.frequency);
  if (kind === "both") {
    return addSinusoidalNoise(addGaussianNoise(images, shape, noise.gaussianVariance, random), shape, noise.amplitude, noise.frequency);
  }
  throw new Error(`addDenoisingNoise: kind must be "gaussian", "sinusoidal" or "both", got ${String(kind)}`);
}
