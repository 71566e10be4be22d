/**
 * JPEG decoding for the folder-of-images loader, by the npm package jpeg-js [1] (pure JavaScript, baseline
 * and progressive JPEG, 1, 3 or 4 components). Output is 8-bit RGB like decodePng's: jpeg-js already copies
 * gray to the three channels and converts CMYK/YCCK to RGB; we ask it for RGB without alpha.
 *
 * Options passed to jpeg-js and why: useTArray gives a plain Uint8Array (no Buffer copy); tolerantDecoding
 * (its default, kept) skips unknown markers, which cameras and editors do write; its default limits of 100
 * megapixels and 512 MB are kept, so a bogus header cannot exhaust memory. Corrupt data that jpeg-js cannot
 * parse is rethrown with the file's name.
 *
 * References
 * [1] jpeg-js 0.4.4, https://github.com/jpeg-js/jpeg-js (decoder ported from Mozilla's pdf.js).
 */
import jpeg from "jpeg-js";
import type { RgbImage } from "./png.js";

/** The JPEG start-of-image marker FF D8, checked first so a non-JPEG file gets a plain message. */
const SOI = [0xff, 0xd8];

/**
 * Decodes a JPEG file to 8-bit RGB.
 * @param bytes - the file's contents
 * @param source - names the file in error messages
 * @throws Error naming `source` when the data is not a JPEG file or cannot be decoded
 */
export function decodeJpeg(bytes: Uint8Array, source = "buffer"): RgbImage {
  if (bytes.length < 2 || SOI.some((b, k) => bytes[k] !== b)) throw new Error(`decodeJpeg: ${source} is not a JPEG file (no start-of-image marker FF D8)`);
  let decoded: { width: number; height: number; data: Uint8Array };
  try {
    decoded = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false });
  } catch (error) {
    throw new Error(`decodeJpeg: ${source} is a corrupt or unsupported JPEG file: ${error instanceof Error ? error.message : String(error)}`);
  }
  const { width, height, data } = decoded;
  if (!(width > 0 && height > 0) || data.length !== width * height * 3) {
    throw new Error(`decodeJpeg: ${source} decoded to ${width}x${height} with ${data.length} bytes, expected ${width}x${height}x3 > 0`);
  }
  return { width, height, rgb: data };
}
