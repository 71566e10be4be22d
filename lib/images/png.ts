/**
 * A PNG decoder on node:zlib alone [1]: non-interlaced images of bit depth 8 (color types 0 gray, 2 RGB,
 * 3 palette, 4 gray+alpha, 6 RGBA) or 16 (types 0, 2, 4, 6; the high byte is kept). Output is RGB bytes;
 * alpha is dropped (as PIL's convert("RGB") does), gray is copied to the three channels.
 *
 * Structure [1, Sections 5, 11]: the 8-byte signature 89 50 4E 47 0D 0A 1A 0A, then chunks
 * (length uint32 BE, 4-byte type, data, CRC-32 of type + data). IHDR gives width, height, bit depth,
 * color type and interlace method; the IDAT data, concatenated, are one zlib stream of rows, each a filter
 * byte followed by the row's bytes. Unfiltering [1, Section 9.2], with a = byte bpp to the left, b = byte above,
 * c = byte above-left (0 outside the image), bpp = bytes per complete pixel:
 *   0 None  x,  1 Sub  x + a,  2 Up  x + b,  3 Average  x + floor((a + b)/2),  4 Paeth  x + paeth(a, b, c),
 * all mod 256, where paeth picks whichever of a, b, c is closest to p = a + b - c (ties: a, then b).
 *
 * References
 * [1] W3C, "Portable Network Graphics (PNG) Specification (Third Edition)", 2025; https://www.w3.org/TR/png-3/
 */
import { crc32, inflateSync } from "node:zlib";

/** An 8-bit RGB image, row-major, 3 bytes per pixel. */
export interface RgbImage {
  readonly width: number;
  readonly height: number;
  readonly rgb: Uint8Array;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** Paeth predictor [1, Section 9.4]. */
function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}

/** Reverses the per-row filters in place; `data` holds height rows of 1 + stride bytes. Returns the raw rows. */
function unfilter(data: Uint8Array, height: number, stride: number, bpp: number, source: string): Uint8Array {
  if (data.length < height * (stride + 1)) {
    throw new Error(`decodePng: ${source} image data is truncated: expected ${height * (stride + 1)} bytes, got ${data.length}`);
  }
  const out = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = data[y * (stride + 1)];
    const line = data.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const row = y * stride;
    const prev = row - stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? out[row + x - bpp] : 0;
      const b = y > 0 ? out[prev + x] : 0;
      const c = x >= bpp && y > 0 ? out[prev + x - bpp] : 0;
      let predictor: number;
      if (filter === 0) predictor = 0;
      else if (filter === 1) predictor = a;
      else if (filter === 2) predictor = b;
      else if (filter === 3) predictor = (a + b) >>> 1;
      else if (filter === 4) predictor = paeth(a, b, c);
      else throw new Error(`decodePng: ${source} row ${y} has filter type ${filter}, expected 0..4`);
      out[row + x] = (line[x] + predictor) & 0xff;
    }
  }
  return out;
}

/**
 * Decodes a PNG file to 8-bit RGB.
 * @param bytes - the file's contents
 * @param source - names the file in error messages
 */
export function decodePng(bytes: Uint8Array, source = "buffer"): RgbImage {
  if (bytes.length < 8 || SIGNATURE.some((b, k) => bytes[k] !== b)) throw new Error(`decodePng: ${source} is not a PNG file (bad signature)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let header: { width: number; height: number; depth: number; colorType: number } | undefined;
  let palette: Uint8Array | undefined;
  const idat: Uint8Array[] = [];
  let offset = 8;
  for (;;) {
    if (offset + 12 > bytes.length) throw new Error(`decodePng: ${source} is truncated before its IEND chunk`);
    const length = view.getUint32(offset, false);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    const end = offset + 8 + length;
    if (end + 4 > bytes.length) throw new Error(`decodePng: ${source} chunk ${type} is truncated`);
    const data = bytes.subarray(offset + 8, end);
    if (crc32(bytes.subarray(offset + 4, end)) !== view.getUint32(end, false)) {
      throw new Error(`decodePng: ${source} chunk ${type} has a wrong CRC (corrupt file)`);
    }
    offset = end + 4;
    if (type === "IHDR") {
      const ihdr = new DataView(data.buffer, data.byteOffset, data.byteLength);
      header = { width: ihdr.getUint32(0), height: ihdr.getUint32(4), depth: data[8], colorType: data[9] };
      if (data[12] !== 0) throw new Error(`decodePng: ${source} is interlaced (Adam7), which is not supported; save it non-interlaced`);
    } else if (type === "PLTE") palette = data;
    else if (type === "IDAT") idat.push(data);
    else if (type === "IEND") break;
  }
  if (header === undefined) throw new Error(`decodePng: ${source} has no IHDR chunk`);
  const { width, height, depth, colorType } = header;
  const channels = CHANNELS[colorType];
  const supported = channels !== undefined && (depth === 8 || (depth === 16 && colorType !== 3));
  if (!supported) {
    throw new Error(`decodePng: ${source} has color type ${colorType} with bit depth ${depth}; supported: depth 8 (types 0, 2, 3, 4, 6) or 16 (types 0, 2, 4, 6)`);
  }
  if (colorType === 3 && palette === undefined) throw new Error(`decodePng: ${source} is a palette image without a PLTE chunk`);
  const bytesPerSample = depth / 8;
  const bpp = channels * bytesPerSample;
  let inflated: Uint8Array;
  try {
    inflated = inflateSync(Buffer.concat(idat));
  } catch (error) {
    throw new Error(`decodePng: ${source} has corrupt image data (${(error as Error).message})`);
  }
  const raw = unfilter(inflated, height, width * bpp, bpp, source);
  const rgb = new Uint8Array(width * height * 3);
  for (let p = 0; p < width * height; p++) {
    const sample = (channel: number): number => raw[p * bpp + channel * bytesPerSample];
    if (colorType === 3) {
      const index = raw[p];
      if (palette === undefined || 3 * index + 2 >= palette.length) throw new Error(`decodePng: ${source} palette index ${index} out of range`);
      rgb.set(palette.subarray(3 * index, 3 * index + 3), 3 * p);
    } else if (channels <= 2) rgb.fill(sample(0), 3 * p, 3 * p + 3);
    else for (let ch = 0; ch < 3; ch++) rgb[3 * p + ch] = sample(ch);
  }
  return { width, height, rgb };
}
