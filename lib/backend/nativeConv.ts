/**
 * Conv2D and its two gradients for the WASM backend in the native pack (native/src/conv.cc), NHWC, on the WASM
 * heap in place: on oneDNN's primitives (convDnnl.cc) in a pack built with oneDNN, unless SOBOLEV_CONV=im2col,
 * else by im2col + OpenBLAS sgemm. The 12 convolution shapes of the bench's autoencoder (batch 64) and U-Net
 * (batch 48), forward and both gradients, 1 thread, quiet machine, 30 repeats: 60 ms on oneDNN against 112 ms by
 * im2col in all; oneDNN was slower only on the 1×1 convolution, which stays one sgemm. Geometry (output size, 'same'/'valid'/explicit padding, rounding) is
 * tfjs-core's own `computeConv2DInfo`; the sums are those of tfjs-backend-cpu 4.22's loops
 * (kernels/Conv2D.ts, Conv2DBackpropInput.ts, Conv2DBackpropFilter.ts):
 *   y[n,i,j,o]  = Σ_{p,q,c} x[n, i·sh + p·dh − top, j·sw + q·dw − left, c] · f[p,q,c,o]
 *   dx[n,r,t,c] = Σ over the (i,j,p,q) that read x[n,r,t,c] of dy[n,i,j,o] · f[p,q,c,o]
 *   df[p,q,c,o] = Σ_{n,i,j} x[n, i·sh + p − top, j·sw + q − left, c] · dy[n,i,j,o]
 * FusedConv2D adds a bias [Co] (or [1]) and applies the activation, as _FusedMatMul (nativeMatMul.ts).
 * NCHW, non-float32 inputs, empty tensors and other bias shapes go to the kernel registered before
 * ours (WASM's Conv2D and FusedConv2D, and wasmConvGrad.ts's XNNPACK compositions for the gradients);
 * so does a forward convolution reading fewer than MIN_NATIVE_TAPS values per output, where XNNPACK
 * is faster (measured: batch 32, 28×28, 1 → 16 channels, 3×3: XNNPACK 0.7 ms, im2col 0.9 ms).
 *
 * im2col measured against those (2 cores, 1 OpenBLAS thread, batch 32 unless said, 'same' padding, ms
 * native/WASM): 28×28 16→32 stride 2: forward 1.0/2.4, dx 1.0/9.2, dW 1.2/5.4; 7×7 64→64: 1.6/4.3,
 * 1.5/5.0, 1.5/6.2; 28×28 16→16: 2.8/4.6, 2.9/4.8, 2.4/9.2; batch 8, 64×64 32→32: 9.0/20.7,
 * 9.9/22.3, 9.9/59.6; 1×1 14×14 64→64: 0.8/3.0, 0.8/3.4, 0.7/7.2.
 */
import * as tf from "@tensorflow/tfjs";
import type { NativeAddon } from "./nativeAddon.js";
import { ACTIVATIONS, floatOffset, type NativeKernelFunc } from "./nativeMatMul.js";
import type { Info, WasmBackend } from "./wasmCall.js";

type Shape4 = [number, number, number, number];

/** Fewest values (kh·kw·C) an output of a forward convolution reads for the native kernel to be used. */
export const MIN_NATIVE_TAPS = 16;
const MODE = { forward: 0, input: 1, filter: 2 } as const;

/** The 15 numbers of native/src/kernels.h's ConvGeometry. */
function geometry(c: tf.backend_util.Conv2DInfo): Float64Array {
  return Float64Array.from([
    c.batchSize, c.inHeight, c.inWidth, c.inChannels, c.filterHeight, c.filterWidth, c.outChannels, c.outHeight, c.outWidth,
    c.strideHeight, c.strideWidth, c.dilationHeight, c.dilationWidth, c.padInfo.top, c.padInfo.left,
  ]);
}

/** Runs conv2d `mode` into a new tensor of `outShape`, or returns undefined to fall back. */
function run(addon: NativeAddon, b: WasmBackend, mode: number, in1: Info, in2: Info, outShape: number[], c: tf.backend_util.Conv2DInfo): Info | undefined {
  if (in1.dtype !== "float32" || in2.dtype !== "float32" || tf.util.sizeFromShape(outShape) === 0) return undefined;
  const [s1, s2] = [floatOffset(b, in1), floatOffset(b, in2)];
  if (s1 === undefined || s2 === undefined) return undefined;
  const out = b.makeOutput(outShape, "float32");
  const outStart = floatOffset(b, out);
  if (outStart === undefined) {
    b.disposeData(out.dataId);
    return undefined;
  }
  addon.conv2d(b.wasm.HEAPU8.buffer as ArrayBuffer, mode, s1, s2, outStart, geometry(c));
  return out;
}

const nhwc = (dataFormat: unknown) => dataFormat === undefined || dataFormat === "NHWC" || dataFormat === "channelsLast";

/** Conv2D (inputs x, filter; attrs strides, pad, dataFormat, dilations, dimRoundingMode). */
export function nativeConv2D(addon: NativeAddon, original: NativeKernelFunc): NativeKernelFunc {
  return (args) => {
    const { x, filter } = args.inputs;
    const { strides, pad, dataFormat, dilations, dimRoundingMode } = args.attrs as unknown as tf.Conv2DAttrs;
    if (!nhwc(dataFormat) || x.shape.length !== 4 || filter.shape.length !== 4) return original(args);
    const c = tf.backend_util.computeConv2DInfo(x.shape as Shape4, filter.shape as Shape4, strides, dilations, pad, dimRoundingMode);
    if (c.filterHeight * c.filterWidth * c.inChannels < MIN_NATIVE_TAPS && !wasmMisreads(pad, c)) return original(args);
    return run(addon, args.backend, MODE.forward, x, filter, c.outShape, c) ?? original(args);
  };
}

/**
 * A numeric pad with unequal strides: tfjs-core 4.22's computeConv2DInfo sizes both output axes with
 * the height stride (conv_util.ts, getPadAndOutInfo), and WASM's Conv2D (XNNPACK) fills an output of
 * another size (measured: wrong values, then a corrupted WASM heap). We follow computeConv2DInfo, like
 * the cpu backend, and never hand this case to WASM.
 */
function wasmMisreads(pad: unknown, c: tf.backend_util.Conv2DInfo): boolean {
  return typeof pad === "number" && c.strideHeight !== c.strideWidth;
}

/** Start (floats) and column stride of a bias or prelu slopes of shape [Co] or [1] (or scalar); else undefined. */
function channelVector(b: WasmBackend, t: Info | undefined, co: number): [number, number] | undefined {
  if (t == null) return [-1, 0];
  const size = tf.util.sizeFromShape(t.shape);
  const start = floatOffset(b, t);
  if (t.dtype !== "float32" || t.shape.length > 1 || (size !== co && size !== 1) || start === undefined) return undefined;
  return [start, size === 1 ? 0 : 1];
}

/** FusedConv2D: the convolution, + bias [Co], then the activation (inputs x, filter, bias?, preluActivationWeights?). */
export function nativeFusedConv2D(addon: NativeAddon, original: NativeKernelFunc): NativeKernelFunc {
  return (args) => {
    const { x, filter, bias, preluActivationWeights: weights } = args.inputs as Record<string, Info | undefined> as { x: Info; filter: Info; bias?: Info; preluActivationWeights?: Info };
    const { strides, pad, dataFormat, dilations, dimRoundingMode, activation, leakyreluAlpha } = args.attrs as unknown as tf.FusedConv2DAttrs;
    const code = ACTIVATIONS[activation ?? "linear"];
    if (!nhwc(dataFormat) || x.shape.length !== 4 || filter.shape.length !== 4 || code === undefined) return original(args);
    if ((activation === "leakyrelu" && typeof leakyreluAlpha !== "number") || (activation === "prelu" && weights == null)) return original(args);
    const c = tf.backend_util.computeConv2DInfo(x.shape as Shape4, filter.shape as Shape4, strides, dilations, pad, dimRoundingMode);
    const [b, w] = [channelVector(args.backend, bias, c.outChannels), channelVector(args.backend, weights, c.outChannels)];
    if (b === undefined || w === undefined) return original(args);
    if (c.filterHeight * c.filterWidth * c.inChannels < MIN_NATIVE_TAPS && !wasmMisreads(pad, c)) return original(args);
    const out = run(addon, args.backend, MODE.forward, x, filter, c.outShape, c);
    if (out === undefined) return original(args);
    if (bias != null || code !== 0) {
      const rows = c.batchSize * c.outHeight * c.outWidth;
      const outStart = floatOffset(args.backend, out) as number;
      addon.matMulEpilogue(args.backend.wasm.HEAPU8.buffer as ArrayBuffer, outStart, 1, rows, c.outChannels, b[0], 0, 0, b[1], code, leakyreluAlpha ?? 0, w[0], 0, 0, w[1]);
    }
    return out;
  };
}

/** Conv2DBackpropInput (inputs dy, filter; attrs strides, pad, dataFormat, dimRoundingMode, inputShape). */
export function nativeConv2DBackpropInput(addon: NativeAddon, original: NativeKernelFunc): NativeKernelFunc {
  return (args) => {
    const { dy, filter } = args.inputs;
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
    if (!nhwc(dataFormat) || dy.shape.length !== 4 || filter.shape.length !== 4) return original(args);
    const c = tf.backend_util.computeConv2DInfo(inputShape as Shape4, filter.shape as Shape4, strides, 1, pad, dimRoundingMode);
    if (c.outShape.join() !== dy.shape.join()) return original(args);
    return run(addon, args.backend, MODE.input, dy, filter, [...inputShape], c) ?? original(args);
  };
}

/** Conv2DBackpropFilter (inputs x, dy; attrs strides, pad, dataFormat, dimRoundingMode, filterShape). */
export function nativeConv2DBackpropFilter(addon: NativeAddon, original: NativeKernelFunc): NativeKernelFunc {
  return (args) => {
    const { x, dy } = args.inputs;
    const { strides, pad, dataFormat, dimRoundingMode, filterShape } = args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
    if (!nhwc(dataFormat) || x.shape.length !== 4 || dy.shape.length !== 4) return original(args);
    const c = tf.backend_util.computeConv2DInfo(x.shape as Shape4, filterShape as Shape4, strides, 1, pad, dimRoundingMode);
    if (c.outShape.join() !== dy.shape.join()) return original(args);
    return run(addon, args.backend, MODE.filter, x, dy, [...filterShape], c) ?? original(args);
  };
}
