/**
 * The authors' `cheb_loss2` (Denoising Autoencoder/train.py:16-24, DIffusion_Models/utils.py:44-53) followed
 * literally in float64, for the tests of authorsFftLoss.ts and authorsFftAbsLoss.ts: for d [images, H, W]
 * (flattened row-major), the moduli |d_x| = |ifft(fft(d, -1) v, -1)| and |d_y| = |ifft(fft(d, -2) v[:, None], -1)|
 * per pixel, with v_k = (1 + (2πk/n)²)^{s/2}. Their filter has n = W entries along both axes; for H ≠ W this
 * follows the squared loss's convention instead (n = H along the columns), which PyTorch would refuse.
 */
import { dft } from "../differentiation/fft.js";

/** The inverse DFT (1/n) Σ_k z_k e^{+2πi jk/n}, from the forward one: conj(DFT(conj z))/n. */
function inverseDft(re: readonly number[], im: readonly number[]): { re: number[]; im: number[] } {
  const n = re.length;
  const forward = dft(re, im.map((v) => -v));
  return { re: Array.from(forward.re, (v) => v / n), im: Array.from(forward.im, (v) => -v / n) };
}

const filter = (n: number, s: number): number[] => Array.from({ length: n }, (_, k) => Math.sqrt((1 + ((2 * Math.PI * k) / n) ** 2) ** s));

/** |d_x| and |d_y| of the module comment, each [images·H·W] in row-major order of (image, row k or i, column j). */
export function literalChebLoss2Moduli(d: readonly number[], shape: readonly [number, number, number], s: number): { x: number[]; y: number[] } {
  const [images, H, W] = shape;
  const [wW, wH] = [filter(W, s), filter(H, s)];
  const x: number[] = [];
  const y: number[] = [];
  for (let b = 0; b < images; b++) {
    const at = (i: number, j: number) => d[(b * H + i) * W + j];
    for (let i = 0; i < H; i++) {
      const f = dft(Array.from({ length: W }, (_, j) => at(i, j)));
      const back = inverseDft(Array.from(f.re, (v, k) => v * wW[k]), Array.from(f.im, (v, k) => v * wW[k]));
      back.re.forEach((r, j) => x.push(Math.hypot(r, back.im[j])));
    }
    // fft along -2: for each column j, the DFT over i, scaled by wH[k] in row k; then ifft along -1 (the rows).
    const re = Array.from({ length: H }, () => new Array<number>(W).fill(0));
    const im = Array.from({ length: H }, () => new Array<number>(W).fill(0));
    for (let j = 0; j < W; j++) {
      const f = dft(Array.from({ length: H }, (_, i) => at(i, j)));
      for (let k = 0; k < H; k++) [re[k][j], im[k][j]] = [f.re[k] * wH[k], f.im[k] * wH[k]];
    }
    for (let k = 0; k < H; k++) {
      const back = inverseDft(re[k], im[k]);
      back.re.forEach((r, j) => y.push(Math.hypot(r, back.im[j])));
    }
  }
  return { x, y };
}

const mean = (values: readonly number[]): number => values.reduce((sum, v) => sum + v, 0) / values.length;

/** Figs. 4 and 8: mean |d_x|² + mean |d_y|². */
export function literalSquaredLoss(d: readonly number[], shape: readonly [number, number, number], s: number): number {
  const { x, y } = literalChebLoss2Moduli(d, shape, s);
  return mean(x.map((v) => v * v)) + mean(y.map((v) => v * v));
}

/** Fig. 5: mean |d_x| + mean |d_y|, cheb_loss2's return value itself. */
export function literalAbsLoss(d: readonly number[], shape: readonly [number, number, number], s: number): number {
  const { x, y } = literalChebLoss2Moduli(d, shape, s);
  return mean(x) + mean(y);
}
