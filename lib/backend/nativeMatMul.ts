/**
 * BatchMatMul and _FusedMatMul for the WASM backend through OpenBLAS sgemm (native/src/matmul.cc),
 * reading and writing the WASM heap in place.
 *
 * Semantics of tfjs-core 4.22 (ops/mat_mul.ts, ops/fused/mat_mul.ts; tfjs-backend-cpu kernels/
 * BatchMatMul.ts, _FusedMatMul.ts): a [..., M, K] (or [..., K, M] with transposeA) times b [..., K, N]
 * (or [..., N, K] with transposeB) gives [...batch, M, N], the batch dimensions broadcast. The fused
 * kernel then adds `bias` (broadcast to the output) and applies `activation` (linear, relu, relu6,
 * prelu with `preluActivationWeights`, leakyrelu with `leakyreluAlpha`, sigmoid, elu).
 *
 * Broadcasting is the true, numpy-style one. tfjs 4.22's own kernels (cpu and WASM) flatten the batch
 * dimensions and index the smaller operand modulo its batch size, which agrees only when one operand's
 * batch shape is a suffix of the output's (e.g. [3,2] with [2] or [1]); for [3,1] with [1,4] they return
 * wrong numbers, the native kernel the right ones (tested against tf.tile in nativeMatMul.test.ts).
 *
 * Anything else (non-float32 inputs, empty products, inner sizes that disagree, a bias or prelu weights
 * that do not broadcast as [batch, M, N]) goes to the WASM backend's own kernel, which computes it or
 * throws its usual error.
 */
import * as tf from "@tensorflow/tfjs";
import type { NativeAddon } from "./nativeAddon.js";
import type { Info, WasmBackend } from "./wasmCall.js";
import type { KernelArgs } from "./wasmConvGrad.js";

/** A kernel function as registered: the native one, falling back to the WASM original. */
export type NativeKernelFunc = (args: KernelArgs) => Info;

/** A tensor's start on the WASM heap in floats, or undefined when not float-aligned (never seen). */
export function floatOffset(b: WasmBackend, t: Info): number | undefined {
  const bytes = b.dataIdMap.get(t.dataId).memoryOffset;
  return bytes % 4 === 0 ? bytes / 4 : undefined;
}

/**
 * The float offsets of a kernel's tensors on the WASM heap, −1 for an absent one; throws, naming `kernel`, for one
 * that is not float-aligned (never seen). For our own kernels, which have no WASM original to hand such a case to.
 */
export function requiredFloatOffsets(kernel: string, backend: WasmBackend, tensors: ReadonlyArray<Info | undefined>): number[] {
  return tensors.map((t) => {
    if (t === undefined) return -1;
    const at = floatOffset(backend, t);
    if (at === undefined) throw new Error(`${kernel}: a tensor of the WASM heap is not float-aligned`);
    return at;
  });
}

interface MatMulPlan {
  batchShape: number[];
  batch: number;
  m: number;
  n: number;
  k: number;
}

/** Sizes of op(a) op(b), or undefined where the WASM kernel should decide (errors, empty products). */
function planMatMul(a: Info, b: Info, transposeA: boolean, transposeB: boolean): MatMulPlan | undefined {
  if (a.dtype !== "float32" || b.dtype !== "float32" || a.shape.length < 2 || b.shape.length < 2) return undefined;
  const [ar, br] = [a.shape.length, b.shape.length];
  const m = transposeA ? a.shape[ar - 1] : a.shape[ar - 2];
  const k = transposeA ? a.shape[ar - 2] : a.shape[ar - 1];
  const kb = transposeB ? b.shape[br - 1] : b.shape[br - 2];
  const n = transposeB ? b.shape[br - 2] : b.shape[br - 1];
  if (k !== kb) return undefined;
  let batchShape: number[];
  try {
    batchShape = tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  } catch {
    return undefined;
  }
  const batch = tf.util.sizeFromShape(batchShape);
  if (batch * m * n * k === 0) return undefined;
  return { batchShape, batch, m, n, k };
}

/** Index into `shape`'s batch (row-major, right-aligned, size-1 axes broadcast) of output batch `flat`. */
function broadcastBatchIndex(flat: number, outBatch: number[], batch: number[]): number {
  let index = 0;
  let stride = 1;
  for (let axis = outBatch.length - 1, own = batch.length - 1; axis >= 0 && own >= 0; axis--, own--) {
    const coordinate = flat % outBatch[axis];
    flat = Math.floor(flat / outBatch[axis]);
    if (batch[own] !== 1) index += coordinate * stride;
    stride *= batch[own];
  }
  return index;
}

/**
 * [a0, b0, a1, b1, ...]: where each batch's matrices start on the heap, in floats. Operands whose batch
 * shape equals the output's step by one matrix; a broadcast one repeats.
 */
function batchOffsets(plan: MatMulPlan, a: Info, aStart: number, b: Info, bStart: number): Float64Array {
  const offsets = new Float64Array(2 * plan.batch);
  const aBatch = a.shape.slice(0, -2);
  const bBatch = b.shape.slice(0, -2);
  const [aSize, bSize] = [plan.m * plan.k, plan.k * plan.n];
  const aFull = tf.util.sizeFromShape(aBatch) === plan.batch;
  const bFull = tf.util.sizeFromShape(bBatch) === plan.batch;
  for (let i = 0; i < plan.batch; i++) {
    offsets[2 * i] = aStart + aSize * (aFull ? i : broadcastBatchIndex(i, plan.batchShape, aBatch));
    offsets[2 * i + 1] = bStart + bSize * (bFull ? i : broadcastBatchIndex(i, plan.batchShape, bBatch));
  }
  return offsets;
}

/** The product op(a) op(b) on the WASM heap, shape [...batchShape, M, N]; undefined if not float-aligned. */
function nativeProduct(addon: NativeAddon, backend: WasmBackend, plan: MatMulPlan, a: Info, b: Info, ta: boolean, tb: boolean): Info | undefined {
  const [aStart, bStart] = [floatOffset(backend, a), floatOffset(backend, b)];
  if (aStart === undefined || bStart === undefined) return undefined;
  const out = backend.makeOutput([...plan.batchShape, plan.m, plan.n], "float32");
  const outStart = floatOffset(backend, out);
  if (outStart === undefined) {
    backend.disposeData(out.dataId);
    return undefined;
  }
  // Read the buffer after makeOutput: an allocation may grow WASM memory and replace it.
  const heap = backend.wasm.HEAPU8.buffer as ArrayBuffer;
  addon.matMul(heap, batchOffsets(plan, a, aStart, b, bStart), plan.batch, outStart, plan.m, plan.n, plan.k, ta, tb);
  return out;
}

/** BatchMatMul (attrs transposeA, transposeB). */
export function nativeBatchMatMul(addon: NativeAddon, original: NativeKernelFunc): NativeKernelFunc {
  return (args) => {
    const { a, b } = args.inputs;
    const { transposeA, transposeB } = args.attrs as unknown as tf.BatchMatMulAttrs;
    const plan = planMatMul(a, b, transposeA, transposeB);
    return (plan && nativeProduct(addon, args.backend, plan, a, b, transposeA, transposeB)) ?? original(args);
  };
}

/** Activation numbers of native/src/kernels.h (as tfjs-backend-wasm's FusableActivation). */
export const ACTIVATIONS: Record<string, number> = { linear: 0, relu: 1, relu6: 2, prelu: 3, leakyrelu: 4, sigmoid: 5, elu: 6 };

/**
 * Strides (floats) of `t` broadcast against the product [batch, M, N], or undefined if it does not
 * broadcast that way: rank ≤ 2 right-aligned to [M, N]; rank 3 only against a rank-3 product.
 */
function epilogueStrides(t: Info, outRank: number, batch: number, m: number, n: number): [number, number, number] | undefined {
  const s = t.shape;
  const r = s.length;
  if (r > 3 || (r === 3 && outRank !== 3)) return undefined;
  const [db, dm, dn] = [r === 3 ? s[0] : 1, r >= 2 ? s[r - 2] : 1, r >= 1 ? s[r - 1] : 1];
  if ((db !== 1 && db !== batch) || (dm !== 1 && dm !== m) || (dn !== 1 && dn !== n)) return undefined;
  return [db === 1 ? 0 : dm * dn, dm === 1 ? 0 : dn, dn === 1 ? 0 : 1];
}

/** _FusedMatMul: the product, + bias, then the activation (module comment). */
export function nativeFusedMatMul(addon: NativeAddon, original: NativeKernelFunc): NativeKernelFunc {
  return (args) => {
    const { a, b, bias, preluActivationWeights: weights } = args.inputs as Record<string, Info | undefined> as { a: Info; b: Info; bias?: Info; preluActivationWeights?: Info };
    const { transposeA, transposeB, activation, leakyreluAlpha } = args.attrs as unknown as tf._FusedMatMulAttrs;
    const code = ACTIVATIONS[activation ?? "linear"];
    const plan = planMatMul(a, b, transposeA, transposeB);
    if (plan === undefined || code === undefined) return original(args);
    if (activation === "leakyrelu" && typeof leakyreluAlpha !== "number") return original(args);
    if (activation === "prelu" && weights == null) return original(args);
    const outRank = plan.batchShape.length + 2;
    const b3 = bias == null ? [0, 0, 0] : epilogueStrides(bias, outRank, plan.batch, plan.m, plan.n);
    const w3 = weights == null ? [0, 0, 0] : epilogueStrides(weights, outRank, plan.batch, plan.m, plan.n);
    const biasStart = bias == null ? -1 : bias.dtype === "float32" ? floatOffset(args.backend, bias) : undefined;
    const weightsStart = weights == null ? -1 : weights.dtype === "float32" ? floatOffset(args.backend, weights) : undefined;
    if (b3 === undefined || w3 === undefined || biasStart === undefined || weightsStart === undefined) return original(args);
    const out = nativeProduct(addon, args.backend, plan, a, b, transposeA, transposeB);
    if (out === undefined) return original(args);
    if (bias != null || code !== 0) {
      const heap = args.backend.wasm.HEAPU8.buffer as ArrayBuffer;
      const outStart = floatOffset(args.backend, out) as number;
      addon.matMulEpilogue(heap, outStart, plan.batch, plan.m, plan.n, biasStart, b3[0], b3[1], b3[2], code, leakyreluAlpha ?? 0, weightsStart, w3[0], w3[1], w3[2]);
    }
    return out;
  };
}
