/**
 * Figure 4 of the paper (Section 3.3, lines 211-217 and 226 of the paper's text): the
 * convolutional denoising autoencoder (lib/models/convAutoencoder.ts) trained on MNIST with Adam (5e-3) to map
 * noisy digits to clean ones, with the L² loss or the spectral H¹ loss, for each noise on its own (the figure's
 * top row is ε1, its bottom row ε2):
 *   training  ε1 ~ N(0, 1/4)  or  ε2 = 0.3 sin(2π(x + y)),
 *   testing   ε1 ~ N(0, 1)    or  ε2 = 0.3 sin(20π(x + y))   ("significantly amplified", lib/images/noise.ts).
 *
 * One run trains one autoencoder. Its recorded test error (history.testError, one member) is the pixel MSE
 * between the denoised and the clean test digits under the amplified test noise, the error that the paper's
 * generalisation claim is about; `inDistributionError` is the same under the training noise, which separates
 * fitting from generalising. Both use one fixed draw of the test noise (testSeed), the same for L² and H¹.
 *
 * Training noise: ε1 is drawn afresh for every mini-batch (noiseSeed), as a denoising autoencoder normally sees
 * it; ε2 is deterministic. Mini-batches follow a seeded permutation per epoch (noiseSeed + 1). The paper gives no
 * batch size, epoch count or training-set size; the notebook's profiles choose them and say so.
 */
import * as tf from "@tensorflow/tfjs";
import { loadMnist } from "../images/mnist.js";
import { addDenoisingNoise, DENOISING_TEST_NOISE, DENOISING_TRAIN_NOISE, type DenoisingNoise } from "../images/noise.js";
import { convAutoencoder, denoisingLoss } from "../models/convAutoencoder.js";
import { authorsDenoisingAutoencoder } from "../models/authorsDenoisingAutoencoder.js";
import { SeededRandom } from "../numeric/random.js";
import { pairedRatio, type IntervalEvidence } from "../checks/index.js";
import { fit, seededRandomState, type FitHistory } from "../train/index.js";
import { pooledHistory } from "./curves.js";
import { EpochBatches, meanSquaredErrorInChunks, roundedImages } from "./imageRuns.js";
import { commonLevelBySeed, finalRatioBySeed } from "./seedPairs.js";
import { finalMemberErrors } from "./memberComparisons.js";

/** The two noise cases of Figure 4 (rows): ε1 alone and ε2 alone. */
export const FIG4_NOISES = ["gaussian", "sinusoidal"] as const;
export type Fig4Noise = (typeof FIG4_NOISES)[number];
/**
 * L² and H¹ are the paper's comparison; "authors-fft" is the loss the authors' code trains where the paper says H¹
 * (lib/losses/authorsFftLoss.ts), run beside them so that the figure can be read for both.
 */
export const FIG4_LOSSES = ["L2", "H1", "authors-fft"] as const;
export type Fig4Loss = (typeof FIG4_LOSSES)[number];

export const DENOISING_ARCHITECTURES = ["paper", "authors"] as const;
export type DenoisingArchitecture = (typeof DENOISING_ARCHITECTURES)[number];

/** Adam's learning rate in Section 3.3 (line 215). */
export const PAPER_DENOISING_LEARNING_RATE = 5e-3;

/**
 * The paper gives no epochs or training-set size for Figure 4; the authors' code does ("Denoising
 * Autoencoder/train_config.yaml": `epoch: 20`, `batch_size: 128`; data_loader.py: torchvision's MNIST training
 * split, 60,000 digits). They are the reference of a run's training scale (seedPairs.trainingScale).
 */
export const AUTHORS_DENOISING_EPOCHS = 20;
/** The authors' batch size (Denoising Autoencoder/train_config.yaml:15); the paper states none. */
export const AUTHORS_DENOISING_BATCH_SIZE = 128;
export const AUTHORS_DENOISING_TRAIN_IMAGES = 60_000;

/** Digits stored with 4 decimals: the reconstruction grids need no more, and the cached record stays small. */
const EXAMPLE_DECIMALS = 1e4;

export interface DenoisingConfig {
  readonly noise: Fig4Noise;
  readonly loss: Fig4Loss;
  /** The first `trainImages` digits of loadMnist's train split (at most 8,004) and of its test split (at most 1,996). */
  readonly trainImages: number;
  readonly testImages: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  /** The autoencoder's output layer (convAutoencoder's `output`); the authors' network is always linear. */
  readonly output: "sigmoid" | "linear";
  /**
   * "paper" (absent means this): our reading of the paper's "three convolution layers" (convAutoencoder.ts);
   * "authors": the authors' network with its dense bottleneck (authorsDenoisingAutoencoder.ts), linear output.
   */
  readonly architecture?: DenoisingArchitecture;
  /** Seeds the weights. */
  readonly seed: number;
  /** Seeds the training noise and (plus 1) the mini-batch order. */
  readonly noiseSeed: number;
  /** Seeds the one draw of test noise (both levels). */
  readonly testSeed: number;
  /** How many test digits (the first ones) keep their clean, noisy and denoised pixels for the figure. */
  readonly examples: number;
}

/** Clean, noisy (amplified test noise) and denoised pixels of the example digits, row-major, 4 decimals. */
export interface DenoisingExamples {
  readonly height: number;
  readonly width: number;
  readonly clean: number[][];
  readonly noisy: number[][];
  readonly denoised: number[][];
}

export interface DenoisingResult {
  readonly description: string;
  /** testError[k] = [test MSE under the amplified test noise] at epochs[k]; seconds are training time only. */
  readonly history: FitHistory;
  /** Test MSE under the training noise at the same evaluations. */
  readonly inDistributionError: number[];
  /** Training seconds per epoch (the total over the epochs). */
  readonly secondsPerEpoch: number;
  readonly examples: DenoisingExamples;
}

function positiveInteger(name: string, value: number, minimum = 1): void {
  if (!Number.isInteger(value) || value < minimum) throw new Error(`runDenoising: ${name} must be an integer >= ${minimum}, got ${value}`);
}

/** Checks a config (it may come from JSON) and names the field and the fix. */
export function validateDenoisingConfig(config: DenoisingConfig): void {
  if (!(FIG4_NOISES as readonly string[]).includes(config.noise)) throw new Error(`runDenoising: noise must be one of ${FIG4_NOISES.join(", ")}, got ${String(config.noise)}`);
  if (!(FIG4_LOSSES as readonly string[]).includes(config.loss)) throw new Error(`runDenoising: loss must be one of ${FIG4_LOSSES.join(", ")}, got ${String(config.loss)}`);
  positiveInteger("trainImages", config.trainImages);
  positiveInteger("testImages", config.testImages);
  positiveInteger("epochs", config.epochs);
  positiveInteger("batchSize", config.batchSize);
  positiveInteger("examples", config.examples, 0);
  for (const seed of ["seed", "noiseSeed", "testSeed"] as const) positiveInteger(seed, config[seed], 0);
  if (!(config.learningRate > 0 && Number.isFinite(config.learningRate))) throw new Error(`runDenoising: learningRate must be positive and finite, got ${config.learningRate}`);
  if (config.architecture !== undefined && !(DENOISING_ARCHITECTURES as readonly string[]).includes(config.architecture)) throw new Error(`runDenoising: architecture must be one of ${DENOISING_ARCHITECTURES.join(", ")}, got ${String(config.architecture)}`);
  if (config.architecture === "authors" && config.output !== "linear") throw new Error(`runDenoising: the authors' network has a linear output; set output to "linear", got "${config.output}"`);
  if (config.examples > config.testImages) throw new Error(`runDenoising: examples (${config.examples}) must not exceed testImages (${config.testImages})`);
}

/** loadMnist's split, checked to hold the `count` digits asked for. */
function digits(split: "train" | "test", count: number): { images: Float32Array; shape: [number, number, number] } {
  const data = loadMnist({ split, limit: count });
  if (data.shape[0] < count) throw new Error(`runDenoising: ${split}Images = ${count}, but the ${split} split has only ${data.shape[0]} digits; lower it`);
  return data;
}

/** Trains one denoising autoencoder (module comment); `label` names it in progress lines and errors. */
export function runDenoising(config: DenoisingConfig, label: string): DenoisingResult {
  validateDenoisingConfig(config);
  const train = digits("train", config.trainImages);
  const test = digits("test", config.testImages);
  const [n, height, width] = train.shape;
  const pixels = height * width;
  const testShape = test.shape;
  const noisyTest = (noise: DenoisingNoise): tf.Tensor4D =>
    tf.tensor4d(addDenoisingNoise(test.images, testShape, config.noise, noise, new SeededRandom(config.testSeed)), [testShape[0], height, width, 1]);
  const cleanTest = tf.tensor4d(test.images, [testShape[0], height, width, 1]);
  const amplified = noisyTest(DENOISING_TEST_NOISE);
  const inDistribution = noisyTest(DENOISING_TRAIN_NOISE);
  const model = config.architecture === "authors" ? authorsDenoisingAutoencoder({ seed: config.seed }) : convAutoencoder({ seed: config.seed, output: config.output });

  const noiseRandom = new SeededRandom(config.noiseSeed);
  const batchRandom = new SeededRandom(config.noiseSeed + 1);
  const batches = new EpochBatches(n, config.batchSize, batchRandom);
  /** The clean and noisy tensors of mini-batch `step` of `epoch`. */
  const batch = (epoch: number, step: number): [tf.Tensor4D, tf.Tensor4D] => {
    const indices = batches.indices(epoch, step);
    const clean = new Float32Array(indices.length * pixels);
    indices.forEach((image, b) => clean.set(train.images.subarray(image * pixels, (image + 1) * pixels), b * pixels));
    const noisy = addDenoisingNoise(clean, [indices.length, height, width], config.noise, DENOISING_TRAIN_NOISE, noiseRandom);
    const shape: [number, number, number, number] = [indices.length, height, width, 1];
    return [tf.tensor4d(clean, shape), tf.tensor4d(noisy, shape)];
  };

  try {
    const { trainingError, ...history } = fit({
      label,
      variables: model.variables,
      loss: (epoch, step) => {
        const [clean, noisy] = batch(epoch, step);
        return denoisingLoss(model, noisy, clean, { loss: config.loss });
      },
      stepsPerEpoch: batches.stepsPerEpoch,
      schedule: [{ kind: "adam", learningRate: config.learningRate, epochs: config.epochs }],
      evaluate: () => [meanSquaredErrorInChunks((x) => model.forward(x), amplified, cleanTest)],
      // The in-distribution error, recorded alongside at the same evaluations in fit's second error, so that it
      // is kept in fit's checkpoints (lib/train/checkpoint.ts) with the history; the record keeps its own field.
      evaluateTraining: () => [meanSquaredErrorInChunks((x) => model.forward(x), inDistribution, cleanTest)],
      randomState: seededRandomState(noiseRandom, batchRandom),
    });
    const inDistributionError = (trainingError ?? []).map(([error]) => error);
    const count = config.examples;
    const denoised = tf.tidy(() => model.forward(amplified.slice(0, count)).dataSync() as Float32Array);
    const amplifiedPixels = amplified.dataSync() as Float32Array;
    const examples: DenoisingExamples = {
      height,
      width,
      clean: roundedImages(test.images, count, pixels, EXAMPLE_DECIMALS),
      noisy: roundedImages(amplifiedPixels, count, pixels, EXAMPLE_DECIMALS),
      denoised: roundedImages(denoised, count, pixels, EXAMPLE_DECIMALS),
    };
    const seconds = history.seconds[history.seconds.length - 1];
    return { description: model.description, history, inDistributionError, secondsPerEpoch: seconds / config.epochs, examples };
  } finally {
    model.dispose();
    for (const t of [cleanTest, amplified, inDistribution]) t.dispose();
  }
}

/** The seeds of one (noise, loss) as one history of the amplified test error, and one of the in-distribution error. */
export function pooledDenoising(runs: readonly DenoisingResult[]): { amplified: FitHistory; inDistribution: FitHistory } {
  return {
    amplified: pooledHistory(runs.map((r) => r.history)),
    inDistribution: pooledHistory(runs.map((r) => ({ ...r.history, testError: r.inDistributionError.map((e) => [e]) }))),
  };
}

/**
 * H¹ (or the authors' FFT loss) against L² for one noise, seed by seed (seed k of both losses shares the weights, noise and batch order):
 * the numbers behind Figure 4's claims, each ratio with its 95 % interval over the seeds (lib/checks/pairedRatio).
 */
export interface DenoisingComparison {
  /** Per seed: the in-distribution error both losses reach (the larger final one) and the epochs each needs. */
  readonly commonLevel: number[];
  readonly l2Epochs: number[];
  readonly h1Epochs: number[];
  /** h1Epochs / l2Epochs over the seeds (convergence acceleration: < 1). */
  readonly epochRatio: IntervalEvidence;
  /** Per seed: the final test MSE under the amplified test noise. */
  readonly l2Amplified: number[];
  readonly h1Amplified: number[];
  /** Final test MSE under the amplified test noise, H¹ / L² over the seeds (generalisation: < 1). */
  readonly amplifiedFinalRatio: IntervalEvidence;
  /** Final test MSE under the training noise, H¹ / L² over the seeds. */
  readonly inDistributionFinalRatio: IntervalEvidence;
  /** Training seconds per epoch, H¹ / L² over the seeds (the cost of the H¹ loss). */
  readonly secondsPerEpochRatio: IntervalEvidence;
}

/** Compares the L² and H¹ runs of one noise, run k of each being seed k (interface comment for each number). */
export function compareDenoising(l2: readonly DenoisingResult[], h1: readonly DenoisingResult[]): DenoisingComparison {
  if (l2.length !== h1.length || l2.length === 0) throw new Error(`compareDenoising: need the same positive number of seeds for L2 and H1, got ${l2.length} and ${h1.length}`);
  const [a, b] = [pooledDenoising(l2), pooledDenoising(h1)];
  const common = commonLevelBySeed(a.inDistribution, b.inDistribution);
  return {
    commonLevel: common.level,
    l2Epochs: common.epochsA,
    h1Epochs: common.epochsB,
    epochRatio: common.ratio,
    l2Amplified: finalMemberErrors(a.amplified),
    h1Amplified: finalMemberErrors(b.amplified),
    amplifiedFinalRatio: finalRatioBySeed(a.amplified, b.amplified),
    inDistributionFinalRatio: finalRatioBySeed(a.inDistribution, b.inDistribution),
    secondsPerEpochRatio: pairedRatio(h1.map((r) => r.secondsPerEpoch), l2.map((r) => r.secondsPerEpoch)),
  };
}
