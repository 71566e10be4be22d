/**
 * Hessians (and Jacobians of gradient fields) for one ReLU node, Theorem 2.5 eq. (2) and its corrections.
 * Notation from reluGeometry: u = w* / |w*|, v = w/|w|, theta = angle(w, w*), c = cos theta, s = sin theta,
 * alpha = |w*| / (2 pi |w| s), P_v = I - v v^T, and e = (u - c v)/s the unit vector in span{u, v}
 * orthogonal to v.
 *
 * All formulas divide by sin theta through alpha: at theta = 0 or pi they return NaN entries, as printed.
 *
 * Which is which:
 *   hessianL               eq. (2) as printed in Section 2.2 = Hessian of L = Jacobian of grad L. Symmetric.
 *   hessianLAppendixPrint  eq. (2) as reprinted in Appendix B (v v^T in place of v u^T): wrong.
 *   jacobianPaperGradientJ Jacobian of the paper's grad J field (mean autodiff gradient). Not symmetric.
 *   hessianHPaper          eq. (2) for H = Jacobian of grad L + paper's grad J. Not symmetric, not a Hessian.
 *   hessianHPaperAppendixPrint  its Appendix B reprint (v v^T in place of v u^T): wrong.
 *   exactHessianJ, exactHessianH  the true Hessians of J and H = L + J (derived here; symmetric).
 */
import { Matrix } from "ml-matrix";
import { outer, scale, sub } from "../numeric/linalg.js";
import { reluGeometry } from "./singleReluGeometry.js";

/** I - v v^T, the projector onto the complement of v. */
function projectorOrthogonalTo(v: readonly number[]): Matrix {
  return Matrix.sub(Matrix.eye(v.length), outer(v, v));
}

/** c0 I - alpha (k uu^T - cos theta x u^T + sin^2 theta I)(I - vv^T), with x = v (Section 2.2) or the misprint. */
function equationTwoForm(
  w: readonly number[],
  wStar: readonly number[],
  identityCoefficient: number,
  uuCoefficient: number,
  middle: "vu" | "vv",
): Matrix {
  const { d, u, v, cosTheta, sinTheta, alpha } = reluGeometry(w, wStar);
  const bracket = outer(u, u)
    .mul(uuCoefficient)
    .sub(outer(v, middle === "vu" ? u : v).mul(cosTheta))
    .add(Matrix.eye(d).mul(sinTheta * sinTheta));
  return Matrix.eye(d).mul(identityCoefficient).sub(bracket.mmul(projectorOrthogonalTo(v)).mul(alpha));
}

/**
 * Hessian of L, Theorem 2.5 eq. (2) as printed in Section 2.2:
 *   hess L = 1/2 I - alpha (u u^T - cos theta v u^T + sin^2 theta I)(I - v v^T)
 *          = 1/2 I - alpha (s^2 e e^T + s^2 (I - v v^T)).
 *
 * @returns d x d symmetric Matrix
 */
export function hessianL(w: readonly number[], wStar: readonly number[]): Matrix {
  return equationTwoForm(w, wStar, 0.5, 1, "vu");
}

/**
 * Eq. (2) for L as reprinted in Appendix B, with v v^T where Section 2.2 has v u^T:
 *   1/2 I - alpha (u u^T - cos theta v v^T + sin^2 theta I)(I - v v^T).
 * Since v v^T (I - v v^T) = 0 the cos theta term drops out, and this differs from hessianL by
 * -alpha cos theta v u^T (I - v v^T) (norm |w*| |cos theta| / (2 pi |w|)). Kept to show which print is right.
 */
export function hessianLAppendixPrint(w: readonly number[], wStar: readonly number[]): Matrix {
  return equationTwoForm(w, wStar, 0.5, 1, "vv");
}

/**
 * Jacobian of the paper's grad J field w/2 - (pi - theta)/(2 pi) w* (see paperGradientJ):
 *   1/2 I - alpha u u^T (I - v v^T).
 * Not symmetric, so that field is not the gradient of any function.
 */
export function jacobianPaperGradientJ(w: readonly number[], wStar: readonly number[]): Matrix {
  const { d, u, v, alpha } = reluGeometry(w, wStar);
  return Matrix.eye(d).mul(0.5).sub(outer(u, u).mmul(projectorOrthogonalTo(v)).mul(alpha));
}

/**
 * "Hessian of H", Theorem 2.5 eq. (2) as printed in Section 2.2:
 *   I - alpha (2 u u^T - cos theta v u^T + sin^2 theta I)(I - v v^T)  =  hessianL + jacobianPaperGradientJ.
 * It is the Jacobian of populationGradientL + paperGradientJ (the mean autodiff update field of H^1
 * training), not the Hessian of L + J: it is not symmetric. The true Hessian is exactHessianH.
 */
export function hessianHPaper(w: readonly number[], wStar: readonly number[]): Matrix {
  return equationTwoForm(w, wStar, 1, 2, "vu");
}

/** Eq. (2) for H as reprinted in Appendix B (v v^T where Section 2.2 has v u^T); wrong, see hessianLAppendixPrint. */
export function hessianHPaperAppendixPrint(w: readonly number[], wStar: readonly number[]): Matrix {
  return equationTwoForm(w, wStar, 1, 2, "vv");
}

/** e = (u - cos theta v) / sin theta, the unit vector of span{u, v} orthogonal to v. */
export function inPlaneDirection(w: readonly number[], wStar: readonly number[]): number[] {
  const { u, v, cosTheta, sinTheta } = reluGeometry(w, wStar);
  return scale(1 / sinTheta, sub(u, scale(cosTheta, v)));
}

/**
 * True Hessian of populationLossJ (derived here, away from sin theta = 0; checked against central differences
 * of exactGradientJ). With a = |w|, grad theta = -e / a and
 *   hess theta = (e v^T + v e^T + (c/s)(I - v v^T - e e^T)) / a^2,
 * differentiating grad J = w/2 - ((pi - theta) w* - (w.w*) grad theta) / (2 pi) gives
 *   hess J = 1/2 I + (w* grad theta^T + grad theta w*^T + (w.w*) hess theta) / (2 pi)
 *          = 1/2 I + alpha (cos^2 theta (I - v v^T) - (1 + sin^2 theta) e e^T).
 * Eigenvalues: 1/2 on v, 1/2 - 2 alpha s^2 on e, 1/2 + alpha cos^2 theta on span{u, v}^perp.
 */
export function exactHessianJ(w: readonly number[], wStar: readonly number[]): Matrix {
  const { v, cosTheta: c, sinTheta: s, alpha } = reluGeometry(w, wStar);
  const e = inPlaneDirection(w, wStar);
  const bracket = projectorOrthogonalTo(v).mul(c * c).sub(outer(e, e).mul(1 + s * s));
  return Matrix.eye(v.length).mul(0.5).add(bracket.mul(alpha));
}

/**
 * True Hessian of H = L + J (derived here; checked against central differences of the exact gradient):
 *   hess H = I + alpha (cos 2theta (I - v v^T) - (1 + 2 sin^2 theta) e e^T)
 *          = 2 hessianL + alpha Q,   Q = I - v v^T - e e^T (projector onto span{u, v}^perp),
 * the second form because H = 2L + |w*| |(I - u u^T) w| / (2 pi). Eigenvalues: 1 on v, 1 - 4 alpha s^2 on e,
 * 1 + alpha cos 2theta on span{u, v}^perp (multiplicity d - 2).
 *
 * @returns d x d symmetric Matrix
 */
export function exactHessianH(w: readonly number[], wStar: readonly number[]): Matrix {
  const { v, theta, sinTheta: s, alpha } = reluGeometry(w, wStar);
  const e = inPlaneDirection(w, wStar);
  const bracket = projectorOrthogonalTo(v).mul(Math.cos(2 * theta)).sub(outer(e, e).mul(1 + 2 * s * s));
  return Matrix.eye(v.length).add(bracket.mul(alpha));
}
