/**
 * The image loss the authors' code trains with where the paper says "H¹" (Figs. 4, 5 and 8): `cheb_loss2` of
 * their repository (Denoising Autoencoder/train.py:16-24; the same in DIffusion_Models/utils.py:44-53 and
 * Resnet18_Autoencoder/scripts/utils.py:177-185), squared and averaged as Figs. 4 and 8 use it. For an error image
 * d = u − f of n × n pixels it filters each axis on its own,
 *   d_x = IFFT_x(FFT_x(d) · (1 + ξ_k²)^{s/2}),  d_y = the same along the other axis,  ξ_k = 2πk/n, k = 0..n−1,
 * and the loss is mean(|d_x|²) + mean(|d_y|²) over pixels and images. Two things make it differ from the H^s norm
 * of imageSobolev.ts: k is not wrapped to negative frequencies (mode k and mode n − k, the same real frequency,
 * get different weights, so a real mode of frequency k weighs 1 + 2π²(k² + (n − k)²)/n², which FALLS from about
 * 19.4 at k = 1 to about 10.9 at Nyquist for n = 28), and ξ is in cycles per pixel rather than per unit length.
 * At s = 0 it is twice the pixel MSE. (Their y filter takes its inverse FFT along the wrong axis; by Parseval the
 * squared loss changes only by the factor H/W, i.e. not at all for their square images. We use the right axis.)
 *
 * Route: by Parseval, mean_j |IFFT(z)_j|² = (1/n²) Σ_k |z_k|², so each term is a weighted sum of the DFT power
 * |DFT(line)_k|² = (C line)_k² + (S line)_k², formed with the real DFT matrices of imageSobolev.ts (tfjs has no
 * gradient for its FFT), as two products per axis.
 */
import * as tf from "@tensorflow/tfjs";
import { imageDifference, realDftMatrices } from "./imageSobolev.js";

/** w_k = (1 + (2πk/n)²)^s for k = 0..n−1: the squared filter of one axis, unwrapped (module comment). */
export function authorsFftWeights(n: number, s: number): Float32Array {
  if (!Number.isInteger(n) || n < 1) throw new Error(`authorsFftWeights: n must be a positive integer, got ${n}`);
  if (!Number.isFinite(s) || s < 0) throw new Error(`authorsFftWeights: s must be finite and >= 0, got ${s}`);
  return Float32Array.from({ length: n }, (_, k) => (1 + ((2 * Math.PI * k) / n) ** 2) ** s);
}

/**
 * The authors' FFT loss of order s (module comment), a scalar differentiable in u.
 * @param u - prediction [B, H, W] or [B, H, W, C]; @param f - target, same shape; @param s - order (their `power`; 1 in every figure)
 * @throws Error naming the argument for bad shapes or s
 */
export function authorsFftLoss(u: tf.Tensor, f: tf.Tensor, s: number): tf.Scalar {
  const caller = "authorsFftLoss";
  if (typeof s !== "number" || !Number.isFinite(s) || s < 0) throw new Error(`${caller}: s must be finite and >= 0, got ${s}`);
  return tf.tidy(() => {
    const d = imageDifference(caller, u, f, 1);
    const [images, H, W] = d.shape;
    // Along W (rows of length W): power [B H, W] from d C_W and d S_W; weights per column k; mean over the B H rows of (1/W²) Σ_k.
    const rowDft = realDftMatrices(W);
    const rows = tf.reshape(d, [images * H, W]);
    const rowPower = tf.add(tf.square(tf.matMul(rows, tf.tensor2d(rowDft.cos, [W, W]))), tf.square(tf.matMul(rows, tf.tensor2d(rowDft.sin, [W, W]))));
    const alongW = tf.div(tf.sum(tf.mul(rowPower, tf.tensor2d(authorsFftWeights(W, s), [1, W]))), W * W * images * H);
    // Along H (columns of length H): power [H, B W] from C_H d and S_H d; weights per row k; mean over the B W columns of (1/H²) Σ_k.
    const columnDft = realDftMatrices(H);
    const columns = tf.reshape(tf.transpose(d, [1, 0, 2]), [H, images * W]);
    const columnPower = tf.add(tf.square(tf.matMul(tf.tensor2d(columnDft.cos, [H, H]), columns)), tf.square(tf.matMul(tf.tensor2d(columnDft.sin, [H, H]), columns)));
    const alongH = tf.div(tf.sum(tf.mul(columnPower, tf.tensor2d(authorsFftWeights(H, s), [H, 1]))), H * H * images * W);
    return tf.add(alongW, alongH) as tf.Scalar;
  });
}
