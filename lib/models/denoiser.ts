/**
 * What the Section 3.4 experiment needs of a diffusion denoiser: x̂_0 from (x_t, t), its trainable variables, and
 * a few words and numbers for the run record. Our small U-Net (unet.ts) and the authors' Fig. 5 U-Net
 * (authorsDiffusionUnet.ts) both satisfy it, so the experiment can take either. It is structurally a
 * lib/diffusion X0Model (loss.ts) with the record fields added.
 */
import type * as tf from "@tensorflow/tfjs";

export interface Denoiser {
  /** The architecture in one line, with its parameter count. */
  readonly description: string;
  /** Every trainable tensor, in the documented draw order of the model. */
  readonly variables: tf.Variable[];
  /** Σ of the variables' sizes (PyTorch's sum of numel() for the authors' networks). */
  readonly parameterCount: number;
  /** Number of diffusion steps T; forward accepts t in 0..T−1. */
  readonly timesteps: number;
  /** x̂_0 [n, H, W, C] from x_t [n, H, W, C] and n 0-based steps t. */
  forward(xt: tf.Tensor4D, t: Int32Array | readonly number[]): tf.Tensor4D;
  /** Frees the variables; the model cannot be used afterwards. */
  dispose(): void;
}
