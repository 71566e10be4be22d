/**
 * The autoencoder the authors' code trains for Figure 8, `AE('light')` (Resnet18_Autoencoder/main.py:27), which
 * the paper's text calls a ResNet-18 encoder and decoder (Appendix C.3, line 749): a CIFAR-style ResNet with three
 * stages of two BasicBlocks [2, 2, 2] (classes/resnet_autoencoder.py:42-47). NHWC, w = stage-1 width (their 16),
 * every convolution 3x3 without bias with PyTorch padding 1, every one followed by BatchNorm (batchNorm.ts):
 *
 *   encoder  stem      conv s1, C → w, BN, ReLU                                    [n, H, W, C] → [n, H, W, w]
 *            stage 1   Block(w → w), Block(w → w)
 *            stage 2   Block(w → 2w, ↓2), Block(2w → 2w)                           → [n, H/2, W/2, 2w]
 *            stage 3   Block(2w → 4w, ↓2), Block(4w → 4w)                          → [n, H/4, W/4, 4w] (latent)
 *   decoder  stage 3'  Block(4w → 4w), Block(4w → 2w, ↑2)                          → [n, H/2, W/2, 2w]
 *            stage 2'  Block(2w → 2w), Block(2w → w, ↑2)                           → [n, H, W, w]
 *            stage 1'  Block(w → w), Block(w → w)
 *            head      convT s1, w → C, BN, ReLU, then clamp to [0, 1]             → [n, H, W, C]
 *
 * Block(a → b): y = ReLU(BN(conv_B(ReLU(BN(conv_A(x))))) + shortcut(x)). In the encoder (light encoder file,
 * lines 56-71) conv_A is the block's conv1, a → b with the block's stride, conv_B its conv2, b → b, and the shortcut
 * is x or, where the block downsamples, BN(conv 3x3 stride 2, a → b) (lines 142-148: a 3x3 projection, not
 * torchvision's 1x1). In the decoder (light decoder file, lines 61-75) every conv is a ConvTranspose2d; the block
 * applies its conv2 first, conv_A = convT s1 a → a, then its conv1, conv_B = convT a → b with stride 2 and
 * output_padding 1 where it upsamples, and the shortcut is x or BN(convT 3x3 s2, output_padding 1, a → b)
 * (lines 157-164). tfjs conv2dTranspose with pad 1 and output shape 2H is PyTorch's padding 1, output_padding 1.
 * Output: the decoder ends in de_conv1, BN(C) and ReLU (decoder lines 100-102, 176-178) and AE.forward clamps
 * the result to [0, 1] (resnet_autoencoder.py:71). Their decoder's last stage passes last_block_dim = 16 (line 106),
 * their initial width; with w generalised it is w. C (their 3) may be 1 for grey images; H, W multiples of 4.
 *
 * Initialisation, as their code leaves it: the encoder's init loop (encoder lines 113-118) re-draws every
 * nn.Conv2d as kaiming_normal_(mode = "fan_out", nonlinearity = "relu"), W ~ N(0, 2 / (9 c_out)), and sets BN
 * γ = 1, β = 0. The decoder's loop (decoder lines 109-114) tests isinstance(m, nn.Conv2d), which is False for
 * nn.ConvTranspose2d, so its convolutions keep PyTorch's default U(±1/√fan_in) with fan_in = c_out · 9 (PyTorch
 * stores a transposed weight as [c_in, c_out, k, k]; initialisation.ts, convVariables); its BNs are γ = 1, β = 0
 * either way. Draw order (part of the seed's meaning): the order of the authors' model.parameters(), i.e. module
 * registration order: encoder stem; stages 1-3, per block conv1, conv2, then the shortcut conv; decoder head
 * (de_conv1 is registered first); stages 3', 2', 1', per block conv1, conv2, then the shortcut conv. Each filter is
 * drawn row-major in its tfjs layout ([k, k, c_in, c_out] for conv2d, [k, k, c_out, c_in] for conv2dTranspose),
 * all from one SeededRandom(seed). `variables` follow the same order, each conv's BN γ, β after it.
 */
import * as tf from "@tensorflow/tfjs";
import { SeededRandom } from "../numeric/random.js";
import { BatchNorm2d } from "./batchNorm.js";
import { uniformDraws, variableFrom } from "./initialisation.js";
import type { ResnetForwardOptions } from "./resnetAutoencoder.js";
import { checkInteger, checkSeed } from "./validation.js";

export interface AuthorsLightResnetAutoencoderConfig {
  /** Seed of the SeededRandom that draws every conv weight (module comment, draw order). */
  seed: number;
  /** Stage-1 width w (stages w, 2w, 4w); the authors' is 16 (default). */
  width?: number;
  /** Image channels C, 1 or 3 (default 3, the authors'). */
  channels?: 1 | 3;
}

/** A 3x3 convolution without bias and with PyTorch padding 1; transposed ones keep tfjs's [k, k, c_out, c_in] layout. */
interface Conv {
  readonly filter: tf.Variable<tf.Rank.R4>;
  readonly stride: number;
  readonly transposed: boolean;
}

interface ConvNorm {
  readonly conv: Conv;
  readonly bn: BatchNorm2d;
}

/** A block in the order it computes (module comment): first (conv_A), second (conv_B), optional shortcut. */
interface Block {
  readonly first: ConvNorm;
  readonly second: ConvNorm;
  readonly shortcut?: ConvNorm;
}

const K = 3;

/** The module comment's network, with tf.variable weights. */
export class AuthorsLightResnetAutoencoder {
  readonly description: string;
  readonly channels: number;
  /** Trainable variables of the encoder in draw order: conv filters, each followed by its BN γ and β. */
  readonly encoderVariables: tf.Variable[];
  /** Trainable variables of the decoder (head first, as the authors register it), in draw order. */
  readonly decoderVariables: tf.Variable[];
  /** encoderVariables then decoderVariables: the order of the authors' model.parameters(). */
  readonly variables: tf.Variable[];
  private readonly stem: ConvNorm;
  private readonly encoderBlocks: Block[];
  private readonly decoderBlocks: Block[];
  private readonly head: ConvNorm;
  private readonly norms: BatchNorm2d[];

  constructor(config: AuthorsLightResnetAutoencoderConfig) {
    const caller = "authorsLightResnetAutoencoder";
    const w = config.width ?? 16;
    const channels = config.channels ?? 3;
    checkInteger(caller, "width", w, 1);
    if (channels !== 1 && channels !== 3) throw new Error(`${caller}: channels must be 1 or 3, got ${String(channels)}`);
    checkSeed(caller, config.seed, 1);
    const rng = new SeededRandom(config.seed);
    // Encoder Conv2d: kaiming_normal_(fan_out, relu), std = √2 / √(9 c_out).
    const conv = (cIn: number, cOut: number, stride = 1): ConvNorm => {
      const std = Math.sqrt(2 / (K * K * cOut));
      const weights = Float64Array.from({ length: K * K * cIn * cOut }, () => std * rng.gaussian());
      return { conv: { filter: variableFrom<tf.Rank.R4>(weights, [K, K, cIn, cOut]), stride, transposed: false }, bn: new BatchNorm2d(cOut) };
    };
    // Decoder ConvTranspose2d: PyTorch's default U(±1/√(9 c_out)).
    const convT = (cIn: number, cOut: number, stride = 1): ConvNorm => {
      const weights = uniformDraws(rng, K * K * cOut * cIn, 1 / Math.sqrt(K * K * cOut));
      return { conv: { filter: variableFrom<tf.Rank.R4>(weights, [K, K, cOut, cIn]), stride, transposed: true }, bn: new BatchNorm2d(cOut) };
    };
    // Their registration order per block is conv1, conv2, shortcut; `first` and `second` are the compute order.
    const encoderBlock = (a: number, b: number, stride: number): Block => {
      const first = conv(a, b, stride);
      const second = conv(b, b);
      return { first, second, ...(a !== b || stride !== 1 ? { shortcut: conv(a, b, stride) } : {}) };
    };
    const decoderBlock = (a: number, b: number, stride: number): Block => {
      const second = convT(a, b, stride); // their conv1, registered first
      const first = convT(a, a); // their conv2
      return { first, second, ...(a !== b || stride !== 1 ? { shortcut: convT(a, b, stride) } : {}) };
    };
    this.stem = conv(channels, w);
    this.encoderBlocks = [
      encoderBlock(w, w, 1), encoderBlock(w, w, 1),
      encoderBlock(w, 2 * w, 2), encoderBlock(2 * w, 2 * w, 1),
      encoderBlock(2 * w, 4 * w, 2), encoderBlock(4 * w, 4 * w, 1),
    ];
    this.head = convT(w, channels);
    this.decoderBlocks = [
      decoderBlock(4 * w, 4 * w, 1), decoderBlock(4 * w, 2 * w, 2),
      decoderBlock(2 * w, 2 * w, 1), decoderBlock(2 * w, w, 2),
      decoderBlock(w, w, 1), decoderBlock(w, w, 1),
    ];
    const unit = (u: ConvNorm): tf.Variable[] => [u.conv.filter, u.bn.gamma, u.bn.beta];
    // Registration order: conv1 (= first in the encoder, second in the decoder), conv2, shortcut.
    const encoderUnits = (b: Block): ConvNorm[] => [b.first, b.second, ...(b.shortcut ? [b.shortcut] : [])];
    const decoderUnits = (b: Block): ConvNorm[] => [b.second, b.first, ...(b.shortcut ? [b.shortcut] : [])];
    const encoder = [this.stem, ...this.encoderBlocks.flatMap(encoderUnits)];
    const decoder = [this.head, ...this.decoderBlocks.flatMap(decoderUnits)];
    this.encoderVariables = encoder.flatMap(unit);
    this.decoderVariables = decoder.flatMap(unit);
    this.variables = [...this.encoderVariables, ...this.decoderVariables];
    this.norms = [...encoder, ...decoder].map((u) => u.bn);
    this.channels = channels;
    this.description = `the authors' light ResNet autoencoder (AE('light'): 3x3 stem, BasicBlocks 2-2-2, widths ${w}-${2 * w}-${4 * w}, latent /4, transposed-conv decoder, BatchNorm, ${channels} channel${channels === 1 ? "" : "s"}, BN + ReLU output clamped to [0, 1])`;
  }

  /**
   * The reconstructed images, in [0, 1].
   * @param x - images [n, H, W, C], H and W positive multiples of 4
   * @param options - training: BatchNorm mode (default false, running statistics)
   * @returns [n, H, W, C]
   * @throws Error naming the received shape when x is not [n, H, W, C] with H, W multiples of 4, or when training
   *   with a 1x1 latent and one image (no batch variance)
   */
  forward(x: tf.Tensor4D, options: ResnetForwardOptions = {}): tf.Tensor4D {
    const caller = "authorsLightResnetAutoencoder.forward";
    const shape = x instanceof tf.Tensor ? x.shape : undefined;
    if (shape === undefined || shape.length !== 4 || shape[0] < 1 || shape[3] !== this.channels || shape[1] % 4 !== 0 || shape[2] % 4 !== 0 || shape[1] < 4 || shape[2] < 4) {
      throw new Error(`${caller}: x must be [n, H, W, ${this.channels}] with H, W positive multiples of 4, got ${shape ? `[${shape.join(", ")}]` : String(x)}`);
    }
    const training = options.training ?? false;
    if (training && shape[0] * (shape[1] / 4) * (shape[2] / 4) < 2) {
      throw new Error(`${caller}: training mode needs n · H/4 · W/4 >= 2 (the latent's BatchNorm estimates a variance per channel), got x of shape [${shape.join(", ")}]`);
    }
    const apply = (h: tf.Tensor4D, u: ConvNorm): tf.Tensor4D => {
      const { filter, stride, transposed } = u.conv;
      if (!transposed) return u.bn.apply(tf.conv2d(h, filter, stride, 1), training);
      const [n, rows, columns] = h.shape;
      return u.bn.apply(tf.conv2dTranspose(h, filter, [n, rows * stride, columns * stride, filter.shape[2]], stride, 1), training);
    };
    const runBlock = (h: tf.Tensor4D, b: Block): tf.Tensor4D => {
      const residual = apply(tf.relu(apply(h, b.first)), b.second);
      return tf.relu(tf.add(residual, b.shortcut ? apply(h, b.shortcut) : h)) as tf.Tensor4D;
    };
    return tf.tidy(() => {
      let h = tf.relu(apply(x, this.stem));
      for (const b of this.encoderBlocks) h = runBlock(h, b);
      for (const b of this.decoderBlocks) h = runBlock(h, b);
      return tf.clipByValue(tf.relu(apply(h, this.head)), 0, 1);
    });
  }

  /** The BatchNorm running statistics (non-trained; training updates them): what a checkpoint must keep besides `variables`. */
  get buffers(): tf.Variable[] {
    return this.norms.flatMap((bn) => [bn.runningMean, bn.runningVariance]);
  }

  /** Frees the variables and BatchNorm statistics; the model cannot be used afterwards. */
  dispose(): void {
    for (const bn of this.norms) bn.dispose();
    const units = [this.stem, this.head, ...[...this.encoderBlocks, ...this.decoderBlocks].flatMap((b) => [b.first, b.second, ...(b.shortcut ? [b.shortcut] : [])])];
    tf.dispose(units.map((u) => u.conv.filter));
  }
}

/** The authors' light autoencoder (module comment). @throws Error for a bad width, channels or seed */
export function authorsLightResnetAutoencoder(config: AuthorsLightResnetAutoencoderConfig): AuthorsLightResnetAutoencoder {
  return new AuthorsLightResnetAutoencoder(config);
}
