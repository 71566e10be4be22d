/**
 * The gradient flow (5) of the directional Sobolev loss (Cocola & Hand, Section 2) for the network (4), integrated
 * by gradient descent with a small step η (explicit Euler: W ← W − η∇L(W), time t = η · steps), in float64.
 *
 * Along the run it records what Theorem 1 and Lemma 4 bound: ‖e(t)‖², ‖S(t)‖², the largest weight movement
 * max_r ‖w_r(t) − w_r(0)‖, ‖H(t) − H(0)‖_F and λmin(H(t)) of eq. (14).
 */
import { symmetricEigenvalues } from "../analytic/cocolaHandGram.js";
import { dataShape, type DirectionalInputs, type DirectionalTargets } from "../analytic/cocolaHandData.js";
import { cloneReluNet, empiricalGram, type ReluNet } from "../models/directionalReluNet.js";

export interface DirectionalFlowOptions {
  /** Gradient-descent step η (the flow's time step). */
  readonly step: number;
  /** Flow time to integrate to. */
  readonly time: number;
  /** c in L = ½‖e‖² + ½c‖S‖²: 1 for Sobolev training, 0 for standard L² training. */
  readonly derivativeWeight: number;
  /** How many evenly spaced records after t = 0. */
  readonly records: number;
  /** G of lib/analytic featureGram: when given, ‖H(t) − H(0)‖_F and λmin(H(t)) are recorded. */
  readonly featureGram?: readonly (readonly number[])[];
}

export interface DirectionalFlowTrace {
  readonly t: number[];
  /** ‖e(t)‖². */
  readonly valueResidual: number[];
  /** ‖S(t)‖². */
  readonly derivativeResidual: number[];
  /** max_r ‖w_r(t) − w_r(0)‖ (the largest over the run so far is the last entry's running max). */
  readonly weightMove: number[];
  /** ‖H(t) − H(0)‖_F (empty without featureGram). */
  readonly gramDrift: number[];
  /** λmin(H(t)) (empty without featureGram). */
  readonly gramMin: number[];
}

function squaredNorm(values: Float64Array, from: number, to: number): number {
  let sum = 0;
  for (let p = from; p < to; p++) sum += values[p] * values[p];
  return sum;
}

function frobeniusDistance(A: readonly (readonly number[])[], B: readonly (readonly number[])[]): number {
  let sum = 0;
  A.forEach((row, p) => row.forEach((v, q) => { sum += (v - B[p][q]) ** 2; }));
  return Math.sqrt(sum);
}

/**
 * The residuals and activation patterns at W on flat arrays (the same arithmetic as residualsOf and
 * directionalSobolevGradient, without their allocations and nested-array reads; the flows spend nearly all their time
 * here), and the per-point vectors eᵢxᵢ + c VᵢSᵢ of the gradient. X is n × d, V is n × k × d, both row-major.
 */
function evaluate(net: ReluNet, X: Float64Array, V: Float64Array, y: readonly number[], h: readonly number[], shape: { n: number; k: number }, derivativeWeight: number, patterns: Uint8Array, residuals: Float64Array): Float64Array {
  const { n, k } = shape;
  const { m, d, W, a } = net;
  const u = new Float64Array(n * d);
  for (let r = 0; r < m; r++) {
    const row = r * d;
    for (let i = 0; i < n; i++) {
      let z = 0;
      for (let t = 0; t < d; t++) z += W[row + t] * X[i * d + t];
      const active = z > 0 ? 1 : 0;
      patterns[r * n + i] = active;
      if (active) for (let t = 0; t < d; t++) u[i * d + t] += a[r] * W[row + t];
    }
  }
  const combined = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    let f = 0;
    for (let t = 0; t < d; t++) f += X[i * d + t] * u[i * d + t];
    residuals[i] = y[i] - f;
    for (let t = 0; t < d; t++) combined[i * d + t] = residuals[i] * X[i * d + t];
    for (let j = 0; j < k; j++) {
      const base = (i * k + j) * d;
      let F = 0;
      for (let t = 0; t < d; t++) F += V[base + t] * u[i * d + t];
      const S = h[i * k + j] - F;
      residuals[n + i * k + j] = S;
      for (let t = 0; t < d; t++) combined[i * d + t] += derivativeWeight * S * V[base + t];
    }
  }
  return combined;
}

/** W_r ← W_r − η ∂L/∂w_r = W_r + η a_r Σᵢ σ′(w_rᵀxᵢ)(eᵢxᵢ + c VᵢSᵢ), with `combined` from `evaluate`. */
function descend(net: ReluNet, combined: Float64Array, patterns: Uint8Array, n: number, eta: number): void {
  const { m, d, W, a } = net;
  for (let r = 0; r < m; r++) {
    const row = r * d;
    const scale = eta * a[r];
    for (let i = 0; i < n; i++) {
      if (!patterns[r * n + i]) continue;
      for (let t = 0; t < d; t++) W[row + t] += scale * combined[i * d + t];
    }
  }
}

/** Integrates the flow from `initial` (not modified); throws, naming the step, if a residual becomes non-finite. */
export function directionalSobolevFlow(initial: ReluNet, data: DirectionalInputs, targets: DirectionalTargets, options: DirectionalFlowOptions): DirectionalFlowTrace {
  const { step, time, derivativeWeight, records } = options;
  if (!(step > 0 && time > 0 && Number.isInteger(records) && records >= 1)) {
    throw new Error(`directionalSobolevFlow: need step > 0, time > 0 and an integer records ≥ 1, got step = ${step}, time = ${time}, records = ${records}`);
  }
  const net = cloneReluNet(initial);
  const n = data.x.length;
  const totalSteps = Math.ceil(time / step);
  const recordAt = new Set(Array.from({ length: records + 1 }, (_, q) => Math.round((q * totalSteps) / records)));
  const trace: DirectionalFlowTrace = { t: [], valueResidual: [], derivativeResidual: [], weightMove: [], gramDrift: [], gramMin: [] };
  const gram0 = options.featureGram ? empiricalGram(net, data, options.featureGram) : undefined;
  const { k } = dataShape(data);
  if (net.d !== data.x[0].length) throw new Error(`directionalSobolevFlow: the network takes inputs of dimension ${net.d}, the data have dimension ${data.x[0].length}`);
  const X = Float64Array.from(data.x.flat());
  const V = Float64Array.from(data.frames.flat(2));
  const patterns = new Uint8Array(net.m * n);
  const residuals = new Float64Array(n * (k + 1));
  for (let s = 0; s <= totalSteps; s++) {
    const combined = evaluate(net, X, V, targets.y, targets.h, { n, k }, derivativeWeight, patterns, residuals);
    if (recordAt.has(s)) {
      const valueResidual = squaredNorm(residuals, 0, n);
      if (!Number.isFinite(valueResidual)) throw new Error(`directionalSobolevFlow: the residual is ${valueResidual} at step ${s} (t = ${s * step}); lower the step ${step}`);
      trace.t.push(s * step);
      trace.valueResidual.push(valueResidual);
      trace.derivativeResidual.push(squaredNorm(residuals, n, residuals.length));
      let move = 0;
      for (let r = 0; r < net.m; r++) {
        let sum = 0;
        for (let t = 0; t < net.d; t++) sum += (net.W[r * net.d + t] - initial.W[r * net.d + t]) ** 2;
        move = Math.max(move, Math.sqrt(sum));
      }
      trace.weightMove.push(move);
      if (options.featureGram && gram0) {
        const gram = empiricalGram(net, data, options.featureGram, patterns);
        trace.gramDrift.push(frobeniusDistance(gram, gram0));
        trace.gramMin.push(symmetricEigenvalues(gram)[0]);
      }
    }
    if (s < totalSteps) descend(net, combined, patterns, n, step);
  }
  return trace;
}

/** The first recorded time at which values[q] ≤ fraction · values[0] (NaN when never). */
export function timeToFraction(t: readonly number[], values: readonly number[], fraction: number): number {
  const index = values.findIndex((v) => v <= fraction * values[0]);
  return index < 0 ? Number.NaN : t[index];
}

/** Least-squares slope −d log(values)/dt over the records with t in [from, to] (a decay rate; NaN with < 2 points). */
export function logDecayRate(t: readonly number[], values: readonly number[], from: number, to: number): number {
  const points = t.map((ti, q) => [ti, Math.log(values[q])]).filter(([ti, y]) => ti >= from && ti <= to && Number.isFinite(y));
  if (points.length < 2) return Number.NaN;
  const meanT = points.reduce((s, [ti]) => s + ti, 0) / points.length;
  const meanY = points.reduce((s, [, y]) => s + y, 0) / points.length;
  const covariance = points.reduce((s, [ti, y]) => s + (ti - meanT) * (y - meanY), 0);
  const variance = points.reduce((s, [ti]) => s + (ti - meanT) ** 2, 0);
  return -covariance / variance;
}
