/**
 * Concat, SplitV, ResizeNearestNeighbor and its gradient, and LeakyRelu with its gradient's Greater and Select, natively
 * (native/src/layout.cc), where tfjs-backend-wasm 4.22 loops in JavaScript or scalar code.
 *
 * Measured by `tf.profile` of one L2 step of the bench's diffusion U-Net (batch 48, 28 x 28, base width 16), on the
 * WASM kernels: SplitV of [48, 28, 28, 48] into 32 + 16 channels 9.6 ms (WASM slices it with one TypedArray.set per
 * pixel), Concat the other way 4.2 ms, ResizeNearestNeighborGrad of [48, 28, 28, 32] 10.6 ms: 37.7 of the step's
 * 89.6 ms of kernel time. In the conv autoencoder's H1 step, the mask of LeakyRelu's gradient (Greater of x and 0,
 * then Select of dy and α dy) and LeakyRelu itself took 7.3 of its 21 ms.
 *
 * Every kernel here copies, compares, selects or (LeakyRelu) multiplies once as WASM's does, and the resize gradient
 * adds the same float32 terms in the same order as WASM's (layout.cc), so the outputs are bitwise WASM's (nativeLayout.test.ts), except where WASM's
 * is wrong: for an image one pixel high or wide with aligned corners, its search window overflows and it returns
 * zeros, where the native kernel, like cpu's, sums every dy pixel into it. Any other case
 * (dtypes other than float32, a Greater against a tensor, a Select that broadcasts its condition, half-pixel
 * centres) goes to WASM's own kernel.
 */
import * as tf from "@tensorflow/tfjs";
import type { NativeAddon } from "./nativeAddon.js";
import { floatOffset, type NativeKernelFunc } from "./nativeMatMul.js";
import type { Info, WasmBackend } from "./wasmCall.js";
import type { KernelArgs } from "./wasmConvGrad.js";

/** The addon functions of this module, missing from packs built before it. */
export interface LayoutAddon {
  copyRows(heap: ArrayBuffer, src: number, srcStride: number, dst: number, dstStride: number, rows: number, width: number): void;
  /** backward: x = the gradient from y = dy; forward (alignCorners false): y = the resize of x. */
  resizeNearest(heap: ArrayBuffer, backward: boolean, y: number, x: number, batch: number, yh: number, yw: number, xh: number, xw: number, depth: number, alignCorners: boolean): void;
  /** op 0: out (bool) = x > alpha; 1: out = x (bool) ? y : z; 2: out = leakyRelu(x, alpha). Bool offsets in bytes. */
  mask(heap: ArrayBuffer, op: number, x: number, y: number, z: number, out: number, n: number, alpha: number): void;
}

export const hasLayoutKernels = (addon: NativeAddon): addon is NativeAddon & LayoutAddon => {
  const a = addon as Partial<LayoutAddon>;
  return typeof a.copyRows === "function" && typeof a.resizeNearest === "function" && typeof a.mask === "function";
};

const heapOf = (backend: WasmBackend): ArrayBuffer => backend.wasm.HEAPU8.buffer as ArrayBuffer;
const byteOffset = (backend: WasmBackend, t: Info): number => backend.dataIdMap.get(t.dataId).memoryOffset;
const size = (t: Info): number => tf.util.sizeFromShape(t.shape);

/**
 * New float32 outputs of `shapes`, and the float offsets of `inputs` and then of the outputs; undefined, with the outputs
 * freed, when one is not float-aligned (never seen), and the caller hands the case to WASM's own kernel.
 */
function onHeap(backend: WasmBackend, inputs: Info[], shapes: number[][]): { outs: Info[]; at: number[] } | undefined {
  const outs = shapes.map((shape) => backend.makeOutput(shape, "float32"));
  const at = [...inputs, ...outs].map((t) => floatOffset(backend, t));
  if (at.every((o): o is number => o !== undefined)) return { outs, at };
  for (const out of outs) backend.disposeData(out.dataId);
  return undefined;
}

/** Concat of float32 tensors along any axis: per input, its rows of Π shape[axis:] floats into the output's. */
export function nativeConcat(addon: LayoutAddon, original: (args: KernelArgs) => Info): (args: KernelArgs) => Info {
  return (args) => {
    const inputs = args.inputs as unknown as Info[];
    if (!Array.isArray(inputs) || inputs.length === 0 || inputs.some((t) => t.dtype !== "float32")) return original(args);
    let axis: number;
    let outShape: number[];
    try {
      axis = tf.util.parseAxisParam(args.attrs.axis as number, inputs[0].shape)[0];
      tf.backend_util.assertParamsConsistent(inputs.map((t) => t.shape), axis);
      outShape = tf.backend_util.computeOutShape(inputs.map((t) => t.shape), axis);
    } catch {
      return original(args);
    }
    const parts = inputs.filter((t) => size(t) > 0);
    if (parts.length < 2) return original(args);
    const rows = tf.util.sizeFromShape(inputs[0].shape.slice(0, axis));
    const widths = parts.map((t) => tf.util.sizeFromShape(t.shape.slice(axis)));
    const total = widths.reduce((a, b) => a + b, 0);
    const placed = onHeap(args.backend, parts, [outShape]);
    if (placed === undefined) return original(args);
    const { outs: [out], at } = placed;
    const outStart = at[parts.length];
    const heap = heapOf(args.backend); // after makeOutput, which may grow the heap
    let column = 0;
    for (const [i, width] of widths.entries()) {
      addon.copyRows(heap, at[i], width, outStart + column, total, rows, width);
      column += width;
    }
    return out;
  };
}

/** SplitV of a float32 tensor along any axis: per output, its rows of the input's. */
export function nativeSplitV(addon: LayoutAddon, original: (args: KernelArgs) => Info[]): (args: KernelArgs) => Info[] {
  return (args) => {
    const { x } = args.inputs;
    if (x.dtype !== "float32" || size(x) === 0) return original(args);
    let axis: number;
    let sizes: number[];
    try {
      axis = tf.util.parseAxisParam(args.attrs.axis as number, x.shape)[0];
      sizes = tf.backend_util.prepareSplitSize(x as tf.Tensor, args.attrs.numOrSizeSplits as number | number[], axis);
    } catch {
      return original(args);
    }
    const rows = tf.util.sizeFromShape(x.shape.slice(0, axis));
    const inner = tf.util.sizeFromShape(x.shape.slice(axis + 1));
    const total = x.shape[axis] * inner;
    const placed = onHeap(args.backend, [x], sizes.map((s) => x.shape.map((d, i) => (i === axis ? s : d))));
    if (placed === undefined) return original(args);
    const { outs, at } = placed;
    const heap = heapOf(args.backend);
    let column = 0;
    for (const [j, s] of sizes.entries()) {
      addon.copyRows(heap, at[0] + column, total, at[j + 1], s * inner, rows, s * inner);
      column += s * inner;
    }
    return outs;
  };
}

/** The gradient of tf.image.resizeNearestNeighbor for float32 dy (half-pixel centres go to WASM, which ignores them). */
export function nativeResizeNearestNeighborGrad(addon: LayoutAddon, original: NativeKernelFunc): NativeKernelFunc {
  return (args) => {
    const { images, dy } = args.inputs;
    if (dy.dtype !== "float32" || images.shape.length !== 4 || dy.shape.length !== 4 || args.attrs.halfPixelCenters === true) return original(args);
    const [batch, xh, xw, depth] = images.shape;
    const [dyBatch, yh, yw, dyDepth] = dy.shape;
    if (dyBatch !== batch || dyDepth !== depth || size(images) === 0 || size(dy) === 0) return original(args);
    const placed = onHeap(args.backend, [dy], [images.shape]);
    if (placed === undefined) return original(args);
    const { outs: [out], at } = placed;
    addon.resizeNearest(heapOf(args.backend), true, at[0], at[1], batch, yh, yw, xh, xw, depth, args.attrs.alignCorners === true);
    return out;
  };
}

/** tf.image.resizeNearestNeighbor of float32 images, corners not aligned, no half-pixel centres (WASM's own otherwise). */
export function nativeResizeNearestNeighbor(addon: LayoutAddon, original: NativeKernelFunc): NativeKernelFunc {
  return (args) => {
    const { images } = args.inputs;
    const [yh, yw] = args.attrs.size as [number, number];
    if (images.dtype !== "float32" || images.shape.length !== 4 || args.attrs.alignCorners === true || args.attrs.halfPixelCenters === true) return original(args);
    const [batch, xh, xw, depth] = images.shape;
    if (!(Number.isInteger(yh) && Number.isInteger(yw) && yh > 0 && yw > 0) || batch * xh * xw * depth === 0) return original(args);
    const placed = onHeap(args.backend, [images], [[batch, yh, yw, depth]]);
    if (placed === undefined) return original(args);
    const { outs: [out], at } = placed;
    addon.resizeNearest(heapOf(args.backend), false, at[1], at[0], batch, yh, yw, xh, xw, depth, false);
    return out;
  };
}

/** Greater of a float32 tensor and a float32 scalar (the mask of LeakyRelu's and Relu's gradients). */
export function nativeGreater(addon: LayoutAddon, original: NativeKernelFunc): NativeKernelFunc {
  return (args) => {
    const { a, b } = args.inputs;
    if (a.dtype !== "float32" || b.dtype !== "float32" || size(b) !== 1 || b.shape.length > a.shape.length || size(a) === 0) return original(args);
    const [aStart, bStart] = [floatOffset(args.backend, a), floatOffset(args.backend, b)];
    if (aStart === undefined || bStart === undefined) return original(args);
    const threshold = new Float32Array(heapOf(args.backend), bStart * 4, 1)[0];
    const out = args.backend.makeOutput(a.shape, "bool");
    addon.mask(heapOf(args.backend), 0, aStart, 0, 0, byteOffset(args.backend, out), size(a), threshold);
    return out;
  };
}

/** Select with a bool condition of the branches' own shape, float32 branches. */
export function nativeSelect(addon: LayoutAddon, original: NativeKernelFunc): NativeKernelFunc {
  return (args) => {
    const { condition, t, e } = args.inputs;
    const same = (u: Info, v: Info): boolean => tf.util.arraysEqual(u.shape, v.shape);
    if (condition.dtype !== "bool" || t.dtype !== "float32" || e.dtype !== "float32" || !same(condition, t) || !same(t, e) || size(t) === 0) {
      return original(args);
    }
    const placed = onHeap(args.backend, [t, e], [t.shape]);
    if (placed === undefined) return original(args);
    const { outs: [out], at } = placed;
    addon.mask(heapOf(args.backend), 1, byteOffset(args.backend, condition), at[0], at[1], at[2], size(t), 0);
    return out;
  };
}

/** LeakyRelu of a float32 tensor: x < 0 ? α x : x, as WASM's. */
export function nativeLeakyRelu(addon: LayoutAddon, original: NativeKernelFunc): NativeKernelFunc {
  return (args) => {
    const { x } = args.inputs;
    if (x.dtype !== "float32" || size(x) === 0) return original(args);
    const placed = onHeap(args.backend, [x], [x.shape]);
    if (placed === undefined) return original(args);
    const { outs: [out], at } = placed;
    addon.mask(heapOf(args.backend), 2, at[0], 0, 0, at[1], size(x), Number(args.attrs.alpha ?? 0.2));
    return out;
  };
}
