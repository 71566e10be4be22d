/**
 * Add, Sub and Multiply for the WASM backend, natively (native/src/binary.cc), for the broadcasting a
 * dense network's gradients use: operands of the output's shape, scalars, and trailing blocks such as
 * a bias row ([1024, 64] + [64]). One IEEE operation per element, as WASM's and cpu's own kernels, so
 * the results are bitwise equal. Any other broadcast, or a dtype other than float32, goes to the WASM
 * kernel. Measured in the H1 step of the Fig 2 MLP: WASM's Add of [1024, 64] and [64] 73 µs a call.
 */
import * as tf from "@tensorflow/tfjs";
import type { NativeAddon } from "./nativeAddon.js";
import { floatOffset, type NativeKernelFunc } from "./nativeMatMul.js";
import type { Info } from "./wasmCall.js";

/** Binary kernels by tfjs kernel name, with their op number in native/src/kernels.h (`Binary`). */
export const NATIVE_BINARY_OPS = { Add: 0, Sub: 1, Multiply: 2 } as const;
export type NativeBinaryKernel = keyof typeof NATIVE_BINARY_OPS;

/**
 * The period of `shape` broadcast to `outShape`: its size, when it is 1 (a scalar) or when its shape,
 * without leading 1s, is a trailing part of `outShape`; else undefined.
 */
export function broadcastPeriod(shape: number[], outShape: number[]): number | undefined {
  const size = tf.util.sizeFromShape(shape);
  if (size === 1) return 1;
  let first = 0;
  while (first < shape.length && shape[first] === 1) first++;
  const own = shape.slice(first);
  const tail = outShape.slice(outShape.length - own.length);
  return own.length <= outShape.length && own.every((d, i) => d === tail[i]) ? size : undefined;
}

/** The binary kernel `name` (inputs a, b). */
export function nativeBinary(addon: NativeAddon, name: NativeBinaryKernel, original: NativeKernelFunc): NativeKernelFunc {
  const op = NATIVE_BINARY_OPS[name];
  return (args) => {
    const { a, b } = args.inputs;
    if (a.dtype !== "float32" || b.dtype !== "float32") return original(args);
    let outShape: number[];
    try {
      outShape = tf.broadcast_util.assertAndGetBroadcastShape(a.shape, b.shape);
    } catch {
      return original(args);
    }
    const size = tf.util.sizeFromShape(outShape);
    const [pa, pb] = [broadcastPeriod(a.shape, outShape), broadcastPeriod(b.shape, outShape)];
    const [aStart, bStart] = [floatOffset(args.backend, a), floatOffset(args.backend, b)];
    if (size === 0 || pa === undefined || pb === undefined || aStart === undefined || bStart === undefined) return original(args);
    const out: Info = args.backend.makeOutput(outShape, "float32");
    const outStart = floatOffset(args.backend, out);
    if (outStart === undefined) {
      args.backend.disposeData(out.dataId);
      return original(args);
    }
    addon.binary(args.backend.wasm.HEAPU8.buffer as ArrayBuffer, op, aStart, pa, bStart, pb, outStart, size);
    return out;
  };
}
