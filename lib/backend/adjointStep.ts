/**
 * One step of the adjoint sweep of lib/models/reverseGradient.ts, ḡ_{l−1} = (ḡ_l ⊙ φ′_l) W_lᵀ, as one kernel each
 * way for the WASM backend on the native pack (native/src/adjointStep.cc). Unfused, a step is a product and a
 * matrix product forward and, in the reverse pass, two matrix products and two products with their casts (and a
 * reduction for a broadcast ḡ). The forward value is bit for bit the unfused ops'.
 *
 * SobolevAdjointStep: inputs g [S, n or 1, wOut] (1: the same at every point), slope [S, n, wOut], w [S, wIn, wOut];
 * output [S, n, wIn]. SobolevAdjointStepGrad: inputs dOut [S, n, wIn], g, slope, w; outputs the adjoints of g (its
 * shape), slope and w.
 */
import * as tf from "@tensorflow/tfjs";
import type { NativeAddon } from "./nativeAddon.js";
import { requiredFloatOffsets } from "./nativeMatMul.js";
import type { Info, WasmBackend } from "./wasmCall.js";

export const ADJOINT_STEP = "SobolevAdjointStep";
export const ADJOINT_STEP_GRAD = "SobolevAdjointStepGrad";

/** An addon that has the kernels. */
export type AdjointStepAddon = Required<Pick<NativeAddon, "adjointStep">>;
export const hasAdjointStep = (addon: NativeAddon): addon is NativeAddon & AdjointStepAddon => typeof addon.adjointStep === "function";

interface Inputs {
  g: Info;
  slope: Info;
  w: Info;
}

const show = (t: Info): string => `${t.dtype} [${t.shape.join(", ")}]`;

/** [S, n, wIn, wOut, gShared] after checking the shapes (module comment). */
function sizes(kernel: string, { g, slope, w }: Inputs): [number, number, number, number, number] {
  const [S, n, wOut] = slope.shape;
  const wIn = w.shape[1];
  const fits = [g, slope, w].every((t) => t.dtype === "float32" && t.shape.length === 3) && w.shape[0] === S && w.shape[2] === wOut &&
    g.shape[0] === S && (g.shape[1] === n || g.shape[1] === 1) && g.shape[2] === wOut && S * n * wIn * wOut > 0;
  if (!fits) throw new Error(`${kernel}: expected float32 g [S, n or 1, wOut], slope [S, n, wOut] and w [S, wIn, wOut], got g ${show(g)}, slope ${show(slope)}, w ${show(w)}`);
  return [S, n, wIn, wOut, g.shape[1] === 1 && n > 1 ? 1 : 0];
}

const offsetsOf = (kernel: string, backend: WasmBackend, tensors: Info[]): Float64Array => Float64Array.from(requiredFloatOffsets(kernel, backend, tensors));

/** The forward kernel (module comment). */
export function adjointStepKernel(addon: AdjointStepAddon): (args: { inputs: Inputs; backend: WasmBackend }) => Info {
  return ({ inputs, backend }) => {
    const z = sizes(ADJOINT_STEP, inputs);
    const out = backend.makeOutput([z[0], z[1], z[2]], "float32");
    // The buffer after every allocation: growing WASM memory replaces it.
    addon.adjointStep(backend.wasm.HEAPU8.buffer as ArrayBuffer, false, Float64Array.from(z), offsetsOf(ADJOINT_STEP, backend, [inputs.g, inputs.slope, inputs.w, out]));
    return out;
  };
}

/** The gradient kernel (module comment). */
export function adjointStepGradKernel(addon: AdjointStepAddon): (args: { inputs: Inputs & { dOut: Info }; backend: WasmBackend }) => Info[] {
  return ({ inputs, backend }) => {
    const z = sizes(ADJOINT_STEP_GRAD, inputs);
    const { dOut, g, slope, w } = inputs;
    if (dOut.dtype !== "float32" || dOut.shape.join() !== [z[0], z[1], z[2]].join()) {
      throw new Error(`${ADJOINT_STEP_GRAD}: expected float32 dOut [${z[0]}, ${z[1]}, ${z[2]}], got ${show(dOut)}`);
    }
    const outputs = [g.shape, slope.shape, w.shape].map((shape) => backend.makeOutput(shape, "float32"));
    addon.adjointStep(backend.wasm.HEAPU8.buffer as ArrayBuffer, true, Float64Array.from(z), offsetsOf(ADJOINT_STEP_GRAD, backend, [dOut, g, slope, w, ...outputs]));
    return outputs;
  };
}

/** Whether the current backend has the kernels. */
export const adjointStepAvailable = (): boolean => tf.getKernel(ADJOINT_STEP, tf.getBackend()) !== undefined;
