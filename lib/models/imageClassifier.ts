/**
 * A small convolutional classifier for 28 x 28 grayscale images (MNIST, Fashion-MNIST), NHWC. It is not
 * in the paper: we train it to have features in which to compare image sets, the Fréchet distance of
 * lib/metrics/classifierFrechet.ts (FID's recipe with our classifier in place of InceptionV3, whose weights
 * cannot be fetched here). Architecture (defaults):
 *
 *   conv 3x3 stride 2, 1 → c1,  ReLU      [n, 28, 28, 1] → [n, 14, 14, c1]        c1 = 16
 *   conv 3x3 stride 2, c1 → c2, ReLU      → [n, 7, 7, c2]                          c2 = 32
 *   flatten (NHWC order)                  → [n, 7·7·c2] = [n, 1568]
 *   dense → h, ReLU                       → [n, h]   "features", the penultimate layer, h = 64
 *   dense → 10                            → [n, 10]  logits
 *
 * Why: two stride-2 convolutions are the usual minimal MNIST feature extractor (28 = 4 · 7, as in
 * convAutoencoder.ts), and a 64-wide penultimate layer keeps the Gaussian fits of the features small
 * (64 x 64 covariances) while still separating the classes (measured test accuracy on the 1,996 MNIST test
 * digits: 0.86 after one epoch on 2,000 training digits, 0.96 after two on all 8,004; batch 16, Adam
 * 3e-3). Padding is tfjs 'same' (output ⌈input/stride⌉). Any square size divisible by 4 is accepted (`imageSize`; the gradient test uses 8 x 8 and small widths); the flatten is NHWC, so
 * weights are not interchangeable with a PyTorch (NCHW) model of the same shape.
 *
 * Initialisation: PyTorch's default for Conv2d and Linear, W, b ~ U(±1/√fan_in), fan_in = c_in k² for a
 * convolution and n_in for a dense layer (convAutoencoder.ts and initialisation.ts give the sources).
 * Draw order (part of the seed's meaning): layers in order, each W row-major in the tfjs layout
 * ([k, k, c_in, c_out] for conv2d, [n_in, n_out] for dense), then b, all from one SeededRandom(seed).
 *
 * Training (trainImageClassifier): mean softmax cross-entropy over the mini-batch, Adam, mini-batches of a
 * permutation drawn by a seeded Fisher–Yates shuffle each epoch (the last batch may be smaller).
 */
import * as tf from "@tensorflow/tfjs";
import { SeededRandom } from "../numeric/random.js";
import { FusedAdamOptimizer } from "../train/fusedAdam.js";
import { convVariables, denseVariables } from "./initialisation.js";
import { checkInteger, checkPositive, checkSeed } from "./validation.js";

/** The number of classes (digits 0..9, or the ten Fashion-MNIST classes). */
export const IMAGE_CLASSIFIER_CLASSES = 10;

export interface ImageClassifierConfig {
  /** Seed of the SeededRandom that draws every weight (module comment, draw order). */
  seed: number;
  /** Channels of the two convolutions (default [16, 32]). */
  channels?: readonly [number, number];
  /** Width of the penultimate ("features") layer (default 64). */
  hidden?: number;
  /** Side of the square input images, a multiple of 4 (default 28). */
  imageSize?: number;
}

/** The classifier of the module comment, with tf.variable weights. */
export class ImageClassifier {
  readonly description: string;
  /** conv1 W, b, conv2 W, b, dense1 W, b, dense2 W, b. */
  readonly variables: tf.Variable[];
  /** Side of the square input images. */
  readonly imageSize: number;
  /** Width of the features (penultimate) layer. */
  readonly featureWidth: number;
  private readonly conv: { filter: tf.Variable<tf.Rank.R4>; bias: tf.Variable<tf.Rank.R1> }[];
  private readonly dense: { weights: tf.Variable<tf.Rank.R2>; bias: tf.Variable<tf.Rank.R1> }[];

  constructor(config: ImageClassifierConfig) {
    const caller = "imageClassifier";
    const channels = config.channels ?? [16, 32];
    const hidden = config.hidden ?? 64;
    const size = config.imageSize ?? 28;
    if (!Array.isArray(channels) || channels.length !== 2) throw new Error(`${caller}: channels must be two convolution widths [c1, c2], got ${JSON.stringify(channels)}`);
    channels.forEach((c, i) => checkInteger(caller, `channels[${i}]`, c, 1));
    checkInteger(caller, "hidden", hidden, 1);
    checkInteger(caller, "imageSize", size, 4);
    if (size % 4 !== 0) throw new Error(`${caller}: imageSize must be a multiple of 4 (two stride-2 convolutions), got ${size}`);
    checkSeed(caller, config.seed, 1);
    const [c1, c2] = channels;
    const k = 3;
    const flat = (size / 4) ** 2 * c2;
    const rng = new SeededRandom(config.seed);
    // tf.tidy frees the initial-value tensors and keeps the variables.
    this.conv = ([[1, c1], [c1, c2]] as const).map(([cIn, cOut]) => convVariables(rng, [k, k, cIn, cOut], cIn * k * k));
    this.dense = ([[flat, hidden], [hidden, IMAGE_CLASSIFIER_CLASSES]] as const).map(([nIn, nOut]) => denseVariables(rng, nIn, nOut));
    this.variables = [...this.conv.flatMap((l) => [l.filter, l.bias]), ...this.dense.flatMap((l) => [l.weights, l.bias])];
    this.imageSize = size;
    this.featureWidth = hidden;
    this.description = `image classifier conv3x3/2 1-${c1}, conv3x3/2 ${c1}-${c2}, dense ${flat}-${hidden}-${IMAGE_CLASSIFIER_CLASSES} (ReLU, ${size}x${size} inputs)`;
  }

  /**
   * Throws unless x is a tensor [n, S, S, 1], n ≥ 1, S = imageSize; the message names `caller` and the
   * received shape.
   */
  checkImages(caller: string, x: tf.Tensor4D): void {
    const shape = x instanceof tf.Tensor ? x.shape : undefined;
    const S = this.imageSize;
    if (shape === undefined || shape.length !== 4 || shape[0] < 1 || shape[1] !== S || shape[2] !== S || shape[3] !== 1) {
      throw new Error(`${caller}: x must be [n, ${S}, ${S}, 1] with n >= 1 (NHWC grayscale), got ${shape ? `[${shape.join(", ")}]` : String(x)}`);
    }
  }

  /** The penultimate activations without the input check (callers check). */
  private featuresUnchecked(x: tf.Tensor4D): tf.Tensor2D {
    return tf.tidy(() => {
      let h: tf.Tensor4D = x;
      for (const layer of this.conv) h = tf.relu(tf.add(tf.conv2d(h, layer.filter, 2, "same"), layer.bias)) as tf.Tensor4D;
      const flat = tf.reshape(h, [h.shape[0], -1]) as tf.Tensor2D;
      const [first] = this.dense;
      return tf.relu(tf.add(tf.matMul(flat, first.weights), first.bias)) as tf.Tensor2D;
    });
  }

  /**
   * The features: the ReLU activations of the penultimate layer.
   * @param x - images [n, S, S, 1] (S = imageSize, 28 by default), pixels as the classifier was trained on
   * @returns [n, featureWidth] (64 by default)
   * @throws Error naming the received shape when x is not [n, S, S, 1]
   */
  features(x: tf.Tensor4D): tf.Tensor2D {
    this.checkImages("imageClassifier.features", x);
    return this.featuresUnchecked(x);
  }

  /**
   * The class logits (softmax gives the class probabilities).
   * @param x - images [n, S, S, 1]
   * @returns [n, 10]
   * @throws Error naming the received shape when x is not [n, S, S, 1]
   */
  logits(x: tf.Tensor4D): tf.Tensor2D {
    this.checkImages("imageClassifier.logits", x);
    return tf.tidy(() => {
      const last = this.dense[1];
      return tf.add(tf.matMul(this.featuresUnchecked(x), last.weights), last.bias) as tf.Tensor2D;
    });
  }

  /** The logits (the same as `logits`; the name the other models use). */
  forward(x: tf.Tensor4D): tf.Tensor2D {
    return this.logits(x);
  }

  /** Frees the variables; the model cannot be used afterwards. */
  dispose(): void {
    for (const variable of this.variables) variable.dispose();
  }
}

/** An ImageClassifier (module comment). @throws Error for bad channels, hidden width, image size or seed */
export function imageClassifier(config: ImageClassifierConfig): ImageClassifier {
  return new ImageClassifier(config);
}

/** Labels as an Int32Array of n classes in 0..9, or the error naming the first bad one. */
function checkLabels(caller: string, labels: ArrayLike<number>, n: number): Int32Array {
  if (labels === null || typeof labels !== "object" || typeof labels.length !== "number") throw new Error(`${caller}: labels must be an array of class indices, got ${String(labels)}`);
  if (labels.length !== n) throw new Error(`${caller}: labels must have one entry per image, ${n}, got ${labels.length}`);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const label = labels[i];
    if (!Number.isInteger(label) || label < 0 || label >= IMAGE_CLASSIFIER_CLASSES) {
      throw new Error(`${caller}: labels[${i}] must be an integer class in 0..${IMAGE_CLASSIFIER_CLASSES - 1}, got ${label}`);
    }
    out[i] = label;
  }
  return out;
}

/**
 * The mean softmax cross-entropy of the model's logits against integer labels,
 * mean_i (log Σ_c exp z_ic − z_i,y_i), differentiable in the model's variables.
 * @param images - [n, S, S, 1]; @param labels - n classes in 0..9
 * @throws Error for a bad image shape or labels
 */
export function crossEntropyLoss(model: ImageClassifier, images: tf.Tensor4D, labels: Int32Array | readonly number[]): tf.Scalar {
  model.checkImages("crossEntropyLoss", images);
  const checked = checkLabels("crossEntropyLoss", labels, images.shape[0]);
  return tf.tidy(() => {
    const logits = model.logits(images);
    const oneHot = tf.oneHot(tf.tensor1d(checked, "int32"), IMAGE_CLASSIFIER_CLASSES);
    return tf.neg(tf.mean(tf.sum(tf.mul(oneHot, tf.logSoftmax(logits)), 1))) as tf.Scalar;
  });
}

export interface TrainImageClassifierOptions {
  /** Passes over the training images (≥ 1). */
  epochs: number;
  /** Mini-batch size (≥ 1; the last batch of an epoch may be smaller). */
  batchSize: number;
  /** Adam's learning rate. */
  learningRate: number;
  /** Seeds the weights (SeededRandom(seed)) and the shuffles (SeededRandom(seed + 1)). */
  seed: number;
  /** Architecture options other than the seed (imageClassifier's defaults otherwise). */
  architecture?: Omit<ImageClassifierConfig, "seed">;
  /** Called after each epoch with its statistics. */
  onEpoch?: (epoch: ImageClassifierEpoch) => void;
}

/** Statistics of one training epoch, averaged over its mini-batches weighted by their sizes. */
export interface ImageClassifierEpoch {
  /** 1-based epoch number. */
  epoch: number;
  /** Mean cross-entropy of the mini-batches, each evaluated before its Adam step (the running loss). */
  loss: number;
  /** Fraction of the epoch's images classified correctly by the weights before their step. */
  accuracy: number;
}

/** What trainImageClassifier returns: the trained model (the caller disposes it) and its epochs. */
export interface TrainedImageClassifier {
  model: ImageClassifier;
  epochs: ImageClassifierEpoch[];
}

/**
 * Trains an ImageClassifier from scratch (module comment: loss, optimiser, batches).
 * @param images - [n, S, S, 1] training images (not disposed)
 * @param labels - n classes in 0..9
 * @returns the trained model and per-epoch running loss and accuracy
 * @throws Error for bad shapes, labels, epochs, batch size, learning rate or seed
 */
export function trainImageClassifier(images: tf.Tensor4D, labels: Int32Array | readonly number[], options: TrainImageClassifierOptions): TrainedImageClassifier {
  const caller = "trainImageClassifier";
  const { epochs, batchSize, learningRate, seed, onEpoch } = options ?? ({} as Partial<TrainImageClassifierOptions>);
  checkInteger(caller, "epochs", epochs, 1);
  checkInteger(caller, "batchSize", batchSize, 1);
  checkPositive(caller, "learningRate", learningRate);
  checkSeed(caller, seed, 2);
  const model = imageClassifier({ ...options.architecture, seed });
  let checked: Int32Array;
  try {
    model.checkImages(caller, images);
    checked = checkLabels(caller, labels, images.shape[0]);
  } catch (err) {
    model.dispose();
    throw err;
  }
  const n = images.shape[0];
  const labelTensor = tf.tensor1d(checked, "int32");
  const optimizer = new FusedAdamOptimizer(learningRate);
  const rng = new SeededRandom(seed + 1);
  const history: ImageClassifierEpoch[] = [];
  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const order = rng.permutation(n);
      let lossSum = 0;
      let correct = 0;
      for (let start = 0; start < n; start += batchSize) {
        const indices = tf.tensor1d(order.subarray(start, Math.min(start + batchSize, n)), "int32");
        const x = tf.gather(images, indices) as tf.Tensor4D;
        const y = tf.gather(labelTensor, indices) as tf.Tensor1D;
        let hits: tf.Scalar | undefined;
        const cost = optimizer.minimize(() => {
          const logits = model.logits(x);
          // Kept past minimize's tidy; not on the path to the loss, so it does not change the gradient.
          hits = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), y), "float32")) as tf.Scalar);
          const oneHot = tf.oneHot(y, IMAGE_CLASSIFIER_CLASSES);
          return tf.neg(tf.mean(tf.sum(tf.mul(oneHot, tf.logSoftmax(logits)), 1))) as tf.Scalar;
        }, true, model.variables);
        const size = indices.shape[0];
        lossSum += (cost as tf.Scalar).dataSync()[0] * size;
        correct += (hits as tf.Scalar | undefined)?.dataSync()[0] ?? 0;
        tf.dispose([indices, x, y, cost as tf.Scalar]);
        if (hits !== undefined) tf.dispose(hits as tf.Scalar);
      }
      const stats: ImageClassifierEpoch = { epoch, loss: lossSum / n, accuracy: correct / n };
      history.push(stats);
      onEpoch?.(stats);
    }
  } catch (err) {
    model.dispose();
    throw err;
  } finally {
    optimizer.dispose();
    labelTensor.dispose();
  }
  return { model, epochs: history };
}

/**
 * The fraction of images whose largest logit is their label's.
 * @param images - [n, S, S, 1]; @param labels - n classes in 0..9
 * @param batchSize - images per forward pass (memory only; the result does not depend on it)
 * @throws Error for bad shapes, labels or batch size
 */
export function classifierAccuracy(model: ImageClassifier, images: tf.Tensor4D, labels: Int32Array | readonly number[], batchSize = 256): number {
  const caller = "classifierAccuracy";
  checkInteger(caller, "batchSize", batchSize, 1);
  model.checkImages(caller, images);
  const n = images.shape[0];
  const checked = checkLabels(caller, labels, n);
  let correct = 0;
  for (let start = 0; start < n; start += batchSize) {
    const predicted = tf.tidy(() => {
      const x = tf.slice(images, start, Math.min(batchSize, n - start)) as tf.Tensor4D;
      return tf.argMax(model.logits(x), 1).dataSync() as Int32Array;
    });
    predicted.forEach((p, i) => (correct += p === checked[start + i] ? 1 : 0));
  }
  return correct / n;
}
