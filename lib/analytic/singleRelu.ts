/**
 * Population losses and gradients for one ReLU node g(x; w) = max(0, w.x), teacher w*, x ~ N(0, I_d)
 * (Assumptions 2.1-2.3 with K = 1). Notation from reluGeometry: a = |w|, b = |w*|, theta = angle(w, w*),
 * u = w* / b, v = w/a.
 *
 * Two Gaussian integrals give everything [1]:
 *   E[relu(w.x) relu(w*.x)] = a b (sin theta + (pi - theta) cos theta) / (2 pi),   E[relu(w.x)^2] = a^2 / 2,
 *   P(w.x > 0) = 1/2,   P(w.x > 0 and w*.x > 0) = (pi - theta) / (2 pi).
 *
 * The H^1 term J has a kink: J = L + a b sin(theta) / (2 pi) = L + b |(I - u u^T) w| / (2 pi), a cone along the
 * line through w* (checked in the tests). So J and H = L + J are not differentiable where sin theta = 0,
 * including at the minimiser w = w*, and their exact gradients below are NaN there.
 *
 * References
 * [1] Tian, "An analytical formula of population gradient for two-layered ReLU network and its applications
 *     in convergence and critical point analysis", ICML 2017 (reference [34] of the paper).
 */
import { dot, scale, sub } from "../numeric/linalg.js";
import { reluGeometry } from "./singleReluGeometry.js";

/**
 * L(w) = E[(g(x; w) - g(x; w*))^2 / 2] (Section 2.1), in closed form [1]:
 *   L = a^2/4 + b^2/4 - a b (sin theta + (pi - theta) cos theta) / (2 pi).
 *
 * @param w - student weights, length d; @param wStar - teacher weights, length d
 */
export function populationLossL(w: readonly number[], wStar: readonly number[]): number {
  const { normW: a, normWStar: b, theta, sinTheta, cosTheta } = reluGeometry(w, wStar);
  return (a * a) / 4 + (b * b) / 4 - (a * b * (sinTheta + (Math.PI - theta) * cosTheta)) / (2 * Math.PI);
}

/**
 * J(w) = E[|grad_x g(x; w) - grad_x g(x; w*)|^2 / 2] (Section 2.1), with grad_x g(x; w) = 1[w.x > 0] w:
 *   J = a^2/4 + b^2/4 - (pi - theta) / (2 pi) w.w*.
 *
 * @param w - student weights, length d; @param wStar - teacher weights, length d
 */
export function populationLossJ(w: readonly number[], wStar: readonly number[]): number {
  const { normW: a, normWStar: b, theta } = reluGeometry(w, wStar);
  return (a * a) / 4 + (b * b) / 4 - ((Math.PI - theta) / (2 * Math.PI)) * dot(w, wStar);
}

/**
 * grad_w L from [1], quoted in the proof of Theorem 2.5 (Appendix B):
 *   grad L = 1/2 (w - w*) + 1/(2 pi) (theta w* - (b / a) sin theta w).
 * It is the exact gradient of populationLossL (and the mean of the per-sample autodiff gradient).
 *
 * @returns length-d vector
 */
export function populationGradientL(w: readonly number[], wStar: readonly number[]): number[] {
  const { normW: a, normWStar: b, theta, sinTheta } = reluGeometry(w, wStar);
  const coefficientW = 0.5 - (b * sinTheta) / (2 * Math.PI * a);
  const coefficientWStar = -0.5 + theta / (2 * Math.PI);
  return w.map((wi, i) => coefficientW * wi + coefficientWStar * wStar[i]);
}

/**
 * The paper's "grad_w J" (proof of Theorem 2.10, used in the proof of Theorem 2.5):
 *   (pi - theta)/(2 pi) (w - w*) + theta/(2 pi) w  =  w/2 - (pi - theta)/(2 pi) w*.
 * This is E[1[w.x > 0] (1[w.x > 0] w - 1[w*.x > 0] w*)], the mean of the per-sample gradient that autodiff
 * returns (the indicator's derivative taken as zero). It is NOT the gradient of populationLossJ: see
 * exactGradientJ for the missing term.
 *
 * @returns length-d vector
 */
export function paperGradientJ(w: readonly number[], wStar: readonly number[]): number[] {
  const { theta } = reluGeometry(w, wStar);
  const coefficientWStar = -(Math.PI - theta) / (2 * Math.PI);
  return w.map((wi, i) => 0.5 * wi + coefficientWStar * wStar[i]);
}

/**
 * The term that moving the indicator's jump adds to grad J (differentiate theta in populationLossJ):
 *   exactGradientJ - paperGradientJ = -b cos theta / (2 pi sin theta) (u - cos theta v).
 * Its norm is b |cos theta| / (2 pi), which does not vanish as theta -> 0 (the kink of J).
 *
 * @returns length-d vector; NaN entries when sin theta = 0
 */
export function indicatorJumpTermJ(w: readonly number[], wStar: readonly number[]): number[] {
  const { normWStar: b, sinTheta, cosTheta, u, v } = reluGeometry(w, wStar);
  return scale((-b * cosTheta) / (2 * Math.PI * sinTheta), sub(u, scale(cosTheta, v)));
}

/**
 * The true gradient of populationLossJ, from grad theta = -(u - cos theta v) / (a sin theta):
 *   grad J = w/2 - (pi - theta)/(2 pi) w* - b cos theta / (2 pi sin theta) (u - cos theta v)
 *          = paperGradientJ + indicatorJumpTermJ.
 *
 * @returns length-d vector; NaN entries when sin theta = 0 (J is not differentiable there)
 */
export function exactGradientJ(w: readonly number[], wStar: readonly number[]): number[] {
  const paper = paperGradientJ(w, wStar);
  const jump = indicatorJumpTermJ(w, wStar);
  return paper.map((p, i) => p + jump[i]);
}
