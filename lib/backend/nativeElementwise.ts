/**
 * Elementwise functions and the sum reduction for the WASM backend, natively (native/src/
 * elementwise.cc, reduce.cc), on the WASM heap in place.
 *
 * Unary: y = f(x) for f in tanh, sin, cos, exp, erf, through glibc's vector math library, and x²
 * (bitwise as WASM's); float32 inputs only, anything else goes to the WASM kernel. Measured on [1024, 64] (2 cores, loaded): native
 * 30-230 µs against WASM 0.5-3 ms, 15-80x. Not Sigmoid: WASM's (XNNPACK) is as fast as ours (the native
 * sigmoid, op 5, serves the fused matMul epilogue only).
 *
 * Sum (attrs axis, keepDims): over any set of axes that is one contiguous block once size-1 axes are
 * ignored, x viewed as [outer, reduce, inner]. The dense layer's bias gradient, Σ over the batch axis 0
 * of [N, units], is the case that matters: tfjs-backend-wasm 4.22 transposes the reduced axes innermost
 * first (kernels/Sum.ts), which costs more than the sum itself. Other axis sets go to the WASM kernel.
 */
import * as tf from "@tensorflow/tfjs";
import type { NativeAddon } from "./nativeAddon.js";
import { floatOffset, type NativeKernelFunc } from "./nativeMatMul.js";
import type { Info } from "./wasmCall.js";

/** Unary kernels by tfjs kernel name, with their op number in native/src/kernels.h (`Unary`). */
export const NATIVE_UNARY_OPS = { Tanh: 0, Sin: 1, Cos: 2, Exp: 3, Erf: 4, Square: 6 } as const;
export type NativeUnaryKernel = keyof typeof NATIVE_UNARY_OPS;

/** The unary kernel `name`: elementwise f(x) for float32 x. */
export function nativeUnary(addon: NativeAddon, name: NativeUnaryKernel, original: NativeKernelFunc): NativeKernelFunc {
  const op = NATIVE_UNARY_OPS[name];
  return (args) => {
    const { x } = args.inputs;
    const size = tf.util.sizeFromShape(x.shape);
    const xStart = floatOffset(args.backend, x);
    if (x.dtype !== "float32" || size === 0 || xStart === undefined) return original(args);
    const out = args.backend.makeOutput(x.shape, "float32");
    const outStart = floatOffset(args.backend, out);
    if (outStart === undefined) {
      args.backend.disposeData(out.dataId);
      return original(args);
    }
    addon.unary(args.backend.wasm.HEAPU8.buffer as ArrayBuffer, op, xStart, outStart, size);
    return out;
  };
}

/**
 * [outer, reduce, inner] for summing `shape` over `axes`, or undefined unless the reduced axes of size
 * > 1 are one contiguous block among the axes of size > 1.
 */
export function reductionBlock(shape: number[], axes: number[]): [number, number, number] | undefined {
  const reduced = new Set(axes);
  const sizes = { before: 1, reduce: 1, after: 1 };
  let phase: keyof typeof sizes = "before";
  for (let axis = 0; axis < shape.length; axis++) {
    if (shape[axis] === 1) continue;
    if (reduced.has(axis)) {
      if (phase === "after") return undefined;
      phase = "reduce";
    } else if (phase === "reduce") {
      phase = "after";
    }
    sizes[phase] *= shape[axis];
  }
  return [sizes.before, sizes.reduce, sizes.after];
}

/** Sum (attrs axis, keepDims) of a float32 tensor over a contiguous block of axes. */
export function nativeSum(addon: NativeAddon, original: NativeKernelFunc): NativeKernelFunc {
  return (args) => {
    const { x } = args.inputs;
    const { axis, keepDims } = args.attrs as unknown as tf.SumAttrs;
    const xStart = floatOffset(args.backend, x);
    if (x.dtype !== "float32" || tf.util.sizeFromShape(x.shape) === 0 || xStart === undefined) return original(args);
    const axes = tf.util.parseAxisParam(axis, x.shape);
    const block = reductionBlock(x.shape, axes);
    if (block === undefined) return original(args);
    const [outShape] = tf.backend_util.computeOutAndReduceShapes(x.shape, axes);
    const out: Info = args.backend.makeOutput(keepDims ? tf.backend_util.expandShapeToKeepDim(outShape, axes) : outShape, "float32");
    const outStart = floatOffset(args.backend, out);
    if (outStart === undefined) {
      args.backend.disposeData(out.dataId);
      return original(args);
    }
    addon.sum(args.backend.wasm.HEAPU8.buffer as ArrayBuffer, xStart, outStart, ...block);
    return out;
  };
}
