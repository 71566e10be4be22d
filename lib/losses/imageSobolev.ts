/**
 * Sobolev losses of images (the paper's Sections 3.3-3.4, denoising autoencoders and diffusion models, which
 * take the spectral H^s norm of Yu, Yang & Townsend [1]), differentiable in the prediction u.
 *
 * Periodic images (imageSobolevLoss). An image d = u − f of H x W pixels samples the periodic domain
 * [0, L_H) x [0, L_W) at d[i, j] = d(i L_H / H, j L_W / W) (axis 1 of the tensor is the first coordinate).
 * With the 2-D DFT  F(k) = Σ_{i,j} d[i, j] e^{−2πi (k_1 i / H + k_2 j / W)},  the signed frequencies
 * ξ = (2π κ_1 / L_H, 2π κ_2 / L_W), κ from fourierFrequencies (0..N/2−1, −N/2..−1), and
 *   ‖d‖²_{H^s} = (1 / (H W)²) Σ_k (1 + |ξ_k|²)^s |F(k)|².                                          (1)
 * Parseval, Σ_{i,j} |d[i, j]|² = (1 / (H W)) Σ_k |F(k)|², makes s = 0 exactly the pixel mean of d². The
 * trigonometric interpolant p(x) = (1/(H W)) Σ_k F(k) e^{i ξ_k·x} has ∇p ↔ i ξ_k F(k), so for s = 1, (1) is
 * the mean over the domain of p² + |∇p|², which equals mean(d²) + mean(|∇d|²) over the pixels whenever d has
 * no content at the Nyquist frequencies (products of two modes below N/2 alias nothing on the grid). The
 * Nyquist mode of an even N is weighted with |κ| = N/2, as numpy.fft.fftfreq gives it. The loss is (1)
 * per image, averaged over the batch (and over channels, which are moved to the batch axis).
 *
 * Route. tfjs-core 4.22 registers no gradient for FFT, IFFT, Complex, Real or Imag, so tf.spectral.fft
 * cannot be differentiated. F is linear in d, so we form it with real DFT matrices instead:
 *   Re F = C_H d C_W − S_H d S_W,   −Im F = S_H d C_W + C_H d S_W,   C_jk = cos(2π jk/N), S_jk = sin(2π jk/N),
 * as six tf.matMul calls (C_H, S_H on the left, then C_W, S_W on the right). That costs O(B (H² W + H W²))
 * and is differentiable through ordinary ops; for 28 x 28 or 128 x 128 images it is a few small GEMMs.
 *
 * Chebyshev images (chebyshevImageSobolevLoss), for non-periodic data as in the paper's Appendix C.2: pixel
 * [i, j] sits at (x_i, y_j), x = chebyshevPointsOn(H − 1, a_1, b_1) (decreasing, x_0 = b_1), likewise y.
 * With D_H = chebyshevDiffMatrixOn(H − 1, a_1, b_1) and D_W for the columns,
 *   loss = mean(d²) + mean((D_H d)² + (d D_Wᵀ)²)  (pixel means, per image, then over the batch),        (2)
 * the H1 loss of [1]'s Chebyshev variant, exact for polynomial images of degree < H in x and < W in y.
 *
 * References
 * [1] Yu, Yang & Townsend, "Tuning frequency bias in neural network training with nonuniform data",
 *     ICLR 2023 (the paper's [29]).
 * [2] Trefethen, Spectral Methods in MATLAB (SIAM 2000), ch. 3 (DFT, Parseval) and ch. 6 (Chebyshev).
 */
import * as tf from "@tensorflow/tfjs";
import { chebyshevDiffMatrixOn } from "../differentiation/chebyshev.js";
import { fourierFrequencies } from "../differentiation/fourier.js";

/** Options of imageSobolevLoss: order s ≥ 0 and the periods [L_H, L_W] (default [1, 1], the paper's [0, 1]²). */
export interface ImageSobolevOptions {
  s: number;
  lengths?: readonly [number, number];
}

/** Options of chebyshevImageSobolevLoss: the intervals [[a_1, b_1], [a_2, b_2]] (default [[-1, 1], [-1, 1]]). */
export interface ChebyshevImageSobolevOptions {
  domain?: readonly [readonly [number, number], readonly [number, number]];
}

const showShape = (t: unknown): string => (t instanceof tf.Tensor ? `[${t.shape.join(", ")}]` : String(t));

/** Checks u, f (same shape, [B, H, W] or [B, H, W, C], all sizes ≥ minSize) and returns d = u − f as [B C, H, W]. */
export function imageDifference(caller: string, u: tf.Tensor, f: tf.Tensor, minSize: number): tf.Tensor3D {
  if (!(u instanceof tf.Tensor) || (u.rank !== 3 && u.rank !== 4)) throw new Error(`${caller}: u must be a tensor [batch, H, W] or [batch, H, W, C], got ${showShape(u)}`);
  if (!(f instanceof tf.Tensor) || !tf.util.arraysEqual(u.shape, f.shape)) throw new Error(`${caller}: f must have the shape of u, [${u.shape.join(", ")}], got ${showShape(f)}`);
  const [batch, rows, columns] = u.shape;
  if (batch < 1) throw new Error(`${caller}: u must have batch >= 1, got shape [${u.shape.join(", ")}]`);
  if (rows < minSize || columns < minSize) throw new Error(`${caller}: u must have H, W >= ${minSize}, got H = ${rows}, W = ${columns}`);
  if (u.rank === 4 && (u.shape[3] ?? 0) < 1) throw new Error(`${caller}: u must have C >= 1 channels, got shape [${u.shape.join(", ")}]`);
  const d = tf.sub(u, f);
  if (d.rank === 3) return d as tf.Tensor3D;
  return tf.reshape(tf.transpose(d, [0, 3, 1, 2]), [-1, rows, columns]);
}

function checkLengths(caller: string, lengths: readonly number[]): void {
  if (!Array.isArray(lengths) || lengths.length !== 2 || !lengths.every((l) => Number.isFinite(l) && l > 0)) {
    throw new Error(`${caller}: lengths must be two positive finite periods [L_H, L_W], got [${Array.from(lengths ?? []).join(", ")}]`);
  }
}

/**
 * The weights (1 + |ξ|²)^s of (1) on the DFT grid, ξ = (2π κ_1 / L_H, 2π κ_2 / L_W) with κ from
 * fourierFrequencies, so modes k and N − k weigh the same.
 *
 * @param H - rows (≥ 1); @param W - columns (≥ 1); @param s - order (finite, ≥ 0)
 * @param lengths - periods [L_H, L_W] (default [1, 1])
 * @returns H W weights, entry [k_1 W + k_2] for DFT index (k_1, k_2)
 */
export function sobolevFrequencyWeights(H: number, W: number, s: number, lengths: readonly [number, number] = [1, 1]): Float64Array {
  const caller = "sobolevFrequencyWeights";
  if (!Number.isInteger(H) || H < 1) throw new Error(`${caller}: H must be a positive integer, got ${H}`);
  if (!Number.isInteger(W) || W < 1) throw new Error(`${caller}: W must be a positive integer, got ${W}`);
  if (!Number.isFinite(s) || s < 0) throw new Error(`${caller}: s must be finite and >= 0, got ${s}`);
  checkLengths(caller, lengths);
  const xi1 = fourierFrequencies(H).map((k) => (2 * Math.PI * k) / lengths[0]);
  const xi2 = fourierFrequencies(W).map((k) => (2 * Math.PI * k) / lengths[1]);
  const weights = new Float64Array(H * W);
  for (let i = 0; i < H; i++) for (let j = 0; j < W; j++) weights[i * W + j] = (1 + xi1[i] ** 2 + xi2[j] ** 2) ** s;
  return weights;
}

const dftMatrices = new Map<number, { cos: Float32Array; sin: Float32Array }>();

/** C_jk = cos(2π jk / n), S_jk = sin(2π jk / n) (row-major n x n), with jk reduced mod n for accuracy. */
export function realDftMatrices(n: number): { cos: Float32Array; sin: Float32Array } {
  let cached = dftMatrices.get(n);
  if (cached === undefined) {
    cached = { cos: new Float32Array(n * n), sin: new Float32Array(n * n) };
    for (let j = 0; j < n; j++) {
      for (let k = 0; k < n; k++) {
        const angle = (2 * Math.PI * ((j * k) % n)) / n;
        cached.cos[j * n + k] = Math.cos(angle);
        cached.sin[j * n + k] = Math.sin(angle);
      }
    }
    dftMatrices.set(n, cached);
  }
  return cached;
}

/**
 * The periodic image H^s loss (1), per image then averaged over batch and channels: a scalar,
 * differentiable in u (and f) through tf.matMul (module comment, "Route").
 *
 * @param u - prediction [B, H, W] or [B, H, W, C]; @param f - target, same shape
 * @param options - s (finite, ≥ 0; s = 0 is the pixel MSE, s = 1 the H1 loss) and lengths [L_H, L_W]
 * @throws Error naming the argument and the received value for bad shapes, s or lengths
 */
export function imageSobolevLoss(u: tf.Tensor, f: tf.Tensor, options: ImageSobolevOptions): tf.Scalar {
  const caller = "imageSobolevLoss";
  const s = options?.s;
  if (typeof s !== "number" || !Number.isFinite(s) || s < 0) throw new Error(`${caller}: s must be finite and >= 0, got ${s}`);
  const lengths = options.lengths ?? [1, 1];
  checkLengths(caller, lengths);
  return tf.tidy(() => {
    const d = imageDifference(caller, u, f, 1);
    const [images, H, W] = d.shape;
    const left = realDftMatrices(H);
    const right = realDftMatrices(W);
    const [cosH, sinH] = [tf.tensor2d(left.cos, [H, H]), tf.tensor2d(left.sin, [H, H])];
    const [cosW, sinW] = [tf.tensor2d(right.cos, [W, W]), tf.tensor2d(right.sin, [W, W])];
    // [B, H, W] → [H, B W]; C_H d and S_H d as [H, B W] → [H B, W]; then the four products with C_W, S_W.
    // (Separate products rather than slices of one stacked product: 5-D slices are ~50 ms on WASM.)
    const columnsFirst = tf.reshape(tf.transpose(d, [1, 0, 2]), [H, images * W]);
    const cosLeft = tf.reshape(tf.matMul(cosH, columnsFirst), [H * images, W]);
    const sinLeft = tf.reshape(tf.matMul(sinH, columnsFirst), [H * images, W]);
    const real = tf.sub(tf.matMul(cosLeft, cosW), tf.matMul(sinLeft, sinW)); // C d C − S d S
    const imaginary = tf.add(tf.matMul(sinLeft, cosW), tf.matMul(cosLeft, sinW)); // −Im F = S d C + C d S
    const power = tf.reshape(tf.add(tf.square(real), tf.square(imaginary)), [H, images, W]);
    const weights = tf.tensor3d(Float32Array.from(sobolevFrequencyWeights(H, W, s, lengths)), [H, 1, W]);
    return tf.div(tf.sum(tf.mul(power, weights)), images * (H * W) ** 2) as tf.Scalar;
  });
}

/**
 * The Chebyshev-grid H1 loss (2), per image then averaged over batch and channels: a scalar,
 * differentiable in u.
 *
 * @param u - prediction [B, H, W] or [B, H, W, C] on the Chebyshev grid (module comment), H, W ≥ 2
 * @param f - target, same shape
 * @param options - domain [[a_1, b_1], [a_2, b_2]] (default [-1, 1]²)
 * @throws Error naming the argument and the received value for bad shapes or domain
 */
export function chebyshevImageSobolevLoss(u: tf.Tensor, f: tf.Tensor, options: ChebyshevImageSobolevOptions = {}): tf.Scalar {
  const caller = "chebyshevImageSobolevLoss";
  const domain = options.domain ?? [[-1, 1], [-1, 1]];
  const valid = Array.isArray(domain) && domain.length === 2 && domain.every((interval) => Array.isArray(interval) && interval.length === 2 && interval.every(Number.isFinite) && interval[0] < interval[1]);
  if (!valid) throw new Error(`${caller}: domain must be [[a_1, b_1], [a_2, b_2]] with finite a < b, got ${JSON.stringify(domain)}`);
  return tf.tidy(() => {
    const d = imageDifference(caller, u, f, 2);
    const [images, H, W] = d.shape;
    const rowDerivative = tf.tensor2d(chebyshevDiffMatrixOn(H - 1, domain[0][0], domain[0][1]));
    const columnDerivativeT = tf.transpose(tf.tensor2d(chebyshevDiffMatrixOn(W - 1, domain[1][0], domain[1][1])));
    // ∂_1 d = D_H d: [H, H] · [H, B W];  ∂_2 d = d D_Wᵀ: [B H, W] · [W, W].
    const dx = tf.matMul(rowDerivative, tf.reshape(tf.transpose(d, [1, 0, 2]), [H, images * W]));
    const dy = tf.matMul(tf.reshape(d, [images * H, W]), columnDerivativeT);
    const total = tf.addN([tf.sum(tf.square(d)), tf.sum(tf.square(dx)), tf.sum(tf.square(dy))]);
    return tf.div(total, images * H * W) as tf.Scalar;
  });
}
