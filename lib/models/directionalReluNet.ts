/**
 * The wide two-layer ReLU network of Cocola & Hand, eq. (4), f(W, x) = Σ_r a_r σ(w_rᵀx), in float64 (plain
 * Float64Arrays: the flows of lib/train/directionalSobolevFlow.ts need thousands of steps of a small network, and
 * float32 rounding would hide the exponential decay the theorems bound).
 *
 * The directional derivatives are F̄(W, xᵢ) = Vᵢᵀ∇ₓf = Σ_r a_r σ′(w_rᵀxᵢ) Vᵢᵀw_r with σ′(z) = 1{z > 0}, σ″ = 0 (as the
 * paper and autodiff take them); both are linear in uᵢ = Σ_r a_r σ′(w_rᵀxᵢ) w_r: f(xᵢ) = xᵢᵀuᵢ, F̄(xᵢ) = Vᵢᵀuᵢ.
 */
import type { SeededRandom } from "../numeric/random.js";
import { dataShape, type DirectionalInputs, type DirectionalTargets } from "../analytic/cocolaHandData.js";

/** Weights of eq. (4): W (m × d, row-major, row r = w_r) and the fixed output weights a (length m). */
export interface ReluNet {
  readonly m: number;
  readonly d: number;
  readonly W: Float64Array;
  readonly a: Float64Array;
}

/** Initialisation (9): w_r ~ N(0, I_d), a_r ~ unif{−1/√m, 1/√m}, i.i.d. */
export function initialiseReluNet(m: number, d: number, rng: SeededRandom): ReluNet {
  if (!(Number.isInteger(m) && m >= 1 && Number.isInteger(d) && d >= 1)) throw new Error(`initialiseReluNet: need integers m ≥ 1 and d ≥ 1, got m = ${m}, d = ${d}`);
  const W = new Float64Array(m * d);
  rng.fillGaussian(W);
  const a = Float64Array.from({ length: m }, () => (rng.uniform() < 0.5 ? -1 : 1) / Math.sqrt(m));
  return { m, d, W, a };
}

/** A copy with its own weight array (the flows update W in place). */
export function cloneReluNet(net: ReluNet): ReluNet {
  return { m: net.m, d: net.d, W: Float64Array.from(net.W), a: Float64Array.from(net.a) };
}

function checkDimension(net: ReluNet, data: DirectionalInputs, caller: string): { n: number; d: number; k: number } {
  const shape = dataShape(data);
  if (shape.d !== net.d) throw new Error(`${caller}: the network takes inputs of dimension ${net.d}, the data have dimension ${shape.d}`);
  return shape;
}

/** σ′(w_rᵀxᵢ) for every r and i, as an m × n row-major array of 0/1. */
export function activationPatterns(net: ReluNet, data: DirectionalInputs): Uint8Array {
  const { n, d } = checkDimension(net, data, "activationPatterns");
  const patterns = new Uint8Array(net.m * n);
  for (let r = 0; r < net.m; r++) {
    for (let i = 0; i < n; i++) {
      let z = 0;
      const xi = data.x[i];
      for (let t = 0; t < d; t++) z += net.W[r * d + t] * xi[t];
      patterns[r * n + i] = z > 0 ? 1 : 0;
    }
  }
  return patterns;
}

/** f(W, xᵢ) (length n) and F̄(W, xᵢ) = Vᵢᵀ∇ₓf(W, xᵢ) (length nk, block i), from uᵢ = Σ_r a_r σ′(w_rᵀxᵢ) w_r. */
export function networkOutputs(net: ReluNet, data: DirectionalInputs, patterns = activationPatterns(net, data)): { f: Float64Array; F: Float64Array } {
  const { n, d, k } = checkDimension(net, data, "networkOutputs");
  const u = new Float64Array(n * d);
  for (let r = 0; r < net.m; r++) {
    const ar = net.a[r];
    for (let i = 0; i < n; i++) {
      if (!patterns[r * n + i]) continue;
      for (let t = 0; t < d; t++) u[i * d + t] += ar * net.W[r * d + t];
    }
  }
  const f = new Float64Array(n);
  const F = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < d; t++) f[i] += data.x[i][t] * u[i * d + t];
    for (let j = 0; j < k; j++) for (let t = 0; t < d; t++) F[i * k + j] += data.frames[i][j][t] * u[i * d + t];
  }
  return { f, F };
}

/** The residuals of eq. (6) stacked as in eq. (14): r = (e, S), e = y − f, S = h − F̄ (length n(k+1)). */
export function residualsOf(net: ReluNet, data: DirectionalInputs, targets: DirectionalTargets, patterns?: Uint8Array): Float64Array {
  const { f, F } = networkOutputs(net, data, patterns);
  const r = new Float64Array(f.length + F.length);
  f.forEach((v, i) => { r[i] = targets.y[i] - v; });
  F.forEach((v, q) => { r[f.length + q] = targets.h[q] - v; });
  return r;
}

/**
 * The directional Sobolev loss L(W) = ½‖e‖² + ½ c‖S‖² (Section 2; c = derivativeWeight: 1 is the paper's loss,
 * 0 standard L² training of the same network).
 */
export function directionalSobolevLoss(net: ReluNet, data: DirectionalInputs, targets: DirectionalTargets, derivativeWeight: number): number {
  const r = residualsOf(net, data, targets);
  const n = data.x.length;
  let loss = 0;
  r.forEach((v, p) => { loss += 0.5 * (p < n ? 1 : derivativeWeight) * v * v; });
  return loss;
}

/**
 * ∂L/∂w_r = −a_r Σᵢ σ′(w_rᵀxᵢ)(eᵢxᵢ + c VᵢSᵢ) (the gradient the flow (5) follows), for residuals r = (e, S).
 * @returns m × d row-major
 */
export function directionalSobolevGradient(net: ReluNet, data: DirectionalInputs, residuals: Float64Array, derivativeWeight: number, patterns = activationPatterns(net, data)): Float64Array {
  const { n, d, k } = checkDimension(net, data, "directionalSobolevGradient");
  const combined = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < d; t++) {
      let value = residuals[i] * data.x[i][t];
      for (let j = 0; j < k; j++) value += derivativeWeight * residuals[n + i * k + j] * data.frames[i][j][t];
      combined[i * d + t] = value;
    }
  }
  const gradient = new Float64Array(net.m * d);
  for (let r = 0; r < net.m; r++) {
    for (let i = 0; i < n; i++) {
      if (!patterns[r * n + i]) continue;
      for (let t = 0; t < d; t++) gradient[r * d + t] -= net.a[r] * combined[i * d + t];
    }
  }
  return gradient;
}

/**
 * H(W) of eq. (14): H = Σ_r H_r, H_r = Ω_rᵀΩ_r, i.e. Hₚq = (Σ_r a_r² σ′(w_rᵀx_{i(p)}) σ′(w_rᵀx_{i(q)})) · uₚᵀu_q, with
 * the feature Gram matrix G (lib/analytic featureGram) passed in.
 */
export function empiricalGram(net: ReluNet, data: DirectionalInputs, featureGram: readonly (readonly number[])[], patterns = activationPatterns(net, data)): number[][] {
  const { n, k } = checkDimension(net, data, "empiricalGram");
  const overlap = Array.from({ length: n }, () => new Float64Array(n));
  const active = new Int32Array(n);
  for (let r = 0; r < net.m; r++) {
    let count = 0;
    for (let i = 0; i < n; i++) if (patterns[r * n + i]) active[count++] = i;
    const weight = net.a[r] * net.a[r];
    for (let s = 0; s < count; s++) for (let t = 0; t < count; t++) overlap[active[s]][active[t]] += weight;
  }
  const point = (p: number): number => (p < n ? p : Math.floor((p - n) / k));
  return featureGram.map((row, p) => row.map((g, q) => overlap[point(p)][point(q)] * g));
}

/** The network with bias of eq. (10), g(W, b, x) = Σ_r a_r σ(αw_rᵀx + βb_r), at one input. */
export function biasNetworkValue(net: ReluNet, b: Float64Array, x: readonly number[], alpha: number, beta: number): number {
  let value = 0;
  for (let r = 0; r < net.m; r++) {
    let z = beta * b[r];
    for (let t = 0; t < net.d; t++) z += alpha * net.W[r * net.d + t] * x[t];
    if (z > 0) value += net.a[r] * z;
  }
  return value;
}
