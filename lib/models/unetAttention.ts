/**
 * The normalisation, attention and resampling blocks of lucidrains' denoising-diffusion-pytorch v2.1.1 U-Net [1]
 * (the network of the authors' Fig. 5, authorsDiffusionUnet.ts), in NHWC. Line numbers are of [1] at tag 2.1.1.
 *
 *   rmsNorm        RMSNorm (denoising_diffusion_pytorch.py:103-110): y = x / max(‖x‖₂, 1e-12) · g · √C, the norm
 *                  over the C channels of each pixel (F.normalize(x, dim = 1)), g [C] initialised to 1.
 *   linearAttention  LinearAttention (193-236), heads h, head width d, m memory key-value pairs: with
 *                  x̃ = rmsNorm(x), [q, k, v] = W_qkv x̃ (1x1 conv, no bias, 3hd channels, head-major h·d + c),
 *                  keys and values of every head prefixed by its m learned pairs (mem_kv), then per head
 *                    q ← softmax over the d features of each pixel, times d^(−1/2);
 *                    k ← softmax over the m + HW positions of each feature;
 *                    context = k vᵀ (d × d), out = contextᵀ q (d per pixel);
 *                  and y = rmsNorm(W_out out + b_out) (to_out: 1x1 conv then RMSNorm).
 *   fullAttention  Attention (238-272) with Attend(flash = False) (attend.py:95-124): the same x̃, q, k, v and
 *                  memory pairs, out = softmax_j(q·k_j · d^(−1/2)) v per head, y = W_out out + b_out (no norm).
 *   pixelUnshuffle Downsample's rearrange 'b c (h p1) (w p2) -> b (c p1 p2) h w' (97-101): the 2 x 2 block of
 *                  each output pixel stacked channel-major, output channel 4c + 2p1 + p2, so that a 1x1 conv's
 *                  weights mean what theirs mean (tf.spaceToDepth would order them 2p1 + p2 major instead).
 *
 * The caller adds the residual (x + attention(x), 411, 417, 426). mem_kv is kept in their layouts, [2, h, d, m]
 * for linear and [2, h, m, d] for full attention (208, 254); every other weight in tfjs layout.
 *
 * References
 * [1] P. Wang (lucidrains), denoising-diffusion-pytorch, v2.1.1, denoising_diffusion_pytorch/
 *     denoising_diffusion_pytorch.py and attend.py.
 */
import * as tf from "@tensorflow/tfjs";

/** F.normalize's eps: the norm is clamped below at this value (torch/nn/functional.py, normalize). */
export const RMS_NORM_EPS = 1e-12;

/** The variables of one (linear or full) attention block; outNorm only for linear attention. */
export interface AttentionVariables {
  readonly heads: number;
  readonly headDim: number;
  /** RMSNorm gain before the qkv projection [C]. */
  readonly norm: tf.Variable<tf.Rank.R1>;
  /** mem_kv: [2, h, d, m] (linear) or [2, h, m, d] (full). */
  readonly memoryKeyValues: tf.Variable<tf.Rank.R4>;
  /** to_qkv, [1, 1, C, 3hd], no bias. */
  readonly qkv: tf.Variable<tf.Rank.R4>;
  /** to_out's 1x1 conv, [1, 1, hd, C] and [C]. */
  readonly out: { readonly filter: tf.Variable<tf.Rank.R4>; readonly bias: tf.Variable<tf.Rank.R1> };
  /** to_out's RMSNorm gain [C] (linear attention only). */
  readonly outNorm?: tf.Variable<tf.Rank.R1>;
}

/** RMSNorm over the channel axis of NHWC x (module comment). */
export function rmsNorm(x: tf.Tensor4D, g: tf.Tensor1D): tf.Tensor4D {
  const channels = x.shape[3];
  const norm = tf.maximum(tf.sqrt(tf.sum(tf.square(x), 3, true)), RMS_NORM_EPS);
  return tf.mul(tf.div(x, norm), tf.mul(g, Math.sqrt(channels)));
}

/** [n, H, W, C] → [n, H/2, W/2, 4C], channel 4c + 2p1 + p2 (module comment). */
export function pixelUnshuffle(x: tf.Tensor4D): tf.Tensor4D {
  const [n, rows, columns, channels] = x.shape;
  const [h, w] = [rows / 2, columns / 2];
  // [n h, p1, w, (p2 c)] → [n h, w, p1, (p2 c)]: p1, p2, c per output pixel; then c to the front of the 4.
  const rowPairs = tf.transpose(tf.reshape(x, [n * h, 2, w, 2 * channels]), [0, 2, 1, 3]);
  const channelMajor = tf.transpose(tf.reshape(rowPairs, [n * h * w, 4, channels]), [0, 2, 1]);
  return tf.reshape(channelMajor, [n, h, w, 4 * channels]);
}

/** q, k, v of x̃ as [n h, HW, d] each, head-major channels h·d + c (module comment). */
function queriesKeysValues(x: tf.Tensor4D, a: AttentionVariables): tf.Tensor3D[] {
  const [n, rows, columns] = x.shape;
  const qkv = tf.conv2d(rmsNorm(x, a.norm), a.qkv, 1, "same");
  return tf.split(qkv, 3, 3).map((part) =>
    tf.reshape(tf.transpose(tf.reshape(part, [n, rows * columns, a.heads, a.headDim]), [0, 2, 1, 3]), [n * a.heads, rows * columns, a.headDim]));
}

/** Memory pair `which` (0 keys, 1 values) as [n h, m, d], the same for every image. */
function memory(a: AttentionVariables, which: 0 | 1, n: number, linear: boolean): tf.Tensor3D {
  const pair = tf.squeeze(tf.slice(a.memoryKeyValues, [which, 0, 0, 0], [1, -1, -1, -1]), [0]) as tf.Tensor3D;
  const hmd = linear ? tf.transpose(pair, [0, 2, 1]) : pair;
  const [heads, m, d] = hmd.shape;
  return tf.reshape(tf.tile(tf.expandDims(hmd, 0), [n, 1, 1, 1]), [n * heads, m, d]);
}

/** Per-head outputs [n h, HW, d] back to [n, H, W, hd], then to_out's 1x1 conv. */
function project(out: tf.Tensor3D, x: tf.Tensor4D, a: AttentionVariables): tf.Tensor4D {
  const [n, rows, columns] = x.shape;
  const pixels = tf.transpose(tf.reshape(out, [n, a.heads, rows * columns, a.headDim]), [0, 2, 1, 3]);
  const merged = tf.reshape<tf.Rank.R4>(pixels, [n, rows, columns, a.heads * a.headDim]);
  return tf.add(tf.conv2d(merged, a.out.filter, 1, "same"), a.out.bias);
}

/** LinearAttention of [1] (module comment), without the residual. */
export function linearAttention(x: tf.Tensor4D, a: AttentionVariables): tf.Tensor4D {
  if (a.outNorm === undefined) throw new Error("linearAttention: the block has no output RMSNorm gain (outNorm); build it as a linear attention block");
  const n = x.shape[0];
  const [q, k, v] = queriesKeysValues(x, a);
  const queries = tf.mul(tf.softmax(q), a.headDim ** -0.5);
  // softmax over positions: tfjs softmaxes the last axis, so keys go to [n h, d, m + HW].
  const keys = tf.softmax(tf.transpose(tf.concat([memory(a, 0, n, true), k], 1), [0, 2, 1]));
  const values = tf.concat([memory(a, 1, n, true), v], 1);
  const context = tf.matMul(keys, values);
  return rmsNorm(project(tf.matMul(queries, context), x, a), a.outNorm);
}

/** Attention of [1] with Attend(flash = False) (module comment), without the residual. */
export function fullAttention(x: tf.Tensor4D, a: AttentionVariables): tf.Tensor4D {
  const n = x.shape[0];
  const [q, k, v] = queriesKeysValues(x, a);
  const keys = tf.concat([memory(a, 0, n, false), k], 1);
  const values = tf.concat([memory(a, 1, n, false), v], 1);
  const weights = tf.softmax(tf.mul(tf.matMul(q, keys, false, true), a.headDim ** -0.5));
  return project(tf.matMul(weights, values), x, a);
}
