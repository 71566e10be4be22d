/**
 * SiLU, x σ(x), and its input gradient as one kernel each for the WASM backend on the native pack (native/src/silu.cc),
 * where tfjs composes the forward from Sigmoid and Multiply and the gradient from six elementwise kernels. The op and
 * its gradient are lib/models/silu.ts. σ is glibc's vector expf here and XNNPACK's sigmoid in the composed ops, so the
 * two agree to a few roundings, not bitwise (lib/models/silu.test.ts).
 *
 * SobolevSilu: input x (float32), output x σ(x). SobolevSiluGrad: inputs x and dy of one shape, output dy σ (1 + x (1 − σ)).
 */
import * as tf from "@tensorflow/tfjs";
import type { NativeAddon } from "./nativeAddon.js";
import { requiredFloatOffsets } from "./nativeMatMul.js";
import type { Info, WasmBackend } from "./wasmCall.js";

export const SILU = "SobolevSilu";
export const SILU_GRAD = "SobolevSiluGrad";

/** The addon function, missing from packs built before it. */
export interface SiluAddon {
  silu(heap: ArrayBuffer, backward: boolean, x: number, dy: number, out: number, n: number): void;
}
export const hasSilu = (addon: NativeAddon): addon is NativeAddon & SiluAddon => typeof (addon as Partial<SiluAddon>).silu === "function";

const show = (t: Info): string => `${t.dtype} [${t.shape.join(", ")}]`;

/** The forward kernel (module comment). */
export function siluKernel(addon: SiluAddon): (args: { inputs: { x: Info }; backend: WasmBackend }) => Info {
  return ({ inputs: { x }, backend }) => {
    if (x.dtype !== "float32") throw new Error(`${SILU}: expected a float32 tensor, got ${show(x)}`);
    const out = backend.makeOutput(x.shape, "float32");
    const [xAt, outAt] = requiredFloatOffsets(SILU, backend, [x, out]);
    // The buffer after the allocation: growing WASM memory replaces it.
    addon.silu(backend.wasm.HEAPU8.buffer as ArrayBuffer, false, xAt, 0, outAt, tf.util.sizeFromShape(x.shape));
    return out;
  };
}

/** The gradient kernel (module comment). */
export function siluGradKernel(addon: SiluAddon): (args: { inputs: { x: Info; dy: Info }; backend: WasmBackend }) => Info {
  return ({ inputs: { x, dy }, backend }) => {
    if (x.dtype !== "float32" || dy.dtype !== "float32" || !tf.util.arraysEqual(x.shape, dy.shape)) {
      throw new Error(`${SILU_GRAD}: expected float32 x and dy of one shape, got x ${show(x)}, dy ${show(dy)}`);
    }
    const out = backend.makeOutput(x.shape, "float32");
    const [xAt, dyAt, outAt] = requiredFloatOffsets(SILU_GRAD, backend, [x, dy, out]);
    addon.silu(backend.wasm.HEAPU8.buffer as ArrayBuffer, true, xAt, dyAt, outAt, tf.util.sizeFromShape(x.shape));
    return out;
  };
}
