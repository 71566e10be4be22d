/**
 * Registers, for the WASM backend, the kernels our models need that tfjs-backend-wasm 4.22 lacks.
 *
 * Measured with `tf.getKernelsForBackend` (Node 20, tfjs 4.22.0): the cpu backend has 172 kernels, WASM
 * 157; WASM lacks Complex, ComplexAbs, Conv2DBackpropFilter, DepthwiseConv2dNativeBackpropFilter,
 * DepthwiseConv2dNativeBackpropInput, Draw, Einsum, FFT, IFFT, Imag, RaggedGather, RaggedRange,
 * RaggedTensorToTensor, Real, StaticRegexReplace, UnsortedSegmentSum. Without Conv2DBackpropFilter no
 * conv net trains on WASM (it is the filter gradient of conv2d and of conv2dTranspose); RFFT and IRFFT
 * are ops over Complex/Real/Imag/FFT/IFFT. Every kernel here runs the WASM backend's own kernels
 * (wasmConvGrad.ts, wasmFourier.ts), never the cpu backend.
 */
import * as tf from "@tensorflow/tfjs";
import {
  conv2DBackpropFilterWasm,
  conv2DBackpropInputWasm,
  depthwiseConv2dNativeBackpropFilterWasm,
  depthwiseConv2dNativeBackpropInputWasm,
} from "./wasmConvGrad.js";
import { FUSED_ADAM, fusedAdamWasm } from "./fusedAdam.js";
import { MEAN_SQUARED, MEAN_SQUARED_GRAD, meanSquaredGradWasm, meanSquaredWasm, WEIGHTED_MEAN_SQUARED } from "./meanSquared.js";
import { identityWasm } from "./wasmIdentity.js";
import { complexAbsWasm, complexWasm, fftWasm, guardComplexInputs, ifftWasm, imagWasm, realWasm } from "./wasmFourier.js";

/** Our kernels, by tfjs kernel name (and our own, FUSED_ADAM and the loss term MEAN_SQUARED, that no tfjs backend has). */
const KERNELS: ReadonlyArray<[string, (args: never) => tf.TensorInfo | tf.TensorInfo[]]> = [
  ["Conv2DBackpropFilter", conv2DBackpropFilterWasm],
  ["DepthwiseConv2dNativeBackpropFilter", depthwiseConv2dNativeBackpropFilterWasm],
  ["DepthwiseConv2dNativeBackpropInput", depthwiseConv2dNativeBackpropInputWasm],
  ["Complex", complexWasm],
  ["Real", realWasm],
  ["Imag", imagWasm],
  ["ComplexAbs", complexAbsWasm],
  ["FFT", fftWasm],
  ["IFFT", ifftWasm],
  [FUSED_ADAM, fusedAdamWasm],
  [MEAN_SQUARED, meanSquaredWasm],
  [WEIGHTED_MEAN_SQUARED, meanSquaredWasm],
  [MEAN_SQUARED_GRAD, meanSquaredGradWasm],
];

const ours = new Set<string>();

/**
 * Registers each of our kernels that the WASM backend does not have (a later tfjs-backend-wasm that
 * ships one keeps its own), then guards the other WASM kernels against the complex64 tensors that our
 * Complex kernel makes possible (wasmFourier.ts, `guardComplexInputs`). Idempotent. Returns the names
 * of all kernels this module has registered.
 */
export function registerMissingWasmKernels(): string[] {
  for (const [kernelName, kernelFunc] of KERNELS) {
    if (tf.getKernel(kernelName, "wasm") !== undefined) continue;
    tf.registerKernel({ kernelName, backendName: "wasm", kernelFunc: kernelFunc as unknown as tf.KernelFunc });
    ours.add(kernelName);
  }
  guardComplexInputs();
  return KERNELS.map(([name]) => name).filter((name) => ours.has(name));
}

/** Kernels the cpu backend has and the WASM backend still lacks (after our registrations). */
export function kernelsMissingOnWasm(): string[] {
  const wasm = new Set(tf.getKernelsForBackend("wasm").map((k) => k.kernelName));
  return tf.getKernelsForBackend("cpu").map((k) => k.kernelName).filter((name) => !wasm.has(name)).sort();
}

/**
 * Kernels tfjs-backend-wasm 4.22 has as scalar C++ loops, and our XNNPACK compositions for them; and its Identity,
 * which copies where sharing the data is enough (wasmIdentity.ts).
 */
const FASTER: ReadonlyArray<[string, (args: never) => tf.TensorInfo]> = [
  ["Conv2DBackpropInput", conv2DBackpropInputWasm],
  ["Identity", identityWasm],
];

const replaced = new Set<string>();

/**
 * Replaces the WASM kernels listed in FASTER by our compositions (see conv2DBackpropInputWasm for the
 * measured speed-ups). Call it before `registerMissingWasmKernels`, whose complex64 guard then covers
 * the replacements too. Idempotent; returns the names replaced.
 */
export function replaceSlowWasmKernels(): string[] {
  for (const [kernelName, kernelFunc] of FASTER) {
    if (replaced.has(kernelName)) continue;
    if (tf.getKernel(kernelName, "wasm") !== undefined) tf.unregisterKernel(kernelName, "wasm");
    tf.registerKernel({ kernelName, backendName: "wasm", kernelFunc: kernelFunc as unknown as tf.KernelFunc });
    replaced.add(kernelName);
  }
  return [...replaced];
}
