/**
 * Closed-form spectra and condition numbers of the single-ReLU Hessians (proof of Theorem 2.5, Appendix B)
 * and the convexity regions of Remark 2.7. Notation: s = sin theta, c = cos theta, alpha of Theorem 2.5,
 * v = w/|w|, u = w* / |w*|. Every matrix here acts as c0 I plus a perturbation inside span{u, v}, so it has
 * one eigenvalue along v, one more inside span{u, v}, and a "bulk" eigenvalue of multiplicity d - 2.
 */
import { scale, sub } from "../numeric/linalg.js";
import { reluGeometry } from "./singleReluGeometry.js";

/** An eigenvalue with its eigenvector (length d). */
export interface Eigenpair {
  readonly value: number;
  readonly eigenvector: number[];
}

/** The three eigenvalue families of a single-ReLU Hessian. */
export interface SingleReluSpectrum {
  /** Eigenpair with eigenvector v = w/|w|. */
  readonly alongV: Eigenpair;
  /** Eigenpair with eigenvector in span{u, v}, independent of v. */
  readonly inPlane: Eigenpair;
  /** Eigenvalue on span{u, v}^perp, with multiplicity d - 2 (0 when d = 2). */
  readonly bulk: { readonly value: number; readonly multiplicity: number };
  /** All d eigenvalues with multiplicity, sorted increasingly (signed, not by modulus). */
  readonly values: number[];
  /** Largest and smallest signed eigenvalue. */
  readonly max: number;
  readonly min: number;
}

function spectrum(d: number, alongV: Eigenpair, inPlane: Eigenpair, bulkValue: number): SingleReluSpectrum {
  const values = [alongV.value, inPlane.value, ...new Array<number>(d - 2).fill(bulkValue)].sort((x, y) => x - y);
  return {
    alongV,
    inPlane,
    bulk: { value: bulkValue, multiplicity: d - 2 },
    values,
    max: values[values.length - 1],
    min: values[0],
  };
}

function requireDimensionTwo(caller: string, d: number): void {
  if (d < 2) throw new Error(`${caller}: need dimension d >= 2 for the closed form, got ${d}`);
}

/**
 * Eigenvalues of hessianL from the proof of Theorem 2.5:
 *   1/2 on v (the max),  1/2 - 2 alpha s^2 on u - c v (the min),  1/2 - alpha s^2 with multiplicity d - 2.
 * The proof prints the bulk as "1/2 - sin^2 theta"; the alpha is missing there (erratum, see the tests).
 */
export function eigenvaluesHessianL(w: readonly number[], wStar: readonly number[]): SingleReluSpectrum {
  const { d, u, v, sinTheta: s, cosTheta: c, alpha } = reluGeometry(w, wStar);
  requireDimensionTwo("eigenvaluesHessianL", d);
  return spectrum(
    d,
    { value: 0.5, eigenvector: v },
    { value: 0.5 - 2 * alpha * s * s, eigenvector: sub(u, scale(c, v)) },
    0.5 - alpha * s * s,
  );
}

/**
 * Eigenvalues of hessianHPaper from the proof of Theorem 2.5:
 *   1 on v (the max),  1 - 3 alpha s^2 on u - (2/3) c v (the min),  1 - alpha s^2 with multiplicity d - 2.
 */
export function eigenvaluesHessianHPaper(w: readonly number[], wStar: readonly number[]): SingleReluSpectrum {
  const { d, u, v, sinTheta: s, cosTheta: c, alpha } = reluGeometry(w, wStar);
  requireDimensionTwo("eigenvaluesHessianHPaper", d);
  return spectrum(
    d,
    { value: 1, eigenvector: v },
    { value: 1 - 3 * alpha * s * s, eigenvector: sub(u, scale((2 / 3) * c, v)) },
    1 - alpha * s * s,
  );
}

/**
 * Eigenvalues of exactHessianH (derived here):
 *   1 on v,  1 - 4 alpha s^2 on u - c v,  1 + alpha cos 2theta with multiplicity d - 2.
 * The in-plane eigenvalue is exactly twice that of hessianL.
 */
export function eigenvaluesExactHessianH(w: readonly number[], wStar: readonly number[]): SingleReluSpectrum {
  const { d, u, v, theta, sinTheta: s, cosTheta: c, alpha } = reluGeometry(w, wStar);
  requireDimensionTwo("eigenvaluesExactHessianH", d);
  return spectrum(
    d,
    { value: 1, eigenvector: v },
    { value: 1 - 4 * alpha * s * s, eigenvector: sub(u, scale(c, v)) },
    1 + alpha * Math.cos(2 * theta),
  );
}

/**
 * kappa(hessianL) = 1 / (1 - 4 alpha s^2), as assigned in the proof of Theorem 2.5 (Appendix B). The
 * theorem's statement prints this value as kappa(hess H) (the two are swapped there).
 * Equals |lambda|max / |lambda|min only while 1 - 4 alpha s^2 > 0, i.e. |w*| sin theta / |w| < pi/2.
 */
export function conditionNumberL(w: readonly number[], wStar: readonly number[]): number {
  const { sinTheta: s, alpha } = reluGeometry(w, wStar);
  return 1 / (1 - 4 * alpha * s * s);
}

/**
 * kappa(hessianHPaper) = 1 / (1 - 3 alpha s^2), as assigned in the proof of Theorem 2.5 (Appendix B); the
 * statement prints it as kappa(hess L). Equals |lambda|max / |lambda|min while 1 - 3 alpha s^2 > 0.
 */
export function conditionNumberH(w: readonly number[], wStar: readonly number[]): number {
  const { sinTheta: s, alpha } = reluGeometry(w, wStar);
  return 1 / (1 - 3 * alpha * s * s);
}

/** kappa(exactHessianH) = |lambda|max / |lambda|min over the closed-form eigenvalues of eigenvaluesExactHessianH. */
export function conditionNumberExactH(w: readonly number[], wStar: readonly number[]): number {
  const moduli = eigenvaluesExactHessianH(w, wStar).values.map(Math.abs);
  return Math.max(...moduli) / Math.min(...moduli);
}

/**
 * Remark 2.7: lambda_min(hessianL) > 0  <=>  sin theta < pi |w| / (2 |w*|). Returns that bound on sin theta.
 */
export function convexityBoundL(w: readonly number[], wStar: readonly number[]): number {
  const { normW, normWStar } = reluGeometry(w, wStar);
  return (Math.PI * normW) / (2 * normWStar);
}

/**
 * Remark 2.7: lambda_min(hessianHPaper) > 0  <=>  sin theta < 2 pi |w| / (3 |w*|). Returns that bound.
 * (For exactHessianH the bound is convexityBoundL: its smallest eigenvalue is 2 lambda_min(hessianL).)
 */
export function convexityBoundH(w: readonly number[], wStar: readonly number[]): number {
  const { normW, normWStar } = reluGeometry(w, wStar);
  return (2 * Math.PI * normW) / (3 * normWStar);
}

/** w in S = {w : sin theta < pi |w| / (2 |w*|)} of Remark 2.7, where hessianL is positive definite. */
export function inRegionS(w: readonly number[], wStar: readonly number[]): boolean {
  return reluGeometry(w, wStar).sinTheta < convexityBoundL(w, wStar);
}

/** w in S' = {w : sin theta < 2 pi |w| / (3 |w*|)} of Remark 2.7, where hessianHPaper has positive eigenvalues. */
export function inRegionSPrime(w: readonly number[], wStar: readonly number[]): boolean {
  return reluGeometry(w, wStar).sinTheta < convexityBoundH(w, wStar);
}
