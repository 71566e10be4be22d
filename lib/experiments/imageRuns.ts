/**
 * What the image experiments (Figures 4, 5 and 8) share: seeded mini-batch orders, test errors evaluated in
 * chunks, and example images rounded for the run records.
 */
import * as tf from "@tensorflow/tfjs";
import { datasetFolder, loadImageFolder } from "../images/imageFolder.js";
import type { SeededRandom } from "../numeric/random.js";

/** Test images go through a model in chunks of this many, to bound the memory of one forward pass. */
export const EVALUATION_CHUNK = 500;

/**
 * Mini-batches of n items: a new seeded permutation at the first step of each epoch, then consecutive slices
 * of batchSize (the last one smaller). fit() asks for (epoch, step) pairs in order, and once for (1, 0) before
 * training; asking again for an epoch already begun keeps its order.
 */
export class EpochBatches {
  readonly stepsPerEpoch: number;
  private epoch = 0;
  private order = new Int32Array(0);

  constructor(private readonly n: number, private readonly batchSize: number, private readonly random: SeededRandom) {
    if (!Number.isInteger(n) || n < 1 || !Number.isInteger(batchSize) || batchSize < 1) {
      throw new Error(`EpochBatches: n and batchSize must be positive integers, got ${n} and ${batchSize}`);
    }
    this.stepsPerEpoch = Math.ceil(n / batchSize);
  }

  /** The item indices of mini-batch `step` (0-based) of `epoch`. */
  indices(epoch: number, step: number): Int32Array {
    if (epoch !== this.epoch) {
      this.order = this.random.permutation(this.n);
      this.epoch = epoch;
    }
    return this.order.subarray(step * this.batchSize, Math.min(this.n, (step + 1) * this.batchSize));
  }
}

/** The pixel MSE of forward(inputs) against targets over all images, in chunks of EVALUATION_CHUNK. */
export function meanSquaredErrorInChunks(forward: (x: tf.Tensor4D) => tf.Tensor4D, inputs: tf.Tensor4D, targets: tf.Tensor4D): number {
  const n = inputs.shape[0];
  let sum = 0;
  for (let start = 0; start < n; start += EVALUATION_CHUNK) {
    const size = Math.min(EVALUATION_CHUNK, n - start);
    sum += tf.tidy(() => tf.sum(tf.squaredDifference(forward(inputs.slice(start, size)), targets.slice(start, size))).dataSync()[0]);
  }
  return sum / targets.size;
}

/** Images k = 0..count−1 of a flat batch (pixels each) as arrays rounded to 1/scale, for a run record. */
export function roundedImages(data: ArrayLike<number>, count: number, pixels: number, scale: number): number[][] {
  return Array.from({ length: count }, (_, k) => Array.from({ length: pixels }, (_, p) => Math.round(data[k * pixels + p] * scale) / scale));
}

/** Every FOLDER_TEST_EVERY-th image of a user's folder (sorted names) is held out for testing or reference. */
export const FOLDER_TEST_EVERY = 5;

/**
 * The first trainCount and testCount images of a user's dataset folder data/<name>/ (datasetFolder), resized to
 * size × size RGB, split by file order: every FOLDER_TEST_EVERY-th file is a test image. With testCount = 0 nothing is
 * held out and every file is a training image (as the authors' diffusion run trains on its whole folder). Errors name
 * the folder and the fix when it is missing or too small.
 */
export function folderSplits(name: string, size: number, trainCount: number, testCount: number, caller: string): { train: tf.Tensor4D; test: tf.Tensor4D } {
  const folder = datasetFolder(name);
  const all = loadImageFolder(folder, { size });
  const pixels = size * size * 3;
  const [trainIndex, testIndex] = [[] as number[], [] as number[]];
  const heldOut = (k: number): boolean => testCount > 0 && k % FOLDER_TEST_EVERY === FOLDER_TEST_EVERY - 1;
  for (let k = 0; k < all.shape[0]; k++) (heldOut(k) ? testIndex : trainIndex).push(k);
  const take = (indices: number[], count: number, what: string): tf.Tensor4D => {
    if (indices.length < count) {
      const split = testCount > 0 ? ` (every ${FOLDER_TEST_EVERY}th file is held out)` : "";
      throw new Error(`${caller}: ${what} = ${count}, but ${folder} gives only ${indices.length}${split}; add images or lower it`);
    }
    const data = new Float32Array(count * pixels);
    indices.slice(0, count).forEach((k, i) => data.set(all.images.subarray(k * pixels, (k + 1) * pixels), i * pixels));
    return tf.tensor4d(data, [count, size, size, 3]);
  };
  return { train: take(trainIndex, trainCount, "trainImages"), test: take(testIndex, testCount, "testImages") };
}
