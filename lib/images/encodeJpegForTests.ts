/**
 * JPEG fixtures for the tests, written by jpeg-js's encoder at quality 100: a smooth RGB image (a sinusoid
 * in R, horizontal and vertical ramps in G and B) and its file. Sizes that are not multiples of 8 exercise
 * the decoder's partial edge blocks.
 */
import jpeg from "jpeg-js";

/** The image's RGB bytes (row-major, 3 per pixel) and its JPEG file. */
export function smoothJpegForTests(width: number, height: number): { rgb: Uint8Array; file: Buffer } {
  const rgb = new Uint8Array(width * height * 3);
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
    const pixel = [
      Math.round(127.5 + 100 * Math.sin((2 * Math.PI * x) / width) * Math.cos((2 * Math.PI * y) / height)),
      Math.round((255 * x) / Math.max(width - 1, 1)),
      Math.round((255 * y) / Math.max(height - 1, 1)),
    ];
    rgb.set(pixel, 3 * (y * width + x));
    rgba.set([...pixel, 255], 4 * (y * width + x));
  }
  return { rgb, file: jpeg.encode({ width, height, data: rgba }, 100).data };
}
