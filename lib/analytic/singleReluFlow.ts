/**
 * Gradient flows of one ReLU node: the Lyapunov function V(w) = |w - w*|^2 of Theorems 2.9 and 2.10, the
 * matrices M1, M2 and the rate lambda(theta) of Theorem 2.10 (proof: eqs. (4)-(11)), and the one-step
 * comparison of Corollary 2.8 with its matrices N1-N5. Notation from reluGeometry: a = |w|, b = |w*|,
 * theta = angle(w, w*); "q(M)" is the quadratic form (b, a) M (b, a)^T in the vector of norms.
 *
 * Two fields stand for "grad H" (see singleRelu.ts):
 *   gradientHPaper = grad L + paperGradientJ: what the paper prints and uses, the mean per-sample autodiff
 *                    gradient of H (indicator derivative taken as zero);
 *   gradientHExact = grad L + exactGradientJ: the true gradient of the population loss H = L + J.
 * grad L is both (the per-sample L loss is continuous in w).
 *
 * What holds (derived here, checked in singleReluFlow.test.ts):
 *   dV/dt = 2 (w - w*).w'; the paper writes -(w - w*)^T grad (Theorems 2.9, 2.10), half of it.
 *   (w - w*).grad L = q(M1) / (4 pi),  (w - w*).paperGradientJ = q(M2) / (4 pi); the proof of Theorem 2.10
 *   prints them without the 1/(4 pi).  M1 is also the N2 of Corollary 2.8, and M1 + M2 = N4.
 *   (w - w*).(exactGradientJ - paperGradientJ) = b^2 sin theta cos theta / (2 pi) >= 0 for theta <= pi/2.
 */
import { Matrix } from "ml-matrix";
import { add, dot, norm, scale, sub } from "../numeric/linalg.js";
import { exactGradientJ, paperGradientJ, populationGradientL } from "./singleRelu.js";
import { reluGeometry } from "./singleReluGeometry.js";

/** A gradient field w -> grad(w) for a fixed teacher. */
export type GradientField = (w: readonly number[], wStar: readonly number[]) => number[];

/** V(w) = |w - w*|^2 (Theorems 2.9, 2.10). */
export function lyapunovV(w: readonly number[], wStar: readonly number[]): number {
  const difference = sub(w, wStar);
  return dot(difference, difference);
}

/** dV/dt = 2 (w - w*).w' along a flow with velocity w' (chain rule); for w' = -grad: -2 (w - w*).grad. */
export function lyapunovRate(w: readonly number[], wStar: readonly number[], velocity: readonly number[]): number {
  return 2 * dot(sub(w, wStar), velocity);
}

/** The paper's "dV/dt = -(w - w*)^T grad" (Theorem 2.9 line 129, Theorem 2.10 lines 135, 443): half of lyapunovRate. */
export function printedLyapunovRate(w: readonly number[], wStar: readonly number[], gradient: readonly number[]): number {
  return -dot(sub(w, wStar), gradient);
}

/** grad L + paperGradientJ: the paper's grad H (proofs of Theorems 2.5 and 2.10), = E[per-sample autodiff grad of H]. */
export function gradientHPaper(w: readonly number[], wStar: readonly number[]): number[] {
  return add(populationGradientL(w, wStar), paperGradientJ(w, wStar));
}

/** grad L + exactGradientJ: the true gradient of H = L + J (NaN where sin theta = 0, where H has a kink). */
export function gradientHExact(w: readonly number[], wStar: readonly number[]): number[] {
  return add(populationGradientL(w, wStar), exactGradientJ(w, wStar));
}

/** lambda(theta) = (2 pi - theta) - sqrt(theta^2 + (2 pi - theta)^2 cos^2 theta), Theorem 2.10 (line 137) = eq. (8). */
export function accelerationRate(theta: number): number {
  const s = 2 * Math.PI - theta;
  return s - Math.sqrt(theta * theta + s * s * Math.cos(theta) ** 2);
}

/**
 * The maximum of lambda on [0, pi/2] by golden-section search (lambda is unimodal there): theta ~ 1.44410,
 * lambda ~ 3.27087. Section 2.3 (lines 137, 445) says lambda increases on [0, pi/2); it decreases on
 * (1.44410, pi/2), to lambda(pi/2) = pi.
 */
export function accelerationRatePeak(): { theta: number; lambda: number } {
  const ratio = (Math.sqrt(5) - 1) / 2;
  let low = 0;
  let high = Math.PI / 2;
  while (high - low > 1e-12) {
    const left = high - ratio * (high - low);
    const right = low + ratio * (high - low);
    if (accelerationRate(left) < accelerationRate(right)) low = left;
    else high = right;
  }
  const theta = (low + high) / 2;
  return { theta, lambda: accelerationRate(theta) };
}

function symmetric2(m11: number, m12: number, m22: number): Matrix {
  return new Matrix([
    [m11, m12],
    [m12, m22],
  ]);
}

/** M1 = [[sin 2theta + 2pi - 2theta, -(2pi - theta) cos theta - sin theta], [., 2pi]], proof of Theorem 2.10 (line 455). */
export function matrixM1(theta: number): Matrix {
  return symmetric2(Math.sin(2 * theta) + 2 * Math.PI - 2 * theta, -(2 * Math.PI - theta) * Math.cos(theta) - Math.sin(theta), 2 * Math.PI);
}

/** M2 = [[2pi - 2theta, -(2pi - theta) cos theta], [., 2pi]], proof of Theorem 2.10 (line 455); lambda_min(M2) = lambda(theta). */
export function matrixM2(theta: number): Matrix {
  return symmetric2(2 * Math.PI - 2 * theta, -(2 * Math.PI - theta) * Math.cos(theta), 2 * Math.PI);
}

/** q(M) = (|w*|, |w|) M (|w*|, |w|)^T for a 2 x 2 matrix M (the paper's vector of norms puts |w*| first). */
export function normQuadraticForm(M: Matrix, w: readonly number[], wStar: readonly number[]): number {
  const b = norm(wStar);
  const a = norm(w);
  return M.get(0, 0) * b * b + (M.get(0, 1) + M.get(1, 0)) * a * b + M.get(1, 1) * a * a;
}

/** Right side of Theorem 2.10 as printed (lines 135, 443): -(w - w*)^T grad L - lambda(theta) (|w|^2 + |w*|^2). */
export function theorem210BoundPrinted(w: readonly number[], wStar: readonly number[]): number {
  const { theta, normW, normWStar } = reluGeometry(w, wStar);
  return printedLyapunovRate(w, wStar, populationGradientL(w, wStar)) - accelerationRate(theta) * (normW ** 2 + normWStar ** 2);
}

/**
 * A bound that holds for the true dV/dt = -2 (w - w*).grad H along both fields (gradientHPaper, gradientHExact):
 *   dV/dt <= -2 (w - w*).grad L - lambda(theta) (|w|^2 + |w*|^2) / (2 pi),
 * from 2 (w - w*).paperGradientJ = q(M2) / (2 pi) >= lambda_min(M2) (a^2 + b^2) / (2 pi) and the nonnegative
 * extra term of the exact field. Equivalently, in the paper's halved convention, lambda / (4 pi) replaces lambda.
 */
export function theorem210BoundCorrected(w: readonly number[], wStar: readonly number[]): number {
  const { theta, normW, normWStar } = reluGeometry(w, wStar);
  return lyapunovRate(w, wStar, scale(-1, populationGradientL(w, wStar))) - (accelerationRate(theta) * (normW ** 2 + normWStar ** 2)) / (2 * Math.PI);
}

/** N1 of Corollary 2.8 (line 409): eta^2 |grad L|^2 = eta^2 / (4 pi^2) q(N1). */
export function matrixN1(theta: number): Matrix {
  const t = theta - Math.PI;
  return symmetric2(t * t + Math.sin(theta) ** 2 - t * Math.sin(2 * theta), Math.PI * t * Math.cos(theta) - Math.PI * Math.sin(theta), Math.PI ** 2);
}

/** N2 of Corollary 2.8 (line 413): -2 eta grad L.(w - w*) = -eta / (2 pi) q(N2). Identical to M1. */
export function matrixN2(theta: number): Matrix {
  return symmetric2(Math.sin(2 * theta) + (2 * Math.PI - 2 * theta), (theta - 2 * Math.PI) * Math.cos(theta) - Math.sin(theta), 2 * Math.PI);
}

/** N3 of Corollary 2.8 (line 421): eta^2 |grad L + grad J|^2 = eta^2 / (4 pi^2) q(N3), with the paper's grad J. */
export function matrixN3(theta: number): Matrix {
  const t = theta - Math.PI;
  return symmetric2(
    4 * t * t + Math.sin(theta) ** 2 - 2 * t * Math.sin(2 * theta),
    4 * Math.PI * t * Math.cos(theta) - 2 * Math.PI * Math.sin(theta),
    4 * Math.PI ** 2,
  );
}

/** N4 of Corollary 2.8 (line 425): -2 eta (grad L + grad J).(w - w*) = -eta / (2 pi) q(N4). Equals M1 + M2. */
export function matrixN4(theta: number): Matrix {
  return symmetric2(Math.sin(2 * theta) - 4 * (theta - Math.PI), (2 * theta - 4 * Math.PI) * Math.cos(theta) - Math.sin(theta), 4 * Math.PI);
}

/** N5 of Corollary 2.8 (line 431): eta^2 (|grad L|^2 - |grad L + grad J|^2) = eta^2 / (4 pi^2) q(N5); N5 = N1 - N3. */
export function matrixN5(theta: number): Matrix {
  const t = theta - Math.PI;
  return symmetric2(-3 * t * t + t * Math.sin(2 * theta), -3 * Math.PI * t * Math.cos(theta) + Math.PI * Math.sin(theta), -3 * Math.PI ** 2);
}

/** One gradient-descent step w - eta grad (Corollary 2.8). */
export function gradientDescentStep(w: readonly number[], gradient: readonly number[], eta: number): number[] {
  return sub(w, scale(eta, gradient));
}

/**
 * C of Corollary 2.8, from its proof (line 439): C = -2 grad J.(w - w*) / (|grad L|^2 - |grad L + grad J|^2),
 * the step size below which |w2_new - w*|^2 < |w1_new - w*|^2. Equals 4/3 at theta = 0 (paper field).
 *
 * @param gradientJ - paperGradientJ (the paper's, default) or exactGradientJ
 */
export function stepSizeBoundC(w: readonly number[], wStar: readonly number[], gradientJ: GradientField = paperGradientJ): number {
  const gL = populationGradientL(w, wStar);
  const gJ = gradientJ(w, wStar);
  const gH = add(gL, gJ);
  return (-2 * dot(gJ, sub(w, wStar))) / (dot(gL, gL) - dot(gH, gH));
}

/**
 * |w1_new - w*|^2 - |w2_new - w*|^2 = eta^2 (|grad L|^2 - |grad L + grad J|^2) + 2 eta grad J.(w - w*), the
 * quantity the proof of Corollary 2.8 shows positive for 0 < eta < C (line 437).
 */
export function squaredDistanceGain(w: readonly number[], wStar: readonly number[], eta: number, gradientJ: GradientField = paperGradientJ): number {
  const gL = populationGradientL(w, wStar);
  const one = gradientDescentStep(w, gL, eta);
  const two = gradientDescentStep(w, add(gL, gradientJ(w, wStar)), eta);
  return lyapunovV(one, wStar) - lyapunovV(two, wStar);
}

/**
 * F of Corollary 2.8, which the paper announces as explicit but never writes: here the largest F for which the
 * claimed |w2_new - w*| <= |w1_new - w*| - F holds, F = |w1_new - w*| - |w2_new - w*|
 *   = squaredDistanceGain / (|w1_new - w*| + |w2_new - w*|).
 */
export function stepImprovementF(w: readonly number[], wStar: readonly number[], eta: number, gradientJ: GradientField = paperGradientJ): number {
  const gL = populationGradientL(w, wStar);
  const one = gradientDescentStep(w, gL, eta);
  const two = gradientDescentStep(w, add(gL, gradientJ(w, wStar)), eta);
  return norm(sub(one, wStar)) - norm(sub(two, wStar));
}
