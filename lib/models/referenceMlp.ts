/**
 * A float64 reference for one member of a layered model (LayerSnapshot[]): value, input gradient and input
 * Hessian at one point by forward-mode propagation in plain JavaScript, with the full d×d Hessian and loops
 * written out, sharing no code with the tfjs forward pass (forwardJets.ts) except the float64 activation
 * functions. Used by the tests, whose own check of it is against central finite differences in x; notebooks
 * may use it as an independent check. For z = ω (a W + b) and a′ = φ(z):
 *   ∂z_k/∂x_i = ω Σ_m ∂a_m/∂x_i W_mk,   ∂a′_k/∂x_i = φ′(z_k) ∂z_k/∂x_i,
 *   ∂²a′_k/∂x_i∂x_j = φ″(z_k) ∂z_k/∂x_i ∂z_k/∂x_j + φ′(z_k) ∂²z_k/∂x_i∂x_j,
 * starting from a = x, ∂a/∂x = I, ∂²a/∂x² = 0.
 */
import type { LayerSnapshot } from "./model.js";

/** u(x), ∇u(x), ∇²u(x) of one member, and the smallest |z| of any activated unit (distance to a ReLU kink). */
export interface ReferenceJet {
  value: number;
  gradient: number[];
  hessian: number[][];
  minAbsPreactivation: number;
}

/** Test-only mutations of the reference (to show that the checks detect a dropped term). */
export interface ReferenceOptions {
  /** Drop φ″ ∂z/∂x_i ∂z/∂x_j from the Hessian propagation. */
  omitCurvatureTerm?: boolean;
}

/**
 * The member's value, gradient and Hessian at x (module comment).
 * @param layers - the member's layers, e.g. model.snapshot(k); last layer of width 1
 * @param x - the point, length d = layers[0].nIn
 */
export function referenceForward(layers: readonly LayerSnapshot[], x: readonly number[], options: ReferenceOptions = {}): ReferenceJet {
  const d = x.length;
  if (layers.length === 0 || layers[0].nIn !== d) throw new Error(`referenceForward: x has length ${d}, the first layer takes ${layers[0]?.nIn}`);
  let a = x.slice();
  let J: number[][] = x.map((_, i) => x.map((__, m) => (i === m ? 1 : 0))); // J[i][m] = ∂a_m/∂x_i
  let H = x.map(() => x.map(() => new Array<number>(d).fill(0))); // H[i][j][m] = ∂²a_m/∂x_i∂x_j
  let minAbsPreactivation = Infinity;
  for (const { nIn, nOut, weights: W, bias, activation: phi, scale: omega } of layers) {
    if (a.length !== nIn) throw new Error(`referenceForward: a layer takes ${nIn} inputs, the previous one gives ${a.length}`);
    const z = new Array<number>(nOut);
    const Jz = J.map(() => new Array<number>(nOut));
    const Hz = H.map((row) => row.map(() => new Array<number>(nOut)));
    for (let k = 0; k < nOut; k++) {
      let sum = bias === null ? 0 : bias[k];
      for (let m = 0; m < nIn; m++) sum += a[m] * W[m * nOut + k];
      z[k] = omega * sum;
      for (let i = 0; i < d; i++) {
        let s = 0;
        for (let m = 0; m < nIn; m++) s += J[i][m] * W[m * nOut + k];
        Jz[i][k] = omega * s;
        for (let j = 0; j < d; j++) {
          let t = 0;
          for (let m = 0; m < nIn; m++) t += H[i][j][m] * W[m * nOut + k];
          Hz[i][j][k] = omega * t;
        }
      }
    }
    if (phi === null) {
      [a, J, H] = [z, Jz, Hz];
      continue;
    }
    for (const zk of z) minAbsPreactivation = Math.min(minAbsPreactivation, Math.abs(zk));
    const first = z.map(phi.first64);
    const second = options.omitCurvatureTerm ? z.map(() => 0) : z.map(phi.second64);
    a = z.map(phi.value64);
    J = Jz.map((row) => row.map((v, k) => first[k] * v));
    H = Hz.map((plane, i) => plane.map((row, j) => row.map((v, k) => second[k] * Jz[i][k] * Jz[j][k] + first[k] * v)));
  }
  if (a.length !== 1) throw new Error(`referenceForward: the last layer must have width 1, got ${a.length}`);
  return { value: a[0], gradient: J.map((row) => row[0]), hessian: H.map((plane) => plane.map((row) => row[0])), minAbsPreactivation };
}

/**
 * The layers with their trainable weights and biases replaced, in order, by `parameters` (the layout of
 * LayeredNetwork.parameters: for each trainable layer W row-major, then b).
 */
export function withParameters(layers: readonly LayerSnapshot[], parameters: ArrayLike<number>): LayerSnapshot[] {
  let offset = 0;
  const take = (count: number): Float64Array => {
    const values = Float64Array.from({ length: count }, (_, i) => parameters[offset + i]);
    offset += count;
    return values;
  };
  const out = layers.map((layer) => {
    if (!layer.trainable) return layer;
    const weights = take(layer.nIn * layer.nOut);
    const bias = layer.bias === null ? null : take(layer.nOut);
    return { ...layer, weights, bias };
  });
  if (offset !== parameters.length) throw new Error(`withParameters: the layers have ${offset} trainable parameters, got ${parameters.length}`);
  return out;
}
