/**
 * Named tolerances for the image tests (float32 data).
 *
 * A float32 value v carries a rounding error of at most |v| · 2^-24 ≈ 6e-8 |v|. Pixels lie in [0, 1] and the
 * noises of Section 3.3 are at most a few units, so one rounding of the sum clean + noise is below 2^-24 · 8.
 */

/** One float32 rounding of a number of size <= 8: 8 · 2^-24 ≈ 4.8e-7. */
export const FLOAT32_ROUNDING_ABSOLUTE = 8 * 2 ** -24;

/** An area average of at most a few hundred float32 pixels in [0, 1], accumulated in float64 then rounded once. */
export const RESIZE_ABSOLUTE = 1e-6;

/**
 * A smooth RGB image written by jpeg-js at quality 100 and read back, per pixel in [0, 1]. At quality 100
 * every quantisation step is 1, and jpeg-js encodes without chroma subsampling (all sampling factors 1), so
 * what remains is rounding: RGB → YCbCr rounded to integers, the 8x8 DCT coefficients rounded (each ±0.5,
 * spread over 64 pixels), the inverse DCT and YCbCr → RGB rounded again, where R = Y + 1.402 (Cr − 128)
 * amplifies a chroma rounding by ~1.4-1.8. Measured max 3 levels (mean 0.58) on 16x16, 37x23 and 64x64
 * sinusoid-and-ramp images; 4 levels allows one more rounding. A swapped channel, a transposed image or a
 * lost gray offset is off by tens of levels.
 */
export const JPEG_QUALITY_100_ABSOLUTE = 4 / 255;
