/**
 * Batch normalisation of NHWC feature maps, as PyTorch's nn.BatchNorm2d (Ioffe & Szegedy [1]; PyTorch
 * defaults [2]), written with plain tf ops so that every gradient exists on the WASM backend.
 *
 * Training mode: per channel c, with μ_c and σ²_c the mean and biased variance over (N, H, W),
 *   y = γ_c (x − μ_c) / √(σ²_c + ε) + β_c,                                                       (1)
 * and the running statistics move by momentum m: running ← (1 − m) running + m · batch, where the batch
 * variance stored is the unbiased one, σ²_c · n/(n − 1), n = N·H·W (as PyTorch does; the normalisation
 * itself uses the biased σ²_c). Eval mode uses the running mean and variance in (1) instead, so the output
 * of one image does not depend on the rest of the batch. Defaults as PyTorch: ε = 1e-5, m = 0.1, γ = 1,
 * β = 0, running mean 0, running variance 1.
 *
 * References
 * [1] S. Ioffe, C. Szegedy, "Batch Normalization: Accelerating Deep Network Training by Reducing Internal
 *     Covariate Shift", ICML 2015, Algorithm 1.
 * [2] PyTorch, torch/nn/modules/batchnorm.py (_BatchNorm, eps = 1e-5, momentum = 0.1) and
 *     torch.nn.functional.batch_norm (v1.13 and later).
 */
import * as tf from "@tensorflow/tfjs";
import { checkInteger } from "./validation.js";

/** ε added to the variance (PyTorch's default). */
export const BATCH_NORM_EPSILON = 1e-5;
/** Weight of the new batch statistic in the running averages (PyTorch's default). */
export const BATCH_NORM_MOMENTUM = 0.1;

/** One BatchNorm2d layer over `channels` channels (module comment). */
export class BatchNorm2d {
  /** Scale γ [channels], trainable. */
  readonly gamma: tf.Variable<tf.Rank.R1>;
  /** Shift β [channels], trainable. */
  readonly beta: tf.Variable<tf.Rank.R1>;
  /** Running mean [channels], not trainable; updated by training-mode calls. */
  readonly runningMean: tf.Variable<tf.Rank.R1>;
  /** Running unbiased variance [channels], not trainable; updated by training-mode calls. */
  readonly runningVariance: tf.Variable<tf.Rank.R1>;

  constructor(readonly channels: number) {
    checkInteger("BatchNorm2d", "channels", channels, 1);
    // tf.tidy frees the initial-value tensors and keeps the variables.
    [this.gamma, this.beta, this.runningMean, this.runningVariance] = tf.tidy(() => [
      tf.variable(tf.ones([channels]) as tf.Tensor1D, true),
      tf.variable(tf.zeros([channels]) as tf.Tensor1D, true),
      tf.variable(tf.zeros([channels]) as tf.Tensor1D, false),
      tf.variable(tf.ones([channels]) as tf.Tensor1D, false),
    ]);
  }

  /**
   * (1) on x [N, H, W, channels]; in training mode it also updates the running statistics.
   * @throws Error when x is not rank 4 with `channels` channels, or when training with N·H·W = 1 (no
   *   variance to estimate; PyTorch refuses the same)
   */
  apply(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    const shape = x instanceof tf.Tensor ? x.shape : undefined;
    if (shape === undefined || shape.length !== 4 || shape[3] !== this.channels) {
      throw new Error(`BatchNorm2d: x must be [N, H, W, ${this.channels}], got ${shape ? `[${shape.join(", ")}]` : String(x)}`);
    }
    const count = shape[0] * shape[1] * shape[2];
    if (training && count < 2) throw new Error(`BatchNorm2d: training needs more than one value per channel, got x of shape [${shape.join(", ")}]`);
    return tf.tidy(() => {
      let mean: tf.Tensor1D = this.runningMean;
      let variance: tf.Tensor1D = this.runningVariance;
      if (training) {
        ({ mean, variance } = tf.moments(x, [0, 1, 2]) as { mean: tf.Tensor1D; variance: tf.Tensor1D });
        // The running averages feed no training-mode output, so no gradient reaches them through the loss.
        const m = BATCH_NORM_MOMENTUM;
        const unbiased = tf.mul(variance, count / (count - 1));
        this.runningMean.assign(tf.add(tf.mul(this.runningMean, 1 - m), tf.mul(mean, m)));
        this.runningVariance.assign(tf.add(tf.mul(this.runningVariance, 1 - m), tf.mul(unbiased, m)));
      }
      const scale = tf.mul(this.gamma, tf.rsqrt(tf.add(variance, BATCH_NORM_EPSILON)));
      return tf.add(tf.mul(tf.sub(x, mean), scale), this.beta) as tf.Tensor4D;
    });
  }

  /** Frees the parameters and running statistics. */
  dispose(): void {
    tf.dispose([this.gamma, this.beta, this.runningMean, this.runningVariance]);
  }
}
