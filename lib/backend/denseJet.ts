/**
 * The fused dense layer's two kernels for the WASM backend, on the native pack (native/src/denseJet.cc); the op that
 * calls them and its gradient are lib/models/denseJet.ts.
 *
 * SobolevDenseJet: inputs a [1 or S, n, wIn], w [S, wIn, wOut] and optionally b [S, 1, wOut]; attrs activation (a
 * JET_ACTIVATIONS code), alpha (LeakyReLU's slope) and order (0, 1 or 2); outputs φ(z) and, up to `order`, φ′(z) and
 * φ″(z), each [S, n, wOut], for z = a w + b. Order 0 is for the activations whose φ′ the adjoint recovers from φ
 * (ORDER_ZERO_ACTIVATIONS): an unused φ′ output would cost more than it saves, because tfjs's engine hands the
 * gradient of an unused output to the gradient function as a tensor of zeros it allocates and writes (0.4 ms each
 * for [1024, 64], measured: an L2 step took 5.7 ms against 2.4 unfused). One kernel for what the unfused layer does in five to seven (BatchMatMul, Add,
 * the activation and its derivatives: Tanh, Square, Sub, Multiply, ...), each paying tfjs's per-kernel cost.
 *
 * SobolevDenseJetAdjoint: inputs value and first (the forward kernel's outputs; first missing after order 0) and the
 * adjoints dValue, dFirst, dSecond of its outputs (any may be missing: zero); attrs activation and alpha; output dz = dValue φ′ + dFirst φ″ + dSecond φ‴, the adjoint of
 * z, from which the op's gradient forms those of a, w and b with ordinary products and a sum.
 *
 * Neither kernel is tfjs's, so no backend has them unless nativeKernels.ts registers them, which it does only for a
 * pack whose addon has them (an older build kept after a failed rebuild has not).
 */
import * as tf from "@tensorflow/tfjs";
import type { NativeAddon } from "./nativeAddon.js";
import { requiredFloatOffsets } from "./nativeMatMul.js";
import type { Info, WasmBackend } from "./wasmCall.js";

export const DENSE_JET = "SobolevDenseJet";
export const DENSE_JET_ADJOINT = "SobolevDenseJetAdjoint";

/** The activations the kernels compute, with their codes in native/src/kernels.h (`JetActivation`). */
export const JET_ACTIVATIONS = { tanh: 0, sine: 1, relu: 2, leakyRelu: 3, relu2: 4 } as const;
export type JetActivationName = keyof typeof JET_ACTIVATIONS;

/** The activations the forward kernel computes at order 0: φ′ = 1 − φ² for tanh, [φ > 0] (or α) for the ReLUs. */
export const ORDER_ZERO_ACTIVATIONS: readonly JetActivationName[] = ["tanh", "relu", "leakyRelu"];

export interface DenseJetAttrs {
  activation: number;
  alpha: number;
  order: 0 | 1 | 2;
}

/** An addon that has the two kernels. */
export type DenseJetAddon = Required<Pick<NativeAddon, "denseJet" | "denseJetAdjoint">>;

export const hasDenseJet = (addon: NativeAddon): addon is NativeAddon & DenseJetAddon =>
  typeof addon.denseJet === "function" && typeof addon.denseJetAdjoint === "function";

type DenseJetArgs = { inputs: { a: Info; w: Info; b?: Info }; backend: WasmBackend; attrs: DenseJetAttrs };
type AdjointArgs = { inputs: { value: Info; first: Info; dValue?: Info; dFirst?: Info; dSecond?: Info }; backend: WasmBackend; attrs: { activation: number; alpha: number } };

const shapeText = (t: Info): string => `${t.dtype} [${t.shape.join(", ")}]`;

function checkActivation(kernel: string, code: number): void {
  if (!(Object.values(JET_ACTIVATIONS) as number[]).includes(code)) {
    throw new Error(`${kernel}: unknown activation code ${code}; expected one of ${JSON.stringify(JET_ACTIVATIONS)}`);
  }
}

/** The forward kernel (module comment). */
export function denseJetKernel(addon: DenseJetAddon): (args: DenseJetArgs) => Info[] {
  return ({ inputs, backend, attrs }) => {
    const { a, w, b } = inputs;
    checkActivation(DENSE_JET, attrs.activation);
    const [S, wIn, wOut] = w.shape;
    const n = a.shape[1];
    const fits = a.dtype === "float32" && w.dtype === "float32" && a.shape.length === 3 && w.shape.length === 3 &&
      (a.shape[0] === 1 || a.shape[0] === S) && a.shape[2] === wIn && n > 0 && S * wIn * wOut > 0 &&
      (b === undefined || (b.dtype === "float32" && b.shape.join() === [S, 1, wOut].join()));
    if (!fits) {
      throw new Error(`${DENSE_JET}: expected float32 a [1 or S, n, wIn], w [S, wIn, wOut] and b [S, 1, wOut], got a ${shapeText(a)}, w ${shapeText(w)}${b ? `, b ${shapeText(b)}` : ""}`);
    }
    const orderZero = ORDER_ZERO_ACTIVATIONS.some((name) => JET_ACTIVATIONS[name] === attrs.activation) && (attrs.activation !== JET_ACTIVATIONS.leakyRelu || attrs.alpha > 0);
    if (!(attrs.order === 1 || attrs.order === 2 || (attrs.order === 0 && orderZero))) {
      throw new Error(`${DENSE_JET}: order must be 1 or 2, or 0 for ${ORDER_ZERO_ACTIVATIONS.join(", ")} (LeakyReLU with a positive slope), got ${attrs.order} for activation ${attrs.activation}`);
    }
    const outputs = Array.from({ length: attrs.order + 1 }, () => backend.makeOutput([S, n, wOut], "float32"));
    const [aAt, wAt, bAt, ...outAt] = requiredFloatOffsets(DENSE_JET, backend, [a, w, b, ...outputs]);
    // The buffer after every allocation: growing WASM memory replaces it.
    addon.denseJet(backend.wasm.HEAPU8.buffer as ArrayBuffer, aAt, a.shape[0] === 1 ? 0 : n * wIn, wAt, bAt, S, n, wIn, wOut, attrs.activation,
      attrs.alpha, outAt[0], outAt[1] ?? -1, outAt[2] ?? -1);
    return outputs;
  };
}

/** The adjoint kernel (module comment). */
export function denseJetAdjointKernel(addon: DenseJetAddon): (args: AdjointArgs) => Info {
  return ({ inputs, backend, attrs }) => {
    const { value, first, dValue, dFirst, dSecond } = inputs;
    checkActivation(DENSE_JET_ADJOINT, attrs.activation);
    const present = [value, first, dValue, dFirst, dSecond].filter((t): t is Info => t !== undefined);
    if (!present.every((t) => t.dtype === "float32" && t.shape.join() === value.shape.join())) {
      throw new Error(`${DENSE_JET_ADJOINT}: value, first and the adjoints must be float32 of one shape, got ${present.map(shapeText).join(", ")}`);
    }
    if (first === undefined && (dValue === undefined || dFirst !== undefined || dSecond !== undefined)) {
      throw new Error(`${DENSE_JET_ADJOINT}: without first (a forward of order 0) the value's adjoint is needed, and no other`);
    }
    const dz = backend.makeOutput(value.shape, "float32");
    const [valueAt, firstAt, dValueAt, dFirstAt, dSecondAt, dzAt] = requiredFloatOffsets(DENSE_JET_ADJOINT, backend, [value, first, dValue, dFirst, dSecond, dz]);
    addon.denseJetAdjoint(backend.wasm.HEAPU8.buffer as ArrayBuffer, attrs.activation, attrs.alpha, valueAt, firstAt, dValueAt, dFirstAt, dSecondAt, dzAt,
      tf.util.sizeFromShape(value.shape));
    return dz;
  };
}
