/**
 * The Gram matrix H∞ of Definition 1 (Cocola & Hand) in closed form, its value block (the Gram matrix of standard
 * L² training of the same network), and the bounds printed for its least eigenvalue λ*: Proposition 1, Lemma 5,
 * Lemma 6 and Theorem 2.
 *
 * Ordering (Definition 1): Ω(w) = [φ_w(x₁), …, φ_w(xₙ), ψ_w(x₁), …, ψ_w(xₙ)], so index i < n is the value at xᵢ
 * and index n + ik + j the derivative of xᵢ along v_{i,j}. Every entry is E[σ′(wᵀxₚ)σ′(wᵀx_q)] uₚᵀu_q, uₚ ∈ {xᵢ, v_{i,j}},
 * and for w ~ N(0, I) [1]
 *   E[1{wᵀa > 0} 1{wᵀb > 0}] = (π − ∠(a, b)) / (2π).
 *
 * [1] Cho & Saul, "Kernel methods for deep learning", NIPS 2009 (arc-cosine kernel of degree 0).
 */
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { dot, norm } from "../numeric/linalg.js";
import { biasConstants, dataShape, separationDelta1, tiltDelta2, type DirectionalInputs } from "./cocolaHandData.js";

/** E_{w~N(0,I)}[1{wᵀa > 0} 1{wᵀb > 0}] = (π − ∠(a, b))/(2π). */
export function activationOverlap(a: readonly number[], b: readonly number[]): number {
  const cosine = Math.max(-1, Math.min(1, dot(a, b) / (norm(a) * norm(b))));
  return (Math.PI - Math.acos(cosine)) / (2 * Math.PI);
}

/** The point index i of row p of H (p < n: value; p ≥ n: derivative block of point ⌊(p − n)/k⌋). */
export function pointOfIndex(p: number, n: number, k: number): number {
  return p < n ? p : Math.floor((p - n) / k);
}

/** The feature vector uₚ of row p: xᵢ for a value row, v_{i,j} for a derivative row. */
export function featureOfIndex(data: DirectionalInputs, p: number): readonly number[] {
  const { n, k } = dataShape(data);
  if (p < n) return data.x[p];
  const i = Math.floor((p - n) / k);
  return data.frames[i][(p - n) % k];
}

/** G with Gₚq = uₚᵀu_q, the Gram matrix of the columns of [x₁ … xₙ, V₁ … Vₙ] (n(k+1) square). */
export function featureGram(data: DirectionalInputs): number[][] {
  const { n, k } = dataShape(data);
  const size = n * (k + 1);
  const features = Array.from({ length: size }, (_, p) => featureOfIndex(data, p));
  return features.map((u) => features.map((v) => dot(u, v)));
}

/**
 * H∞ of Definition 1 in closed form: H∞ₚq = (π − θ_{i(p) i(q)})/(2π) · uₚᵀu_q, θᵢⱼ = ∠(xᵢ, xⱼ).
 * @returns n(k+1) square, values first (block A), then derivatives (block C), as in eq. (14)
 */
export function gramInfinity(data: DirectionalInputs): number[][] {
  const { n, k } = dataShape(data);
  const overlap = data.x.map((a) => data.x.map((b) => activationOverlap(a, b)));
  return featureGram(data).map((row, p) => row.map((g, q) => overlap[pointOfIndex(p, n, k)][pointOfIndex(q, n, k)] * g));
}

/** The value block of H∞ (the A block of eq. (14) in expectation): the Gram matrix of standard L² training. */
export function gramInfinityL2(data: DirectionalInputs): number[][] {
  const { n } = dataShape(data);
  return gramInfinity(data).slice(0, n).map((row) => row.slice(0, n));
}

/** Eigenvalues of a symmetric matrix, ascending (ml-matrix, symmetric QL). */
export function symmetricEigenvalues(M: readonly (readonly number[])[]): number[] {
  const decomposition = new EigenvalueDecomposition(new Matrix(M.map((row) => [...row])), { assumeSymmetric: true });
  return [...decomposition.realEigenvalues].sort((a, b) => a - b);
}

/** λ* of Definition 1: the least eigenvalue of H∞. */
export function lambdaStar(data: DirectionalInputs): number {
  return symmetricEigenvalues(gramInfinity(data))[0];
}

/** λ₀: the least eigenvalue of the value block H∞_L2 (standard training's Gram matrix). */
export function lambdaZeroL2(data: DirectionalInputs): number {
  return symmetricEigenvalues(gramInfinityL2(data))[0];
}

/** Lemma 5's printed bound δ₁/(100n²) on λmin(E[M(w)]), M(w)ᵢⱼ = σ′(wᵀxᵢ)σ′(wᵀxⱼ). */
export function lemma5Bound(data: DirectionalInputs): number {
  return separationDelta1(data) / (100 * data.x.length ** 2);
}

/** λmin(E[M(w)]) with E[M]ᵢⱼ = (π − θᵢⱼ)/(2π) (Definition 3). */
export function activationKernelMinEigenvalue(data: DirectionalInputs): number {
  return symmetricEigenvalues(data.x.map((a) => data.x.map((b) => activationOverlap(a, b))))[0];
}

/** min over i of λmin(XᵢᵀXᵢ), Xᵢ = [xᵢ, Vᵢ] (Lemma 6 bounds it below by 1 − kδ₂). */
export function frameGramMinEigenvalue(data: DirectionalInputs): number {
  return Math.min(...data.x.map((xi, i) => {
    const columns = [xi, ...data.frames[i]];
    return symmetricEigenvalues(columns.map((a) => columns.map((b) => dot(a, b))))[0];
  }));
}

/** Proposition 1's bound (1 − kδ₂)δ₁/(100n²). */
export function proposition1Bound(data: DirectionalInputs): number {
  const { n, k } = dataShape(data);
  return ((1 - k * tiltDelta2(data)) * separationDelta1(data)) / (100 * n * n);
}

/** Theorem 2's bound δ/(200n²), δ = min(αδ̂₁, 2β), α = 1/(2k), β = √(1 − α²). */
export function theorem2Bound(hatDelta1: number, n: number, k: number): number {
  const { alpha, beta } = biasConstants(k);
  return Math.min(alpha * hatDelta1, 2 * beta) / (200 * n * n);
}

/** Lemma 2's width 32 n(k+1) ln(n(k+1)/δ)/λ*, above which λmin(H(0)) ≥ ¾λ* with probability 1 − δ. */
export function lemma2Width(n: number, k: number, lambda: number, delta: number): number {
  const p = n * (k + 1);
  return (32 * p * Math.log(p / delta)) / lambda;
}

/** Lemma 3's bound (2√(nk) + γ)/√δ on ‖e(0)‖ + ‖S(0)‖, γ = ‖y‖ + ‖h‖. */
export function lemma3Bound(n: number, k: number, gamma: number, delta: number): number {
  return (2 * Math.sqrt(n * k) + gamma) / Math.sqrt(delta);
}

/** Lemma 4's radius R = (4/λ*)√(kn/m)(‖e(0)‖ + ‖S(0)‖). */
export function lemma4Radius(n: number, k: number, m: number, lambda: number, initialResidualSum: number): number {
  return (4 / lambda) * Math.sqrt((k * n) / m) * initialResidualSum;
}

/**
 * E‖Ω(w)ᵀΩ(w) − H∞‖²_F = Σₚq pᵢⱼ(1 − pᵢⱼ)(uₚᵀu_q)², pᵢⱼ = (π − θᵢⱼ)/(2π) (each entry is a 0/1 variable times uₚᵀu_q).
 * H(0) of a width-m network under (9) is the mean of m such matrices (a_r² = 1/m), so E‖H(0) − H∞‖²_F is this / m.
 */
export function gramInfinityVariance(data: DirectionalInputs): number {
  const { n, k } = dataShape(data);
  const overlap = data.x.map((a) => data.x.map((b) => activationOverlap(a, b)));
  let sum = 0;
  featureGram(data).forEach((row, p) => row.forEach((g, q) => {
    const probability = overlap[pointOfIndex(p, n, k)][pointOfIndex(q, n, k)];
    sum += probability * (1 - probability) * g * g;
  }));
  return sum;
}

/** Theorem 1's width n⁶k⁴γ²/(λ*⁴δ³) (the Ω(·) with constant 1). */
export function theorem1Width(n: number, k: number, gamma: number, lambda: number, delta: number): number {
  return (n ** 6 * k ** 4 * gamma ** 2) / (lambda ** 4 * delta ** 3);
}
