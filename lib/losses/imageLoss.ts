/**
 * Image losses by name, the one place where the image experiments (denoising, diffusion, ResNet autoencoder) turn a
 * loss name into a loss: "L2" the pixel mean of (u − f)², "H1" the spectral H¹ norm the paper adopts
 * (imageSobolevLoss, s = 1), and "authors-fft" the loss the authors' code trains where the paper says H¹
 * (authorsFftLoss, their power 1), which is not an H¹ norm.
 */
import * as tf from "@tensorflow/tfjs";
import { authorsFftLoss } from "./authorsFftLoss.js";
import { imageSobolevLoss } from "./imageSobolev.js";

export const IMAGE_LOSSES = ["L2", "H1", "authors-fft"] as const;
export type ImageLossName = (typeof IMAGE_LOSSES)[number];

const showShape = (t: unknown): string => (t instanceof tf.Tensor ? `[${t.shape.join(", ")}]` : String(t));

/**
 * The named loss of a predicted image batch u against its target f (module comment).
 * @throws Error for an unknown loss name or mismatched shapes
 */
export function imageLoss(u: tf.Tensor, f: tf.Tensor, loss: ImageLossName): tf.Scalar {
  if (loss === "H1") return imageSobolevLoss(u, f, { s: 1 });
  if (loss === "authors-fft") return authorsFftLoss(u, f, 1);
  if (loss !== "L2") throw new Error(`imageLoss: loss must be one of ${IMAGE_LOSSES.join(", ")}, got ${String(loss)}`);
  if (!(u instanceof tf.Tensor) || !(f instanceof tf.Tensor) || !tf.util.arraysEqual(u.shape, f.shape)) {
    throw new Error(`imageLoss: f must have the shape of u, ${showShape(u)}, got ${showShape(f)}`);
  }
  return tf.tidy(() => tf.mean(tf.squaredDifference(u, f)) as tf.Scalar);
}
