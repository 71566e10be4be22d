/**
 * The convolutional denoising autoencoder of the paper's Section 3.3 (Figure 4): "a simple autoencoder
 * comprising an encoder and a decoder, each consisting of three convolution layers with LeakyReLU
 * activations", trained with Adam (5e-3) to map noisy images to clean ones (000_490d31e23b60e483.txt line
 * 215; the earlier version 001_718e93826a1f4f64.txt line 193 says the same and no more). The paper gives
 * no channel counts, kernel sizes, strides or output activation; our choices (defaults), NHWC:
 *
 *   encoder  conv 3x3 stride 2, 1 → c1,  LeakyReLU     [n, 28, 28, 1]  → [n, 14, 14, c1]
 *            conv 3x3 stride 2, c1 → c2, LeakyReLU     → [n, 7, 7, c2]
 *            conv 3x3 stride 1, c2 → c3, LeakyReLU     → [n, 7, 7, c3]        (c1, c2, c3) = (16, 32, 64)
 *   decoder  convT 3x3 stride 1, c3 → c2, LeakyReLU    → [n, 7, 7, c2]
 *            convT 3x3 stride 2, c2 → c1, LeakyReLU    → [n, 14, 14, c1]
 *            convT 3x3 stride 2, c1 → 1,  sigmoid      → [n, 28, 28, 1]
 *
 * Why: 1 → 16 → 32 → 64 channels with 3x3 kernels is the usual small MNIST autoencoder; only two strides
 * of 2 because 28 = 4 · 7 (a third would give 4x4 and a 32x32 output); the decoder mirrors the encoder
 * with transposed convolutions. The last layer is a sigmoid (option "linear" drops it): the clean targets
 * lie in [0, 1] and the noisy inputs do not, so bounding the output is the standard choice; "three layers
 * with LeakyReLU" is read as LeakyReLU between layers. Padding is tfjs 'same' (output = ⌈input/stride⌉
 * for conv, input · stride for convT), LeakyReLU slope 0.01 (PyTorch's default). Any H, W divisible by 4
 * are accepted (the tests use small images).
 *
 * Initialisation: PyTorch's default for Conv2d and ConvTranspose2d [1], W, b ~ U(±1/√fan_in), where
 * fan_in = weight.size(1) · k² is c_in k² for a convolution but c_out k² for a transposed one (PyTorch
 * stores its weight as [c_in, c_out, k, k]). Draw order (part of the seed's meaning): layers in order,
 * each W row-major in the tfjs filter layout ([k, k, c_in, c_out] for conv2d, [k, k, c_out, c_in] for
 * conv2dTranspose), then b, all from one SeededRandom(seed), as denseLayerInit does for dense layers.
 *
 * Losses (denoisingLoss): L2 is the pixel mean of (u − f)²; H1 is imageSobolevLoss(u, f, { s: 1 }), the
 * spectral H^s norm of Yu, Yang & Townsend [2] that the paper adopts (line 213). Neither needs derivatives
 * of the network with respect to its input, so one reverse pass gives the parameter gradient.
 *
 * References
 * [1] PyTorch, torch/nn/modules/conv.py, _ConvNd.reset_parameters, and torch/nn/init.py,
 *     _calculate_fan_in_and_fan_out (v1.13 and later).
 * [2] Yu, Yang & Townsend, "Tuning frequency bias in neural network training with nonuniform data",
 *     ICLR 2023 (the paper's [29]).
 */
import * as tf from "@tensorflow/tfjs";
import { IMAGE_LOSSES, imageLoss, type ImageLossName } from "../losses/imageLoss.js";
import { imageSobolevLoss } from "../losses/imageSobolev.js";
import { SeededRandom } from "../numeric/random.js";
import { convVariables } from "./initialisation.js";
import { checkInteger, checkSeed } from "./validation.js";

/** LeakyReLU slope for negative inputs (PyTorch's nn.LeakyReLU default). */
export const CONV_AUTOENCODER_LEAKY_SLOPE = 0.01;

export interface ConvAutoencoderConfig {
  /** Seed of the SeededRandom that draws every weight (module comment, draw order). */
  seed: number;
  /** Encoder channels (c1, c2, c3); the decoder mirrors them. Default [16, 32, 64]. */
  channels?: readonly [number, number, number];
  /** Side of the square kernels (odd, default 3). */
  kernelSize?: number;
  /** Output activation: "sigmoid" (default) or "linear". */
  output?: "sigmoid" | "linear";
}

/** One layer: a conv2d or conv2dTranspose with bias, its stride, and whether LeakyReLU follows. */
interface ConvLayer {
  readonly transposed: boolean;
  readonly stride: number;
  readonly filter: tf.Variable<tf.Rank.R4>;
  readonly bias: tf.Variable<tf.Rank.R1>;
}

/** The autoencoder of the module comment, with tf.variable weights. */
export class ConvAutoencoder {
  readonly description: string;
  /** W1, b1, ..., W6, b6 in layer order (encoder, then decoder). */
  readonly variables: tf.Variable[];
  private readonly layers: ConvLayer[];
  private readonly sigmoidOutput: boolean;

  constructor(config: ConvAutoencoderConfig) {
    const caller = "convAutoencoder";
    const channels = config.channels ?? [16, 32, 64];
    const k = config.kernelSize ?? 3;
    const output = config.output ?? "sigmoid";
    if (!Array.isArray(channels) || channels.length !== 3) throw new Error(`${caller}: channels must be three encoder widths [c1, c2, c3], got ${JSON.stringify(channels)}`);
    channels.forEach((c, i) => checkInteger(caller, `channels[${i}]`, c, 1));
    checkInteger(caller, "kernelSize", k, 1);
    if (k % 2 !== 1) throw new Error(`${caller}: kernelSize must be odd, got ${k}`);
    if (output !== "sigmoid" && output !== "linear") throw new Error(`${caller}: output must be "sigmoid" or "linear", got ${String(output)}`);
    checkSeed(caller, config.seed, 1);
    const [c1, c2, c3] = channels;
    // (c_in, c_out, stride, transposed) per layer.
    const plan: [number, number, number, boolean][] = [
      [1, c1, 2, false], [c1, c2, 2, false], [c2, c3, 1, false],
      [c3, c2, 1, true], [c2, c1, 2, true], [c1, 1, 2, true],
    ];
    const rng = new SeededRandom(config.seed);
    this.layers = plan.map(([cIn, cOut, stride, transposed]) => {
      const filterShape: [number, number, number, number] = transposed ? [k, k, cOut, cIn] : [k, k, cIn, cOut];
      return { transposed, stride, ...convVariables(rng, filterShape, (transposed ? cOut : cIn) * k * k, cOut) };
    });
    this.variables = this.layers.flatMap((layer) => [layer.filter, layer.bias]);
    this.sigmoidOutput = output === "sigmoid";
    this.description = `conv autoencoder 1-${c1}-${c2}-${c3}-${c2}-${c1}-1 (${k}x${k}, LeakyReLU(${CONV_AUTOENCODER_LEAKY_SLOPE}), ${output} output)`;
  }

  /**
   * The denoised images.
   * @param x - noisy images [n, H, W, 1], H and W divisible by 4 (28 for MNIST)
   * @returns [n, H, W, 1]
   * @throws Error naming the received shape when x is not [n, H, W, 1] with H, W divisible by 4
   */
  forward(x: tf.Tensor4D): tf.Tensor4D {
    const shape = x instanceof tf.Tensor ? x.shape : undefined;
    if (shape === undefined || shape.length !== 4 || shape[3] !== 1 || shape[1] % 4 !== 0 || shape[2] % 4 !== 0 || shape[1] < 4 || shape[2] < 4) {
      throw new Error(`convAutoencoder.forward: x must be [n, H, W, 1] with H, W positive multiples of 4, got ${shape ? `[${shape.join(", ")}]` : String(x)}`);
    }
    return tf.tidy(() => {
      let h: tf.Tensor4D = x;
      this.layers.forEach((layer, l) => {
        const [n, rows, columns] = h.shape;
        const [, , outChannels] = layer.filter.shape; // convT filter is [k, k, c_out, c_in]
        const z = layer.transposed
          ? tf.conv2dTranspose(h, layer.filter, [n, rows * layer.stride, columns * layer.stride, outChannels], layer.stride, "same")
          : tf.conv2d(h, layer.filter, layer.stride, "same");
        const pre = tf.add(z, layer.bias);
        const last = l === this.layers.length - 1;
        h = (last ? (this.sigmoidOutput ? tf.sigmoid(pre) : pre) : tf.leakyRelu(pre, CONV_AUTOENCODER_LEAKY_SLOPE)) as tf.Tensor4D;
      });
      return h;
    });
  }

  /** Frees the variables; the model cannot be used afterwards. */
  dispose(): void {
    for (const variable of this.variables) variable.dispose();
  }
}

/** A ConvAutoencoder (module comment). @throws Error for bad channels, kernel size, output or seed */
export function convAutoencoder(config: ConvAutoencoderConfig): ConvAutoencoder {
  return new ConvAutoencoder(config);
}

/** What denoisingLoss needs of a model: this file's autoencoder or the authors' (authorsDenoisingAutoencoder.ts). */
export interface DenoisingModel {
  forward(x: tf.Tensor4D): tf.Tensor4D;
}

/** Options of denoisingLoss: a loss of imageLoss ("L2", "H1" with order s, default 1, or the authors' "authors-fft"). */
export interface DenoisingLossOptions {
  loss: ImageLossName;
  /** Sobolev order of the "H1" loss (default 1; s = 0 gives the pixel MSE again, by Parseval). */
  s?: number;
}

/**
 * The denoising loss of Section 3.3 of model(noisy) against clean: L2 = mean((u − f)²) over pixels and
 * images, H1 = imageSobolevLoss(u, f, { s }) (s = 1 unless given). A scalar, differentiable in the
 * model's variables.
 * @param noisy - inputs [n, H, W, 1]; @param clean - targets, same shape
 * @throws Error for an unknown loss, an s given with "L2", or mismatched shapes
 */
export function denoisingLoss(model: DenoisingModel, noisy: tf.Tensor4D, clean: tf.Tensor4D, options: DenoisingLossOptions): tf.Scalar {
  const caller = "denoisingLoss";
  const { loss, s } = options ?? {};
  if (!(IMAGE_LOSSES as readonly string[]).includes(loss)) throw new Error(`${caller}: loss must be one of ${IMAGE_LOSSES.join(", ")}, got ${String(loss)}`);
  if (loss !== "H1" && s !== undefined) throw new Error(`${caller}: s applies to the "H1" loss only, got s = ${s} with "${loss}"`);
  if (!(clean instanceof tf.Tensor) || !(noisy instanceof tf.Tensor) || !tf.util.arraysEqual(noisy.shape, clean.shape)) {
    const show = (t: unknown): string => (t instanceof tf.Tensor ? `[${t.shape.join(", ")}]` : String(t));
    throw new Error(`${caller}: clean must have the shape of noisy, ${show(noisy)}, got ${show(clean)}`);
  }
  if (s !== undefined) return tf.tidy(() => imageSobolevLoss(model.forward(noisy), clean, { s }));
  return tf.tidy(() => imageLoss(model.forward(noisy), clean, loss));
}
