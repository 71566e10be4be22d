/**
 * Population losses and gradients for the K-node network g(x; W) = sum_j relu(w_j . x) of Assumption 2.2,
 * teacher W* = [w*_1, ..., w*_K'], x ~ N(0, I_d) (Section 2.3.3 of the paper, eq. (15)).
 *
 * A network is a list of rows: W[j] = w_j, each of length d. Two Gaussian pair kernels give everything [1]:
 *   k(a, b) = E[relu(a.x) relu(b.x)]      = |a||b| (sin t + (pi - t) cos t) / (2 pi),
 *   q(a, b) = E[1[a.x > 0] 1[b.x > 0]] a.b = (pi - t) a.b / (2 pi),          t = angle(a, b),
 * so that, with S the student rows and T the teacher rows,
 *   L(W) = 1/2 sum_{S,S} k - sum_{S,T} k + 1/2 sum_{T,T} k,   J(W) = the same with q,   H = L + J.
 *
 * Which gradient is which (the K = 1 facts of singleRelu.ts carry over node by node):
 *   - kNodeGradientL (eq. (15), first line, from [1]) is the exact gradient of L and also the mean of the
 *     per-sample autodiff gradient: relu is Lipschitz, so E and grad commute.
 *   - kNodeExpectedGradientJ = E[1[w_j.x > 0] (sum_j' 1[w_j'.x > 0] w_j' - sum_j' 1[w*_j'.x > 0] w*_j')],
 *     the mean per-sample autodiff gradient (indicator derivative 0). It is NOT the gradient of J: moving an
 *     indicator's jump adds kNodeIndicatorJumpTermJ; kNodeExactGradientJ is the sum of the two.
 *   - kNodePaperGradientH (eq. (15), second line, as printed) equals kNodeGradientL + kNodeExpectedGradientJ:
 *     the mean autodiff gradient of H, not the gradient of the population loss H.
 *
 * References
 * [1] Tian, "An analytical formula of population gradient for two-layered ReLU network and its applications
 *     in convergence and critical point analysis", ICML 2017 (reference [34] of the paper), eq. (4)-(5).
 */
import { dot, norm } from "../numeric/linalg.js";
import { angleBetween } from "./singleReluGeometry.js";

/** Rows w_1..w_K of a K-node network, each of length d. */
export type NetworkRows = readonly (readonly number[])[];

function checkRows(caller: string, W: NetworkRows, WStar: NetworkRows): number {
  if (W.length === 0 || WStar.length === 0) {
    throw new Error(`${caller}: W and WStar need at least one row each, got ${W.length} and ${WStar.length}`);
  }
  const d = W[0].length;
  for (const [name, rows] of [["W", W], ["WStar", WStar]] as const) {
    rows.forEach((row, j) => {
      if (row.length !== d) throw new Error(`${caller}: every row must have length d = ${d}, got ${name}[${j}] of length ${row.length}`);
      if (!(norm(row) > 0)) throw new Error(`${caller}: rows must be nonzero and finite, got ${name}[${j}] with norm ${norm(row)}`);
    });
  }
  return d;
}

/** k(a, b) = E[relu(a.x) relu(b.x)] = |a||b| (sin t + (pi - t) cos t) / (2 pi), t = angle(a, b) [1]. */
export function reluPairKernel(a: readonly number[], b: readonly number[]): number {
  const t = angleBetween(a, b);
  return (norm(a) * norm(b) * (Math.sin(t) + (Math.PI - t) * Math.cos(t))) / (2 * Math.PI);
}

/** q(a, b) = E[1[a.x > 0] 1[b.x > 0]] a.b = (pi - t) a.b / (2 pi), t = angle(a, b). */
export function indicatorPairKernel(a: readonly number[], b: readonly number[]): number {
  return ((Math.PI - angleBetween(a, b)) * dot(a, b)) / (2 * Math.PI);
}

function pairSum(kernel: (a: readonly number[], b: readonly number[]) => number, A: NetworkRows, B: NetworkRows): number {
  let sum = 0;
  for (const a of A) for (const b of B) sum += kernel(a, b);
  return sum;
}

function lossFromKernel(kernel: (a: readonly number[], b: readonly number[]) => number, W: NetworkRows, WStar: NetworkRows): number {
  return 0.5 * pairSum(kernel, W, W) - pairSum(kernel, W, WStar) + 0.5 * pairSum(kernel, WStar, WStar);
}

/**
 * L(W) = E[(g(x; W) - g(x; W*))^2 / 2] (Section 2.1) as the double sum of k over student and teacher rows.
 * @param W - student rows (K x d); @param WStar - teacher rows (K' x d)
 */
export function kNodeLossL(W: NetworkRows, WStar: NetworkRows): number {
  checkRows("kNodeLossL", W, WStar);
  return lossFromKernel(reluPairKernel, W, WStar);
}

/**
 * J(W) = E[|grad_x g(x; W) - grad_x g(x; W*)|^2 / 2] (Section 2.1), grad_x g = sum_j 1[w_j.x > 0] w_j, as the
 * double sum of q. @param W - student rows (K x d); @param WStar - teacher rows (K' x d)
 */
export function kNodeLossJ(W: NetworkRows, WStar: NetworkRows): number {
  checkRows("kNodeLossJ", W, WStar);
  return lossFromKernel(indicatorPairKernel, W, WStar);
}

/** H(W) = L(W) + J(W), the H^1 population loss of eq. (1). */
export function kNodeLossH(W: NetworkRows, WStar: NetworkRows): number {
  return kNodeLossL(W, WStar) + kNodeLossJ(W, WStar);
}

/** grad_a k(a, b) = ((pi - t) b + |b| sin t a/|a|) / (2 pi) [1]; at a = b it gives a/2 = grad of |a|^2/4. */
function reluKernelGradient(a: readonly number[], b: readonly number[]): number[] {
  const t = angleBetween(a, b);
  const radial = (norm(b) * Math.sin(t)) / norm(a);
  return a.map((ai, i) => ((Math.PI - t) * b[i] + radial * ai) / (2 * Math.PI));
}

/** The part of grad_a q(a, b) with the angle held fixed: (pi - t) b / (2 pi) = E[1[a.x > 0] 1[b.x > 0]] b. */
function indicatorKernelMeanGradient(a: readonly number[], b: readonly number[]): number[] {
  const t = angleBetween(a, b);
  return b.map((bi) => ((Math.PI - t) * bi) / (2 * Math.PI));
}

/**
 * The part of grad_a q(a, b) from the angle: -a.b grad_a t / (2 pi) = |b| cos t (v_b - cos t v_a) / (2 pi sin t),
 * with v = unit vectors and grad_a t = -(v_b - cos t v_a) / (|a| sin t). NaN when sin t = 0 (q has a kink).
 */
function indicatorKernelJumpGradient(a: readonly number[], b: readonly number[]): number[] {
  const t = angleBetween(a, b);
  const na = norm(a);
  const nb = norm(b);
  const c = Math.cos(t);
  const factor = (nb * c) / (2 * Math.PI * Math.sin(t));
  return a.map((ai, i) => factor * (b[i] / nb - (c * ai) / na));
}

function rowsGradient(
  W: NetworkRows,
  WStar: NetworkRows,
  studentTerm: (a: readonly number[], b: readonly number[], self: boolean) => number[],
  teacherTerm: (a: readonly number[], b: readonly number[]) => number[],
): number[][] {
  return W.map((wj, j) => {
    const g = new Array<number>(wj.length).fill(0);
    W.forEach((wk, k) => studentTerm(wj, wk, k === j).forEach((v, i) => (g[i] += v)));
    WStar.forEach((ws) => teacherTerm(wj, ws).forEach((v, i) => (g[i] -= v)));
    return g;
  });
}

/**
 * grad_{w_j} L, eq. (15) first line (with its sign flipped) [1]:
 *   grad_{w_j} L = 1/(2 pi) sum_j' [ (pi - theta_j^j') w_j' + |w_j'| sin theta_j^j' w_j/|w_j|
 *                                   - (pi - theta_j^j'*) w*_j' - |w*_j'| sin theta_j^j'* w_j/|w_j| ].
 * Exact gradient of kNodeLossL and the mean per-sample autodiff gradient.
 * @returns K rows of length d
 */
export function kNodeGradientL(W: NetworkRows, WStar: NetworkRows): number[][] {
  checkRows("kNodeGradientL", W, WStar);
  return rowsGradient(W, WStar, reluKernelGradient, reluKernelGradient);
}

/**
 * E[grad_{w_j} of |grad_x g(x; W) - grad_x g(x; W*)|^2 / 2] with the indicator's derivative taken as zero:
 *   1/(2 pi) sum_j' [ (pi - theta_j^j') w_j' - (pi - theta_j^j'*) w*_j' ].
 * This is what autodiff averages to; it is NOT the gradient of kNodeLossJ (see kNodeExactGradientJ).
 * @returns K rows of length d
 */
export function kNodeExpectedGradientJ(W: NetworkRows, WStar: NetworkRows): number[][] {
  checkRows("kNodeExpectedGradientJ", W, WStar);
  return rowsGradient(W, WStar, indicatorKernelMeanGradient, indicatorKernelMeanGradient);
}

/**
 * What moving the indicators' jumps adds to grad J: sum over student pairs j' != j and all teacher rows of
 * the angle part of grad q. NaN when any angle between w_j and another row is 0 or pi (J has kinks there).
 * @returns K rows of length d
 */
export function kNodeIndicatorJumpTermJ(W: NetworkRows, WStar: NetworkRows): number[][] {
  checkRows("kNodeIndicatorJumpTermJ", W, WStar);
  const zero = (a: readonly number[]): number[] => a.map(() => 0);
  return rowsGradient(W, WStar, (a, b, self) => (self ? zero(a) : indicatorKernelJumpGradient(a, b)), indicatorKernelJumpGradient);
}

/** The exact gradient of kNodeLossJ: kNodeExpectedGradientJ + kNodeIndicatorJumpTermJ (NaN at kinks). */
export function kNodeExactGradientJ(W: NetworkRows, WStar: NetworkRows): number[][] {
  const mean = kNodeExpectedGradientJ(W, WStar);
  const jump = kNodeIndicatorJumpTermJ(W, WStar);
  return mean.map((row, j) => row.map((v, i) => v + jump[j][i]));
}

/** The exact gradient of kNodeLossH: kNodeGradientL + kNodeExactGradientJ (NaN at kinks). */
export function kNodeExactGradientH(W: NetworkRows, WStar: NetworkRows): number[][] {
  const l = kNodeGradientL(W, WStar);
  const j = kNodeExactGradientJ(W, WStar);
  return l.map((row, k) => row.map((v, i) => v + j[k][i]));
}

/**
 * "E(grad_{w_j} H)" exactly as printed in eq. (15), second line (sign flipped):
 *   1/(2 pi) sum_j' [ 2 (pi - theta_j^j') w_j' + |w_j'| sin theta_j^j' w_j/|w_j|
 *                     - 2 (pi - theta_j^j'*) w*_j' - |w*_j'| sin theta_j^j'* w_j/|w_j| ].
 * It equals kNodeGradientL + kNodeExpectedGradientJ: the mean per-sample autodiff gradient of H, not the
 * gradient of the population loss kNodeLossH.
 * @returns K rows of length d
 */
export function kNodePaperGradientH(W: NetworkRows, WStar: NetworkRows): number[][] {
  checkRows("kNodePaperGradientH", W, WStar);
  const term = (a: readonly number[], b: readonly number[]): number[] => {
    const t = angleBetween(a, b);
    const radial = (norm(b) * Math.sin(t)) / norm(a);
    return a.map((ai, i) => (2 * (Math.PI - t) * b[i] + radial * ai) / (2 * Math.PI));
  };
  return rowsGradient(W, WStar, term, term);
}

/** The K x K identity rows: the orthonormal teacher w*_j = e_j in R^K used throughout Section 2.3.3. */
export function orthonormalTeacher(K: number): number[][] {
  if (!Number.isInteger(K) || K < 1) throw new Error(`orthonormalTeacher: K must be an integer >= 1, got ${K}`);
  return Array.from({ length: K }, (_, j) => Array.from({ length: K }, (_, i) => (i === j ? 1 : 0)));
}
