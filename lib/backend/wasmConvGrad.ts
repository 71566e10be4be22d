/**
 * Gradients of 2-D convolutions that tfjs-backend-wasm 4.22 lacks, built from its forward
 * convolutions (XNNPACK), transposes and reshapes. NHWC only, like the WASM Conv2D kernel; dilations 1,
 * like tfjs-core's gradients of conv2d and depthwiseConv2d (Conv2D_grad.ts asserts it). Also an XNNPACK
 * Conv2DBackpropInput, replacing WASM's scalar loop (see its comment).
 *
 * Notation: x [N,H,W,C] is the forward input, dy [N,Ho,Wo,Co] the gradient of the forward output,
 * kh×kw the filter, s = (sh,sw) the strides, (top,left) the padding before the first row and column as
 * `computeConv2DInfo` resolves 'same', 'valid', a number or explicit pads. Output row i of the forward
 * convolution reads input rows  r = i·sh + p − top,  p = 0..kh−1  [1, ch. 2], [2].
 *
 * References
 * [1] V. Dumoulin, F. Visin, "A guide to convolution arithmetic for deep learning", arXiv:1603.07285
 *     (2016): ch. 2 output sizes; ch. 4 (§4.5-4.6, strided transposed convolutions): the transpose of a
 *     strided convolution is a convolution of its input with s−1 zeros inserted between samples, padded
 *     by k−1−top, with the spatially flipped filter.
 * [2] tfjs-backend-cpu 4.22, kernels/Conv2DBackpropFilter.ts, Conv2DBackpropInput.ts,
 *     DepthwiseConv2dNativeBackpropFilter.ts, DepthwiseConv2dNativeBackpropInput.ts: the same sums as
 *     loops (our reference in the tests).
 */
import * as tf from "@tensorflow/tfjs";
import { disposeAll, Info, reshapeWasm, runWasm, WasmBackend } from "./wasmCall.js";

/** The argument every kernel function receives. */
export interface KernelArgs {
  inputs: Record<string, Info>;
  backend: WasmBackend;
  attrs: Record<string, unknown>;
}

type Shape4 = [number, number, number, number];

/**
 * Zero padding (before, after) of one spatial axis of length `length` so that a correlation with a
 * filter spanning `span` samples yields exactly `outLength` outputs; a negative pad is a crop, done by
 * slicing `[crop0, crop0 + kept)`, since no kept output reads those samples.
 */
function padOrCrop(length: number, before: number, span: number, outLength: number) {
  const after = outLength + span - 1 - length - before;
  const crop0 = Math.max(0, -before);
  const kept = length - crop0 - Math.max(0, -after);
  return { pads: [Math.max(0, before), Math.max(0, after)] as [number, number], crop0, kept };
}

/** Slices rows and columns [crop0, crop0 + kept) of an NHWC tensor, or returns it when nothing is cropped. */
function cropHW(b: WasmBackend, x: Info, h: ReturnType<typeof padOrCrop>, w: ReturnType<typeof padOrCrop>, tmp: Info[]): Info {
  if (h.kept === x.shape[1] && w.kept === x.shape[2]) return x;
  const out = runWasm(b, "Slice", { x }, { begin: [0, h.crop0, w.crop0, 0], size: [x.shape[0], h.kept, w.kept, x.shape[3]] });
  tmp.push(out);
  return out;
}

function assertNHWC(kernel: string, dataFormat: unknown): void {
  if (dataFormat === "NCHW") {
    throw new Error(`backend/wasm ${kernel}: dataFormat NCHW is not supported (the WASM backend's convolutions are NHWC only); transpose to NHWC`);
  }
}

function assertUnitDilations(kernel: string, dilations: unknown): void {
  if (dilations != null && !tf.backend_util.tupleValuesAreOne(dilations as number | [number, number])) {
    throw new Error(`backend/wasm ${kernel}: dilations must be 1 (as in tfjs-core's gradients), got ${String(dilations)}`);
  }
}

/**
 * Conv2DBackpropFilter: dW[p,q,ci,co] = Σ_{n,i,j} x[n, i·sh+p−top, j·sw+q−left, ci] · dy[n,i,j,co].
 * Read with ci as the batch, n as the channel and (i,j) as filter taps, this is a forward convolution
 * with stride 1 and dilation s [2]:  dW = T(conv(T(x) [Ci,H,W,N], T(dy) [Ho,Wo,N,Co], dilation s)),
 * the input padded by `top` before and cropped or padded after so the output is exactly kh×kw.
 */
export function conv2DBackpropFilterWasm({ inputs, backend: b, attrs }: KernelArgs): Info {
  const { x, dy } = inputs;
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  assertNHWC("Conv2DBackpropFilter", dataFormat);
  const c = tf.backend_util.computeConv2DInfo(x.shape as Shape4, filterShape, strides, 1, pad, dimRoundingMode);
  const h = padOrCrop(c.inHeight, c.padInfo.top, (c.outHeight - 1) * c.strideHeight + 1, c.filterHeight);
  const w = padOrCrop(c.inWidth, c.padInfo.left, (c.outWidth - 1) * c.strideWidth + 1, c.filterWidth);
  const tmp: Info[] = [];
  const xT = runWasm(b, "Transpose", { x: cropHW(b, x, h, w, tmp) }, { perm: [3, 1, 2, 0] });
  const dyT = runWasm(b, "Transpose", { x: dy }, { perm: [1, 2, 0, 3] });
  const y = runWasm(b, "Conv2D", { x: xT, filter: dyT }, {
    strides: [1, 1], dilations: [c.strideHeight, c.strideWidth], pad: [[0, 0], h.pads, w.pads, [0, 0]], dataFormat: "NHWC",
  });
  tmp.push(xT, dyT, y);
  const dW = runWasm(b, "Transpose", { x: y }, { perm: [1, 2, 0, 3] });
  disposeAll(b, tmp);
  return dW;
}

/**
 * dy with s−1 zeros inserted after every sample along H and W [1, ch. 4]: [N, Ho·sh, Wo·sw, C], made by
 * padding a reshape [N,Ho,1,Wo,1,C] to [N,Ho,sh,Wo,sw,C]. Returns dy itself for strides 1.
 */
function upsampleWithZeros(b: WasmBackend, dy: Info, sh: number, sw: number, tmp: Info[]): Info {
  if (sh === 1 && sw === 1) return dy;
  const [N, Ho, Wo, C] = dy.shape;
  const dy6 = reshapeWasm(b, dy, [N, Ho, 1, Wo, 1, C]);
  const up = runWasm(b, "PadV2", { x: dy6 }, { paddings: [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]], constantValue: 0 });
  const u = reshapeWasm(b, up, [N, Ho * sh, Wo * sw, C]);
  tmp.push(dy6, up, u);
  return u;
}

/**
 * Conv2DBackpropInput: dx[n,r,t,ci] = Σ_{p,q,co} dy[n,i,j,co] · f[p,q,ci,co] over r = i·sh+p−top,
 * t = j·sw+q−left. By [1, ch. 4] a stride-1 convolution of dy with zeros inserted, padded by kh−1−top,
 * with the filter flipped in space and its channel axes swapped: g[p,q,co,ci] = f[kh−1−p, kw−1−q, ci, co].
 * It is the input gradient of conv2d and the forward pass of conv2dTranspose. tfjs-backend-wasm has it
 * as a scalar C++ loop; measured on 2 cores, batch 32, 28x28, 3x3 filters, this version is 3-25x faster
 * (stride 1; e.g. 16→16 channels 46 → 3.4 ms, 64→64 583 → 56 ms) and 1.3-6x at stride 2, slower only
 * where either takes under ~2 ms (one dx channel at stride 2: 0.8 → 2.1 ms; batch 2 at 9x9), since an
 * XNNPACK operator is set up per call. Registered in place of WASM's own by `replaceSlowWasmKernels`.
 */
export function conv2DBackpropInputWasm({ inputs, backend: b, attrs }: KernelArgs): Info {
  const { dy, filter } = inputs;
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as tf.Conv2DBackpropInputAttrs;
  assertNHWC("Conv2DBackpropInput", dataFormat);
  const c = tf.backend_util.computeConv2DInfo(inputShape as Shape4, filter.shape as Shape4, strides, 1, pad, dimRoundingMode);
  const tmp: Info[] = [];
  const u = upsampleWithZeros(b, dy, c.strideHeight, c.strideWidth, tmp);
  const h = padOrCrop(u.shape[1], c.filterHeight - 1 - c.padInfo.top, c.filterHeight, c.inHeight);
  const w = padOrCrop(u.shape[2], c.filterWidth - 1 - c.padInfo.left, c.filterWidth, c.inWidth);
  const flipped = runWasm(b, "Reverse", { x: filter }, { dims: [0, 1] });
  const g = runWasm(b, "Transpose", { x: flipped }, { perm: [0, 1, 3, 2] });
  tmp.push(flipped, g);
  const dx = runWasm(b, "Conv2D", { x: cropHW(b, u, h, w, tmp), filter: g }, {
    strides: [1, 1], dilations: [1, 1], pad: [[0, 0], h.pads, w.pads, [0, 0]], dataFormat: "NHWC",
  });
  disposeAll(b, tmp);
  return dx;
}

/**
 * DepthwiseConv2dNativeBackpropFilter, filter [kh,kw,C,M], dy [N,Ho,Wo,C·M]:
 * dW[p,q,c,m] = Σ_{n,i,j} x[n, i·sh+p−top, j·sw+q−left, c] · dy[n,i,j,c·M+m].
 * With the pair (c,n) as one channel this is a depthwise convolution of x as [1,H,W,C·N] with dy as
 * the filter [Ho,Wo,C·N,M], dilation s, followed by the sum over n.
 */
export function depthwiseConv2dNativeBackpropFilterWasm({ inputs, backend: b, attrs }: KernelArgs): Info {
  const { x, dy } = inputs;
  const { strides, pad, dimRoundingMode, dilations, filterShape } = attrs as unknown as tf.DepthwiseConv2dNativeBackpropFilterAttrs;
  assertUnitDilations("DepthwiseConv2dNativeBackpropFilter", dilations);
  const c = tf.backend_util.computeConv2DInfo(x.shape as Shape4, filterShape, strides, 1, pad, dimRoundingMode, true);
  const [N, C, M] = [c.batchSize, c.inChannels, filterShape[3]];
  const h = padOrCrop(c.inHeight, c.padInfo.top, (c.outHeight - 1) * c.strideHeight + 1, c.filterHeight);
  const w = padOrCrop(c.inWidth, c.padInfo.left, (c.outWidth - 1) * c.strideWidth + 1, c.filterWidth);
  const tmp: Info[] = [];
  const xT = runWasm(b, "Transpose", { x: cropHW(b, x, h, w, tmp) }, { perm: [1, 2, 3, 0] }); // [H,W,C,N]
  const xT4 = reshapeWasm(b, xT, [1, h.kept, w.kept, C * N]);
  const dy5 = reshapeWasm(b, dy, [N, c.outHeight, c.outWidth, C, M]);
  const dyT = runWasm(b, "Transpose", { x: dy5 }, { perm: [1, 2, 3, 0, 4] }); // [Ho,Wo,C,N,M]
  const dyT4 = reshapeWasm(b, dyT, [c.outHeight, c.outWidth, C * N, M]);
  const y = runWasm(b, "DepthwiseConv2dNative", { x: xT4, filter: dyT4 }, {
    strides: [1, 1], dilations: [c.strideHeight, c.strideWidth], pad: [[0, 0], h.pads, w.pads, [0, 0]],
  });
  const y5 = reshapeWasm(b, y, [c.filterHeight, c.filterWidth, C, N, M]);
  tmp.push(xT, xT4, dy5, dyT, dyT4, y, y5);
  const dW = runWasm(b, "Sum", { x: y5 }, { axis: [3], keepDims: false });
  disposeAll(b, tmp);
  return dW;
}

/**
 * DepthwiseConv2dNativeBackpropInput: dx[n,r,t,c] = Σ_{p,q,m} dy[n,i,j,c·M+m] · f[p,q,c,m] over
 * r = i·sh+p−top, t = j·sw+q−left. As for Conv2DBackpropInput: insert s−1 zeros after each dy sample,
 * pad by kh−1−top before, and correlate each of the C·M channels with the spatially flipped filter
 * (a depthwise convolution with multiplier 1); then sum the M channels of each input channel.
 */
export function depthwiseConv2dNativeBackpropInputWasm({ inputs, backend: b, attrs }: KernelArgs): Info {
  const { dy, filter } = inputs;
  const { strides, pad, dimRoundingMode, dilations, inputShape } = attrs as unknown as tf.DepthwiseConv2dNativeBackpropInputAttrs;
  assertUnitDilations("DepthwiseConv2dNativeBackpropInput", dilations);
  const c = tf.backend_util.computeConv2DInfo(inputShape as Shape4, filter.shape as Shape4, strides, 1, pad, dimRoundingMode, true);
  const [N, C, M] = [c.batchSize, c.inChannels, filter.shape[3]];
  const [sh, sw] = [c.strideHeight, c.strideWidth];
  const tmp: Info[] = [];
  const u = upsampleWithZeros(b, dy, sh, sw, tmp);
  const h = padOrCrop(u.shape[1], c.filterHeight - 1 - c.padInfo.top, c.filterHeight, c.inHeight);
  const w = padOrCrop(u.shape[2], c.filterWidth - 1 - c.padInfo.left, c.filterWidth, c.inWidth);
  const flipped = runWasm(b, "Reverse", { x: filter }, { dims: [0, 1] });
  const g = reshapeWasm(b, flipped, [c.filterHeight, c.filterWidth, C * M, 1]);
  const y = runWasm(b, "DepthwiseConv2dNative", { x: cropHW(b, u, h, w, tmp), filter: g }, {
    strides: [1, 1], dilations: [1, 1], pad: [[0, 0], h.pads, w.pads, [0, 0]],
  });
  tmp.push(flipped, g);
  if (M === 1) {
    disposeAll(b, tmp);
    return y;
  }
  const y5 = reshapeWasm(b, y, [N, c.inHeight, c.inWidth, C, M]);
  tmp.push(y, y5);
  const dx = runWasm(b, "Sum", { x: y5 }, { axis: [4], keepDims: false });
  disposeAll(b, tmp);
  return dx;
}
