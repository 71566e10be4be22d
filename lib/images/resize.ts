/**
 * Square resizing by area averaging (a box filter with exact fractional overlaps, like OpenCV's INTER_AREA
 * and PIL's Image.BOX), after a centre crop to a square.
 *
 * Crop: side s = min(W, H), offsets x0 = floor((W - s)/2), y0 = floor((H - s)/2).
 * Resize to S×S with scale r = s/S: output pixel (u, v) covers the source square [v r, (v + 1) r) × [u r, (u + 1) r)
 * (u the row, v the column) and is the mean of the source over it, each source pixel weighted by its
 * overlap length in each direction:
 *   out(u, v) = Σ_i Σ_j wy_u(i) wx_v(j) src(y0 + i, x0 + j) / r²,   wy_u(i) = |[i, i + 1) ∩ [u r, (u + 1) r)|.
 * Averaging preserves the image mean exactly; an integer factor r averages r×r blocks; upsampling (r < 1)
 * repeats source pixels (piecewise constant), with mixing only where an output pixel straddles two sources.
 */
import type { RgbImage } from "./png.js";

/** Overlaps of [k r, (k + 1) r) with source pixels [i, i + 1): list of (i, weight) per output index k. */
function overlaps(source: number, target: number): { index: number; weight: number }[][] {
  const r = source / target;
  return Array.from({ length: target }, (_, k) => {
    const [lo, hi] = [k * r, (k + 1) * r];
    const list: { index: number; weight: number }[] = [];
    for (let i = Math.floor(lo); i < Math.min(source, Math.ceil(hi)); i++) {
      const weight = Math.min(hi, i + 1) - Math.max(lo, i);
      if (weight > 0) list.push({ index: i, weight });
    }
    return list;
  });
}

/**
 * Centre-crops an RGB image to a square and resizes it to size×size by area averaging.
 * @returns float32 [size, size, 3] row-major with values byte/255 in [0, 1]
 */
export function squareAreaResize(image: RgbImage, size: number): Float32Array {
  if (!Number.isInteger(size) || size < 1) throw new Error(`squareAreaResize: size must be a positive integer, got ${size}`);
  const { width, height, rgb } = image;
  if (width < 1 || height < 1) throw new Error(`squareAreaResize: image is empty (${width}x${height})`);
  const side = Math.min(width, height);
  const x0 = Math.floor((width - side) / 2);
  const y0 = Math.floor((height - side) / 2);
  const weights = overlaps(side, size);
  const norm = (side / size) ** 2 * 255;
  const out = new Float32Array(size * size * 3);
  const sum = [0, 0, 0];
  for (let u = 0; u < size; u++) {
    for (let v = 0; v < size; v++) {
      sum.fill(0);
      for (const { index: i, weight: wy } of weights[u]) {
        for (const { index: j, weight: wx } of weights[v]) {
          const p = 3 * ((y0 + i) * width + x0 + j);
          const w = wy * wx;
          for (let ch = 0; ch < 3; ch++) sum[ch] += w * rgb[p + ch];
        }
      }
      for (let ch = 0; ch < 3; ch++) out[3 * (u * size + v) + ch] = sum[ch] / norm;
    }
  }
  return out;
}
