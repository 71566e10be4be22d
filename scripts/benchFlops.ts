/**
 * The multiply-adds of one training step, counted from the kernels the step actually executes (tf.profile), so
 * that make bench can report achieved GFLOP/s (2 flops per multiply-add) and set them against the machine's
 * sgemm peak.
 *
 * What is counted: every matrix product (BatchMatMul, _FusedMatMul) and every 2-D convolution (Conv2D,
 * FusedConv2D, Conv2DBackpropInput, Conv2DBackpropFilter) that our step runs: the forward pass, the loss, and
 * the reverse pass of the parameter gradient, for ONE step. For the Fig. 2 MLP that is the value, Jacobian (H2)
 * and Hessian rows of the forward jets (lib/models/forwardJets.ts) or the adjoint sweep (H1,
 * lib/models/reverseGradient.ts), with their products again in the reverse pass (dA and dW of each product,
 * no dx for the input points, which are not variables), the forward products inside the fused dense layer's kernel
 * included; for H2 also the small 0/1 selection products of fullHessian (and of pairProducts where the Hessian rows
 * are not fused); for the image H1 losses the DFT products of lib/losses/imageSobolev.ts. Not
 * counted: elementwise ops, reductions, the optimiser's update, FFT kernels. The PyTorch twin runs other
 * products for the same step (double backpropagation, FFTs), so its GFLOP/s in the table is this count over its
 * time: the rate at which it does our step's work, which orders the engines exactly as their times do.
 */
import * as tf from "@tensorflow/tfjs";

/** What tf.profile records of one kernel call that the count needs. */
export interface KernelCall {
  name: string;
  inputShapes: ReadonlyArray<readonly number[] | null>;
  outputShapes: ReadonlyArray<readonly number[] | null>;
}

const MATMUL_KERNELS = new Set(["BatchMatMul", "_FusedMatMul"]);
/** The fused dense layer (lib/backend/denseJet.ts): its product a w, a [1 or S, n, wIn] by w [S, wIn, wOut]. */
const DENSE_JET_KERNEL = "SobolevDenseJet";
/**
 * The fused adjoint step (lib/backend/adjointStep.ts), w [S, wIn, wOut] its third input in both: forward one product
 * δ wᵀ, output [S, n, wIn]; its gradient two, d out · w and d outᵀ δ, each of the same size.
 */
const ADJOINT_STEP_PRODUCTS: Record<string, number> = { SobolevAdjointStep: 1, SobolevAdjointStepGrad: 2 };
const CONV_KERNELS = new Set(["Conv2D", "FusedConv2D", "Conv2DBackpropInput", "Conv2DBackpropFilter"]);
/** Kernels that multiply-add but that this count does not handle: listed, so a new one is not silently 0. */
const UNCOUNTED_PRODUCT = /MatMul|Conv|Einsum|^SobolevDenseJet$|^SobolevAdjointStep/;

const product = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

function shapeOf(call: KernelCall, which: "input" | "output", k: number): readonly number[] {
  const shape = (which === "input" ? call.inputShapes : call.outputShapes)[k];
  if (shape == null) throw new Error(`multiplyAdds: ${call.name} has no ${which} ${k} in the profile`);
  return shape;
}

/**
 * The multiply-adds of one kernel call, or null when it is not a product this count handles. The fused dense layer
 * counts its product: output [S, n, wOut] times wIn; the fused adjoint step its one product forward and two in its
 * gradient, each S · wIn · wOut · n.
 * A product C[..., m, n] = op(A) op(B) with A [..., m, k] or [..., k, m] (transposed) does (batch · m · n · k);
 * a convolution (NHWC, filter [kh, kw, cin, cout]) does (output pixels · cout) · (kh · kw · cin), and so do its
 * two gradients (dx from dy and the filter; the filter from x and dy), over the same pairs of values.
 */
export function multiplyAdds(call: KernelCall): number | null {
  if (MATMUL_KERNELS.has(call.name)) {
    const out = shapeOf(call, "output", 0);
    const a = shapeOf(call, "input", 0);
    const m = out[out.length - 2];
    const [rows, cols] = [a[a.length - 2], a[a.length - 1]];
    if (rows !== m && cols !== m) throw new Error(`multiplyAdds: ${call.name} output [${out.join(", ")}] does not match its A [${a.join(", ")}]`);
    return product(out) * ((rows * cols) / m);
  }
  if (call.name === DENSE_JET_KERNEL) {
    const w = shapeOf(call, "input", 1);
    return product(shapeOf(call, "output", 0)) * w[w.length - 2];
  }
  if (Object.hasOwn(ADJOINT_STEP_PRODUCTS, call.name)) {
    const w = shapeOf(call, "input", call.name === "SobolevAdjointStep" ? 2 : 3);
    return ADJOINT_STEP_PRODUCTS[call.name] * product(w) * shapeOf(call, "input", call.name === "SobolevAdjointStep" ? 1 : 2)[1];
  }
  if (CONV_KERNELS.has(call.name)) {
    // Conv2D / FusedConv2D (x, filter) → y; Conv2DBackpropInput (dy, filter) → dx; Conv2DBackpropFilter (x, dy) → filter.
    const [y, filter] =
      call.name === "Conv2DBackpropInput" ? [shapeOf(call, "input", 0), shapeOf(call, "input", 1)]
      : call.name === "Conv2DBackpropFilter" ? [shapeOf(call, "input", 1), shapeOf(call, "output", 0)]
      : [shapeOf(call, "output", 0), shapeOf(call, "input", 1)];
    if (filter.length !== 4 || y.length !== 4 || filter[3] !== y[3]) {
      throw new Error(`multiplyAdds: ${call.name} with output-side [${y.join(", ")}] and filter [${filter.join(", ")}] is not an NHWC 2-D convolution`);
    }
    return product(y) * filter[0] * filter[1] * filter[2];
  }
  return null;
}

/** The count of one step: the total, per kernel name, and the product-like kernels it could not count. */
export interface StepCount {
  multiplyAdds: number;
  byKernel: Record<string, number>;
  uncounted: string[];
}

export function countMultiplyAdds(calls: readonly KernelCall[]): StepCount {
  const byKernel: Record<string, number> = {};
  const uncounted = new Set<string>();
  let total = 0;
  for (const call of calls) {
    const macs = multiplyAdds(call);
    if (macs === null) {
      if (UNCOUNTED_PRODUCT.test(call.name)) uncounted.add(call.name);
      continue;
    }
    byKernel[call.name] = (byKernel[call.name] ?? 0) + macs;
    total += macs;
  }
  return { multiplyAdds: total, byKernel, uncounted: [...uncounted] };
}

/** Runs `step` once under tf.profile and counts its multiply-adds (the step's work is the same every time). */
export async function stepMultiplyAdds(step: () => unknown): Promise<StepCount> {
  const info = await tf.profile(() => {
    step();
  });
  return countMultiplyAdds(info.kernels);
}

/** Achieved GFLOP/s: 2 flops per multiply-add, over milliseconds per step. */
export const gflops = (multiplyAddsPerStep: number, msPerStep: number): number => (2 * multiplyAddsPerStep) / (msPerStep * 1e6);
