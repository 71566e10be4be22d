/**
 * The U-Net of the authors' Fig. 5 diffusion models (CelebA-HQ 128 x 128): lucidrains' denoising-diffusion-pytorch
 * v2.1.1 [1] `Unet(dim = 64, dim_mults = (1, 2, 4), channels = 3)`, every other argument at its default (the
 * authors' DIffusion_Models/celeba_train.py:88-93, celeba_config.yaml hidden_dim 64), trained with objective
 * pred_x0 over 1000 steps. NHWC; line numbers are of [1]'s denoising_diffusion_pytorch.py at tag 2.1.1. With
 * widths dims = [dim, dim·m_1, ..., dim·m_L] and stages (a_i, b_i) = (dims[i], dims[i+1]), i = 0..L−1:
 *
 *   init      conv 7x7 (pad 3), C → dim = r                                                    (305, 399-400)
 *   time      emb(t) = [sin(t ω_j), cos(t ω_j)], ω_j = 10000^(−j/(dim/2 − 1)), j < dim/2 (SinusoidalPosEmb,
 *             114-127), then Linear dim → 4dim, GELU (exact, erf), Linear 4dim → 4dim = τ        (312-328, 402)
 *   down i    x = R(a_i → a_i)(x, τ), push; x = R(a_i → a_i)(x, τ); x = A_i(x) + x, push;
 *             x = Downsample a_i → b_i (pixel-unshuffle, 1x1 conv 4a_i → b_i), or for the last stage a
 *             3x3 conv a_i → b_i at the same resolution                                   (353-363, 406-414)
 *   middle    R(b_L → b_L), Attention(b_L) + x, R(b_L → b_L)                              (365-368, 416-418)
 *   up i      stages reversed: x = R(b + a → b)(cat(x, pop), τ) twice, x = A(x) + x, then Upsample b → a
 *             (nearest x2, 3x3 conv), or for the last a 3x3 conv b → a                   (370-380, 420-428)
 *   out       R(2r → r)(cat(x, init output), τ), conv 1x1 r → C                          (385-386, 430-433)
 *
 * R(a → b)(x, τ) is ResnetBlock (167-191): [s, σ] = Linear 4dim → 2b of SiLU(τ) (scale first), h = SiLU(RMSNorm(
 * conv3x3(x)) (1 + s) + σ), then SiLU(RMSNorm(conv3x3(h))), plus x through a 1x1 conv when a ≠ b (Block 148-165:
 * plain convs with bias, not weight-standardised; RMSNorm, not GroupNorm: v2.1.1 has no resnet_block_groups;
 * dropout 0). A_i is LinearAttention except where full_attn's default puts full Attention, the innermost stage
 * (332-333), and the middle is full Attention (367); heads 4, head width 32, 4 memory key-value pairs
 * (unetAttention.ts has the blocks). Concatenations put x first (421, 424, 430). Input sides must be multiples of
 * 2^(L−1) (393). At the paper's config: levels 128 → 64 → 32, widths 64, 64, 128, 256, 9,904,515 parameters
 * (the test's table).
 *
 * Initialisation as PyTorch's defaults [2], drawn from one SeededRandom(seed) in the order PyTorch constructs the
 * modules (its draw order from the global RNG): conv and Linear W, b ~ U(±1/√fan_in) (to_qkv has no b), RMSNorm
 * g = 1 (no draw), mem_kv ~ N(0, 1) (torch.randn, 208, 254). Order: init conv; time Linear 1, 2; per down stage
 * R, R, attention, resample; middle R, Attention, R; per up stage R, R, attention, resample; final R; out conv.
 * Within R: Linear, conv 1, g 1, conv 2, g 2, residual conv; within attention: g, mem_kv, to_qkv, to_out conv
 * (and its g). `variables` lists every tensor in that order. Each tensor is drawn row-major in our layout (conv
 * [k, k, c_in, c_out], Linear [n_in, n_out]) where PyTorch draws [c_out, c_in, k, k] and [n_out, n_in], and our
 * generator is not PyTorch's: the distributions match, the values cannot, and that is intended (a seed of ours
 * is a seed of this library). Given the same weights (layouts aside) the forward pass is theirs: the tests check it
 * against our float64 transcription of their code (referenceDiffusionUnet.ts), not against PyTorch, which this
 * machine lacks. The time embedding is computed in float64 then rounded, where theirs is float32 throughout
 * (at t = 999 their angles are off by up to ~6e-5 rad, ours by float32 rounding of the sines, ~6e-8).
 *
 * Cost, measured on this machine's 2 shared cores with the backend the tests select (WASM with the native kernel
 * pack): one training step (forward + backward of a squared loss) at dim 16, (1, 2, 4) (722,787 parameters),
 * batch 4, 32 x 32 x 3 took 346 ms at best and 547 ms in the median of 10 (load ≈ 4.7); at the paper's config,
 * 128 x 128 x 3 and dim 64, one image's step took 4.3 s. The paper's setting is a paper-profile one only.
 *
 * References
 * [1] P. Wang (lucidrains), denoising-diffusion-pytorch, v2.1.1, denoising_diffusion_pytorch/
 *     denoising_diffusion_pytorch.py (Unet, ResnetBlock, Block, SinusoidalPosEmb, Upsample, Downsample).
 * [2] PyTorch, torch/nn/modules/conv.py and linear.py, reset_parameters (v1.13 and later).
 */
import * as tf from "@tensorflow/tfjs";
import { SeededRandom } from "../numeric/random.js";
import type { Denoiser } from "./denoiser.js";
import { uniformDraws, variableFrom, type ConvVariables, type DenseVariables } from "./initialisation.js";
import { fullAttention, linearAttention, pixelUnshuffle, rmsNorm, type AttentionVariables } from "./unetAttention.js";
import { silu } from "./silu.js";
import { checkInteger, checkSeed } from "./validation.js";

export interface AuthorsDiffusionUnetConfig {
  /** Seed of the SeededRandom that draws every weight (module comment, draw order). */
  seed: number;
  /** Base width dim, even ≥ 4 (default 64, the authors' hidden_dim). */
  dim?: number;
  /** Width multipliers per stage (default [1, 2, 4], the authors'; [1]'s own default is [1, 2, 4, 8]). */
  dimMults?: readonly number[];
  /** Image channels C, in and out (default 3). */
  channels?: number;
  /** Attention heads (default 4) and head width (default 32), as attn_heads and attn_dim_head. */
  attentionHeads?: number;
  attentionHeadDim?: number;
  /** Number of diffusion steps T; forward accepts t in 0..T−1 (default 1000). */
  timesteps?: number;
}

/** num_mem_kv of LinearAttention and Attention, which Unet does not pass (199, 244). */
export const MEMORY_KEY_VALUES = 4;

/** SinusoidalPosEmb's theta (Unet's sinusoidal_pos_emb_theta default, 289). */
export const SINUSOIDAL_THETA = 10000;

interface ResnetVariables {
  readonly time: DenseVariables;
  readonly conv1: ConvVariables;
  readonly norm1: tf.Variable<tf.Rank.R1>;
  readonly conv2: ConvVariables;
  readonly norm2: tf.Variable<tf.Rank.R1>;
  readonly residual?: ConvVariables;
}

interface Stage {
  readonly block1: ResnetVariables;
  readonly block2: ResnetVariables;
  readonly attention: AttentionVariables;
  readonly full: boolean;
  /** Downsample / Upsample, or the last stage's plain 3x3 conv. */
  readonly resample: ConvVariables;
  readonly resampling: boolean;
}

/** Draws variables in order from one SeededRandom and keeps the list (module comment). */
class Draws {
  readonly variables: tf.Variable[] = [];
  constructor(private readonly rng: SeededRandom) {}

  private keep<R extends tf.Rank>(values: Float64Array, shape: number[]): tf.Variable<R> {
    const v = variableFrom<R>(values, shape);
    this.variables.push(v);
    return v;
  }

  conv(k: number, cIn: number, cOut: number): ConvVariables {
    const bound = 1 / Math.sqrt(cIn * k * k);
    const filter = this.keep<tf.Rank.R4>(uniformDraws(this.rng, k * k * cIn * cOut, bound), [k, k, cIn, cOut]);
    return { filter, bias: this.keep<tf.Rank.R1>(uniformDraws(this.rng, cOut, bound), [cOut]) };
  }

  convWithoutBias(cIn: number, cOut: number): tf.Variable<tf.Rank.R4> {
    return this.keep<tf.Rank.R4>(uniformDraws(this.rng, cIn * cOut, 1 / Math.sqrt(cIn)), [1, 1, cIn, cOut]);
  }

  dense(nIn: number, nOut: number): DenseVariables {
    const bound = 1 / Math.sqrt(nIn);
    const weights = this.keep<tf.Rank.R2>(uniformDraws(this.rng, nIn * nOut, bound), [nIn, nOut]);
    return { weights, bias: this.keep<tf.Rank.R1>(uniformDraws(this.rng, nOut, bound), [nOut]) };
  }

  ones(size: number): tf.Variable<tf.Rank.R1> {
    return this.keep<tf.Rank.R1>(new Float64Array(size).fill(1), [size]);
  }

  gaussian(shape: [number, number, number, number]): tf.Variable<tf.Rank.R4> {
    const values = new Float64Array(shape.reduce((a, b) => a * b, 1));
    this.rng.fillGaussian(values);
    return this.keep<tf.Rank.R4>(values, shape);
  }

  resnet(cIn: number, cOut: number, timeDim: number): ResnetVariables {
    const time = this.dense(timeDim, 2 * cOut);
    const conv1 = this.conv(3, cIn, cOut);
    const norm1 = this.ones(cOut);
    const conv2 = this.conv(3, cOut, cOut);
    const norm2 = this.ones(cOut);
    return { time, conv1, norm1, conv2, norm2, residual: cIn === cOut ? undefined : this.conv(1, cIn, cOut) };
  }

  attention(channels: number, heads: number, headDim: number, full: boolean): AttentionVariables {
    const norm = this.ones(channels);
    const memoryKeyValues = this.gaussian(full ? [2, heads, MEMORY_KEY_VALUES, headDim] : [2, heads, headDim, MEMORY_KEY_VALUES]);
    const qkv = this.convWithoutBias(channels, 3 * heads * headDim);
    const out = this.conv(1, heads * headDim, channels);
    return { heads, headDim, norm, memoryKeyValues, qkv, out, outNorm: full ? undefined : this.ones(channels) };
  }
}

const showShape = (x: unknown): string => (x instanceof tf.Tensor ? `[${x.shape.join(", ")}]` : String(x));


/** nn.GELU() (exact): x Φ(x) = x (1 + erf(x/√2)) / 2. */
const gelu = <T extends tf.Tensor>(x: T): T => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2))));

/**
 * SinusoidalPosEmb [1, 114-127] in float64, rounded to float32 [n, dim]: sines of t ω_j then cosines,
 * ω_j = θ^(−j/(dim/2 − 1)).
 */
export function sinusoidalTimeEmbedding(t: Int32Array | readonly number[], dim: number, theta = SINUSOIDAL_THETA): tf.Tensor2D {
  const half = dim / 2;
  const values = new Float32Array(t.length * dim);
  for (let n = 0; n < t.length; n++) {
    for (let j = 0; j < half; j++) {
      const angle = t[n] * Math.exp((-Math.log(theta) * j) / (half - 1));
      values[n * dim + j] = Math.sin(angle);
      values[n * dim + half + j] = Math.cos(angle);
    }
  }
  return tf.tensor2d(values, [t.length, dim]);
}

/** lucidrains' v2.1.1 Unet (module comment), NHWC, with tf.variable weights. */
export class AuthorsDiffusionUnet implements Denoiser {
  readonly description: string;
  /** Every tensor in the module comment's draw order. */
  readonly variables: tf.Variable[];
  readonly parameterCount: number;
  readonly timesteps: number;
  /** Input sides must be multiples of this, 2^(L−1) ([1]'s downsample_factor, 388-390). */
  readonly downsampleFactor: number;
  private readonly dim: number;
  private readonly channels: number;
  private readonly initConv: ConvVariables;
  private readonly timeMlp: [DenseVariables, DenseVariables];
  private readonly downs: Stage[];
  private readonly middle: [ResnetVariables, AttentionVariables, ResnetVariables];
  private readonly ups: Stage[];
  private readonly finalBlock: ResnetVariables;
  private readonly finalConv: ConvVariables;

  constructor(config: AuthorsDiffusionUnetConfig) {
    const caller = "authorsDiffusionUnet";
    const dim = config.dim ?? 64;
    const mults = config.dimMults ?? [1, 2, 4];
    const channels = config.channels ?? 3;
    const heads = config.attentionHeads ?? 4;
    const headDim = config.attentionHeadDim ?? 32;
    const timesteps = config.timesteps ?? 1000;
    checkInteger(caller, "dim", dim, 4);
    if (dim % 2 !== 0) throw new Error(`${caller}: dim must be even (the time embedding has dim/2 sines and dim/2 cosines), got ${dim}; use ${dim + 1}`);
    if (!Array.isArray(mults) || mults.length === 0) throw new Error(`${caller}: dimMults must be a non-empty array of width multipliers such as [1, 2, 4], got ${JSON.stringify(mults)}`);
    mults.forEach((m, i) => checkInteger(caller, `dimMults[${i}]`, m, 1));
    checkInteger(caller, "channels", channels, 1);
    checkInteger(caller, "attentionHeads", heads, 1);
    checkInteger(caller, "attentionHeadDim", headDim, 1);
    checkInteger(caller, "timesteps", timesteps, 1);
    checkSeed(caller, config.seed, 1);
    const draws = new Draws(new SeededRandom(config.seed));
    const timeDim = 4 * dim;
    const dims = [dim, ...mults.map((m) => dim * m)];
    const stages = mults.map((_, i) => [dims[i], dims[i + 1]] as const);
    const last = stages.length - 1;
    this.initConv = draws.conv(7, channels, dim);
    this.timeMlp = [draws.dense(dim, timeDim), draws.dense(timeDim, timeDim)];
    this.downs = stages.map(([a, b], i) => ({
      block1: draws.resnet(a, a, timeDim),
      block2: draws.resnet(a, a, timeDim),
      attention: draws.attention(a, heads, headDim, i === last),
      full: i === last,
      resample: i === last ? draws.conv(3, a, b) : draws.conv(1, 4 * a, b),
      resampling: i !== last,
    }));
    const mid = dims[dims.length - 1];
    this.middle = [draws.resnet(mid, mid, timeDim), draws.attention(mid, heads, headDim, true), draws.resnet(mid, mid, timeDim)];
    this.ups = [...stages].reverse().map(([a, b], i) => ({
      block1: draws.resnet(b + a, b, timeDim),
      block2: draws.resnet(b + a, b, timeDim),
      attention: draws.attention(b, heads, headDim, i === 0),
      full: i === 0,
      resample: draws.conv(3, b, a),
      resampling: i !== last,
    }));
    this.finalBlock = draws.resnet(2 * dim, dim, timeDim);
    this.finalConv = draws.conv(1, dim, channels);
    this.variables = draws.variables;
    this.parameterCount = this.variables.reduce((sum, v) => sum + v.size, 0);
    this.timesteps = timesteps;
    this.downsampleFactor = 2 ** last;
    this.dim = dim;
    this.channels = channels;
    this.description = `the authors' Fig. 5 U-Net (denoising-diffusion-pytorch 2.1.1 Unet, dim ${dim}, dim_mults (${mults.join(", ")}), ${channels} channels; ResNet blocks with RMSNorm, linear and full attention ${heads} x ${headDim}; ${this.parameterCount} parameters)`;
  }

  /**
   * x̂_0 from the noisy images and their steps.
   * @param xt - x_t [n, H, W, C], H and W positive multiples of downsampleFactor
   * @param t - n steps, integers in 0..timesteps−1 (0-based, lib/diffusion/forward.ts)
   * @returns x̂_0 [n, H, W, C]
   * @throws Error naming the received shape or step when xt or t is malformed
   */
  forward(xt: tf.Tensor4D, t: Int32Array | readonly number[]): tf.Tensor4D {
    const f = this.downsampleFactor;
    const shape = xt instanceof tf.Tensor ? xt.shape : undefined;
    if (shape === undefined || shape.length !== 4 || shape[0] < 1 || shape[3] !== this.channels || shape[1] < f || shape[2] < f || shape[1] % f !== 0 || shape[2] % f !== 0) {
      throw new Error(`authorsDiffusionUnet.forward: xt must be [n, H, W, ${this.channels}] with n >= 1 and H, W positive multiples of ${f} (2^(stages − 1): the net halves the image ${Math.log2(f)} times), got ${showShape(xt)}; crop or pad the images, or use fewer dimMults`);
    }
    if (!(t instanceof Int32Array) && !Array.isArray(t)) throw new Error(`authorsDiffusionUnet.forward: t must be an Int32Array or number[] of ${shape[0]} steps, got ${String(t)}`);
    if (t.length !== shape[0]) throw new Error(`authorsDiffusionUnet.forward: t must have one step per image, length ${shape[0]}, got length ${t.length}`);
    const bad = Array.from(t).findIndex((step) => !Number.isInteger(step) || step < 0 || step >= this.timesteps);
    if (bad >= 0) throw new Error(`authorsDiffusionUnet.forward: t[${bad}] must be an integer step in 0..${this.timesteps - 1}, got ${t[bad]}`);
    return tf.tidy(() => {
      const [first, second] = this.timeMlp;
      const hidden = gelu(tf.add(tf.matMul(sinusoidalTimeEmbedding(t, this.dim), first.weights), first.bias));
      const tau = tf.add<tf.Tensor2D>(tf.matMul(hidden, second.weights), second.bias);
      const resnet = (x: tf.Tensor4D, r: ResnetVariables): tf.Tensor4D => resnetBlock(x, tau, r);
      const attend = (x: tf.Tensor4D, s: { attention: AttentionVariables; full: boolean }): tf.Tensor4D =>
        tf.add((s.full ? fullAttention : linearAttention)(x, s.attention), x);
      let x = conv(xt, this.initConv);
      const init = x;
      const skips: tf.Tensor4D[] = [];
      for (const s of this.downs) {
        x = resnet(x, s.block1);
        skips.push(x);
        x = attend(resnet(x, s.block2), s);
        skips.push(x);
        x = s.resampling ? conv(pixelUnshuffle(x), s.resample) : conv(x, s.resample);
      }
      const [mid1, midAttention, mid2] = this.middle;
      x = resnet(x, mid1);
      x = attend(x, { attention: midAttention, full: true });
      x = resnet(x, mid2);
      const cat = (a: tf.Tensor4D, b: tf.Tensor4D): tf.Tensor4D => tf.concat([a, b], 3);
      for (const s of this.ups) {
        x = resnet(cat(x, skips.pop() as tf.Tensor4D), s.block1);
        x = attend(resnet(cat(x, skips.pop() as tf.Tensor4D), s.block2), s);
        if (s.resampling) x = tf.image.resizeNearestNeighbor(x, [2 * x.shape[1], 2 * x.shape[2]]);
        x = conv(x, s.resample);
      }
      return conv(resnet(cat(x, init), this.finalBlock), this.finalConv);
    });
  }

  /** Frees the variables; the model cannot be used afterwards. */
  dispose(): void {
    for (const variable of this.variables) variable.dispose();
  }
}

/** A stride-1 'same' convolution plus bias (PyTorch's padding = (k − 1)/2 for odd k). */
function conv(x: tf.Tensor4D, c: ConvVariables): tf.Tensor4D {
  return tf.add(tf.conv2d(x, c.filter, 1, "same"), c.bias);
}

/** ResnetBlock [1, 167-191] (module comment): block1 with the time scale-shift, block2, residual. */
function resnetBlock(x: tf.Tensor4D, tau: tf.Tensor2D, r: ResnetVariables): tf.Tensor4D {
  const width = r.norm1.shape[0];
  const n = x.shape[0];
  const [scale, shift] = tf.split(tf.add(tf.matMul(silu(tau), r.time.weights), r.time.bias), 2, 1).map((p) => tf.reshape(p, [n, 1, 1, width]));
  const h1 = silu(tf.add<tf.Tensor4D>(tf.mul(rmsNorm(conv(x, r.conv1), r.norm1), tf.add(scale, 1)), shift));
  const h2 = silu(rmsNorm(conv(h1, r.conv2), r.norm2));
  return tf.add(h2, r.residual === undefined ? x : conv(x, r.residual));
}

/** The authors' Fig. 5 U-Net (module comment). @throws Error for bad widths, multipliers, channels, heads, timesteps or seed */
export function authorsDiffusionUnet(config: AuthorsDiffusionUnetConfig): AuthorsDiffusionUnet {
  return new AuthorsDiffusionUnet(config);
}
