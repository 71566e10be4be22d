/**
 * The symmetric Toeplitz initialisation of Theorem 2.13 (paper lines ~172-181, proof ~653-718), eq. (23):
 * with w*_j = e_j, the student W = T(t), T_{j i} = t_{|i - j| + 1}, so w_1 = t and w_j is row j of T.
 *
 * The proof tracks w_1 only: eqs. (26)-(28) set tdot_i = <e_i, -E grad_{w_1} loss(T(t))>, the "parameterised
 * flow" toeplitzFieldW1 below. Two facts the tests establish:
 *   - For K >= 3 the full K-node flow does NOT stay Toeplitz (toeplitzFamilyDefect > 0 at generic t), so
 *     toeplitzFieldW1 is not a reduction of the gradient flow; for K = 2 the family is eq. (3) and is invariant.
 *     (The symmetric circulant matrices, t_j = t_{K+2-j}, are invariant: they are fixed by the cyclic group of
 *     Section 2.3.3.)
 *   - Its linearisation at t = e_1 is not the printed -M, M = (I + 1 1^T)/4 (eq. (35)): from eq. (15) at
 *     W = I + dW (Hessian blocks E[1[x_j > 0] 1[x_k > 0] x x^T] = I/4 + (e_j e_k^T + e_k e_j^T)/(2 pi)),
 *       L2: tdot_i = -dt_i/2 - sum_{k=2..K} [ dt_{|i-k|+1}/4 + (delta_{i1} dt_1 + delta_{ik} dt_k)/(2 pi) ],
 *       H1: tdot_i = -dt_i - sum_{k=2..K} [ dt_{|i-k|+1}/2 + (delta_{i1} dt_1 + 2 delta_{ik} dt_k)/(2 pi) ]
 *                    - delta_{i1} |(dt_2, ..., dt_K)| / (2 pi),
 *     with dt = t - e_1. The H1 field (eq. (30) = eq. (15)) has a kink at the teacher, so it has no
 *     linearisation there, only directional derivatives.
 * Eq. (29) as printed drops the factor |w_j'| / |w_1| on the sin(theta_1^j') w_1 term of eq. (15); it agrees
 * with eq. (15) when all rows have equal norm (K = 2, circulant t) and to first order at t = e_1.
 */
import { Matrix } from "ml-matrix";
import { norm } from "../numeric/linalg.js";
import { kNodeGradientL, kNodePaperGradientH, orthonormalTeacher, type NetworkRows } from "./kNode.js";
import type { RowsGradient, SobolevFlow } from "./kNodeSymmetric.js";
import { angleBetween } from "./singleReluGeometry.js";

function checkT(caller: string, t: readonly number[]): void {
  if (t.length < 2 || !t.every(Number.isFinite)) throw new Error(`${caller}: t must be finite with length K >= 2, got [${t.join(", ")}]`);
}

/** The symmetric Toeplitz student of eq. (23): K rows, row j (0-based) has entry t[|i - j|] at column i. */
export function toeplitzStudent(t: readonly number[]): number[][] {
  checkT("toeplitzStudent", t);
  const K = t.length;
  return Array.from({ length: K }, (_, j) => Array.from({ length: K }, (_, i) => t[Math.abs(i - j)]));
}

/** The gradient behind each flow: eq. (15), first line (L2) or second line (H1). */
function gradientOf(flow: SobolevFlow): RowsGradient {
  return flow === "L2" ? kNodeGradientL : kNodePaperGradientH;
}

/** Eq. (28): tdot_i = <w*_i, -E grad_{w_1} loss(T(t))>, the w_1-tracking flow of the proof of Theorem 2.13. */
export function toeplitzFieldW1(t: readonly number[], flow: SobolevFlow): number[] {
  checkT("toeplitzFieldW1", t);
  return gradientOf(flow)(toeplitzStudent(t), orthonormalTeacher(t.length))[0].map((g) => -g);
}

/**
 * Eqs. (29)-(30) exactly as printed, component i: with alpha = 1/|t| and m = 1 (L2) or 2 (H1),
 *   -E grad_{w_1} = 1/(2 pi) sum_j' [ m (pi - theta_1^j'*) w*_j' + alpha sin(theta_1^j'*) w_1
 *                                      - m (pi - theta_1^j') w_j' - sin(theta_1^j') w_1 ],
 * the angles measured between the actual rows of T(t).
 */
export function toeplitzFieldPrinted29(t: readonly number[], flow: SobolevFlow): number[] {
  checkT("toeplitzFieldPrinted29", t);
  const K = t.length;
  const m = flow === "H1" ? 2 : 1;
  const W = toeplitzStudent(t);
  const teacher = orthonormalTeacher(K);
  const alpha = 1 / norm(t);
  const out = new Array<number>(K).fill(0);
  for (let j = 0; j < K; j++) {
    const thetaStar = angleBetween(t, teacher[j]);
    const theta = angleBetween(t, W[j]);
    for (let i = 0; i < K; i++) {
      out[i] +=
        m * (Math.PI - thetaStar) * teacher[j][i] + alpha * Math.sin(thetaStar) * t[i] - m * (Math.PI - theta) * W[j][i] - Math.sin(theta) * t[i];
    }
  }
  return out.map((v) => v / (2 * Math.PI));
}

/**
 * Max-norm distance of the full field -gradient(T(t), I) from the symmetric Toeplitz matrices (the family's
 * tangent space): each entry minus the mean of its diagonal band |i - j| = k. Zero iff the flow stays Toeplitz.
 */
export function toeplitzFamilyDefect(t: readonly number[], flow: SobolevFlow): number {
  checkT("toeplitzFamilyDefect", t);
  const K = t.length;
  const g: NetworkRows = gradientOf(flow)(toeplitzStudent(t), orthonormalTeacher(K));
  const sums = new Array<number>(K).fill(0);
  const counts = new Array<number>(K).fill(0);
  g.forEach((row, j) => row.forEach((v, i) => {
    sums[Math.abs(i - j)] += v;
    counts[Math.abs(i - j)] += 1;
  }));
  let worst = 0;
  g.forEach((row, j) => row.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - sums[Math.abs(i - j)] / counts[Math.abs(i - j)])))));
  return worst;
}

/** M of eq. (35): 1/2 on the diagonal, 1/4 elsewhere, i.e. (I + 1 1^T)/4; printed eigenvalues (K+1)/4 and 1/4 (K-1 times). */
export function toeplitzMatrixPrinted(K: number): Matrix {
  if (!Number.isInteger(K) || K < 2) throw new Error(`toeplitzMatrixPrinted: K must be an integer >= 2, got ${K}`);
  return new Matrix(Array.from({ length: K }, (_, i) => Array.from({ length: K }, (_, k) => (i === k ? 0.5 : 0.25))));
}

/**
 * A with toeplitzFieldW1(e_1 + dt) = -A dt + o(|dt|) (L2), or the smooth part A of the H1 expansion
 * toeplitzFieldW1(e_1 + dt) = -A dt - |(dt_2..dt_K)| / (2 pi) e_1 + o(|dt|) (see the module comment).
 */
export function toeplitzLinearPart(K: number, flow: SobolevFlow): Matrix {
  if (!Number.isInteger(K) || K < 2) throw new Error(`toeplitzLinearPart: K must be an integer >= 2, got ${K}`);
  const m = flow === "H1" ? 2 : 1;
  const A = Matrix.zeros(K, K);
  for (let i = 0; i < K; i++) {
    A.set(i, i, A.get(i, i) + m / 2);
    for (let k = 1; k < K; k++) {
      A.set(i, Math.abs(i - k), A.get(i, Math.abs(i - k)) + m / 4);
      if (i === 0) A.set(0, 0, A.get(0, 0) + 1 / (2 * Math.PI));
      if (i === k) A.set(i, i, A.get(i, i) + m / (2 * Math.PI));
    }
  }
  return A;
}

/** The first-order expansion of toeplitzFieldW1 at t = e_1 along dt: -A dt (L2), -A dt - |dt_{2..K}|/(2 pi) e_1 (H1). */
export function toeplitzDirectionalDerivative(dt: readonly number[], flow: SobolevFlow): number[] {
  checkT("toeplitzDirectionalDerivative", dt);
  const A = toeplitzLinearPart(dt.length, flow);
  const out = A.mmul(Matrix.columnVector([...dt])).to1DArray().map((v) => -v);
  if (flow === "H1") out[0] -= norm(dt.slice(1)) / (2 * Math.PI);
  return out;
}
