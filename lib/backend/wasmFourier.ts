/**
 * Complex tensors and the discrete Fourier transform on the WASM backend, which tfjs-backend-wasm 4.22
 * lacks (no Complex, Real, Imag, ComplexAbs, FFT, IFFT kernels; RFFT and IRFFT are not kernels but
 * tfjs-core ops built from these, spectral/rfft.ts and irfft.ts, so they work once these exist).
 *
 * Storage. The WASM backend allocates `size × bytesPerElement('complex64') = 8·size` bytes for a
 * complex64 tensor but has no kernel that fills or reads them, and its `readSync` rejects the dtype.
 * We store the values interleaved (re0, im0, re1, im1, ...), which is the layout tfjs itself uses for
 * complex data read out of any backend (`backend_util.mergeRealAndImagArrays`, what the cpu backend's
 * readSync returns), and teach the backend instance's `readSync`/`read` to return it. Reshape works
 * unchanged (it only shares the data). Arithmetic on complex tensors (add, mul, ...) is NOT supported on
 * WASM: its kernels take complex64 data for float32 or int32 (measured: tf.add of two complex tensors
 * returned numbers near 1e-41, silently), so `guardComplexInputs` makes every other WASM kernel reject
 * complex64 inputs with an error. Work on `tf.real` / `tf.imag` and recombine with `tf.complex`.
 *
 * Transform. FFT of length n is a product with the dense DFT matrix, in one BatchMatMul (XNNPACK) of the
 * interleaved rows [B, 2n] by a real [2n, 2n] matrix:
 *   X_k = Σ_j x_j e^{∓2πi jk/n} (÷ n for the inverse)  [1], so with θ = 2π (jk mod n)/n,
 *   Re X_k = Σ_j a_j cos θ ± b_j sin θ,   Im X_k = Σ_j b_j cos θ ∓ a_j sin θ   (upper sign: forward).
 * Cost O(B n²) and a cached 16 n² byte matrix per (n, direction); n ≤ MAX_DFT_LENGTH. The cpu backend
 * also uses an O(n²) sum when n is not a power of two (tfjs-backend-cpu 4.22, utils/fft_utils.ts).
 *
 * [1] The definition numpy.fft documents ("Implementation details": A_k = Σ_m a_m exp(−2πi mk/n), the
 *     inverse with +i and 1/n), which tf.spectral.fft / ifft follow; the cpu backend's
 *     utils/fft_utils.ts computes the same sums.
 */
import * as tf from "@tensorflow/tfjs";
import { heapFloats, Info, runWasm, WasmBackend } from "./wasmCall.js";
import type { KernelArgs } from "./wasmConvGrad.js";

/** Longest transform on WASM: its DFT matrix takes 16·n² bytes (64 MiB at n = 2048). */
export const MAX_DFT_LENGTH = 2048;
/** Cached DFT matrices beyond this many bytes are dropped before a new one is made. */
const DFT_CACHE_BYTES = 96 * 2 ** 20;

const readable = new WeakSet<WasmBackend>();

/** Makes `readSync`/`read` of a complex64 tensor return its interleaved values, as on the cpu backend. */
function ensureComplexReadable(b: WasmBackend): void {
  if (readable.has(b)) return;
  readable.add(b);
  const readSync = b.readSync.bind(b);
  b.readSync = (dataId: object, start?: number, end?: number) => {
    const d = b.dataIdMap.get(dataId);
    if (d === undefined || d.dtype !== "complex64") return readSync(dataId, start, end);
    const size = tf.util.sizeFromShape(d.shape);
    return new Float32Array(b.wasm.HEAPU8.buffer, d.memoryOffset, 2 * size).slice(2 * (start ?? 0), 2 * (end ?? size));
  };
  b.read = async (dataId: object) => b.readSync(dataId);
}

function asFloat32(b: WasmBackend, t: Info, made: Info[]): Info {
  if (t.dtype === "float32") return t;
  const out = runWasm(b, "Cast", { x: t }, { dtype: "float32" });
  made.push(out);
  return out;
}

/** Complex: interleaves real and imag (same shape) into a complex64 tensor. */
export function complexWasm({ inputs, backend: b }: KernelArgs): Info {
  ensureComplexReadable(b);
  const made: Info[] = [];
  const [re, im] = [asFloat32(b, inputs.real, made), asFloat32(b, inputs.imag, made)];
  const size = tf.util.sizeFromShape(re.shape);
  const out = b.makeOutput(re.shape.slice(), "complex64");
  const [o, r, i] = [heapFloats(b, out, 2 * size), heapFloats(b, re, size), heapFloats(b, im, size)];
  for (let k = 0; k < size; k++) {
    o[2 * k] = r[k];
    o[2 * k + 1] = i[k];
  }
  for (const t of made) b.disposeData(t.dataId);
  return out;
}

/** Real and Imag: every other float of the interleaved storage, starting at `part` (0 or 1). */
function partWasm(b: WasmBackend, input: Info, part: 0 | 1): Info {
  const size = tf.util.sizeFromShape(input.shape);
  const out = b.makeOutput(input.shape.slice(), "float32");
  const [o, z] = [heapFloats(b, out, size), heapFloats(b, input, 2 * size)];
  for (let k = 0; k < size; k++) o[k] = z[2 * k + part];
  return out;
}
export const realWasm = ({ inputs, backend }: KernelArgs): Info => partWasm(backend, inputs.input, 0);
export const imagWasm = ({ inputs, backend }: KernelArgs): Info => partWasm(backend, inputs.input, 1);

/** ComplexAbs: |z| = hypot(re, im), as the cpu backend computes it. */
export function complexAbsWasm({ inputs, backend: b }: KernelArgs): Info {
  const size = tf.util.sizeFromShape(inputs.x.shape);
  const out = b.makeOutput(inputs.x.shape.slice(), "float32");
  const [o, z] = [heapFloats(b, out, size), heapFloats(b, inputs.x, 2 * size)];
  for (let k = 0; k < size; k++) o[k] = Math.hypot(z[2 * k], z[2 * k + 1]);
  return out;
}

const dftCache = new WeakMap<WasmBackend, Map<string, Info>>();

/** The real [1, 2n, 2n] matrix W with (interleaved row x)·W = interleaved DFT of x (module comment). */
function dftMatrix(b: WasmBackend, n: number, inverse: boolean): Info {
  const cache = dftCache.get(b) ?? new Map<string, Info>();
  dftCache.set(b, cache);
  const key = `${n}:${inverse}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  let bytes = 16 * n * n;
  for (const t of cache.values()) bytes += 4 * tf.util.sizeFromShape(t.shape);
  if (bytes > DFT_CACHE_BYTES) {
    for (const t of cache.values()) b.disposeData(t.dataId);
    cache.clear();
  }
  const m = 2 * n;
  const W = new Float32Array(m * m);
  const [sign, scale] = inverse ? [-1, 1 / n] : [1, 1];
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < n; k++) {
      const theta = (2 * Math.PI * ((j * k) % n)) / n;
      const [cos, sin] = [scale * Math.cos(theta), sign * scale * Math.sin(theta)];
      W[2 * j * m + 2 * k] = cos; // a_j → Re X_k
      W[(2 * j + 1) * m + 2 * k] = sin; // b_j → Re X_k
      W[2 * j * m + 2 * k + 1] = -sin; // a_j → Im X_k
      W[(2 * j + 1) * m + 2 * k + 1] = cos; // b_j → Im X_k
    }
  }
  const t = b.makeOutput([1, m, m], "float32", undefined, W);
  cache.set(key, t);
  return t;
}

/** FFT / IFFT along the innermost axis of a complex64 tensor of any rank. */
function dftWasm(b: WasmBackend, input: Info, inverse: boolean): Info {
  ensureComplexReadable(b);
  const n = input.shape[input.shape.length - 1];
  if (n > MAX_DFT_LENGTH) {
    throw new Error(`backend/wasm ${inverse ? "IFFT" : "FFT"}: length ${n} exceeds ${MAX_DFT_LENGTH}, the longest the WASM backend's dense DFT (16·n² bytes) supports; run it on the cpu backend (TFJS_BACKEND=cpu) or split the transform`);
  }
  const size = tf.util.sizeFromShape(input.shape);
  const rows = b.makeOutput([1, size / n, 2 * n], "float32");
  const src = b.dataIdMap.get(input.dataId).memoryOffset;
  b.wasm.HEAPU8.copyWithin(b.dataIdMap.get(rows.dataId).memoryOffset, src, src + 8 * size);
  const y = runWasm(b, "BatchMatMul", { a: rows, b: dftMatrix(b, n, inverse) }, { transposeA: false, transposeB: false });
  const out = b.makeOutput(input.shape.slice(), "complex64");
  const yOff = b.dataIdMap.get(y.dataId).memoryOffset;
  b.wasm.HEAPU8.copyWithin(b.dataIdMap.get(out.dataId).memoryOffset, yOff, yOff + 8 * size);
  b.disposeData(rows.dataId);
  b.disposeData(y.dataId);
  return out;
}
export const fftWasm = ({ inputs, backend }: KernelArgs): Info => dftWasm(backend, inputs.input, false);
export const ifftWasm = ({ inputs, backend }: KernelArgs): Info => dftWasm(backend, inputs.input, true);

/** WASM kernels that handle complex64 inputs: ours, and the two that only share the data. */
const COMPLEX_AWARE = new Set(["Complex", "Real", "Imag", "ComplexAbs", "FFT", "IFFT", "Reshape", "ExpandDims"]);
const guarded = new Set<string>();

/**
 * Wraps every other WASM kernel so that a complex64 input is an error naming the kernel and the way
 * out, instead of wrong numbers (module comment). Idempotent; returns the kernels wrapped so far. The
 * cost is one dtype check per input per kernel call. A wrapper keeps the kernel it wraps as `unguarded`.
 */
export function guardComplexInputs(): string[] {
  for (const config of tf.getKernelsForBackend("wasm")) {
    const name = config.kernelName;
    if (COMPLEX_AWARE.has(name) || guarded.has(name)) continue;
    const inner = config.kernelFunc;
    const guard: tf.KernelFunc = (args) => {
      for (const t of Object.values(args.inputs) as Array<tf.TensorInfo | undefined>) {
        if (t?.dtype === "complex64") {
          throw new Error(`backend/wasm ${name}: complex64 inputs are not supported on the WASM backend (only ${[...COMPLEX_AWARE].join(", ")}); split with tf.real / tf.imag, compute on the parts, recombine with tf.complex`);
        }
      }
      return inner(args);
    };
    const kernelFunc = Object.assign(guard, { unguarded: inner });
    tf.unregisterKernel(name, "wasm");
    tf.registerKernel({ ...config, kernelFunc });
    guarded.add(name);
  }
  return [...guarded];
}
