/**
 * One ReLU^2 node g(x; w) = relu(w.x)^2 under x ~ N(0, I_d): the H^2 population losses I1, I2, I3 of
 * Theorem 2.11 (paper lines 143-147, proof lines 489-543), their gradients as printed and as they are, and
 * the matrices M, M2 of the proof. Notation: a = |w|, b = |w*|, theta = angle(w, w*), c = cos theta,
 * s = sin theta, p = w.x, q = w*.x, u = w* / b, v = w/a, and the arc-cosine kernels [1]
 *   E[relu(p)^n relu(q)^n] = a^n b^n J_n(theta) / (2 pi),
 *   J_0 = pi - theta,  J_1 = s + (pi - theta) c,  J_2 = 3 s c + (pi - theta)(1 + 2 c^2).
 * With grad_x g = 2 relu(p) w and hess_x g = 2 1[p > 0] w w^T, and the 1/2 of Section 2.1 on every term:
 *   I1 = E[(g(w) - g(w*))^2] / 2            = 3 (a^4 + b^4) / 4 - a^2 b^2 J_2 / (2 pi),
 *   I2 = E|grad_x g(w) - grad_x g(w*)|^2 / 2 = a^4 + b^4 - (2/pi) a^2 b^2 c J_1,
 *   I3 = E||hess_x g(w) - hess_x g(w*)||^2 / 2 = a^4 + b^4 - (2/pi) (pi - theta) a^2 b^2 c^2.
 * The theorem's statement (line 143) defines I3 WITHOUT the 1/2; its proof (line 533) uses it. Everything
 * here follows the proof; the statement's I3 and its gradients are twice these.
 *
 * Which gradient is which (checked in singleReluSquared.test.ts):
 *   I1, I2: the per-sample losses are continuous in w (relu^2 is C^1), so the mean per-sample autodiff gradient
 *           equals the gradient of the population loss. grad I2 is printed correctly (line 521); grad I1 is
 *           printed with |w*| where |w*|^2 belongs (line 501; the preceding line 499 has it right).
 *   I3:     the per-sample loss jumps where w.x changes sign, as for J of the ReLU node. The printed grad I3
 *           (line 533) is the mean per-sample autodiff gradient; the true gradient adds jumpTermI3.
 *
 * References
 * [1] Cho & Saul, "Kernel methods for deep learning", NIPS 2009, eq. (6) (arc-cosine kernels J_n).
 */
import { Matrix } from "ml-matrix";
import { add, dot, scale, sub } from "../numeric/linalg.js";
import { matrixM2 } from "./singleReluFlow.js";
import { reluGeometry } from "./singleReluGeometry.js";

/** J_n(theta) for n = 0, 1, 2 [1]: E[relu(p)^n relu(q)^n] = |w|^n |w*|^n J_n(theta) / (2 pi). */
export function arcCosineJ(n: 0 | 1 | 2, theta: number): number {
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  if (n === 0) return Math.PI - theta;
  if (n === 1) return s + (Math.PI - theta) * c;
  return 3 * s * c + (Math.PI - theta) * (1 + 2 * c * c);
}

/** I1 = E[(relu(w.x)^2 - relu(w*.x)^2)^2] / 2 = 3 (a^4 + b^4) / 4 - a^2 b^2 J_2(theta) / (2 pi) (derived). */
export function reluSquaredLossI1(w: readonly number[], wStar: readonly number[]): number {
  const { normW: a, normWStar: b, theta } = reluGeometry(w, wStar);
  return (3 * (a ** 4 + b ** 4)) / 4 - (a * a * b * b * arcCosineJ(2, theta)) / (2 * Math.PI);
}

/** I2 = E|2 relu(w.x) w - 2 relu(w*.x) w*|^2 / 2 = a^4 + b^4 - (2/pi) a^2 b^2 cos(theta) J_1(theta) (derived). */
export function reluSquaredLossI2(w: readonly number[], wStar: readonly number[]): number {
  const { normW: a, normWStar: b, theta, cosTheta } = reluGeometry(w, wStar);
  return a ** 4 + b ** 4 - (2 / Math.PI) * a * a * b * b * cosTheta * arcCosineJ(1, theta);
}

/**
 * I3 = E||2 1[w.x > 0] w w^T - 2 1[w*.x > 0] w* w*^T||_F^2 / 2 = a^4 + b^4 - (2/pi)(pi - theta)(w.w*)^2 (derived),
 * the proof's convention (line 533); convention "statement" drops the 1/2 as line 143 does (twice the value).
 */
export function reluSquaredLossI3(w: readonly number[], wStar: readonly number[], convention: "proof" | "statement" = "proof"): number {
  const { normW: a, normWStar: b, theta } = reluGeometry(w, wStar);
  const value = a ** 4 + b ** 4 - (2 / Math.PI) * (Math.PI - theta) * dot(w, wStar) ** 2;
  return convention === "proof" ? value : 2 * value;
}

/** G = (pi - theta) + sin theta cos theta and H = 2 sin theta + 2 (pi - theta) cos theta (proof of Theorem 2.11, line 501). */
function coefficientsGH(theta: number): { G: number; H: number } {
  return { G: Math.PI - theta + Math.sin(theta) * Math.cos(theta), H: 2 * arcCosineJ(1, theta) };
}

/** grad I1 = 3 a^2 w - (b^2 / pi) G w - (a b / pi) H w*: the gradient of I1 and the mean per-sample autodiff gradient. */
export function reluSquaredGradientI1(w: readonly number[], wStar: readonly number[]): number[] {
  const { normW: a, normWStar: b, theta } = reluGeometry(w, wStar);
  const { G, H } = coefficientsGH(theta);
  return add(scale(3 * a * a - (b * b * G) / Math.PI, w), scale((-a * b * H) / Math.PI, wStar));
}

/** grad I1 as printed (line 501): 3 |w|^2 w - (|w*| / pi) G w - (|w| |w*| / pi) H w*; |w*| should be |w*|^2. */
export function reluSquaredGradientI1Printed(w: readonly number[], wStar: readonly number[]): number[] {
  const { normW: a, normWStar: b, theta } = reluGeometry(w, wStar);
  const { G, H } = coefficientsGH(theta);
  return add(scale(3 * a * a - (b * G) / Math.PI, w), scale((-a * b * H) / Math.PI, wStar));
}

/** G1 = sin theta + 2 (pi - theta) cos theta (line 521). */
function coefficientG1(theta: number): number {
  return Math.sin(theta) + 2 * (Math.PI - theta) * Math.cos(theta);
}

/**
 * grad I2 = 4 (|w|^2 w - cos theta sin theta / (2 pi) |w*|^2 w - |w| |w*| / (2 pi) G1 w*), as printed (line 521);
 * it is the gradient of I2 and the mean per-sample autodiff gradient.
 */
export function reluSquaredGradientI2(w: readonly number[], wStar: readonly number[]): number[] {
  const { normW: a, normWStar: b, theta, sinTheta, cosTheta } = reluGeometry(w, wStar);
  return add(scale(4 * (a * a - (cosTheta * sinTheta * b * b) / (2 * Math.PI)), w), scale((-4 * a * b * coefficientG1(theta)) / (2 * Math.PI), wStar));
}

/** grad I3 as printed (line 533): 4 |w|^2 w - 4 (pi - theta) / pi (w.w*) w*. The mean per-sample autodiff gradient only. */
export function reluSquaredGradientI3Printed(w: readonly number[], wStar: readonly number[]): number[] {
  const { normW: a, theta } = reluGeometry(w, wStar);
  return add(scale(4 * a * a, w), scale((-4 * (Math.PI - theta) * dot(w, wStar)) / Math.PI, wStar));
}

/**
 * What moving the indicator's jump adds to grad I3: -(2/pi) a b^2 cos^2 theta / sin theta (u - cos theta v),
 * of norm (2/pi) a b^2 cos^2 theta, nonzero as theta -> 0 (I3 has a kink along the line through w*).
 * NaN where sin theta = 0.
 */
export function jumpTermI3(w: readonly number[], wStar: readonly number[]): number[] {
  const { normW: a, normWStar: b, sinTheta, cosTheta, u, v } = reluGeometry(w, wStar);
  return scale((-2 * a * b * b * cosTheta * cosTheta) / (Math.PI * sinTheta), sub(u, scale(cosTheta, v)));
}

/** The true gradient of reluSquaredLossI3 (proof convention) = printed + jumpTermI3. NaN where sin theta = 0. */
export function reluSquaredGradientI3(w: readonly number[], wStar: readonly number[]): number[] {
  return add(reluSquaredGradientI3Printed(w, wStar), jumpTermI3(w, wStar));
}

/** Entries of the Gram matrix of (w, w*) that the per-sample quantities need. */
export interface GramEntries {
  readonly ww: number;
  readonly wStarWStar: number;
  readonly wWStar: number;
}

export function gramEntries(w: readonly number[], wStar: readonly number[]): GramEntries {
  return { ww: dot(w, w), wStarWStar: dot(wStar, wStar), wWStar: dot(w, wStar) };
}

/** A per-sample gradient written as x x + w w + wStar w*, by its three coefficients. */
export interface FieldTriple {
  readonly x: number;
  readonly w: number;
  readonly wStar: number;
}

const relu = (t: number): number => (t > 0 ? t : 0);

/** Per-sample losses (proof convention, with 1/2) at p = w.x, q = w*.x: [l1, l2, l3] (lines 491, 513, 533). */
export function perSampleLossesReluSquared(p: number, q: number, gram: GramEntries): [number, number, number] {
  const rp = relu(p);
  const rq = relu(q);
  const ip = p > 0 ? 1 : 0;
  const iq = q > 0 ? 1 : 0;
  return [
    (rp * rp - rq * rq) ** 2 / 2,
    2 * (rp * rp * gram.ww - 2 * rp * rq * gram.wWStar + rq * rq * gram.wStarWStar),
    2 * (ip * gram.ww ** 2 - 2 * ip * iq * gram.wWStar ** 2 + iq * gram.wStarWStar ** 2),
  ];
}

/**
 * Per-sample autodiff gradients (derivative of an indicator taken as zero), as printed in the proof:
 *   grad l1 = 2 (relu(p)^2 - relu(q)^2) relu(p) x                                   (line 491)
 *   grad l2 = 4 (relu(p) |w|^2 x + relu(p)^2 w - 1[p > 0] relu(q) (w.w*) x - relu(p) relu(q) w*)   (line 513)
 *   grad l3 = 8 (1[p > 0] |w|^2 w - 1[p > 0, q > 0] (w.w*) w*)                         (line 533)
 */
export function perSampleGradientsReluSquared(p: number, q: number, gram: GramEntries): [FieldTriple, FieldTriple, FieldTriple] {
  const rp = relu(p);
  const rq = relu(q);
  const ip = p > 0 ? 1 : 0;
  return [
    { x: 2 * (rp * rp - rq * rq) * rp, w: 0, wStar: 0 },
    { x: 4 * (rp * gram.ww - ip * rq * gram.wWStar), w: 4 * rp * rp, wStar: -4 * rp * rq },
    { x: 0, w: 8 * ip * gram.ww, wStar: -8 * ip * (q > 0 ? 1 : 0) * gram.wWStar },
  ];
}

/**
 * E[1[v.x > 0] 1[w.x > 0] (v.x)(w.x)^2 x] as printed (line 499, without the factor N):
 *   |w|^2 / (2 pi) ((pi - theta) + sin theta cos theta) v + |v| |w| / (2 pi) (2 sin theta + 2 (pi - theta) cos theta) w,
 * theta = angle(v, w).
 */
export function expectationFI1Printed(v: readonly number[], w: readonly number[]): number[] {
  const { normW: normV, normWStar: normOther, theta } = reluGeometry(v, w);
  const { G, H } = coefficientsGH(theta);
  return add(scale((normOther ** 2 * G) / (2 * Math.PI), v), scale((normV * normOther * H) / (2 * Math.PI), w));
}

/**
 * E[1[v.x > 0, w.x > 0] (w.x) ((v.w) x + (v.x) w)] as printed (line 519, without the factor N):
 *   cos theta sin theta / (2 pi) |w|^2 v + |v| |w| / (2 pi) (sin theta + 2 (pi - theta) cos theta) w.
 */
export function expectationFI2Printed(v: readonly number[], w: readonly number[]): number[] {
  const { normW: normV, normWStar: normOther, theta, sinTheta, cosTheta } = reluGeometry(v, w);
  return add(scale((cosTheta * sinTheta * normOther ** 2) / (2 * Math.PI), v), scale((normV * normOther * coefficientG1(theta)) / (2 * Math.PI), w));
}

/** M of the I1 part (line 507): [[2 G cos theta + 2 H, -(3 pi + G + H cos theta)], [., 6 pi]]. */
export function reluSquaredMatrixM(theta: number): Matrix {
  const { G, H } = coefficientsGH(theta);
  const c = Math.cos(theta);
  const off = -(3 * Math.PI + G + H * c);
  return new Matrix([
    [2 * G * c + 2 * H, off],
    [off, 6 * Math.PI],
  ]);
}

/**
 * The matrix that makes the I1 decomposition true (derived): with the exact grad I1,
 *   -(w - w*).grad I1 = -(1/pi) (3 pi (a^2 - a b)^2 + a b q(Mc)),
 *   Mc = [[G cos theta + H, -(3 pi + G + H cos theta) / 2], [., 3 pi (2 - cos theta)]] = M / 2 + diag(0, 3 pi (1 - cos theta)).
 */
export function reluSquaredMatrixMCorrected(theta: number): Matrix {
  const { G, H } = coefficientsGH(theta);
  const c = Math.cos(theta);
  const off = -(3 * Math.PI + G + H * c) / 2;
  return new Matrix([
    [G * c + H, off],
    [off, 3 * Math.PI * (2 - c)],
  ]);
}

/** M2 of the I2 part (line 527): [[2 G1 + 2 cos^2 theta sin theta, -cos theta (G1 + sin theta + 2 pi cos theta)], [., 4 pi cos theta]]. */
export function reluSquaredMatrixM2(theta: number): Matrix {
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  const G1 = coefficientG1(theta);
  const off = -c * (G1 + s + 2 * Math.PI * c);
  return new Matrix([
    [2 * G1 + 2 * c * c * s, off],
    [off, 4 * Math.PI * c],
  ]);
}

/** M of the I3 part (line 541): [[2 (pi - theta), (theta - 2 pi) cos theta], [., 2 pi]], the M2 of Theorem 2.10. */
export function reluSquaredMatrixMI3(theta: number): Matrix {
  return matrixM2(theta);
}

/** The paper's expressions for -(w - w*)^T grad I_j, each line as printed; see the test for what they equal. */
export interface PrintedRatesReluSquared {
  /** Line 503, first and second expression. */
  readonly i1Expanded: number;
  readonly i1MatrixForm: number;
  /** Line 523, first and second expression. */
  readonly i2Expanded: number;
  readonly i2MatrixForm: number;
  /** Line 537, first and second expression. */
  readonly i3Expanded: number;
  readonly i3MatrixForm: number;
}

/** Evaluates the six printed right-hand sides of lines 503, 523 and 537 at (w, w*). */
export function printedRatesReluSquared(w: readonly number[], wStar: readonly number[]): PrintedRatesReluSquared {
  const { normW: a, normWStar: b, theta, sinTheta: s, cosTheta: c } = reluGeometry(w, wStar);
  const { G, H } = coefficientsGH(theta);
  const G1 = coefficientG1(theta);
  const pi = Math.PI;
  const form = (M: Matrix): number => M.get(0, 0) * b * b + 2 * M.get(0, 1) * a * b + M.get(1, 1) * a * a;
  const ww = dot(w, wStar);
  return {
    i1Expanded: -(1 / pi) * (3 * pi * (a * a - a * b) ** 2 + 2 * a * b * (3 * pi * a * a + 2 * b * b * (G * c + H) - 2 * a * b * (3 * pi + G + H * c))),
    i1MatrixForm: -(1 / pi) * (3 * pi * (a * a - a * b) ** 2) - (1 / (2 * pi)) * form(reluSquaredMatrixM(theta)),
    i2Expanded:
      -(2 / pi) *
      (2 * pi * a ** 4 - c * s * b * b * a * a - G1 * a * b * c - 2 * pi * a ** 3 * b * c + c * c * s * b ** 3 * a + a * b ** 3 * G1),
    i2MatrixForm: -(2 / pi) * (2 * pi * (a * a - a * b * c) ** 2 + a * b * 0.5 * form(reluSquaredMatrixM2(theta))),
    i3Expanded: -(4 / pi) * (pi * a ** 4 - (pi - theta) * a * a * b * b * c * c - pi * a ** 3 * b * c + (pi - theta) * a * b ** 3 * c),
    i3MatrixForm: -(4 / pi) * (pi * (a * a - ww) ** 2 + ww * form(reluSquaredMatrixMI3(theta))),
  };
}
