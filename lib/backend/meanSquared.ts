/**
 * One term of a Sobolev loss as one kernel, for the WASM backend: per member s,
 *   out[s] = w · (Σ_e ω_e (got[s, e] − target[e])²) / n,
 * with got [S, n, …], target and the optional entry weights ω of got's shape without its first axis, and n =
 * got.shape[1] (lib/losses/sobolev.ts, `meanSquaredPerMember`). Unfused, a term costs about six kernels forward and
 * ten backward (SquaredDifference, Reshape, Sum, RealDiv, Multiply and their gradients with their casts and scalar
 * tensors), most of the 72 kernels of the single node's SGD step.
 *
 * Bit for bit the unfused ops on this backend: each (got − target)², its product with ω, w/n's division and product
 * are float32 operations in tfjs's order (Math.fround of the double result is the correctly rounded float32 result,
 * fusedAdam.ts says why), and the sum is accumulated in double and rounded once, as the native pack's Sum does
 * (native/src/reduce.cc). The gradient repeats tfjs-core's chain (Multiply, RealDiv, Sum, Multiply, SquaredDifference:
 * dy · w / n, times ω, times 2 (got − target)). Without the native pack WASM's own Sum accumulates in float32, so there
 * the fused sum may differ from the unfused one in its last bits.
 */
import * as tf from "@tensorflow/tfjs";
import { heapFloats, type Info, type WasmBackend } from "./wasmCall.js";

export const MEAN_SQUARED = "SobolevMeanSquared";
/** The same with entry weights ω: a kernel name of its own, because a gradient saves a fixed list of inputs. */
export const WEIGHTED_MEAN_SQUARED = "SobolevWeightedMeanSquared";
export const MEAN_SQUARED_GRAD = "SobolevMeanSquaredGrad";

/** w, the term's weight (n is got's second axis). */
export interface MeanSquaredAttrs {
  weight: number;
}

interface Inputs {
  got: Info;
  target: Info;
  entryWeight?: Info;
}

/** Checks the shapes (module comment); returns S, n and the entries per member. */
function sizes(kernel: string, { got, target, entryWeight }: Inputs): { S: number; n: number; per: number } {
  const rest = got.shape.slice(1).join();
  const fits = got.shape.length >= 2 && [got, target, entryWeight].every((t) => t === undefined || t.dtype === "float32") &&
    target.shape.join() === rest && (entryWeight === undefined || entryWeight.shape.join() === rest);
  if (!fits) {
    const show = (t?: Info) => (t === undefined ? "none" : `${t.dtype} [${t.shape.join(", ")}]`);
    throw new Error(`${kernel}: expected float32 got [S, n, ...], target and entry weights [n, ...], got ${show(got)}, ${show(target)}, ${show(entryWeight)}`);
  }
  const per = tf.util.sizeFromShape(target.shape);
  return { S: got.shape[0], n: got.shape[1], per };
}

/** The forward kernel: out [S] (module comment). */
export function meanSquaredWasm(args: { inputs: Inputs; backend: WasmBackend; attrs: MeanSquaredAttrs }): Info {
  const { inputs, backend, attrs } = args;
  const { S, n, per } = sizes(MEAN_SQUARED, inputs);
  const out = backend.makeOutput([S], "float32");
  const f = Math.fround;
  const got = heapFloats(backend, inputs.got, S * per);
  const target = heapFloats(backend, inputs.target, per);
  const omega = inputs.entryWeight === undefined ? undefined : heapFloats(backend, inputs.entryWeight, per);
  const result = heapFloats(backend, out, S);
  for (let s = 0; s < S; s++) {
    let sum = 0;
    for (let e = 0, at = s * per; e < per; e++, at++) {
      const diff = f(got[at] - target[e]);
      const squared = f(diff * diff);
      sum += omega === undefined ? squared : f(squared * omega[e]);
    }
    result[s] = f(f(attrs.weight) * f(f(sum) / n));
  }
  return out;
}

/** The gradient kernel: inputs dy [S], got, target, entryWeight?; output d got, got's shape. */
export function meanSquaredGradWasm(args: { inputs: Inputs & { dy: Info }; backend: WasmBackend; attrs: MeanSquaredAttrs }): Info {
  const { inputs, backend, attrs } = args;
  const { S, n, per } = sizes(MEAN_SQUARED_GRAD, inputs);
  if (inputs.dy.dtype !== "float32" || tf.util.sizeFromShape(inputs.dy.shape) !== S) {
    throw new Error(`${MEAN_SQUARED_GRAD}: dy must be float32 with ${S} values, got ${inputs.dy.dtype} [${inputs.dy.shape.join(", ")}]`);
  }
  const out = backend.makeOutput(inputs.got.shape, "float32");
  const f = Math.fround;
  const dy = heapFloats(backend, inputs.dy, S);
  const got = heapFloats(backend, inputs.got, S * per);
  const target = heapFloats(backend, inputs.target, per);
  const omega = inputs.entryWeight === undefined ? undefined : heapFloats(backend, inputs.entryWeight, per);
  const result = heapFloats(backend, out, S * per);
  for (let s = 0; s < S; s++) {
    const perEntry = f(f(dy[s] * f(attrs.weight)) / n);
    for (let e = 0, at = s * per; e < per; e++, at++) {
      const dSquared = omega === undefined ? perEntry : f(perEntry * omega[e]);
      result[at] = f(dSquared * f(2 * f(got[at] - target[e])));
    }
  }
  return out;
}
