/**
 * Exact JSON encodings of numbers for checkpoints: a float32 or float64 array becomes the base64 text of its
 * bytes (little-endian, as typed arrays are on every platform Node runs on), so that NaN payloads, -0 and
 * every bit survive a save and a load. JSON's own numbers would lose -0 and turn NaN and ±Infinity into null.
 */

/** Base64 of the bytes of a float32 array. */
export function encodeFloat32(values: Float32Array): string {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString("base64");
}

/** Base64 of the bytes of float64 values (an array of JS numbers is float64 already). */
export function encodeFloat64(values: Float64Array | readonly number[]): string {
  const array = values instanceof Float64Array ? values : Float64Array.from(values);
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString("base64");
}

function decodeBytes(text: string, bytesPerValue: number, what: string): Buffer {
  if (typeof text !== "string") throw new Error(`${what}: expected base64 text, got ${typeof text}; the checkpoint is damaged: delete it to start the run afresh`);
  const bytes = Buffer.from(text, "base64");
  if (bytes.length % bytesPerValue !== 0) throw new Error(`${what}: ${bytes.length} bytes is not a whole number of ${bytesPerValue}-byte values; the checkpoint is damaged: delete it to start the run afresh`);
  return bytes;
}

/** Inverse of encodeFloat32 (a fresh, aligned array). */
export function decodeFloat32(text: string, what = "decodeFloat32"): Float32Array {
  const bytes = decodeBytes(text, 4, what);
  const out = new Float32Array(bytes.length / 4);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

/** Inverse of encodeFloat64 (a fresh, aligned array). */
export function decodeFloat64(text: string, what = "decodeFloat64"): Float64Array {
  const bytes = decodeBytes(text, 8, what);
  const out = new Float64Array(bytes.length / 8);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}
