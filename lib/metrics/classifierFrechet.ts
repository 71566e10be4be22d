/**
 * FD_classifier: the Fréchet distance (frechet.ts) between Gaussian fits of the penultimate-layer features
 * of our own small image classifier (lib/models/imageClassifier.ts, 64 features) on two image sets.
 *
 * This is FID's recipe [1] with another feature extractor, and it is NOT FID: FID is defined with the
 * 2048-d pool features of one particular InceptionV3 network (the TTUR / pytorch-fid weights), whose
 * weights cannot be fetched here (no network; inception.ts loads them when a user supplies them). Values
 * of FD_classifier are comparable with each other only for the same trained classifier (same data, seed
 * and training options), never with published FID numbers. For 28 x 28 grayscale digits a classifier
 * trained on the digits is also the more meaningful extractor (InceptionV3 sees upsampled, tiled,
 * out-of-domain images).
 *
 * References
 * [1] Heusel et al., "GANs trained by a two time-scale update rule converge to a local Nash equilibrium",
 *     NeurIPS 2017.
 */
import * as tf from "@tensorflow/tfjs";
import type { ImageClassifier } from "../models/imageClassifier.js";
import { frechetDistance, gaussianFit, type GaussianFit } from "./frechet.js";

/** Default images per forward pass of a feature extractor (memory only; results do not depend on it). */
export const FEATURE_BATCH_SIZE = 256;

/**
 * A Gaussian fit (gaussianFit: mean, unbiased covariance) of the features of `images`, computed in batches
 * of `batchSize` images, each in a tf.tidy; the features are copied to float64 on the host.
 * @param extract - images [b, H, W, C] → features [b, d]; called once per batch; must not dispose its input
 * @param images - [n, H, W, C], n ≥ 2 (not disposed)
 * @param batchSize - images per call of `extract`
 * @throws Error for n < 2, a bad batch size, or an extractor that does not return [b, d] with the same d
 *   for every batch, or non-finite features
 */
export function featureStatistics(extract: (x: tf.Tensor4D) => tf.Tensor2D, images: tf.Tensor4D, batchSize = FEATURE_BATCH_SIZE): GaussianFit {
  const caller = "featureStatistics";
  if (!(images instanceof tf.Tensor) || images.rank !== 4) {
    throw new Error(`${caller}: images must be a 4-D tensor [n, H, W, C], got ${images instanceof tf.Tensor ? `[${images.shape.join(", ")}]` : String(images)}`);
  }
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`${caller}: batchSize must be an integer >= 1, got ${batchSize}`);
  const n = images.shape[0];
  if (n < 2) throw new Error(`${caller}: need at least 2 images for a covariance, got ${n}`);
  let features: Float64Array | undefined;
  let d = 0;
  for (let start = 0; start < n; start += batchSize) {
    const size = Math.min(batchSize, n - start);
    const values = tf.tidy(() => {
      const x = tf.slice(images, start, size) as tf.Tensor4D;
      const y = extract(x);
      if (!(y instanceof tf.Tensor) || y.rank !== 2 || y.shape[0] !== size) {
        throw new Error(`${caller}: the extractor must return features [${size}, d] for a batch of ${size} images, got ${y instanceof tf.Tensor ? `[${y.shape.join(", ")}]` : String(y)}`);
      }
      return { data: y.dataSync(), width: y.shape[1] };
    });
    if (features === undefined) {
      d = values.width;
      features = new Float64Array(n * d);
    } else if (values.width !== d) {
      throw new Error(`${caller}: the extractor returned ${values.width} features for images ${start}.., but ${d} for the first batch`);
    }
    features.set(values.data, start * d);
  }
  return gaussianFit(features as Float64Array, n, d);
}

/**
 * FD_classifier (module comment): the Fréchet distance between Gaussian fits of `classifier.features` on
 * imagesA and on imagesB. Not FID.
 * @param imagesA - [nA, S, S, 1], nA ≥ 2; @param imagesB - [nB, S, S, 1], nB ≥ 2 (S = classifier.imageSize)
 * @param batchSize - images per forward pass (memory only)
 * @throws Error for bad image shapes, fewer than 2 images, or a bad batch size
 */
export function classifierFrechetDistance(classifier: ImageClassifier, imagesA: tf.Tensor4D, imagesB: tf.Tensor4D, batchSize = FEATURE_BATCH_SIZE): number {
  classifier.checkImages("classifierFrechetDistance (imagesA)", imagesA);
  classifier.checkImages("classifierFrechetDistance (imagesB)", imagesB);
  const extract = (x: tf.Tensor4D): tf.Tensor2D => classifier.features(x);
  return frechetDistance(featureStatistics(extract, imagesA, batchSize), featureStatistics(extract, imagesB, batchSize));
}
