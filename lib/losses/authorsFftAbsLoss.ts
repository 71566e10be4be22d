/**
 * The loss the authors' diffusion code trains where the paper says "H¹" (Fig. 5): `cheb_loss2(x̂₀ − x₀, 1)` of
 * DIffusion_Models/utils.py:44-53, returned as it stands, without the squaring that Figs. 4 and 8 apply
 * (authorsFftLoss.ts), through the `p_losses` replacement of their README.md:94-101. For an error image d of
 * n × n pixels, with the unwrapped filter v_k = (1 + ξ_k²)^{s/2}, ξ_k = 2πk/n, k = 0..n−1 (n = W, their
 * `out.size(-1)`, used along both axes),
 *   d_x = IFFT_W(FFT_W(d) · v),            the filter along the rows, as intended;
 *   d_y = IFFT_W(FFT_H(d) · v[:, None]),   their y term: the forward FFT along the columns, the inverse along the rows
 *                                          (torch.fft.ifft's default axis; an H¹ filter would invert along the columns);
 *   loss = mean |d_x| + mean |d_y|,        the MEAN OF MODULI over pixels, channels and images: an L¹-type quantity.
 * For the squared loss the wrong inverse axis is harmless on square images (Parseval); for moduli it is not, so it
 * is followed literally here. Their filter has n = W entries and multiplies the H axis too, which needs H = W
 * (PyTorch refuses to broadcast otherwise): this loss accepts square images only.
 *
 * Route: tfjs has no gradient for its FFT, so every transform is a product with the real DFT matrices C, S of
 * imageSobolev.ts (C_jk = cos 2πjk/n, S_jk = sin 2πjk/n, both symmetric). For rows r, FFT(r) = rC − i rS and
 * IFFT(z) = ((z_r C − z_i S) + i (z_r S + z_i C))/n. The modulus has PyTorch's gradient convention: zero where the
 * modulus is zero (rather than NaN).
 */
import * as tf from "@tensorflow/tfjs";
import { authorsFftWeights } from "./authorsFftLoss.js";
import { imageDifference, realDftMatrices } from "./imageSobolev.js";

/** |z| of z = re + i·im, elementwise, with gradient (re, im)/|z| and 0 where |z| = 0 (module comment). */
const complexModulus = tf.customGrad((...inputs: (tf.Tensor | tf.GradSaveFunc)[]) => {
  // tfjs passes the tensors, then the save function (CustomGradientFunc's signature).
  const [re, im, save] = inputs as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
  const modulus = tf.sqrt(tf.add(tf.square(re), tf.square(im)));
  save([re, im, modulus]);
  return {
    value: modulus,
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
      const [r, i, m] = saved;
      return [tf.mul(dy as tf.Tensor, tf.divNoNan(r, m)), tf.mul(dy as tf.Tensor, tf.divNoNan(i, m))];
    },
  };
}) as (re: tf.Tensor, im: tf.Tensor) => tf.Tensor;

/** The inverse DFT along the rows of z = re + i·im, [rows, n]: its real and imaginary parts (module comment). */
function inverseAlongRows(re: tf.Tensor2D, im: tf.Tensor2D, cos: tf.Tensor2D, sin: tf.Tensor2D, n: number): [tf.Tensor2D, tf.Tensor2D] {
  return [
    tf.div(tf.sub(tf.matMul(re, cos), tf.matMul(im, sin)), n),
    tf.div(tf.add(tf.matMul(re, sin), tf.matMul(im, cos)), n),
  ];
}

/**
 * The authors' diffusion "H¹" loss of order s (module comment), a scalar differentiable in u.
 * @param u - prediction [B, H, W] or [B, H, W, C] with H = W; @param f - target, same shape; @param s - order (their `power`; 1 in Fig. 5)
 * @throws Error naming the argument for bad shapes, non-square images or s
 */
export function authorsFftAbsLoss(u: tf.Tensor, f: tf.Tensor, s: number): tf.Scalar {
  const caller = "authorsFftAbsLoss";
  if (typeof s !== "number" || !Number.isFinite(s) || s < 0) throw new Error(`${caller}: s must be finite and >= 0, got ${s}`);
  return tf.tidy(() => {
    const d = imageDifference(caller, u, f, 1);
    const [images, H, n] = d.shape;
    if (H !== n) throw new Error(`${caller}: the authors' loss is defined for square images only (their filter of W entries also multiplies the H axis); got H = ${H}, W = ${n}`);
    const dft = realDftMatrices(n);
    const cos = tf.tensor2d(dft.cos, [n, n]);
    const sin = tf.tensor2d(dft.sin, [n, n]);
    const filter = tf.tensor1d(authorsFftWeights(n, s).map(Math.sqrt));
    const entries = images * n * n;
    // d_x: rows [B·H, W] → FFT along W, filtered per column k → IFFT along W.
    const rows = tf.reshape(d, [images * n, n]);
    const rowRe: tf.Tensor2D = tf.mul(tf.matMul(rows, cos), filter);
    const rowIm: tf.Tensor2D = tf.mul(tf.neg(tf.matMul(rows, sin)), filter);
    const termX = tf.div(tf.sum(complexModulus(...inverseAlongRows(rowRe, rowIm, cos, sin, n))), entries);
    // d_y: columns [H, B·W] → FFT along H, filtered per row k → back to rows [B·H, W] → IFFT along W.
    const columns = tf.reshape(tf.transpose(d, [1, 0, 2]), [n, images * n]);
    const column = tf.reshape(filter, [n, 1]);
    const asRows = (z: tf.Tensor): tf.Tensor2D => tf.reshape(tf.transpose(tf.reshape(z, [n, images, n]), [1, 0, 2]), [images * n, n]);
    const colRe = asRows(tf.mul(tf.matMul(cos, columns), column));
    const colIm = asRows(tf.mul(tf.neg(tf.matMul(sin, columns)), column));
    const termY = tf.div(tf.sum(complexModulus(...inverseAlongRows(colRe, colIm, cos, sin, n))), entries);
    return tf.add(termX, termY) as tf.Scalar;
  });
}
