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
 * Objective "authors": what the authors' code trains (DIffusion_Models/, on lucidrains' denoising-diffusion-pytorch
 * v2.1.1 with the `p_losses` change of their README.md:94-101), two objectives that differ in more than the norm:
 *   L2 = mean over images of SNR(t)·(pixel mean of (x̂_0 − x_0)²), SNR(t) = ᾱ_t/(1 − ᾱ_t): the library's
 *        `loss_weight` for objective pred_x0 (v2.1.1 lines 580-591 and 829-833; min_snr_loss_weight is off);
 *   H1 = authorsFftAbsLoss(x̂_0, x_0, 1): their cheb_loss2 as it stands, a mean of moduli, with no t-weighting
 *        (DIffusion_Models/utils.py:44-53; lib/losses/authorsFftAbsLoss.ts).
 *
 * References
 * [1] J. Ho, A. Jain, P. Abbeel, "Denoising diffusion probabilistic models", NeurIPS 2020.
 * [2] Yu, Yang & Townsend, "Tuning frequency bias in neural network training with nonuniform data",
 *     ICLR 2023 (the paper's [29]).
 */
import * as tf from "@tensorflow/tfjs";
import { authorsFftAbsLoss } from "../losses/authorsFftAbsLoss.js";
import { imageLoss } from "../losses/imageLoss.js";
import { perImageCoefficient, qSample } from "./forward.js";
import type { BetaSchedule } from "./schedule.js";

/** A network that predicts x̂_0 from (x_t, t); t are 0-based steps of the schedule (forward.ts). */
export interface X0Model {
  readonly variables: tf.Variable[];
  forward(xt: tf.Tensor4D, t: Int32Array | readonly number[]): tf.Tensor4D;
}

export const DIFFUSION_OBJECTIVES = ["paper", "authors"] as const;
/** "paper": our reading of the paper's text; "authors": what the authors' code trains (module comment). */
export type DiffusionObjective = (typeof DIFFUSION_OBJECTIVES)[number];

/** Options of diffusionX0Loss: the loss, "L2" or "H1", in the form of `objective` (default "paper"; module comment). */
export interface DiffusionLossOptions {
  loss: "L2" | "H1";
  objective?: DiffusionObjective;
}

/** SNR(t) = ᾱ_t/(1 − ᾱ_t) per image, [n, 1, 1, 1]: the weight of the authors' library's pred_x0 loss. */
function signalToNoise(t: Int32Array | readonly number[], schedule: BetaSchedule): tf.Tensor4D {
  return perImageCoefficient(t, schedule.alphaBars, (a) => a / (1 - a));
}

/**
 * The x_0-prediction loss (module comment) of `model` at steps t with noise ε.
 * @param x0 - clean images [n, H, W, C]; @param t - n steps, 0-based
 * @param noise - ε, the shape of x0; @param schedule - e.g. linearBetaSchedule()
 * @returns a scalar, differentiable in model.variables
 * @throws Error for an unknown loss or objective, or (from qSample) mismatched shapes and bad steps
 */
export function diffusionX0Loss(model: X0Model, x0: tf.Tensor4D, t: Int32Array | readonly number[], noise: tf.Tensor4D, schedule: BetaSchedule, options: DiffusionLossOptions): tf.Scalar {
  const loss = options?.loss;
  if (loss !== "L2" && loss !== "H1") throw new Error(`diffusionX0Loss: loss must be "L2" or "H1", got ${String(loss)}`);
  const objective = options.objective ?? "paper";
  if (!(DIFFUSION_OBJECTIVES as readonly string[]).includes(objective)) throw new Error(`diffusionX0Loss: objective must be one of ${DIFFUSION_OBJECTIVES.join(", ")}, got ${String(objective)}`);
  return tf.tidy(() => {
    const prediction = model.forward(qSample(x0, t, noise, schedule), t);
    if (objective === "paper") return imageLoss(prediction, x0, loss);
    if (loss === "H1") return authorsFftAbsLoss(prediction, x0, 1);
    const perImage = tf.mean(tf.squaredDifference(prediction, x0), [1, 2, 3], true);
    return tf.mean(tf.mul(signalToNoise(t, schedule), perImage)) as tf.Scalar;
  });
}
