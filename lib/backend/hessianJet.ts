/**
 * The Hessian rows of a layer's forward jet as one kernel each way, for the WASM backend on the native pack
 * (native/src/hessianJet.cc); lib/models/forwardJets.ts calls them and registers their gradient. Per member, with
 * J_z [S, d, n or 1, w] (1: the first layer's ωW, the same at every point), H_z [S, p, n, w] (p = d(d+1)/2 pairs
 * i ≤ j, row-major; absent for the first layer, where it is zero) and φ′, φ″ [S, n, w]:
 *   J′_i = φ′ J_z,i,   H′_q = φ′ H_z,q + φ″ J_z,i J_z,j.
 * Unfused, that is two selection products, four products and a sum forward, and in the reverse pass the reductions
 * of every broadcast: 354 kernels in the Fig. 2 MLP's H2 step. The forward values are bit for bit the unfused ops'.
 *
 * SobolevHessianJet: inputs jz, hz, first, second; SobolevHessianJetFirstLayer: jz, first, second (a kernel name of its
 * own, because a gradient saves a fixed list of inputs); outputs [J′, H′]. SobolevHessianJetGrad: inputs jz, hz (if
 * any), first, second and the adjoints dJ, dH of the outputs; outputs the adjoints of first, second, jz and hz (if any).
 */
import * as tf from "@tensorflow/tfjs";
import type { NativeAddon } from "./nativeAddon.js";
import { requiredFloatOffsets } from "./nativeMatMul.js";
import type { Info, WasmBackend } from "./wasmCall.js";

export const HESSIAN_JET = "SobolevHessianJet";
export const HESSIAN_JET_FIRST_LAYER = "SobolevHessianJetFirstLayer";
export const HESSIAN_JET_GRAD = "SobolevHessianJetGrad";

/** The most inputs d the kernels take (native/src/kernels.h, MAX_HESSIAN_JET_INPUTS). */
export const MAX_HESSIAN_JET_INPUTS = 16;

/** An addon that has the kernels. */
export type HessianJetAddon = Required<Pick<NativeAddon, "hessianJet">>;
export const hasHessianJet = (addon: NativeAddon): addon is NativeAddon & HessianJetAddon => typeof addon.hessianJet === "function";

interface Inputs {
  jz: Info;
  hz?: Info;
  first: Info;
  second: Info;
}

const show = (t: Info | undefined): string => (t === undefined ? "none" : `${t.dtype} [${t.shape.join(", ")}]`);

/** [S, d, n, w, jzShared] after checking the shapes (module comment). */
function sizes(kernel: string, { jz, hz, first, second }: Inputs): [number, number, number, number, number] {
  const [S, n, w] = first.shape;
  const d = jz.shape[1];
  const p = (d * (d + 1)) / 2;
  const fits = first.shape.length === 3 && jz.shape.length === 4 && [jz, hz, first, second].every((t) => t === undefined || t.dtype === "float32") &&
    second.shape.join() === first.shape.join() && jz.shape[0] === S && (jz.shape[2] === n || jz.shape[2] === 1) && jz.shape[3] === w &&
    d >= 1 && d <= MAX_HESSIAN_JET_INPUTS && S * n * w > 0 && (hz === undefined || hz.shape.join() === [S, p, n, w].join());
  if (!fits) {
    throw new Error(`${kernel}: expected float32 jz [S, d ≤ ${MAX_HESSIAN_JET_INPUTS}, n or 1, w], hz [S, d(d+1)/2, n, w], first and second [S, n, w], got jz ${show(jz)}, hz ${show(hz)}, first ${show(first)}, second ${show(second)}`);
  }
  return [S, d, n, w, jz.shape[2] === 1 && n > 1 ? 1 : 0];
}

const offsetsOf = (kernel: string, backend: WasmBackend, tensors: Array<Info | undefined>): Float64Array =>
  Float64Array.from(requiredFloatOffsets(kernel, backend, tensors));

/** The forward kernel (both names): outputs [J′ [S, d, n, w], H′ [S, p, n, w]]. */
export function hessianJetKernel(addon: HessianJetAddon, kernel: string): (args: { inputs: Inputs; backend: WasmBackend }) => Info[] {
  return ({ inputs, backend }) => {
    const z = sizes(kernel, inputs);
    const [S, d, n, w] = z;
    const outputs = [backend.makeOutput([S, d, n, w], "float32"), backend.makeOutput([S, (d * (d + 1)) / 2, n, w], "float32")];
    const { jz, hz, first, second } = inputs;
    // The buffer after every allocation: growing WASM memory replaces it.
    addon.hessianJet(backend.wasm.HEAPU8.buffer as ArrayBuffer, false, Float64Array.from(z), offsetsOf(kernel, backend, [jz, hz, first, second, ...outputs]));
    return outputs;
  };
}

/** The gradient kernel (module comment). */
export function hessianJetGradKernel(addon: HessianJetAddon): (args: { inputs: Inputs & { dJ: Info; dH: Info }; backend: WasmBackend }) => Info[] {
  return ({ inputs, backend }) => {
    const z = sizes(HESSIAN_JET_GRAD, inputs);
    const { jz, hz, first, second, dJ, dH } = inputs;
    const [S, d, n, w] = z;
    const p = (d * (d + 1)) / 2;
    if (![dJ, dH].every((t, k) => t.dtype === "float32" && t.shape.join() === [S, k === 0 ? d : p, n, w].join())) {
      throw new Error(`${HESSIAN_JET_GRAD}: expected float32 dJ [${S}, ${d}, ${n}, ${w}] and dH [${S}, ${p}, ${n}, ${w}], got ${show(dJ)} and ${show(dH)}`);
    }
    const outputs = [first.shape, first.shape, jz.shape, ...(hz === undefined ? [] : [hz.shape])].map((shape) => backend.makeOutput(shape, "float32"));
    addon.hessianJet(backend.wasm.HEAPU8.buffer as ArrayBuffer, true, Float64Array.from(z),
      offsetsOf(HESSIAN_JET_GRAD, backend, [jz, hz, first, second, dJ, dH, outputs[0], outputs[1], outputs[2], outputs[3]]));
    return outputs;
  };
}

/** Whether the current backend has the kernels. */
export const hessianJetAvailable = (): boolean => tf.getKernel(HESSIAN_JET, tf.getBackend()) !== undefined;
