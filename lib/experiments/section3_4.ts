/**
 * Figure 5 and Table 1 of the paper (Section 3.4, lines 219-236 of shared/paper/000_490d31e23b60e483.txt): a
 * DDPM whose U-Net predicts x0 (lib/diffusion), trained with the L² or the spectral H¹ loss, sampled with DDIM in
 * 20 steps; the Fréchet distance of its samples to real images against epochs (Figure 5, left), sample grids
 * (centre, right), and the memory and time of a training epoch (Table 1).
 *
 * The paper trains on CelebA-HQ at 128 × 128 and scores with FID. Neither the faces nor the InceptionV3 weights
 * can be fetched here, so a run trains on MNIST digits and scores with FD_classifier (lib/metrics): the Fréchet
 * distance between Gaussian fits of the 64 penultimate features of a small classifier that the run trains first
 * on the MNIST training digits (its config is part of the run's, so the metric is fixed by the cache key). The
 * reference statistics are those of the MNIST test digits; `realFloor` is the distance of as many training
 * digits as samples to them, the value a perfect sampler would reach with that many samples.
 *
 * Each evaluation samples the same `samples` initial noises (seed + 77), so the curve follows one set of
 * trajectories. Time is training time only (fit), and the memory is the peak tensor bytes of one Adam step,
 * measured on a twin of the model before training.
 */
import * as tf from "@tensorflow/tfjs";
import { ddimSample, diffusionX0Loss, linearBetaSchedule, sampleTimesteps } from "../diffusion/index.js";
import { loadMnist } from "../images/mnist.js";
import { classifierAccuracy, trainImageClassifier, type ImageClassifier } from "../models/imageClassifier.js";
import { unet, type UNet } from "../models/unet.js";
import { featureStatistics, frechetDistance, type GaussianFit } from "../metrics/index.js";
import { SeededRandom } from "../numeric/random.js";
import { fit, meanOverMembers, optimizerStep, stepPeakMemory, type FitHistory, type StepMemory } from "../train/index.js";
import { commonLevel, pooledHistory } from "./curves.js";
import { EpochBatches, roundedImages } from "./imageRuns.js";

export const FIG5_LOSSES = ["L2", "H1"] as const;
export type Fig5Loss = (typeof FIG5_LOSSES)[number];

/** Adam's learning rate and batch size in Section 3.4 (line 228). */
export const PAPER_DIFFUSION_LEARNING_RATE = 1e-4;
export const PAPER_DIFFUSION_BATCH_SIZE = 48;

/** Sample pixels stored with 3 decimals: enough for a grid, and the record stays small. */
const SAMPLE_DECIMALS = 1e3;

/** The feature classifier of FD_classifier: trained on the first trainImages MNIST training digits. */
export interface FeatureClassifierConfig {
  readonly trainImages: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly seed: number;
}

export interface DiffusionConfig {
  readonly loss: Fig5Loss;
  /** The first trainImages digits of loadMnist's train split. */
  readonly trainImages: number;
  /** Test digits whose features are the reference statistics. */
  readonly referenceImages: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  /** The U-Net's base width c (levels c, 2c, 2c). */
  readonly baseWidth: number;
  /** Seeds the weights; seed + 1 the batch order, seed + 2 the steps and noises, seed + 77 the sampling noise. */
  readonly seed: number;
  readonly evaluateEvery: number;
  /** Samples per evaluation (DDIM) for the Fréchet distance. */
  readonly samples: number;
  readonly samplingSteps: number;
  /** Samples kept in the record for the figure's grid. */
  readonly gridSamples: number;
  readonly classifier: FeatureClassifierConfig;
}

export interface DiffusionResult {
  readonly description: string;
  readonly parameterCount: number;
  /** testError[k] = [FD_classifier of the samples at epochs[k]]; seconds are training time only. */
  readonly history: FitHistory;
  /** FD_classifier of `samples` training digits to the reference: the floor at this sample size. */
  readonly realFloor: number;
  /** The feature classifier's accuracy on the reference (test) digits. */
  readonly classifierAccuracy: number;
  readonly secondsPerEpoch: number;
  readonly stepMemory: StepMemory;
  /** The first gridSamples final samples, row-major 28 × 28, 3 decimals. */
  readonly samples: number[][];
}

function positiveInteger(name: string, value: number, minimum = 1): void {
  if (!Number.isInteger(value) || value < minimum) throw new Error(`runDiffusion: ${name} must be an integer >= ${minimum}, got ${value}`);
}

/** Checks a config (it may come from JSON) and names the field. */
export function validateDiffusionConfig(config: DiffusionConfig): void {
  if (!(FIG5_LOSSES as readonly string[]).includes(config.loss)) throw new Error(`runDiffusion: loss must be one of ${FIG5_LOSSES.join(", ")}, got ${String(config.loss)}`);
  for (const name of ["trainImages", "epochs", "batchSize", "baseWidth", "evaluateEvery", "samplingSteps"] as const) positiveInteger(name, config[name]);
  positiveInteger("referenceImages", config.referenceImages, 2);
  positiveInteger("samples", config.samples, 2);
  positiveInteger("gridSamples", config.gridSamples, 0);
  positiveInteger("seed", config.seed, 0);
  if (!(config.learningRate > 0 && Number.isFinite(config.learningRate))) throw new Error(`runDiffusion: learningRate must be positive and finite, got ${config.learningRate}`);
  if (config.gridSamples > config.samples) throw new Error(`runDiffusion: gridSamples (${config.gridSamples}) must not exceed samples (${config.samples})`);
  const c = config.classifier;
  if (typeof c !== "object" || c === null) throw new Error("runDiffusion: classifier must be { trainImages, epochs, batchSize, learningRate, seed }");
}

/** The first `count` digits of a split as [count, 28, 28, 1] with their labels, or an error naming the limit. */
function mnistTensor(split: "train" | "test", count: number): { images: tf.Tensor4D; labels: Int32Array } {
  const data = loadMnist({ split, limit: count });
  if (data.shape[0] < count) throw new Error(`runDiffusion: asked for ${count} ${split} digits, but the split has ${data.shape[0]}; lower it`);
  return { images: tf.tensor4d(data.images, [count, 28, 28, 1]), labels: Int32Array.from(data.labels) };
}

/** The trained feature classifier of FD_classifier (caller disposes it). */
function featureClassifier(config: FeatureClassifierConfig): ImageClassifier {
  const { images, labels } = mnistTensor("train", config.trainImages);
  try {
    return trainImageClassifier(images, labels, { epochs: config.epochs, batchSize: config.batchSize, learningRate: config.learningRate, seed: config.seed }).model;
  } finally {
    images.dispose();
  }
}

/** Trains one diffusion model (module comment); `label` names it in progress lines and errors. */
export async function runDiffusion(config: DiffusionConfig, label: string): Promise<DiffusionResult> {
  validateDiffusionConfig(config);
  const schedule = linearBetaSchedule();
  const classifier = featureClassifier(config.classifier);
  const train = mnistTensor("train", config.trainImages);
  const reference = mnistTensor("test", config.referenceImages);
  const features = (images: tf.Tensor4D): GaussianFit => featureStatistics((x) => classifier.features(x), images);
  const model: UNet = unet({ seed: config.seed, baseWidth: config.baseWidth });
  try {
    const referenceFit = features(reference.images);
    const accuracy = classifierAccuracy(classifier, reference.images, reference.labels);
    const realFloor = tf.tidy(() => frechetDistance(features(train.images.slice(0, Math.min(config.samples, config.trainImages))), referenceFit));
    const stepMemory = await twinStepMemory(config, train.images, schedule);

    const batches = new EpochBatches(config.trainImages, config.batchSize, new SeededRandom(config.seed + 1));
    const noiseRandom = new SeededRandom(config.seed + 2);
    const sample = (count: number): tf.Tensor4D =>
      ddimSample(model, { count, height: 28, width: 28, seed: config.seed + 77, steps: config.samplingSteps, schedule });
    const history = fit({
      label,
      variables: model.variables,
      stepsPerEpoch: batches.stepsPerEpoch,
      loss: (epoch, step) => {
        const indices = batches.indices(epoch, step);
        const x0 = tf.gather(train.images, Array.from(indices)) as tf.Tensor4D;
        const noise = tf.tensor4d(Float32Array.from({ length: x0.size }, () => noiseRandom.gaussian()), x0.shape);
        return diffusionX0Loss(model, x0, sampleTimesteps(noiseRandom, indices.length, schedule.steps), noise, schedule, { loss: config.loss });
      },
      schedule: [{ kind: "adam", learningRate: config.learningRate, epochs: config.epochs }],
      evaluate: () => {
        const samples = sample(config.samples);
        try {
          return [frechetDistance(features(samples), referenceFit)];
        } finally {
          samples.dispose();
        }
      },
      evaluateEvery: config.evaluateEvery,
    });
    const finalSamples = sample(config.gridSamples > 0 ? config.gridSamples : 1);
    const pixels = finalSamples.dataSync() as Float32Array;
    finalSamples.dispose();
    const samples = roundedImages(pixels, config.gridSamples, 28 * 28, SAMPLE_DECIMALS);
    return {
      description: model.description,
      parameterCount: model.parameterCount,
      history,
      realFloor,
      classifierAccuracy: accuracy,
      secondsPerEpoch: history.seconds[history.seconds.length - 1] / config.epochs,
      stepMemory,
      samples,
    };
  } finally {
    model.dispose();
    classifier.dispose();
    for (const t of [train.images, reference.images]) t.dispose();
  }
}

/** Peak tensor memory of one Adam step of a fresh twin of the run's model on its first batch (Table 1). */
async function twinStepMemory(config: DiffusionConfig, images: tf.Tensor4D, schedule: ReturnType<typeof linearBetaSchedule>): Promise<StepMemory> {
  const twin = unet({ seed: config.seed, baseWidth: config.baseWidth });
  const optimizer = tf.train.adam(config.learningRate);
  const size = Math.min(config.batchSize, images.shape[0]);
  const x0 = images.slice(0, size);
  const noise = tf.randomNormal(x0.shape, 0, 1, "float32", config.seed) as tf.Tensor4D;
  const t = Int32Array.from({ length: size }, (_, i) => (i * 997) % schedule.steps);
  try {
    return await stepPeakMemory(optimizerStep(optimizer, () => diffusionX0Loss(twin, x0, t, noise, schedule, { loss: config.loss }), twin.variables));
  } finally {
    optimizer.dispose();
    twin.dispose();
    x0.dispose();
    noise.dispose();
  }
}

/** H¹ against L² over the seeds: the numbers behind Figure 5's and Table 1's claims. */
export interface DiffusionComparison {
  /** Mean final distance, H¹ / L² (a better generative model: < 1). */
  readonly finalRatio: number;
  /** The distance both reach (the larger mean final one) and the epochs each first reaches it. */
  readonly level: number;
  readonly l2Epochs: number;
  readonly h1Epochs: number;
  /** h1Epochs / l2Epochs (faster convergence of the distance: < 1). */
  readonly epochRatio: number;
  /** Table 1: training seconds per epoch and peak tensor bytes of a step, H¹ / L². */
  readonly secondsPerEpochRatio: number;
  readonly peakMemoryRatio: number;
}

/** Compares the L² and H¹ runs (interface comment for each number). */
export function compareDiffusion(l2: readonly DiffusionResult[], h1: readonly DiffusionResult[]): DiffusionComparison {
  const [a, b] = [pooledHistory(l2.map((r) => r.history)), pooledHistory(h1.map((r) => r.history))];
  const final = (h: FitHistory): number => meanOverMembers(h.testError[h.testError.length - 1]);
  const { level, firstEpochs: [l2Epochs, h1Epochs] } = commonLevel(a, b);
  const mean = (runs: readonly DiffusionResult[], of: (r: DiffusionResult) => number): number => meanOverMembers(runs.map(of));
  return {
    finalRatio: final(b) / final(a),
    level,
    l2Epochs,
    h1Epochs,
    epochRatio: h1Epochs / l2Epochs,
    secondsPerEpochRatio: mean(h1, (r) => r.secondsPerEpoch) / mean(l2, (r) => r.secondsPerEpoch),
    peakMemoryRatio: mean(h1, (r) => r.stepMemory.peakBytes) / mean(l2, (r) => r.stepMemory.peakBytes),
  };
}
