/**
 * A float64 convolution by plain loops, the independent reference of the conv-model tests (the conv autoencoder,
 * the image classifier, the authors' light ResNet autoencoder): NHWC, filter [k, k, c_in, c_out], with tfjs 'same'
 * zero padding (referenceConv) or PyTorch's explicit padding (torchReferenceConv, torchReferenceConvTranspose).
 */

/** A 4-D float64 array, NHWC row-major. */
export interface Array4 { data: Float64Array; shape: [number, number, number, number] }

/** tfjs 'same' padding before the first row: output ⌈size/stride⌉, total pad max((out − 1)s + k − size, 0). */
export function samePadBefore(size: number, k: number, stride: number): number {
  const out = Math.ceil(size / stride);
  return Math.floor(Math.max((out - 1) * stride + k - size, 0) / 2);
}

/** y[n,i,j,o] = Σ_{p,q,c} x[n, i s + p − top, j s + q − left, c] f[p,q,c,o] + b[o] (zero padding). */
export function referenceConv(x: Array4, f: Float64Array, b: Float64Array, k: number, cOut: number, s: number): Array4 {
  const [, H, W] = x.shape;
  return convLoops(x, f, b, k, cOut, s, [samePadBefore(H, k, s), samePadBefore(W, k, s)], [Math.ceil(H / s), Math.ceil(W / s)]);
}

/** PyTorch's Conv2d without bias, padding p on every side: output ⌊(H + 2p − k)/s⌋ + 1 rows. */
export function torchReferenceConv(x: Array4, f: Float64Array, k: number, cOut: number, s: number, p: number): Array4 {
  const [, H, W] = x.shape;
  return convLoops(x, f, new Float64Array(cOut), k, cOut, s, [p, p], [Math.floor((H + 2 * p - k) / s) + 1, Math.floor((W + 2 * p - k) / s) + 1]);
}

/** The loops of referenceConv, padding [top, left] before the first row and column, output [Ho, Wo]. */
function convLoops(x: Array4, f: Float64Array, b: Float64Array, k: number, cOut: number, s: number, [top, left]: [number, number], [Ho, Wo]: [number, number]): Array4 {
  const [N, H, W, C] = x.shape;
  const y = new Float64Array(N * Ho * Wo * cOut);
  for (let n = 0; n < N; n++) for (let i = 0; i < Ho; i++) for (let j = 0; j < Wo; j++) for (let o = 0; o < cOut; o++) {
    let sum = b[o];
    for (let p = 0; p < k; p++) for (let q = 0; q < k; q++) {
      const [r, t] = [i * s + p - top, j * s + q - left];
      if (r < 0 || r >= H || t < 0 || t >= W) continue;
      for (let c = 0; c < C; c++) sum += x.data[((n * H + r) * W + t) * C + c] * f[((p * k + q) * C + c) * cOut + o];
    }
    y[((n * Ho + i) * Wo + j) * cOut + o] = sum;
  }
  return { data: y, shape: [N, Ho, Wo, cOut] };
}

/** The adjoint of referenceConv from [N, H s, W s, cOut] with filter f [k, k, cOut, C], plus b: tfjs conv2dTranspose. */
export function referenceConvTranspose(x: Array4, f: Float64Array, b: Float64Array, k: number, cOut: number, s: number): Array4 {
  const [, H, W] = x.shape;
  const [Ho, Wo] = [H * s, W * s];
  return convTransposeLoops(x, f, b, k, cOut, s, [samePadBefore(Ho, k, s), samePadBefore(Wo, k, s)], [Ho, Wo]);
}

/**
 * PyTorch's ConvTranspose2d without bias, padding p and output_padding q, filter in tfjs's layout [k, k, cOut, C]
 * (PyTorch's weight[c_in, c_out, p, q] at f[p, q, c_out, c_in]): input pixel i reaches output i s + p' − p for
 * p' < k, and the output has (H − 1)s − 2p + k + q rows.
 */
export function torchReferenceConvTranspose(x: Array4, f: Float64Array, k: number, cOut: number, s: number, p: number, q: number): Array4 {
  const [, H, W] = x.shape;
  return convTransposeLoops(x, f, new Float64Array(cOut), k, cOut, s, [p, p], [(H - 1) * s - 2 * p + k + q, (W - 1) * s - 2 * p + k + q]);
}

/** The loops of referenceConvTranspose, output pixel i s + p' − top (rows) and j s + q' − left (columns). */
function convTransposeLoops(x: Array4, f: Float64Array, b: Float64Array, k: number, cOut: number, s: number, [top, left]: [number, number], [Ho, Wo]: [number, number]): Array4 {
  const [N, H, W, C] = x.shape;
  const y = new Float64Array(N * Ho * Wo * cOut);
  for (let m = 0; m < y.length; m++) y[m] = b[m % cOut];
  for (let n = 0; n < N; n++) for (let i = 0; i < H; i++) for (let j = 0; j < W; j++) for (let p = 0; p < k; p++) for (let q = 0; q < k; q++) {
    const [r, t] = [i * s + p - top, j * s + q - left];
    if (r < 0 || r >= Ho || t < 0 || t >= Wo) continue;
    for (let c = 0; c < cOut; c++) for (let o = 0; o < C; o++) {
      y[((n * Ho + r) * Wo + t) * cOut + c] += x.data[((n * H + i) * W + j) * C + o] * f[((p * k + q) * cOut + c) * C + o];
    }
  }
  return { data: y, shape: [N, Ho, Wo, cOut] };
}
