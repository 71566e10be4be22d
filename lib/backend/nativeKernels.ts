/**
 * The native kernel pack: WASM kernels replaced by native ones (OpenBLAS sgemm, glibc's vector math),
 * registered over the WASM backend's own with `tf.unregisterKernel` + `tf.registerKernel`, the
 * extension point of tfjs's kernel registry. Each native kernel keeps the kernel it replaces and hands
 * it every case it does not implement. Loading, versions and SOBOLEV_NATIVE: nativeAddon.ts.
 *
 * Which kernels, by `tf.profile` of an Adam step of the 2-64-64-64-1 tanh MLP on 1024 points (Fig 2),
 * plain WASM, this machine: H1 step (input gradient inside the loss) 312 kernel calls, 62 ms of kernel
 * time: BatchMatMul 71%, Tanh 12%, Sum 5-10% (bias gradients: Σ over the batch axis, which WASM
 * transposes first), then Add, Multiply, Identity, Sub, Square at ≤ 6% each. With those three native,
 * the rest became half of the remaining ~4 ms: Identity (79 copies), the bias-row Add, Multiply, Sub
 * and Square, now native too (Identity shares data instead of copying). Sin, Cos and Exp are the
 * activations of the sine networks (SIREN, Fourier features) and of softmax; Erf is GeLU's. The
 * convolutions (nativeConv.ts) serve the autoencoders: a conv autoencoder step went from 17 to 4-6 ms.
 * Each replacement was kept only where it measured faster than the kernel it replaces (Sigmoid was
 * not; Conv2D with fewer than 16 taps neither). Beyond replacements, the pack adds kernels of its own: the fused
 * dense layer (denseJet.ts), which took the H1 step from 203 kernels to 149 and, with the fused loss term
 * (meanSquared.ts), 0.78 of its time (interleaved A/B in one process); and the Hessian rows of the forward jets
 * (hessianJet.ts), which took the H2 step from 354 kernels to 190 and 0.75 of its time (all three: 0.64); and the
 * steps of the H1 adjoint sweep (adjointStep.ts), 114 kernels to 91 but only 0.95–0.98 of the time: what is left of
 * the H1 step is mostly its matrix products. For the image networks, the data movement of the U-Net (Concat, SplitV,
 * the nearest-neighbour resize and its gradient), LeakyRelu with its gradient's mask (nativeLayout.ts) and a fused SiLU
 * (silu.ts) took the bench U-Net's L2 step from 89.6 to 51.9 ms and the conv autoencoder's H1 step from 19.4 to 14.4 ms.
 *
 * Found on the way, and fixed by the pack where it applies: tfjs-backend-wasm 4.22's _FusedMatMul adds
 * the bias wrongly for transposed operands, batches > 1 or a one-element bias; its BatchMatMul (and
 * cpu's) broadcasts batch shapes such as [3,1] with [1,4] wrongly; its Conv2D with a numeric pad and
 * unequal strides writes an output of another size than tfjs-core allocates (see the tests).
 */
import * as tf from "@tensorflow/tfjs";
import { createRequire } from "node:module";
import { ADJOINT_STEP, ADJOINT_STEP_GRAD, adjointStepGradKernel, adjointStepKernel, hasAdjointStep } from "./adjointStep.js";
import { DENSE_JET, DENSE_JET_ADJOINT, denseJetAdjointKernel, denseJetKernel, hasDenseJet } from "./denseJet.js";
import { HESSIAN_JET, HESSIAN_JET_FIRST_LAYER, HESSIAN_JET_GRAD, hessianJetGradKernel, hessianJetKernel, hasHessianJet } from "./hessianJet.js";
import { loadNativeAddon, type ConvEngine, type GemmLibrary, type NativeAddon, type NativePackStatus } from "./nativeAddon.js";
import { nativeBinary, NATIVE_BINARY_OPS, type NativeBinaryKernel } from "./nativeBinary.js";
import {
  hasLayoutKernels, type LayoutAddon, nativeConcat, nativeGreater, nativeLeakyRelu, nativeResizeNearestNeighbor, nativeResizeNearestNeighborGrad, nativeSelect, nativeSplitV,
} from "./nativeLayout.js";
import { nativeConv2D, nativeConv2DBackpropFilter, nativeConv2DBackpropInput, nativeFusedConv2D } from "./nativeConv.js";
import { hasSilu, SILU, SILU_GRAD, siluGradKernel, siluKernel } from "./silu.js";
import { nativeSum, nativeUnary, NATIVE_UNARY_OPS, type NativeUnaryKernel } from "./nativeElementwise.js";
import { nativeBatchMatMul, nativeFusedMatMul, type NativeKernelFunc } from "./nativeMatMul.js";
import type { Info } from "./wasmCall.js";
import type { KernelArgs } from "./wasmConvGrad.js";

/** Whether the native pack is active, and if not, why; part of every BackendReport (plain, serialisable). */
export interface NativePackReport {
  active: boolean;
  status: NativePackStatus;
  /** Why the pack is off; empty when it is on. */
  reason: string;
  /** OpenBLAS's build description (openblas_get_config) and its threads; "" and 0 when off. */
  blas: string;
  threads: number;
  /** The library of the larger matrix products and convolutions (native/src/gemm.cc); "openblas" when off. */
  gemm: GemmLibrary;
  /** How its convolutions run (native/src/conv.cc): oneDNN's primitives, or im2col + sgemm; "im2col" when off. */
  conv: ConvEngine;
  /** The thread policy: a product or convolution uses all `threads` from this many multiply-adds on, one below; 0 when off. */
  parallelFrom: number;
  /** The WASM kernels replaced by native ones, then the pack's own kernels (the fused dense layer). */
  kernels: string[];
}

/** The report for a backend other than WASM. */
export const NATIVE_NOT_APPLICABLE: NativePackReport = {
  active: false, status: "not-wasm", reason: "the native kernel pack replaces WASM kernels only", blas: "", threads: 0, gemm: "openblas", conv: "im2col",
  parallelFrom: 0, kernels: [],
};

/** Returns x's own data as the output, counted once more (cpu's Identity: incRef, no copy). */
function shareInput(args: KernelArgs): Info {
  const { x } = args.inputs;
  (args.backend as unknown as { incRef(dataId: object): void }).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

/**
 * Identity sharing its input's data, as the cpu backend's does (kernels/Identity.ts: incRef, no copy),
 * where WASM's copies it (79 calls of 19 µs in an H1 step). Safe because tensor data is never written
 * after its kernel returns; WASM's own Reshape shares data the same way. Strings and complex64 go to
 * the WASM kernel.
 */
function sharedIdentity(original: NativeKernelFunc): NativeKernelFunc {
  return (args) => (args.inputs.x.dtype === "string" || args.inputs.x.dtype === "complex64" ? original(args) : shareInput(args));
}

/**
 * Cast to the dtype a tensor already has, sharing its data like Identity above. tfjs-core's Multiply
 * gradient casts its saved operands to float32 (mul(dy, cast(b, "float32"))), and WASM's Cast copies
 * them: 13 copies in an H1 step of the Fig. 2 MLP, 8 of them [1024, 64] at about 40 µs. A cast that
 * changes the dtype goes to the WASM kernel.
 */
function sharedSameDtypeCast(original: NativeKernelFunc): NativeKernelFunc {
  return (args) => {
    const { x } = args.inputs;
    const dtype = args.attrs.dtype;
    return dtype !== x.dtype || x.dtype === "string" || x.dtype === "complex64" ? original(args) : shareInput(args);
  };
}

type Make = (original: NativeKernelFunc) => NativeKernelFunc;

/** The native kernels, by tfjs kernel name. */
function nativeKernels(addon: NativeAddon): Array<[string, Make]> {
  return [
    ["BatchMatMul", (original) => nativeBatchMatMul(addon, original)],
    ["_FusedMatMul", (original) => nativeFusedMatMul(addon, original)],
    ...(Object.keys(NATIVE_UNARY_OPS) as NativeUnaryKernel[]).map((name): [string, Make] => [name, (original) => nativeUnary(addon, name, original)]),
    ...(Object.keys(NATIVE_BINARY_OPS) as NativeBinaryKernel[]).map((name): [string, Make] => [name, (original) => nativeBinary(addon, name, original)]),
    ["Sum", (original) => nativeSum(addon, original)],
    ["Identity", sharedIdentity],
    ["Cast", sharedSameDtypeCast],
    ["Conv2D", (original) => nativeConv2D(addon, original)],
    ["FusedConv2D", (original) => nativeFusedConv2D(addon, original)],
    ["Conv2DBackpropInput", (original) => nativeConv2DBackpropInput(addon, original)],
    ["Conv2DBackpropFilter", (original) => nativeConv2DBackpropFilter(addon, original)],
    ...(hasLayoutKernels(addon) ? layoutKernels(addon) : []),
  ];
}

/** Data movement and LeakyRelu's mask (nativeLayout.ts), where the addon has them. */
function layoutKernels(addon: NativeAddon & LayoutAddon): Array<[string, Make]> {
  // SplitV returns one tensor per part; the registry takes either.
  const splitV = (original: NativeKernelFunc): NativeKernelFunc =>
    nativeSplitV(addon, original as unknown as Parameters<typeof nativeSplitV>[1]) as unknown as NativeKernelFunc;
  return [
    ["Concat", (original) => nativeConcat(addon, original)],
    ["SplitV", splitV],
    ["ResizeNearestNeighbor", (original) => nativeResizeNearestNeighbor(addon, original)],
    ["ResizeNearestNeighborGrad", (original) => nativeResizeNearestNeighborGrad(addon, original)],
    ["Greater", (original) => nativeGreater(addon, original)],
    ["Select", (original) => nativeSelect(addon, original)],
    ["LeakyRelu", (original) => nativeLeakyRelu(addon, original)],
  ];
}

/**
 * Kernels of our own that no backend has (the fused dense layer, denseJet.ts; the Hessian rows, hessianJet.ts; the
 * adjoint step, adjointStep.ts; SiLU, silu.ts), where the addon has them.
 */
function ownKernels(addon: NativeAddon): Array<[string, tf.KernelFunc]> {
  const kernels: Array<[string, tf.KernelFunc]> = [];
  if (hasDenseJet(addon)) {
    kernels.push([DENSE_JET, denseJetKernel(addon) as unknown as tf.KernelFunc], [DENSE_JET_ADJOINT, denseJetAdjointKernel(addon) as unknown as tf.KernelFunc]);
  }
  if (hasHessianJet(addon)) {
    kernels.push(
      [HESSIAN_JET, hessianJetKernel(addon, HESSIAN_JET) as unknown as tf.KernelFunc],
      [HESSIAN_JET_FIRST_LAYER, hessianJetKernel(addon, HESSIAN_JET_FIRST_LAYER) as unknown as tf.KernelFunc],
      [HESSIAN_JET_GRAD, hessianJetGradKernel(addon) as unknown as tf.KernelFunc],
    );
  }
  if (hasAdjointStep(addon)) {
    kernels.push([ADJOINT_STEP, adjointStepKernel(addon) as unknown as tf.KernelFunc], [ADJOINT_STEP_GRAD, adjointStepGradKernel(addon) as unknown as tf.KernelFunc]);
  }
  if (hasSilu(addon)) {
    kernels.push([SILU, siluKernel(addon) as unknown as tf.KernelFunc], [SILU_GRAD, siluGradKernel(addon) as unknown as tf.KernelFunc]);
  }
  return kernels;
}

/** The WASM kernels we replaced, to put back; and our own kernels, to remove. */
const originals = new Map<string, tf.KernelConfig>();
const added = new Set<string>();
let current: NativePackReport | undefined;

const require = createRequire(import.meta.url);

/** The installed versions the pack checks. */
export function installedTfjsVersions(): { tfjsCore: string; tfjsBackendWasm: string } {
  const wasm = require("@tensorflow/tfjs-backend-wasm/package.json") as { version: string };
  return { tfjsCore: tf.version["tfjs-core"], tfjsBackendWasm: wasm.version };
}

/**
 * Loads the pack (nativeAddon.ts) and, if it may be used, registers its kernels over the WASM backend's.
 * Idempotent while on (a second call returns the same report). A version mismatch or a load error is
 * also printed as a warning, since the pack then silently does nothing.
 */
export function enableNativeKernels(versions = installedTfjsVersions()): NativePackReport {
  if (current?.active) return current;
  const load = loadNativeAddon(versions);
  if (load.status !== "on") {
    if (load.status === "version-mismatch" || load.status === "load-error") console.warn(`native kernel pack off: ${load.reason}`);
    current = { ...NATIVE_NOT_APPLICABLE, status: load.status, reason: load.reason };
    return current;
  }
  const kernels: string[] = [];
  for (const [kernelName, make] of nativeKernels(load.addon)) {
    const original = tf.getKernel(kernelName, "wasm");
    if (original === undefined) continue;
    originals.set(kernelName, original);
    tf.unregisterKernel(kernelName, "wasm");
    const kernelFunc = make(original.kernelFunc as unknown as NativeKernelFunc);
    tf.registerKernel({ kernelName, backendName: "wasm", kernelFunc: kernelFunc as unknown as tf.KernelFunc });
    kernels.push(kernelName);
  }
  for (const [kernelName, kernelFunc] of ownKernels(load.addon)) {
    if (tf.getKernel(kernelName, "wasm") !== undefined) tf.unregisterKernel(kernelName, "wasm");
    tf.registerKernel({ kernelName, backendName: "wasm", kernelFunc });
    added.add(kernelName);
    kernels.push(kernelName);
  }
  const blas = load.addon.info().blas;
  current = { active: true, status: "on", reason: "", blas, threads: load.threads, gemm: load.gemm, conv: load.conv, parallelFrom: load.parallelFrom, kernels };
  return current;
}

/** Puts the WASM backend's own kernels back (the tests compare both); `enableNativeKernels` redoes it. */
export function disableNativeKernels(): void {
  for (const [kernelName, config] of originals) {
    tf.unregisterKernel(kernelName, "wasm");
    tf.registerKernel(config);
  }
  originals.clear();
  for (const kernelName of added) tf.unregisterKernel(kernelName, "wasm");
  added.clear();
  current = undefined;
}

/**
 * "native kernels on (products on OpenBLAS, convolutions on oneDNN, 1 thread)", "native kernels on (products on
 * oneDNN + OpenBLAS, convolutions by im2col, 2 threads from 8388608 multiply-adds, 1 below)" or "native kernels
 * off (<reason>)".
 */
export function describeNativePack(r: NativePackReport): string {
  if (!r.active) return `native kernels off (${r.reason})`;
  const products = r.gemm === "onednn" ? "oneDNN + OpenBLAS" : "OpenBLAS";
  const convolutions = r.conv === "onednn" ? "on oneDNN" : "by im2col";
  const threads = r.threads === 1 ? "1 thread" : `${r.threads} threads from ${r.parallelFrom} multiply-adds, 1 below`;
  return `native kernels on (products on ${products}, convolutions ${convolutions}, ${threads})`;
}
