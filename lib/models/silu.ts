/**
 * SiLU(x) = x σ(x) [Elfwing et al. 2018; the activation of the diffusion U-Nets, unet.ts and authorsDiffusionUnet.ts].
 * Where the backend has the fused kernels (the WASM backend with the native pack: lib/backend/silu.ts), one kernel
 * forward and one for the input gradient, dx = dy σ (1 + x (1 − σ)); elsewhere tf.mul(x, tf.sigmoid(x)) and tfjs's
 * gradients of both. First-order gradients only: the U-Nets' losses never differentiate a gradient.
 */
import * as tf from "@tensorflow/tfjs";
import { SILU, SILU_GRAD } from "../backend/silu.js";

export function silu<T extends tf.Tensor>(x: T): T {
  if (x.dtype === "float32" && tf.getKernel(SILU, tf.getBackend()) !== undefined) return tf.engine().runKernel(SILU, { x }) as T;
  return tf.mul(x, tf.sigmoid(x));
}

tf.registerGradient({
  kernelName: SILU,
  inputsToSave: ["x"],
  gradFunc: (dy, saved) => {
    const [x] = saved;
    return { x: () => tf.engine().runKernel(SILU_GRAD, { x, dy: dy as tf.Tensor }) as tf.Tensor };
  },
});
