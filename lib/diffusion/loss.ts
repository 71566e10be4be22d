/**
 * The training loss of the paper's Section 3.4 diffusion model: "the network takes a noisy image as input
 * and predicts the original clean image" (000_490d31e23b60e483.txt line 228), so DDPM training is a
 * denoising autoencoder over the noise levels of the schedule. With x_t = qSample(x_0, t, ε) [1, eq. (4)]
 * and x̂_0 = model(x_t, t),
 *   L2 = mean over pixels and images of (x̂_0 − x_0)²,
 *   H1 = imageSobolevLoss(x̂_0, x_0, { s: 1 }), the spectral H¹ norm of Yu, Yang & Townsend [2] per image,
 *        averaged over the batch (as for the denoising autoencoder of Section 3.3).
 * The x_0-parametrisation with an unweighted loss over uniform t is our reading of the paper, which does
 * not name the weighting; [1]'s L_simple predicts ε instead ([1, Sec. 3.2] mentions predicting x_0 and
 * reports worse sample quality with it early in their experiments).
 *
 * References
 * [1] J. Ho, A. Jain, P. Abbeel, "Denoising diffusion probabilistic models", NeurIPS 2020.
 * [2] Yu, Yang & Townsend, "Tuning frequency bias in neural network training with nonuniform data",
 *     ICLR 2023 (the paper's [29]).
 */
import * as tf from "@tensorflow/tfjs";
import { imageLoss } from "../losses/imageLoss.js";
import { qSample } from "./forward.js";
import type { BetaSchedule } from "./schedule.js";

/** A network that predicts x̂_0 from (x_t, t); t are 0-based steps of the schedule (forward.ts). */
export interface X0Model {
  readonly variables: tf.Variable[];
  forward(xt: tf.Tensor4D, t: Int32Array | readonly number[]): tf.Tensor4D;
}

/** Options of diffusionX0Loss: "L2" (pixel MSE of x̂_0) or "H1" (imageSobolevLoss with s = 1). */
export interface DiffusionLossOptions {
  loss: "L2" | "H1";
}

/**
 * The x_0-prediction loss (module comment) of `model` at steps t with noise ε.
 * @param x0 - clean images [n, H, W, C]; @param t - n steps, 0-based
 * @param noise - ε, the shape of x0; @param schedule - e.g. linearBetaSchedule()
 * @returns a scalar, differentiable in model.variables
 * @throws Error for an unknown loss, or (from qSample) mismatched shapes and bad steps
 */
export function diffusionX0Loss(model: X0Model, x0: tf.Tensor4D, t: Int32Array | readonly number[], noise: tf.Tensor4D, schedule: BetaSchedule, options: DiffusionLossOptions): tf.Scalar {
  const loss = options?.loss;
  if (loss !== "L2" && loss !== "H1") throw new Error(`diffusionX0Loss: loss must be "L2" or "H1", got ${String(loss)}`);
  return tf.tidy(() => {
    const prediction = model.forward(qSample(x0, t, noise, schedule), t);
    return imageLoss(prediction, x0, loss);
  });
}
