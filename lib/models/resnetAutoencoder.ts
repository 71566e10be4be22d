/**
 * The ResNet-18 autoencoder of the paper's Appendix C.3 (Figure 8): ImageNet resized to (3, 64, 64), batch
 * 128, Adam 1e-3, L2 vs H1 training; "both the encoder and decoder are implemented using the ResNet-18"
 * (000_490d31e23b60e483.txt line 749). The paper gives nothing more; our reading, NHWC, w = width (64 is
 * ResNet-18's), every conv followed by BatchNorm (batchNorm.ts) and without bias, as in ResNet [1]:
 *
 *   encoder  stem      conv 3x3 stride 1, C → w, BN, ReLU                 [n, H, W, C] → [n, H, W, w]
 *            stage 1   BasicBlock(w → w), BasicBlock(w → w)
 *            stage 2   BasicBlock(w → 2w, ↓2), BasicBlock(2w → 2w)        → [n, H/2, W/2, 2w]
 *            stage 3   BasicBlock(2w → 4w, ↓2), BasicBlock(4w → 4w)       → [n, H/4, W/4, 4w]
 *            stage 4   BasicBlock(4w → 8w, ↓2), BasicBlock(8w → 8w)       → [n, H/8, W/8, 8w]  (bottleneck)
 *   decoder  stage 4'  BasicBlock(8w → 8w), UpBlock(8w → 4w, ↑2)          → [n, H/4, W/4, 4w]
 *            stage 3'  BasicBlock(4w → 4w), UpBlock(4w → 2w, ↑2)          → [n, H/2, W/2, 2w]
 *            stage 2'  BasicBlock(2w → 2w), UpBlock(2w → w, ↑2)           → [n, H, W, w]
 *            stage 1'  BasicBlock(w → w), BasicBlock(w → w)
 *            head      conv 3x3, w → C, with bias, sigmoid                  → [n, H, W, C]
 *
 * BasicBlock(a → b) [1, Fig. 2]: y = ReLU(BN(conv3x3(ReLU(BN(conv3x3_s(x))))) + shortcut(x)), shortcut = x,
 * or BN(conv1x1_s(x)) when it downsamples (stride s = 2, "option B" projection [1, Sec. 3.3]). UpBlock is
 * its mirror: x is first upsampled ×2 by nearest neighbour, then the block is a stride-1 BasicBlock with
 * the projection shortcut (conv1x1 + BN) on the upsampled x. The decoder reverses the encoder's block list,
 * so it has the same convolutions with input and output channels swapped.
 *
 * Why a 3x3 stride-1 stem: ImageNet ResNet-18's 7x7 stride-2 conv and 3x3 stride-2 max pool divide the
 * side by 4 before stage 1, which would leave 2x2 maps at the bottleneck of a 64x64 image; small-image
 * ResNets (CIFAR, Tiny-ImageNet 64x64) replace them with one 3x3 stride-1 conv, which we do, so the
 * bottleneck is H/8 x W/8 (8x8 for 64x64). Why a sigmoid output (option "linear" drops it): the targets
 * are pixels in [0, 1]. Padding is PyTorch's (1 for 3x3, 0 for 1x1), so stride-2 convs see the same pixels
 * as torchvision's. H and W must be multiples of 8.
 *
 * Initialisation: PyTorch's default for Conv2d, W, b ~ U(±1/√(c_in k²)), and BatchNorm γ = 1, β = 0 (note:
 * torchvision's resnet18 re-initialises its conv weights with kaiming_normal_(fan_out), we do not). Draw
 * order (part of the seed's meaning): convolutions in forward order (stem; per block conv1, conv2, then the
 * shortcut conv; the head's W then b), each W row-major in the tfjs layout [k, k, c_in, c_out], all from one
 * SeededRandom(seed).
 *
 * Losses (autoencoderLoss): L2 = pixel mean of (u − x)², H1 = imageSobolevLoss(u, x, { s: 1 }), as for the
 * denoising autoencoder of Section 3.3 with noisy = clean = x.
 *
 * References
 * [1] K. He, X. Zhang, S. Ren, J. Sun, "Deep Residual Learning for Image Recognition", CVPR 2016
 *     (ResNet-18: Table 1; torchvision.models.resnet18 is its reference implementation).
 * [2] PyTorch, torch/nn/modules/conv.py, _ConvNd.reset_parameters (v1.13 and later).
 */
import * as tf from "@tensorflow/tfjs";
import { IMAGE_LOSSES, imageLoss, type ImageLossName } from "../losses/imageLoss.js";
import { SeededRandom } from "../numeric/random.js";
import { BatchNorm2d } from "./batchNorm.js";
import { uniformDraws, variableFrom } from "./initialisation.js";
import { checkInteger, checkSeed } from "./validation.js";

export interface ResnetAutoencoderConfig {
  /** Seed of the SeededRandom that draws every conv weight (module comment, draw order). */
  seed: number;
  /** Width w of stage 1 (stages w, 2w, 4w, 8w); 64 is ResNet-18's. Default 64. */
  width?: number;
  /** Image channels C, 1 or 3 (default 3). */
  channels?: 1 | 3;
  /** Output activation: "sigmoid" (default) or "linear". */
  output?: "sigmoid" | "linear";
}

/** How a block changes the spatial size: stride-2 conv, nearest-neighbour ×2 first, or neither. */
type Resample = "down" | "up" | "none";

/** A convolution without bias: filter [k, k, c_in, c_out], PyTorch padding (k − 1)/2. */
interface Conv {
  readonly filter: tf.Variable<tf.Rank.R4>;
  readonly stride: number;
}

interface Block {
  readonly resample: Resample;
  readonly conv1: Conv;
  readonly bn1: BatchNorm2d;
  readonly conv2: Conv;
  readonly bn2: BatchNorm2d;
  readonly shortcut?: { readonly conv: Conv; readonly bn: BatchNorm2d };
}

/** Options of ResnetAutoencoder.forward: training mode uses and updates the batch statistics. */
export interface ResnetForwardOptions {
  /** BatchNorm mode: true uses batch statistics and updates the running ones; false (default) uses the running ones. */
  training?: boolean;
}

/** The autoencoder of the module comment, with tf.variable weights. */
export class ResnetAutoencoder {
  readonly description: string;
  /** Image channels C. */
  readonly channels: number;
  /** Trainable variables of the encoder (stem and stages 1-4): conv filters, BN γ and β. */
  readonly encoderVariables: tf.Variable[];
  /** Trainable variables of the decoder (stages 4'-1' and the head). */
  readonly decoderVariables: tf.Variable[];
  /** encoderVariables then decoderVariables. */
  readonly variables: tf.Variable[];
  private readonly stem: { conv: Conv; bn: BatchNorm2d };
  private readonly encoderBlocks: Block[];
  private readonly decoderBlocks: Block[];
  private readonly head: { conv: Conv; bias: tf.Variable<tf.Rank.R1> };
  private readonly sigmoidOutput: boolean;
  private readonly norms: BatchNorm2d[];

  constructor(config: ResnetAutoencoderConfig) {
    const caller = "resnetAutoencoder";
    const w = config.width ?? 64;
    const channels = config.channels ?? 3;
    const output = config.output ?? "sigmoid";
    checkInteger(caller, "width", w, 1);
    if (channels !== 1 && channels !== 3) throw new Error(`${caller}: channels must be 1 or 3, got ${String(channels)}`);
    if (output !== "sigmoid" && output !== "linear") throw new Error(`${caller}: output must be "sigmoid" or "linear", got ${String(output)}`);
    checkSeed(caller, config.seed, 1);
    const rng = new SeededRandom(config.seed);
    const conv = (k: number, cIn: number, cOut: number, stride = 1): Conv => {
      const weights = uniformDraws(rng, k * k * cIn * cOut, 1 / Math.sqrt(cIn * k * k));
      return { filter: variableFrom<tf.Rank.R4>(weights, [k, k, cIn, cOut]), stride };
    };
    const block = (cIn: number, cOut: number, resample: Resample): Block => {
      const conv1 = conv(3, cIn, cOut, resample === "down" ? 2 : 1);
      const bn1 = new BatchNorm2d(cOut);
      const conv2 = conv(3, cOut, cOut);
      const bn2 = new BatchNorm2d(cOut);
      const projected = resample !== "none" || cIn !== cOut;
      const shortcut = projected ? { conv: conv(1, cIn, cOut, resample === "down" ? 2 : 1), bn: new BatchNorm2d(cOut) } : undefined;
      return { resample, conv1, bn1, conv2, bn2, shortcut };
    };
    this.stem = { conv: conv(3, channels, w), bn: new BatchNorm2d(w) };
    this.encoderBlocks = [
      block(w, w, "none"), block(w, w, "none"),
      block(w, 2 * w, "down"), block(2 * w, 2 * w, "none"),
      block(2 * w, 4 * w, "down"), block(4 * w, 4 * w, "none"),
      block(4 * w, 8 * w, "down"), block(8 * w, 8 * w, "none"),
    ];
    this.decoderBlocks = [
      block(8 * w, 8 * w, "none"), block(8 * w, 4 * w, "up"),
      block(4 * w, 4 * w, "none"), block(4 * w, 2 * w, "up"),
      block(2 * w, 2 * w, "none"), block(2 * w, w, "up"),
      block(w, w, "none"), block(w, w, "none"),
    ];
    const headConv = conv(3, w, channels);
    const headBias = uniformDraws(rng, channels, 1 / Math.sqrt(w * 9));
    this.head = { conv: headConv, bias: variableFrom<tf.Rank.R1>(headBias, [channels]) };
    const blockVariables = (b: Block): tf.Variable[] => [
      b.conv1.filter, b.bn1.gamma, b.bn1.beta, b.conv2.filter, b.bn2.gamma, b.bn2.beta,
      ...(b.shortcut ? [b.shortcut.conv.filter, b.shortcut.bn.gamma, b.shortcut.bn.beta] : []),
    ];
    this.encoderVariables = [this.stem.conv.filter, this.stem.bn.gamma, this.stem.bn.beta, ...this.encoderBlocks.flatMap(blockVariables)];
    this.decoderVariables = [...this.decoderBlocks.flatMap(blockVariables), this.head.conv.filter, this.head.bias];
    this.variables = [...this.encoderVariables, ...this.decoderVariables];
    const blockNorms = (b: Block): BatchNorm2d[] => [b.bn1, b.bn2, ...(b.shortcut ? [b.shortcut.bn] : [])];
    this.norms = [this.stem.bn, ...this.encoderBlocks.flatMap(blockNorms), ...this.decoderBlocks.flatMap(blockNorms)];
    this.channels = channels;
    this.sigmoidOutput = output === "sigmoid";
    this.description = `ResNet-18 autoencoder (3x3 stem, BasicBlocks 2-2-2-2, widths ${w}-${2 * w}-${4 * w}-${8 * w}, bottleneck /8, mirrored decoder with nearest x2 upsampling, BatchNorm, ${channels} channel${channels === 1 ? "" : "s"}, ${output} output)`;
  }

  /**
   * The reconstructed images.
   * @param x - images [n, H, W, C], H and W positive multiples of 8
   * @param options - training: BatchNorm mode (default false, running statistics)
   * @returns [n, H, W, C]
   * @throws Error naming the received shape when x is not [n, H, W, C] with H, W multiples of 8, or when
   *   training with a 1x1 bottleneck and one image (no batch variance)
   */
  forward(x: tf.Tensor4D, options: ResnetForwardOptions = {}): tf.Tensor4D {
    const shape = x instanceof tf.Tensor ? x.shape : undefined;
    if (shape === undefined || shape.length !== 4 || shape[0] < 1 || shape[3] !== this.channels || shape[1] % 8 !== 0 || shape[2] % 8 !== 0 || shape[1] < 8 || shape[2] < 8) {
      throw new Error(`resnetAutoencoder.forward: x must be [n, H, W, ${this.channels}] with H, W positive multiples of 8, got ${shape ? `[${shape.join(", ")}]` : String(x)}`);
    }
    const training = options.training ?? false;
    if (training && shape[0] * (shape[1] / 8) * (shape[2] / 8) < 2) {
      throw new Error(`resnetAutoencoder.forward: training mode needs n · H/8 · W/8 >= 2 (the bottleneck's BatchNorm estimates a variance per channel), got x of shape [${shape.join(", ")}]`);
    }
    const convolve = (h: tf.Tensor4D, c: Conv): tf.Tensor4D => tf.conv2d(h, c.filter, c.stride, (c.filter.shape[0] - 1) / 2);
    const runBlock = (input: tf.Tensor4D, b: Block): tf.Tensor4D => {
      const [, rows, columns] = input.shape;
      const h = b.resample === "up" ? tf.image.resizeNearestNeighbor(input, [2 * rows, 2 * columns]) : input;
      const inner = tf.relu(b.bn1.apply(convolve(h, b.conv1), training));
      const residual = b.bn2.apply(convolve(inner, b.conv2), training);
      const skip = b.shortcut ? b.shortcut.bn.apply(convolve(h, b.shortcut.conv), training) : h;
      return tf.relu(tf.add(residual, skip)) as tf.Tensor4D;
    };
    return tf.tidy(() => {
      let h = tf.relu(this.stem.bn.apply(convolve(x, this.stem.conv), training));
      for (const b of this.encoderBlocks) h = runBlock(h, b);
      for (const b of this.decoderBlocks) h = runBlock(h, b);
      const pre = tf.add(convolve(h, this.head.conv), this.head.bias) as tf.Tensor4D;
      return this.sigmoidOutput ? tf.sigmoid(pre) : pre;
    });
  }

  /** The BatchNorm running statistics (non-trained; training updates them): what a checkpoint must keep besides `variables`. */
  get buffers(): tf.Variable[] {
    return this.norms.flatMap((bn) => [bn.runningMean, bn.runningVariance]);
  }

  /** Frees the variables and BatchNorm statistics; the model cannot be used afterwards. */
  dispose(): void {
    for (const bn of this.norms) bn.dispose();
    tf.dispose([this.stem.conv.filter, this.head.conv.filter, this.head.bias]);
    for (const b of [...this.encoderBlocks, ...this.decoderBlocks]) tf.dispose([b.conv1.filter, b.conv2.filter, ...(b.shortcut ? [b.shortcut.conv.filter] : [])]);
  }
}

/** A ResnetAutoencoder (module comment). @throws Error for a bad width, channels, output or seed */
export function resnetAutoencoder(config: ResnetAutoencoderConfig): ResnetAutoencoder {
  return new ResnetAutoencoder(config);
}

/** Options of autoencoderLoss: a loss of imageLoss ("L2", "H1" or the authors' "authors-fft") and the BatchNorm mode. */
export interface AutoencoderLossOptions {
  loss: ImageLossName;
  /** BatchNorm mode of the forward pass (true while training; it updates the running statistics). */
  training: boolean;
}

/**
 * The reconstruction loss of Appendix C.3 of u = model(x) against x: L2 = mean((u − x)²) over pixels,
 * channels and images, H1 = imageSobolevLoss(u, x, { s: 1 }). A scalar, differentiable in the variables. `model` is
 * any autoencoder with this forward and BatchNorm mode (ours, or authorsLightResnetAutoencoder.ts).
 * @param x - images [n, H, W, C] (see forward)
 * @throws Error for an unknown loss or a bad x
 */
export function autoencoderLoss(model: Pick<ResnetAutoencoder, "forward">, x: tf.Tensor4D, options: AutoencoderLossOptions): tf.Scalar {
  const { loss, training } = options ?? {};
  if (!(IMAGE_LOSSES as readonly string[]).includes(loss)) throw new Error(`autoencoderLoss: loss must be one of ${IMAGE_LOSSES.join(", ")}, got ${String(loss)}`);
  if (typeof training !== "boolean") throw new Error(`autoencoderLoss: training must be true or false, got ${String(training)}`);
  return tf.tidy(() => imageLoss(model.forward(x, { training }), x, loss));
}
