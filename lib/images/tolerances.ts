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
