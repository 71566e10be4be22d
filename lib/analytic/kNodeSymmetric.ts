/**
 * The symmetric initialisation of Theorem 2.12, eq. (3) = eq. (12) = eq. (22): with the orthonormal teacher
 * w*_j = e_j in R^K, the student W = x I + y (1 1^T - I), i.e. w_l = y sum_{j != l} e_j + x e_l. The K-node
 * gradient flow keeps this form (the family is the set of matrices fixed by every simultaneous permutation of
 * nodes and coordinates, and the losses are invariant under those), so it reduces to a flow in (x, y):
 *   xdot = -(grad_{w_1} loss)_1,   ydot = -(grad_{w_1} loss)_2                                   (eq. (14)).
 *
 * Eqs. (16)-(17) of the paper print this flow, times -2 pi, with the angles of Lemma B.1 [1]:
 *   alpha = (x^2 + (K-1) y^2)^(-1/2),  cos theta = alpha x,  cos phi* = alpha y,
 *   cos phi = alpha^2 (2 x y + (K-2) y^2) = 1 - alpha^2 (x - y)^2,
 *   -2 pi E(grad_x, grad_y) = c (x, y) - m B,   c = (K-1)(alpha sin phi* - sin phi) + alpha sin theta,
 *   B = ( -(pi - theta) + pi x + (pi - phi)(K-1) y,  -(pi - phi*) + pi y + (pi - phi)(x + (K-2) y) ),
 * with m = 1 for L (eq. (16)) and m = 2 for H (eq. (17)). They are the projections of eq. (15), so eq. (17)
 * is the flow of the mean autodiff gradient of H, not of the gradient of the population loss H.
 *
 * References
 * [1] Tian, ICML 2017 (reference [34] of the paper), Lemma 3 and Section 5.
 */
import { kNodeExactGradientH, kNodeGradientL, kNodePaperGradientH, type NetworkRows } from "./kNode.js";

/** Which reduced flow: "L2" is eq. (16) (gradient of L), "H1" is eq. (17) (printed eq. (15) field for H). */
export type SobolevFlow = "L2" | "H1";

/** A gradient-like map from (student rows, teacher rows) to K rows; the flow is W' = -gradient. */
export type RowsGradient = (W: NetworkRows, WStar: NetworkRows) => number[][];

function checkK(caller: string, K: number): void {
  if (!Number.isInteger(K) || K < 2) throw new Error(`${caller}: K must be an integer >= 2, got ${K}`);
}

/** W = x I + y (1 1^T - I) as K rows (eq. (3)): row l is x e_l + y sum_{j != l} e_j. */
export function symmetricStudent(K: number, x: number, y: number): number[][] {
  checkK("symmetricStudent", K);
  return Array.from({ length: K }, (_, l) => Array.from({ length: K }, (_, i) => (i === l ? x : y)));
}

/** The angles of Lemma B.1 for the family of eq. (3), and alpha = 1/|w_j|. */
export interface SymmetricFamilyAngles {
  readonly alpha: number;
  /** theta = angle(w_j, w*_j), cos theta = alpha x. */
  readonly theta: number;
  /** phi = angle(w_j, w_j'), j != j', cos phi = 1 - alpha^2 (x - y)^2. */
  readonly phi: number;
  /** phi* = angle(w_j, w*_j'), j != j', cos phi* = alpha y. */
  readonly phiStar: number;
}

/**
 * Lemma B.1 (paper line ~587): the angles from the printed cosines, with the sines
 *   sin theta = alpha sqrt(K-1) |y|,  sin phi* = alpha sqrt(x^2 + (K-2) y^2),
 *   sin phi = alpha |x - y| sqrt(2 - alpha^2 (x - y)^2)   (Lemma B.1 (2)),
 * each angle taken as atan2(sin, cos) for accuracy near 0. Valid for any (x, y) != (0, 0).
 */
export function symmetricFamilyAngles(K: number, x: number, y: number): SymmetricFamilyAngles {
  checkK("symmetricFamilyAngles", K);
  const alpha = 1 / Math.sqrt(x * x + (K - 1) * y * y);
  if (!Number.isFinite(alpha)) throw new Error(`symmetricFamilyAngles: (x, y) must be finite and nonzero, got (${x}, ${y})`);
  const s = alpha * alpha * (x - y) * (x - y);
  return {
    alpha,
    theta: Math.atan2(alpha * Math.sqrt(K - 1) * Math.abs(y), alpha * x),
    phi: Math.atan2(alpha * Math.abs(x - y) * Math.sqrt(2 - s), 1 - s),
    phiStar: Math.atan2(alpha * Math.sqrt(x * x + (K - 2) * y * y), alpha * y),
  };
}

/**
 * The reduced flow (xdot, ydot) exactly as printed: eq. (16) for "L2", eq. (17) for "H1", divided by 2 pi
 * (the equations print -2 pi E(grad_x, grad_y)).
 *
 * @param K - number of nodes, >= 2; @param x, y - the family's coordinates
 * @returns [xdot, ydot]
 */
export function reducedFieldPrinted(K: number, x: number, y: number, flow: SobolevFlow): [number, number] {
  const { alpha, theta, phi, phiStar } = symmetricFamilyAngles(K, x, y);
  const m = flow === "H1" ? 2 : 1;
  const c = (K - 1) * (alpha * Math.sin(phiStar) - Math.sin(phi)) + alpha * Math.sin(theta);
  const b1 = -(Math.PI - theta) + Math.PI * x + (Math.PI - phi) * (K - 1) * y;
  const b2 = -(Math.PI - phiStar) + Math.PI * y + (Math.PI - phi) * (x + (K - 2) * y);
  return [(c * x - m * b1) / (2 * Math.PI), (c * y - m * b2) / (2 * Math.PI)];
}

/**
 * The full K-node flow W' = -gradient(W, I) at W = symmetricStudent(K, x, y), read off in the family's
 * coordinates: [xdot, ydot] = [-gradient[0][0], -gradient[0][1]].
 */
export function reducedFieldFromGradient(K: number, x: number, y: number, gradient: RowsGradient): [number, number] {
  const teacher = symmetricStudent(K, 1, 0);
  const g = gradient(symmetricStudent(K, x, y), teacher);
  return [-g[0][0], -g[0][1]];
}

/** Full-field gradients behind each reduced flow: eq. (15) for "L2" and "H1", and the exact gradient of H. */
export const REDUCED_FLOW_GRADIENTS: Readonly<Record<SobolevFlow | "H1exact", RowsGradient>> = {
  L2: kNodeGradientL,
  H1: kNodePaperGradientH,
  H1exact: kNodeExactGradientH,
};

/**
 * The reduced flow of the gradient of the population loss H (not printed in the paper): like eq. (17) but
 * from kNodeExactGradientH, which adds the indicator-jump terms. Discontinuous across y = 0.
 */
export function reducedFieldExactH(K: number, x: number, y: number): [number, number] {
  return reducedFieldFromGradient(K, x, y, kNodeExactGradientH);
}

/**
 * How far the full field -gradient(W, I) at W = symmetricStudent(K, x, y) is from the family's tangent space
 * {a I + b (1 1^T - I)}: the max-norm distance to the matrix with the mean diagonal and mean off-diagonal
 * entries. Zero (up to rounding) exactly when the flow stays in the family.
 */
export function symmetricFamilyDefect(K: number, x: number, y: number, gradient: RowsGradient): number {
  const g = gradient(symmetricStudent(K, x, y), symmetricStudent(K, 1, 0));
  let diagonal = 0;
  let offDiagonal = 0;
  g.forEach((row, l) => row.forEach((v, i) => (i === l ? (diagonal += v) : (offDiagonal += v))));
  diagonal /= K;
  offDiagonal /= K * (K - 1);
  let worst = 0;
  g.forEach((row, l) => row.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - (i === l ? diagonal : offDiagonal))))));
  return worst;
}

/** Omega of Theorem 2.12: x in (0, 1], y in [0, 1], x > y. */
export function inOmega(x: number, y: number): boolean {
  return x > 0 && x <= 1 && y >= 0 && y <= 1 && x > y;
}
