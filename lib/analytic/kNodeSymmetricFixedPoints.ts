/**
 * Fixed points and linearisations of the reduced (x, y) flows of Theorem 2.12 (paper lines ~163-170 and the
 * proof at ~575-651): the printed closed forms, and what the flows of eqs. (16)-(17) actually give.
 *
 * Printed (proof of Thm 2.12, eqs. (18)-(19)): near (1, 0), (xdot, ydot) ~ -M3 (x - 1, y) for L2 and
 * -2 M3 (x - 1, y) for H1, M3 = [[1/2, (K-1)/4], [1/4, K/4]], eigenvalues 1/4 and (K+1)/4; the statement of
 * the theorem prints lambda_1(M3) = pi/2 and lambda_2(M3) = pi (K+1)/2 instead (2 pi times larger).
 *
 * What holds (derived from eq. (15) at W = I + dW, checked against differences of the fields in the tests):
 *   L2: the field is differentiable at (1, 0) with -Jacobian
 *       M_L = [[1/2 + (K-1)/(2 pi), (K-1)/4], [1/4, K/4 + 1/(2 pi)]];
 *       the printed M3 misses the cross moments E[1[x_j > 0] x_j] E[1[x_k > 0] x_k] = 1/(2 pi) of the Hessian.
 *   H1 (eq. (17)): the field is NOT differentiable at (1, 0): theta = angle(w_1, e_1) ~ sqrt(K-1) |y| enters
 *       eq. (17) as alpha sin(theta) x - 2 (pi - theta) ~ const + sqrt(K-1) |y|, a kink in y. Its expansion is
 *       (xdot, ydot) = -M_H^0 (x - 1, y) - (sqrt(K-1) |y| / (2 pi), 0) + o(|(x - 1, y)|),
 *       M_H^0 = [[1 + (K-1)/(2 pi), (K-1)/2], [1/2, K/2 + 1/pi]],
 *       so from inside Omega (y >= 0) the one-sided -Jacobian is M_H^+ = M_H^0 + [[0, sqrt(K-1)/(2 pi)], [0, 0]].
 *       Neither equals 2 M_L (nor 2 M3): 2 M_L - M_H^+ = [[(K-1)/(2 pi), -sqrt(K-1)/(2 pi)], [0, 0]].
 * On the diagonal x = y (Theorem 2.12 (3), eqs. (20)-(21)) the printed rates K/2, K and fixed points hold.
 */
import { Matrix } from "ml-matrix";
import { reducedFieldPrinted, type SobolevFlow } from "./kNodeSymmetric.js";

function checkK(caller: string, K: number): void {
  if (!Number.isInteger(K) || K < 2) throw new Error(`${caller}: K must be an integer >= 2, got ${K}`);
}

/**
 * The saddle points printed in Theorem 2.12 (3) (line ~170) and eqs. (20)-(21):
 *   x*_L2 = (sqrt(K-1) - arccos(1/sqrt K) + pi) / (pi K),
 *   x*_H1 = (sqrt(K-1) + 2 pi - 2 arccos(1/sqrt K)) / (2 pi K).
 */
export function diagonalSaddlePrinted(K: number, flow: SobolevFlow): number {
  checkK("diagonalSaddlePrinted", K);
  const theta0 = Math.acos(1 / Math.sqrt(K));
  return flow === "L2"
    ? (Math.sqrt(K - 1) - theta0 + Math.PI) / (Math.PI * K)
    : (Math.sqrt(K - 1) + 2 * Math.PI - 2 * theta0) / (2 * Math.PI * K);
}

/** The printed rates on the diagonal, eqs. (20)-(21): xdot = -rate (x - x*), rate = K/2 (L2) or K (H1). */
export function diagonalRatePrinted(K: number, flow: SobolevFlow): number {
  checkK("diagonalRatePrinted", K);
  return flow === "L2" ? K / 2 : K;
}

/**
 * The zero of xdot(x, x) of eq. (16) or (17) on the diagonal, by bisection on [lower, upper] (the field
 * must change sign there). The diagonal is invariant (xdot = ydot there), so this is the fixed point.
 *
 * @param tolerance - stop when the bracket is shorter than this (default 1e-14)
 */
export function diagonalFixedPoint(K: number, flow: SobolevFlow, lower = 1e-3, upper = 1, tolerance = 1e-14): number {
  checkK("diagonalFixedPoint", K);
  const f = (x: number): number => reducedFieldPrinted(K, x, x, flow)[0];
  let a = lower;
  let b = upper;
  let fa = f(a);
  if (!(fa * f(b) < 0)) throw new Error(`diagonalFixedPoint: xdot(x, x) must change sign on [${a}, ${b}], got ${fa} and ${f(b)}`);
  while (b - a > tolerance) {
    const mid = 0.5 * (a + b);
    const fm = f(mid);
    if (fm === 0) return mid;
    if (fa * fm < 0) b = mid;
    else {
      a = mid;
      fa = fm;
    }
  }
  return 0.5 * (a + b);
}

/** M3 as printed in the proof of Theorem 2.12, eqs. (18)-(19): [[1/2, (K-1)/4], [1/4, K/4]]. */
export function matrixM3Printed(K: number): Matrix {
  checkK("matrixM3Printed", K);
  return new Matrix([
    [0.5, (K - 1) / 4],
    [0.25, K / 4],
  ]);
}

/**
 * The eigenvalues of M3 as printed, smallest first: in the proof (line ~647) 1/4 and (K+1)/4; in the statement
 * of Theorem 2.12 (2) (line ~167) pi/2 and pi (K+1)/2.
 */
export function eigenvaluesM3Printed(K: number, where: "proof" | "statement"): [number, number] {
  checkK("eigenvaluesM3Printed", K);
  return where === "proof" ? [0.25, (K + 1) / 4] : [Math.PI / 2, (Math.PI * (K + 1)) / 2];
}

/** The printed partial derivatives of f4 = -2 pi E(grad_x L), f5 = -2 pi E(grad_y L) at (1, 0), as [[f4_x, f4_y], [f5_x, f5_y]]. */
export function jacobianF4F5Printed(K: number): Matrix {
  checkK("jacobianF4F5Printed", K);
  return new Matrix([
    [-Math.PI, (-Math.PI / 2) * (K - 1)],
    [-Math.PI / 2, (-Math.PI / 2) * K],
  ]);
}

/** M_L = -Jacobian of eq. (16) at (1, 0) = [[1/2 + (K-1)/(2 pi), (K-1)/4], [1/4, K/4 + 1/(2 pi)]] (see module comment). */
export function linearisationL2(K: number): Matrix {
  checkK("linearisationL2", K);
  return new Matrix([
    [0.5 + (K - 1) / (2 * Math.PI), (K - 1) / 4],
    [0.25, K / 4 + 1 / (2 * Math.PI)],
  ]);
}

/**
 * The eigenvalues of M_L (linearisationL2), smallest first: the decay rates of the L2 flow's linearisation at
 * (1, 0), in place of the pi/2, pi (K+1)/2 of the statement of Theorem 2.12 (2) and the 1/4, (K+1)/4 of its proof.
 * M_L = [[a, b], [c, d]] with b c = (K-1)/16 > 0, so both are real: (a + d)/2 -+ sqrt(((a - d)/2)^2 + b c),
 * a = 1/2 + (K-1)/(2 pi), d = K/4 + 1/(2 pi). For K = 2 they are 1/4 + 1/(2 pi) ~ 0.409 and 3/4 + 1/(2 pi) ~ 0.909.
 */
export function eigenvaluesLinearisationL2(K: number): [number, number] {
  checkK("eigenvaluesLinearisationL2", K);
  const a = 0.5 + (K - 1) / (2 * Math.PI);
  const d = K / 4 + 1 / (2 * Math.PI);
  const radius = Math.hypot((a - d) / 2, Math.sqrt((K - 1) / 16));
  return [(a + d) / 2 - radius, (a + d) / 2 + radius];
}

/**
 * The linear part M_H^0 of eq. (17) at (1, 0) and its kink: (xdot, ydot) ~ -M_H^0 (x-1, y) - (sqrt(K-1)|y|/(2 pi), 0).
 * With side = "y>=0" (inside Omega) returns the one-sided -Jacobian M_H^+ = M_H^0 + [[0, sqrt(K-1)/(2 pi)], [0, 0]];
 * with side = "y<=0" the other one, M_H^0 - [[0, sqrt(K-1)/(2 pi)], [0, 0]].
 */
export function oneSidedLinearisationH1(K: number, side: "y>=0" | "y<=0"): Matrix {
  checkK("oneSidedLinearisationH1", K);
  const kink = ((side === "y>=0" ? 1 : -1) * Math.sqrt(K - 1)) / (2 * Math.PI);
  return new Matrix([
    [1 + (K - 1) / (2 * Math.PI), (K - 1) / 2 + kink],
    [0.5, K / 2 + 1 / Math.PI],
  ]);
}

/**
 * The first-order expansion of eq. (17) at (1, 0) along any direction (dx, dy):
 *   -M_H^0 (dx, dy) - (sqrt(K-1) |dy| / (2 pi), 0), positively homogeneous but not linear.
 */
export function directionalDerivativeH1(K: number, dx: number, dy: number): [number, number] {
  const m = oneSidedLinearisationH1(K, dy >= 0 ? "y>=0" : "y<=0");
  return [-(m.get(0, 0) * dx + m.get(0, 1) * dy), -(m.get(1, 0) * dx + m.get(1, 1) * dy)];
}
