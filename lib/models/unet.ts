/**
 * A small U-Net [1] with a sinusoidal time embedding, the denoiser of the paper's Section 3.4 diffusion
 * model ("The diffusion model employs a U-Net architecture", 000_490d31e23b60e483.txt line 228; the paper
 * gives no widths or depths). It maps (x_t, t) to x̂_0 (lib/diffusion/loss.ts). Ours is a scaled-down
 * version of Ho et al.'s [2] for 28 x 28 digits, NHWC, base width c (default 32), 'same' padding:
 *
 *   in      conv 3x3, C_in → c                                   [n, H, W, c]
 *   level 1 conv 3x3, c → c,   + time bias, SiLU        = skip1   [n, H, W, c]
 *   down    conv 3x3 stride 2, c → c                             [n, H/2, W/2, c]
 *   level 2 conv 3x3, c → 2c,  + time bias, SiLU        = skip2   [n, H/2, W/2, 2c]
 *   down    conv 3x3 stride 2, 2c → 2c                           [n, H/4, W/4, 2c]
 *   middle  conv 3x3, 2c → 2c, + time bias, SiLU                 [n, H/4, W/4, 2c]
 *   up      nearest x2, concat skip2, conv 3x3, 4c → 2c, + time bias, SiLU   [n, H/2, W/2, 2c]
 *   up      nearest x2, concat skip1, conv 3x3, 3c → c,  + time bias, SiLU   [n, H, W, c]
 *   out     conv 1x1, c → C_in, linear (x̂_0 is unbounded; DDIM may clip it, ddim.ts)
 *
 * Levels 28 → 14 → 7 with widths c, 2c, 2c as in [2]'s (1, 2, 2) multipliers; one conv per level where
 * [2] has two residual blocks and attention at 16 x 16, to keep a CPU epoch of 10k MNIST images feasible
 * (~250k parameters at c = 32). Upsampling is [2]'s nearest-neighbour resize followed by a 3x3 conv; the
 * conv is the level's own, applied after the skip concatenation (one conv instead of two per level).
 * Downsampling is [2]'s stride-2 3x3 conv (tfjs 'same' pads 0 before and 1 after an even side, where
 * PyTorch's padding = 1 pads 1 on both; either is a valid stride-2 conv).
 * SiLU(x) = x·sigmoid(x) [2]. No GroupNorm ([2] normalises before every conv): it would add two
 * reductions and a division per block to a net kept small for the CPU, and with one conv per level
 * training progresses without it (the training-smoke test); the net stays a plain composition of convs
 * and SiLU.
 *
 * Time embedding [2, get_timestep_embedding; Vaswani et al. [3], Sec. 3.5]: with e (default c, even ≥ 4)
 * and h = e/2, emb(t) = [sin(t ω_0), ..., sin(t ω_{h−1}), cos(t ω_0), ..., cos(t ω_{h−1})],
 * ω_i = exp(−ln(10000) · i / (h − 1)), t the 0-based step as a float. It is computed in float64 in
 * JavaScript (no parameter depends on it), then z = SiLU(W_t emb + b_t) (width 4c, [2]'s temb_ch), and one
 * dense map of z to all five blocks' widths (c + 2c + 2c + 2c + c = 8c) is split into per-channel biases
 * added after each block's conv, before its SiLU [2, ResnetBlock].
 *
 * Initialisation: PyTorch's default [4], W, b ~ U(±1/√fan_in), fan_in = c_in k² for a conv and n_in for a
 * dense layer. Draw order (part of the seed's meaning), all from one SeededRandom(seed): the nine convs in
 * the table's order, each W row-major in the tfjs layout [k, k, c_in, c_out] then b, then W_t [e, 4c] and
 * b_t, then the projection [4c, 8c] and its bias.
 *
 * References
 * [1] O. Ronneberger, P. Fischer, T. Brox, "U-Net: Convolutional networks for biomedical image
 *     segmentation", MICCAI 2015 (the paper's [1]).
 * [2] J. Ho, A. Jain, P. Abbeel, "Denoising diffusion probabilistic models", NeurIPS 2020, Appendix B, and
 *     hojonathanho/diffusion, diffusion_tf/nn.py and models/unet.py.
 * [3] A. Vaswani et al., "Attention is all you need", NeurIPS 2017.
 * [4] PyTorch, torch/nn/modules/conv.py and linear.py, reset_parameters (v1.13 and later).
 */
import * as tf from "@tensorflow/tfjs";
import { SeededRandom } from "../numeric/random.js";
import { convVariables, denseVariables } from "./initialisation.js";
import { silu } from "./silu.js";
import { checkInteger, checkSeed } from "./validation.js";

export interface UNetConfig {
  /** Seed of the SeededRandom that draws every weight (module comment, draw order). */
  seed: number;
  /** Base width c (default 32); levels have c, 2c, 2c channels. */
  baseWidth?: number;
  /** Image channels C_in, in and out (default 1). */
  channels?: number;
  /** Sinusoidal embedding dimension e, even ≥ 4 (default c). */
  embeddingDim?: number;
  /** Number of diffusion steps T; forward accepts t in 0..T−1 (default 1000). */
  timesteps?: number;
}

interface Conv {
  readonly filter: tf.Variable<tf.Rank.R4>;
  readonly bias: tf.Variable<tf.Rank.R1>;
}

interface Dense {
  readonly weights: tf.Variable<tf.Rank.R2>;
  readonly bias: tf.Variable<tf.Rank.R1>;
}

const showShape = (x: unknown): string => (x instanceof tf.Tensor ? `[${x.shape.join(", ")}]` : String(x));


/** The U-Net of the module comment, with tf.variable weights. */
export class UNet {
  readonly description: string;
  /** Conv W, b in the table's order, then W_t, b_t, then the projection W, b. */
  readonly variables: tf.Variable[];
  readonly parameterCount: number;
  readonly timesteps: number;
  private readonly channels: number;
  private readonly embeddingDim: number;
  private readonly convs: Conv[];
  private readonly timeDense: Dense;
  private readonly projection: Dense;
  /** Widths of the five time-biased blocks, in order (level 1, level 2, middle, up 2, up 1). */
  private readonly blockWidths: number[];

  constructor(config: UNetConfig) {
    const caller = "unet";
    const c = config.baseWidth ?? 32;
    const channels = config.channels ?? 1;
    const e = config.embeddingDim ?? c;
    const timesteps = config.timesteps ?? 1000;
    checkInteger(caller, "baseWidth", c, 1);
    checkInteger(caller, "channels", channels, 1);
    checkInteger(caller, "embeddingDim", e, 4);
    if (e % 2 !== 0) throw new Error(`${caller}: embeddingDim must be even, got ${e}`);
    checkInteger(caller, "timesteps", timesteps, 1);
    checkSeed(caller, config.seed, 1);
    const rng = new SeededRandom(config.seed);
    // (c_in, c_out, k) per conv, in the module comment's order.
    const plan: [number, number, number][] = [
      [channels, c, 3], [c, c, 3], [c, c, 3], [c, 2 * c, 3], [2 * c, 2 * c, 3], [2 * c, 2 * c, 3],
      [4 * c, 2 * c, 3], [3 * c, c, 3], [c, channels, 1],
    ];
    this.convs = plan.map(([cIn, cOut, k]) => convVariables(rng, [k, k, cIn, cOut], cIn * k * k));
    const dense = (nIn: number, nOut: number): Dense => denseVariables(rng, nIn, nOut);
    this.blockWidths = [c, 2 * c, 2 * c, 2 * c, c];
    this.timeDense = dense(e, 4 * c);
    this.projection = dense(4 * c, this.blockWidths.reduce((a, b) => a + b, 0));
    this.variables = [
      ...this.convs.flatMap((conv) => [conv.filter, conv.bias]),
      this.timeDense.weights, this.timeDense.bias, this.projection.weights, this.projection.bias,
    ];
    this.parameterCount = this.variables.reduce((sum, v) => sum + v.size, 0);
    this.timesteps = timesteps;
    this.channels = channels;
    this.embeddingDim = e;
    this.description = `U-Net ${channels}-${c}-${2 * c}-${2 * c} (levels H, H/2, H/4; 3x3 convs, SiLU, skip concatenation, nearest upsampling; sinusoidal time embedding ${e} → ${4 * c}; ${this.parameterCount} parameters)`;
  }

  /**
   * The sinusoidal embeddings of t (module comment), float64 → float32 [n, e].
   * @param t - steps as floats
   */
  timeEmbedding(t: Int32Array | readonly number[]): tf.Tensor2D {
    const half = this.embeddingDim / 2;
    const values = new Float32Array(t.length * this.embeddingDim);
    for (let n = 0; n < t.length; n++) {
      for (let i = 0; i < half; i++) {
        const angle = t[n] * Math.exp((-Math.log(10000) * i) / (half - 1));
        values[n * this.embeddingDim + i] = Math.sin(angle);
        values[n * this.embeddingDim + half + i] = Math.cos(angle);
      }
    }
    return tf.tensor2d(values, [t.length, this.embeddingDim]);
  }

  /**
   * x̂_0 from the noisy images and their steps.
   * @param xt - x_t [n, H, W, C_in], H and W positive multiples of 4
   * @param t - n steps, integers in 0..timesteps−1 (0-based, lib/diffusion/forward.ts)
   * @returns x̂_0 [n, H, W, C_in]
   * @throws Error naming the received shape or step when xt or t is malformed
   */
  forward(xt: tf.Tensor4D, t: Int32Array | readonly number[]): tf.Tensor4D {
    const shape = xt instanceof tf.Tensor ? xt.shape : undefined;
    if (shape === undefined || shape.length !== 4 || shape[0] < 1 || shape[3] !== this.channels || shape[1] % 4 !== 0 || shape[2] % 4 !== 0 || shape[1] < 4 || shape[2] < 4) {
      throw new Error(`unet.forward: xt must be [n, H, W, ${this.channels}] with n >= 1 and H, W positive multiples of 4, got ${showShape(xt)}`);
    }
    if (!(t instanceof Int32Array) && !Array.isArray(t)) throw new Error(`unet.forward: t must be an Int32Array or number[] of ${shape[0]} steps, got ${String(t)}`);
    if (t.length !== shape[0]) throw new Error(`unet.forward: t must have one step per image, length ${shape[0]}, got length ${t.length}`);
    const bad = Array.from(t).findIndex((step) => !Number.isInteger(step) || step < 0 || step >= this.timesteps);
    if (bad >= 0) throw new Error(`unet.forward: t[${bad}] must be an integer step in 0..${this.timesteps - 1}, got ${t[bad]}`);
    return tf.tidy(() => {
      const [n] = shape;
      const z = silu(tf.add(tf.matMul(this.timeEmbedding(t), this.timeDense.weights), this.timeDense.bias));
      const allBiases = tf.add(tf.matMul(z, this.projection.weights), this.projection.bias);
      const timeBiases = tf.split(allBiases, this.blockWidths, 1).map((b, i) => tf.reshape(b, [n, 1, 1, this.blockWidths[i]]));
      const conv = (h: tf.Tensor4D, i: number, stride = 1): tf.Tensor4D => tf.add(tf.conv2d(h, this.convs[i].filter, stride, "same"), this.convs[i].bias);
      const block = (h: tf.Tensor4D, i: number, b: number): tf.Tensor4D => silu(tf.add(conv(h, i), timeBiases[b]));
      const up = (h: tf.Tensor4D, skip: tf.Tensor4D): tf.Tensor4D =>
        tf.concat([tf.image.resizeNearestNeighbor(h, [skip.shape[1], skip.shape[2]]), skip], 3);
      const h0 = conv(xt, 0);
      const skip1 = block(h0, 1, 0);
      const skip2 = block(conv(skip1, 2, 2), 3, 1);
      const middle = block(conv(skip2, 4, 2), 5, 2);
      const up2 = block(up(middle, skip2), 6, 3);
      const up1 = block(up(up2, skip1), 7, 4);
      return conv(up1, 8);
    });
  }

  /** Frees the variables; the model cannot be used afterwards. */
  dispose(): void {
    for (const variable of this.variables) variable.dispose();
  }
}

/** A UNet (module comment). @throws Error for bad widths, channels, embedding size, timesteps or seed */
export function unet(config: UNetConfig): UNet {
  return new UNet(config);
}
