/**
 * The few linear-algebra helpers the analytic formulas need: vector arithmetic on plain number[], and
 * eigenvalues / condition numbers of (possibly non-symmetric) ml-matrix matrices.
 */
import { EigenvalueDecomposition, Matrix } from "ml-matrix";

function checkLengths(caller: string, a: readonly number[], b: readonly number[]): void {
  if (a.length !== b.length) throw new Error(`${caller}: vectors must have equal lengths, got ${a.length} and ${b.length}`);
}

/** a . b = sum_i a_i b_i. */
export function dot(a: readonly number[], b: readonly number[]): number {
  checkLengths("dot", a, b);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

/** Euclidean norm |a|, computed by Math.hypot (no overflow or underflow in the squares). */
export function norm(a: readonly number[]): number {
  return Math.hypot(...a);
}

/** c a. */
export function scale(c: number, a: readonly number[]): number[] {
  return a.map((value) => c * value);
}

/** a + b. */
export function add(a: readonly number[], b: readonly number[]): number[] {
  checkLengths("add", a, b);
  return a.map((value, i) => value + b[i]);
}

/** a - b. */
export function sub(a: readonly number[], b: readonly number[]): number[] {
  checkLengths("sub", a, b);
  return a.map((value, i) => value - b[i]);
}

/** Outer product a b^T as a len(a) x len(b) Matrix. */
export function outer(a: readonly number[], b: readonly number[]): Matrix {
  return new Matrix(a.map((ai) => b.map((bj) => ai * bj)));
}

/** Eigenvalues lambda_k = real[k] + i imaginary[k], sorted by increasing modulus[k] = |lambda_k|. */
export interface Eigenvalues {
  readonly real: number[];
  readonly imaginary: number[];
  readonly modulus: number[];
}

/**
 * All eigenvalues of a square matrix, symmetric or not (ml-matrix EigenvalueDecomposition: Hessenberg
 * reduction and shifted QR, as in JAMA), sorted by increasing modulus.
 *
 * @param A - n x n Matrix
 * @returns real and imaginary parts and moduli, each of length n, sorted by modulus
 */
export function eigenvalues(A: Matrix): Eigenvalues {
  if (!A.isSquare()) throw new Error(`eigenvalues: matrix must be square, got ${A.rows}x${A.columns}`);
  const decomposition = new EigenvalueDecomposition(A, { assumeSymmetric: false });
  const re = decomposition.realEigenvalues;
  const im = decomposition.imaginaryEigenvalues;
  const order = re.map((_, k) => k).sort((i, j) => Math.hypot(re[i], im[i]) - Math.hypot(re[j], im[j]));
  return {
    real: order.map((k) => re[k]),
    imaginary: order.map((k) => im[k]),
    modulus: order.map((k) => Math.hypot(re[k], im[k])),
  };
}

/** (A + A^T) / 2, the symmetric part of a square matrix. */
export function symmetricPart(A: Matrix): Matrix {
  if (!A.isSquare()) throw new Error(`symmetricPart: matrix must be square, got ${A.rows}x${A.columns}`);
  return Matrix.add(A, A.transpose()).mul(0.5);
}

/**
 * Condition number as defined in Section 2.2 of the paper: kappa = |lambda|_max / |lambda|_min, the ratio of
 * the largest to the smallest eigenvalue modulus (Infinity for a singular matrix).
 *
 * @param eigs - eigenvalues as returned by `eigenvalues`
 */
export function conditionNumber(eigs: Eigenvalues): number {
  if (eigs.modulus.length === 0) throw new Error("conditionNumber: need at least one eigenvalue, got none");
  return Math.max(...eigs.modulus) / Math.min(...eigs.modulus);
}
