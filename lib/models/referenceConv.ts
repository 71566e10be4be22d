/**
 * A float64 convolution by plain loops, the independent reference of the conv-model tests (the conv autoencoder,
 * the image classifier): NHWC, filter [k, k, c_in, c_out], tfjs 'same' zero padding.
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
  const [N, H, W, C] = x.shape;
  const [Ho, Wo] = [Math.ceil(H / s), Math.ceil(W / s)];
  const [top, left] = [samePadBefore(H, k, s), samePadBefore(W, k, s)];
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
  const [N, H, W, C] = x.shape;
  const [Ho, Wo] = [H * s, W * s];
  const [top, left] = [samePadBefore(Ho, k, s), samePadBefore(Wo, k, s)];
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
