/**
 * Training data for directional Sobolev training (Cocola & Hand, "Global Convergence of Sobolev Training for
 * Overparameterized Neural Networks", eqs. (2)-(3)): points xᵢ on the unit sphere of ℝᵈ, frames Vᵢ ∈ ℝ^{d×k}
 * with orthonormal columns, values yᵢ = f*(xᵢ) and directional derivatives hᵢ = Vᵢᵀ∇f*(xᵢ); the constants of
 * Assumption 1 (δ₁ of eq. (7), δ₂ of eq. (8)) and Assumption 2 (δ̂₁ of eq. (13)); and the lift of Section 2.1 that
 * turns the network with bias (10) into the network (4) on ℝ^{d+1}.
 */
import { dot, norm } from "../numeric/linalg.js";
import type { SeededRandom } from "../numeric/random.js";

/** Inputs of eq. (2): x[i] ∈ ℝᵈ (unit norm) and frames[i][j] = v_{i,j}, the j-th column of Vᵢ (orthonormal). */
export interface DirectionalInputs {
  readonly x: readonly number[][];
  readonly frames: readonly number[][][];
}

/** Targets of eq. (3): y ∈ ℝⁿ and h ∈ ℝ^{nk} (block i is hᵢ = Vᵢᵀ∇f*(xᵢ)). */
export interface DirectionalTargets {
  readonly y: readonly number[];
  readonly h: readonly number[];
}

/** A smooth target f*(x) = Σ_q c_q sin(u_qᵀx) with its gradient, for eq. (3). */
export interface SineTarget {
  readonly directions: readonly number[][];
  readonly coefficients: readonly number[];
}

/** n, d, k of a data set, with a check that every frame has k orthonormal columns of length d. */
export function dataShape(data: DirectionalInputs): { n: number; d: number; k: number } {
  const n = data.x.length;
  if (n === 0 || data.frames.length !== n) throw new Error(`dataShape: need n ≥ 1 points and as many frames, got ${n} points and ${data.frames.length} frames`);
  const d = data.x[0].length;
  const k = data.frames[0].length;
  for (let i = 0; i < n; i++) {
    if (data.x[i].length !== d || data.frames[i].length !== k || data.frames[i].some((v) => v.length !== d)) {
      throw new Error(`dataShape: point ${i} has dimension ${data.x[i].length} and ${data.frames[i].length} directions; expected d = ${d}, k = ${k}`);
    }
  }
  return { n, d, k };
}

function normalised(v: readonly number[]): number[] {
  const length = norm(v);
  return v.map((c) => c / length);
}

/** k orthonormal vectors of ℝᵈ: Gram-Schmidt of Gaussian draws (twice, for float64 orthogonality). */
function randomFrame(d: number, k: number, rng: SeededRandom): number[][] {
  const frame: number[][] = [];
  while (frame.length < k) {
    let v = rng.gaussianVector(d);
    for (let pass = 0; pass < 2; pass++) for (const u of frame) { const c = dot(u, v); v = v.map((vi, t) => vi - c * u[t]); }
    if (norm(v) > 1e-8) frame.push(normalised(v));
  }
  return frame;
}

/**
 * n uniform points of the unit sphere of ℝᵈ, each with a uniformly random orthonormal k-frame, redrawn until
 * Assumption 1 holds with δ₂ < maxDelta2 (default 1/k, eq. (8)). Throws after `attempts` redraws of a point.
 */
export function sphereData(n: number, d: number, k: number, rng: SeededRandom, options: { maxDelta2?: number; attempts?: number } = {}): DirectionalInputs {
  if (!(Number.isInteger(n) && n >= 1 && Number.isInteger(k) && k >= 1 && Number.isInteger(d) && d >= k + 1)) {
    throw new Error(`sphereData: need integers n ≥ 1, k ≥ 1 and d ≥ k + 1, got n = ${n}, d = ${d}, k = ${k}`);
  }
  const maxDelta2 = options.maxDelta2 ?? 1 / k;
  const attempts = options.attempts ?? 1000;
  const x: number[][] = [];
  const frames: number[][][] = [];
  for (let i = 0; i < n; i++) {
    const xi = normalised(rng.gaussianVector(d));
    let frame = randomFrame(d, k, rng);
    for (let a = 0; Math.max(...frame.map((v) => Math.abs(dot(v, xi)))) >= maxDelta2; a++) {
      if (a >= attempts) throw new Error(`sphereData: no frame with max|vᵀx| < ${maxDelta2} in ${attempts} draws (d = ${d}, k = ${k}); raise d or maxDelta2`);
      frame = randomFrame(d, k, rng);
    }
    x.push(xi);
    frames.push(frame);
  }
  return { x, frames };
}

/** δ₁ of eq. (7): min over i ≠ j of min(‖xᵢ − xⱼ‖, ‖xᵢ + xⱼ‖) (Infinity for n = 1). */
export function separationDelta1(data: DirectionalInputs): number {
  let delta = Infinity;
  for (let i = 0; i < data.x.length; i++) {
    for (let j = 0; j < i; j++) {
      const minus = norm(data.x[i].map((v, t) => v - data.x[j][t]));
      const plus = norm(data.x[i].map((v, t) => v + data.x[j][t]));
      delta = Math.min(delta, minus, plus);
    }
  }
  return delta;
}

/** δ̂₁ of eq. (13) (Assumption 2): min over i ≠ j of ‖xᵢ − xⱼ‖. */
export function separationHatDelta1(data: DirectionalInputs): number {
  let delta = Infinity;
  for (let i = 0; i < data.x.length; i++) {
    for (let j = 0; j < i; j++) delta = Math.min(delta, norm(data.x[i].map((v, t) => v - data.x[j][t])));
  }
  return delta;
}

/** δ₂ of eq. (8): max over i, j of |v_{i,j}ᵀxᵢ|. */
export function tiltDelta2(data: DirectionalInputs): number {
  return Math.max(...data.x.map((xi, i) => Math.max(...data.frames[i].map((v) => Math.abs(dot(v, xi))))));
}

/** α = 1/(2k) and β = √(1 − α²) of eq. (10). */
export function biasConstants(k: number): { alpha: number; beta: number } {
  const alpha = 1 / (2 * k);
  return { alpha, beta: Math.sqrt(1 - alpha * alpha) };
}

/**
 * Section 2.1's network with bias as the network (4) on lifted data: σ(αwᵀx + βb) = σ(w̃ᵀx̃) with w̃ = (w, b),
 * x̃ = (αx, β) (unit norm since α² + β² = 1), and (1/α)Vᵀ∇ₓg = Ṽᵀ∇_x̃ g̃ with Ṽ = (V; 0); the targets of loss (11)
 * become (y, h/α).
 */
export function liftWithBias(data: DirectionalInputs, targets?: DirectionalTargets): { data: DirectionalInputs; targets?: DirectionalTargets } {
  const { k } = dataShape(data);
  const { alpha, beta } = biasConstants(k);
  const lifted: DirectionalInputs = {
    x: data.x.map((xi) => [...xi.map((v) => alpha * v), beta]),
    frames: data.frames.map((frame) => frame.map((v) => [...v, 0])),
  };
  return { data: lifted, targets: targets && { y: [...targets.y], h: targets.h.map((v) => v / alpha) } };
}

/** A target f*(x) = Σ_q c_q sin(u_qᵀx) with `terms` Gaussian directions u_q (scaled by `frequency`) and c_q = 1/√terms. */
export function sineTarget(d: number, terms: number, frequency: number, rng: SeededRandom): SineTarget {
  return {
    directions: Array.from({ length: terms }, () => rng.gaussianVector(d).map((v) => frequency * v)),
    coefficients: new Array(terms).fill(1 / Math.sqrt(terms)),
  };
}

/** y and h of eq. (3) for a sine target: yᵢ = f*(xᵢ), hᵢ = Vᵢᵀ∇f*(xᵢ), ∇f* = Σ_q c_q cos(u_qᵀx) u_q. */
export function sineTargets(data: DirectionalInputs, target: SineTarget): DirectionalTargets {
  const y: number[] = [];
  const h: number[] = [];
  data.x.forEach((xi, i) => {
    let value = 0;
    const gradient = new Array(xi.length).fill(0);
    target.directions.forEach((u, q) => {
      const phase = dot(u, xi);
      value += target.coefficients[q] * Math.sin(phase);
      u.forEach((ut, t) => { gradient[t] += target.coefficients[q] * Math.cos(phase) * ut; });
    });
    y.push(value);
    for (const v of data.frames[i]) h.push(dot(v, gradient));
  });
  return { y, h };
}

/** The value of the sine target at one point (for finite-difference checks of `sineTargets`). */
export function sineTargetValue(target: SineTarget, x: readonly number[]): number {
  return target.directions.reduce((sum, u, q) => sum + target.coefficients[q] * Math.sin(dot(u, x)), 0);
}
