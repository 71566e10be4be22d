/**
 * Deterministic Gaussian expectations E_{x ~ N(0, I_d)}[f] for single-node student-teacher integrands, i.e.
 * integrands that depend on x only through p = w.x and q = w*.x (and on the part of x in span{w, w*}).
 *
 * Reduction [1]: with an orthonormal basis e1 = w/|w|, e2 of span{w, w*} and x = y1 e1 + y2 e2 + z, where
 * z ~ N(0, I_{d-2}) is the orthogonal complement (independent of y), an integrand f(p, q) has
 *   E[f] = (1/2pi) int_0^{2pi} int_0^inf f(r cos phi, r sin phi) r e^{-r^2/2} dr dphi,
 * with p = |w| y1 = |w| r cos phi and q = (w*.e1) y1 + (w*.e2) y2 = |w*| r cos(phi - theta).
 * Terms in |x|^2 = y1^2 + y2^2 + |z|^2 are handled by the caller through E|z|^2 = d - 2 (complementDimension)
 * and independence; a per-sample vector a(p, q) x has mean E[a y1] e1 + E[a y2] e2 (E[z] = 0), in span{w, w*}.
 *
 * The integrand is piecewise smooth in phi, with kinks or jumps where p = 0 (phi = +-pi/2) or q = 0
 * (phi = theta +- pi/2). The circle is split at these angles and each arc gets Gauss-Legendre [2]. Along each ray
 * the piecewise-polynomial integrands of the paper are polynomials in r, so the radial integral uses the Gauss
 * rule for the weight r e^{-r^2/2} on [0, inf) ("Maxwell" or half-range Hermite weight), exact for polynomials
 * of degree <= 2n - 1 in r, odd degrees included (Gauss-Laguerre in s = r^2/2 would be exact only for even
 * degrees). Its recurrence coefficients come from the discretized Stieltjes procedure [3] on a composite
 * Gauss-Legendre discretization of [0, 20], and its nodes and weights from the Jacobi matrix (Golub-Welsch [4]).
 *
 * References
 * [1] Cho & Saul, "Kernel methods for deep learning", NIPS 2009 (the same planar reduction for arc-cosine kernels).
 * [2] Press et al., Numerical Recipes, 3rd ed., Section 4.6 (gauleg: Newton on the Legendre recurrence).
 * [3] Gautschi, Orthogonal Polynomials: Computation and Approximation, OUP 2004, Section 2.2.3.1.
 * [4] Golub & Welsch, "Calculation of Gauss quadrature rules", Math. Comp. 23 (1969) 221-230.
 */
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { dot, norm, scale, sub } from "./linalg.js";

/** A quadrature rule: sum_i weights[i] f(nodes[i]) approximates the integral. */
export interface QuadratureRule {
  readonly nodes: number[];
  readonly weights: number[];
}

function checkCount(caller: string, n: number): void {
  if (!Number.isInteger(n) || n < 1 || n > 200) throw new Error(`${caller}: n must be an integer in [1, 200], got ${n}`);
}

const legendreCache = new Map<number, QuadratureRule>();

/**
 * n-point Gauss-Legendre rule on [-1, 1] [2], exact for polynomials of degree <= 2n - 1. Nodes ascending.
 * Newton's method on P_n from x = cos(pi (i + 3/4) / (n + 1/2)), stopped at a step below 1e-15.
 */
export function gaussLegendreRule(n: number): QuadratureRule {
  checkCount("gaussLegendreRule", n);
  const cached = legendreCache.get(n);
  if (cached !== undefined) return cached;
  const nodes = new Array<number>(n);
  const weights = new Array<number>(n);
  for (let i = 0; i < Math.ceil(n / 2); i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let derivative = 0;
    for (let iteration = 0; iteration < 100; iteration++) {
      let p0 = 1;
      let p1 = 0;
      for (let k = 1; k <= n; k++) {
        const p2 = p1;
        p1 = p0;
        p0 = ((2 * k - 1) * x * p1 - (k - 1) * p2) / k;
      }
      derivative = (n * (x * p0 - p1)) / (x * x - 1);
      const step = p0 / derivative;
      x -= step;
      if (Math.abs(step) <= 1e-15) break;
    }
    const weight = 2 / ((1 - x * x) * derivative * derivative);
    nodes[i] = -x;
    nodes[n - 1 - i] = x;
    weights[i] = weight;
    weights[n - 1 - i] = weight;
  }
  if (n % 2 === 1) nodes[(n - 1) / 2] = 0;
  const rule = { nodes, weights };
  legendreCache.set(n, rule);
  return rule;
}

/**
 * int_0^inf r^k r e^{-r^2/2} dr = 2^{k/2} Gamma(k/2 + 1), the k-th moment of the radial weight (k >= 0 integer).
 * Gamma(m + 1) = m! and Gamma(m + 3/2) = (2m + 1)!! sqrt(pi) / 2^{m+1}.
 */
export function radialMoment(k: number): number {
  if (!Number.isInteger(k) || k < 0) throw new Error(`radialMoment: k must be a non-negative integer, got ${k}`);
  let gamma = k % 2 === 0 ? 1 : Math.sqrt(Math.PI) / 2; // Gamma(1) or Gamma(3/2)
  for (let z = k % 2 === 0 ? 1 : 1.5; z < k / 2 + 1 - 0.25; z += 1) gamma *= z;
  return 2 ** (k / 2) * gamma;
}

/** Composite Gauss-Legendre discretization of the weight r e^{-r^2/2} on [0, 20] (tail below e^{-150}). */
function discretizedRadialMeasure(): { points: number[]; masses: number[] } {
  const panel = gaussLegendreRule(24);
  const points: number[] = [];
  const masses: number[] = [];
  const width = 0.5;
  for (let left = 0; left < 20; left += width) {
    panel.nodes.forEach((t, i) => {
      const r = left + (width * (t + 1)) / 2;
      points.push(r);
      masses.push(((width / 2) * panel.weights[i]) * r * Math.exp((-r * r) / 2));
    });
  }
  return { points, masses };
}

const radialCache = new Map<number, QuadratureRule>();

/**
 * n-point Gauss rule for int_0^inf f(r) r e^{-r^2/2} dr (total mass 1), exact for polynomials of degree
 * <= 2n - 1 in r: recurrence coefficients by the discretized Stieltjes procedure [3] (orthonormalized, so
 * nothing overflows), then nodes = eigenvalues of the Jacobi matrix and weights = (first eigenvector
 * component)^2 [4]. Nodes ascending. n <= 40.
 */
export function radialGaussRule(n: number): QuadratureRule {
  checkCount("radialGaussRule", n);
  if (n > 40) throw new Error(`radialGaussRule: n must be <= 40 (the discretization resolves degree ~80), got ${n}`);
  const cached = radialCache.get(n);
  if (cached !== undefined) return cached;
  const { points, masses } = discretizedRadialMeasure();
  const mu0 = masses.reduce((s, m) => s + m, 0);
  const alpha: number[] = [];
  const beta: number[] = [];
  let previous = points.map(() => 0);
  let current = points.map(() => 1 / Math.sqrt(mu0));
  let betaK = 0;
  for (let k = 0; k < n; k++) {
    const alphaK = points.reduce((s, r, i) => s + masses[i] * r * current[i] * current[i], 0);
    alpha.push(alphaK);
    const next = points.map((r, i) => (r - alphaK) * current[i] - Math.sqrt(betaK) * previous[i]);
    betaK = next.reduce((s, value, i) => s + masses[i] * value * value, 0);
    beta.push(betaK);
    previous = current;
    current = next.map((value) => value / Math.sqrt(betaK));
  }
  const jacobi = Matrix.zeros(n, n);
  for (let k = 0; k < n; k++) {
    jacobi.set(k, k, alpha[k]);
    if (k + 1 < n) {
      jacobi.set(k, k + 1, Math.sqrt(beta[k]));
      jacobi.set(k + 1, k, Math.sqrt(beta[k]));
    }
  }
  const eig = new EigenvalueDecomposition(jacobi, { assumeSymmetric: true });
  const vectors = eig.eigenvectorMatrix;
  const order = eig.realEigenvalues.map((_, i) => i).sort((i, j) => eig.realEigenvalues[i] - eig.realEigenvalues[j]);
  const rule = {
    nodes: order.map((i) => eig.realEigenvalues[i]),
    weights: order.map((i) => (mu0 * vectors.get(0, i) ** 2) / vectors.getColumn(i).reduce((s, x) => s + x * x, 0)),
  };
  radialCache.set(n, rule);
  return rule;
}

/** The plane span{w, w*} with an orthonormal basis, and the kink angles of the integrands. */
export interface GaussianPlane {
  readonly d: number;
  readonly w: number[];
  readonly wStar: number[];
  /** e1 = w/|w| and e2, orthonormal, with w* in span{e1, e2} and w*.e2 >= 0. */
  readonly e1: number[];
  readonly e2: number[];
  /** w*.e1 and w*.e2: then q = w*.x = wStarE1 y1 + wStarE2 y2. */
  readonly wStarE1: number;
  readonly wStarE2: number;
  readonly normW: number;
  /** theta = atan2(w*.e2, w*.e1), the angle between w and w*, in [0, pi]. */
  readonly theta: number;
  /** d - 2 = E|z|^2 for the part z of x orthogonal to the plane. */
  readonly complementDimension: number;
  /** Angles where p = 0 or q = 0, sorted ascending in [0, 2 pi), duplicates removed. */
  readonly kinkAngles: number[];
}

/**
 * The plane of (w, w*) for planeExpectation: e1 = w/|w|; e2 = the normalized part of w* orthogonal to e1
 * (Gram-Schmidt applied twice), or, when w* is parallel to w, the normalized part of the coordinate vector
 * least aligned with e1.
 *
 * @param w - student weights, length d >= 2, nonzero
 * @param wStar - teacher weights, length d, nonzero
 */
export function gaussianPlane(w: readonly number[], wStar: readonly number[]): GaussianPlane {
  const d = w.length;
  if (d < 2 || wStar.length !== d) throw new Error(`gaussianPlane: w and wStar must have the same length >= 2, got ${w.length} and ${wStar.length}`);
  const normW = norm(w);
  if (!(normW > 0 && Number.isFinite(normW) && norm(wStar) > 0 && Number.isFinite(norm(wStar)))) {
    throw new Error(`gaussianPlane: w and wStar must be finite and nonzero, got |w| = ${normW}, |wStar| = ${norm(wStar)}`);
  }
  const e1 = scale(1 / normW, w);
  const orthogonalPart = (y: readonly number[]): number[] => {
    const once = sub(y, scale(dot(y, e1), e1));
    return sub(once, scale(dot(once, e1), e1));
  };
  let rest = orthogonalPart(wStar);
  if (norm(rest) <= 1e-14 * norm(wStar)) {
    const k = e1.reduce((best, value, i) => (Math.abs(value) < Math.abs(e1[best]) ? i : best), 0);
    rest = orthogonalPart(e1.map((_, i) => (i === k ? 1 : 0)));
  }
  const e2 = scale(1 / norm(rest), rest);
  const wStarE1 = dot(wStar, e1);
  const wStarE2 = Math.abs(dot(wStar, e2));
  const e2Signed = dot(wStar, e2) < 0 ? scale(-1, e2) : e2;
  const theta = Math.atan2(wStarE2, wStarE1);
  const twoPi = 2 * Math.PI;
  const wrap = (phi: number): number => ((phi % twoPi) + twoPi) % twoPi;
  const kinkAngles = [Math.PI / 2, (3 * Math.PI) / 2, wrap(theta + Math.PI / 2), wrap(theta - Math.PI / 2)]
    .sort((x, y) => x - y)
    .filter((phi, i, all) => i === 0 || phi !== all[i - 1]);
  return { d, w: w.slice(), wStar: wStar.slice(), e1, e2: e2Signed, wStarE1, wStarE2, normW, theta, complementDimension: d - 2, kinkAngles };
}

/** A quadrature node in the plane: coordinates y1, y2 of x in (e1, e2), and p = w.x, q = w*.x. */
export interface PlanePoint {
  readonly y1: number;
  readonly y2: number;
  readonly p: number;
  readonly q: number;
}

/** Numbers of nodes: radial (per ray, default 16: exact to degree 31 in r) and angular (per arc, default 24). */
export interface QuadratureOptions {
  readonly radialNodes?: number;
  readonly angularNodes?: number;
}

/** Calls visit(point, weight) at every node of the product rule; the weights sum to 1. */
function forEachNode(plane: GaussianPlane, options: QuadratureOptions, visit: (point: PlanePoint, weight: number) => void): void {
  const radial = radialGaussRule(options.radialNodes ?? 16);
  const angular = gaussLegendreRule(options.angularNodes ?? 24);
  const kinks = plane.kinkAngles;
  for (let arc = 0; arc < kinks.length; arc++) {
    const start = kinks[arc];
    const end = arc + 1 < kinks.length ? kinks[arc + 1] : kinks[0] + 2 * Math.PI;
    const half = (end - start) / 2;
    for (let j = 0; j < angular.nodes.length; j++) {
      const phi = start + half * (angular.nodes[j] + 1);
      const cosPhi = Math.cos(phi);
      const sinPhi = Math.sin(phi);
      const angularWeight = (half * angular.weights[j]) / (2 * Math.PI);
      for (let i = 0; i < radial.nodes.length; i++) {
        const r = radial.nodes[i];
        const y1 = r * cosPhi;
        const y2 = r * sinPhi;
        const point = { y1, y2, p: plane.normW * y1, q: plane.wStarE1 * y1 + plane.wStarE2 * y2 };
        visit(point, angularWeight * radial.weights[i]);
      }
    }
  }
}

/**
 * E_{x ~ N(0, I_d)}[f] for f depending on x only through its plane coordinates (see the module comment).
 *
 * @param plane - from gaussianPlane(w, wStar)
 * @param integrand - f(point), piecewise smooth with kinks only where p = 0 or q = 0
 * @returns the expectation (error ~1e-15 relative for the paper's piecewise-polynomial integrands)
 */
export function planeExpectation(plane: GaussianPlane, integrand: (point: PlanePoint) => number, options: QuadratureOptions = {}): number {
  let sum = 0;
  forEachNode(plane, options, (point, weight) => {
    sum += weight * integrand(point);
  });
  return sum;
}

/**
 * Several expectations at once: integrand writes m values into `out` at each node.
 *
 * @returns the m expectations
 */
export function planeExpectations(
  plane: GaussianPlane,
  m: number,
  integrand: (point: PlanePoint, out: Float64Array) => void,
  options: QuadratureOptions = {},
): number[] {
  if (!Number.isInteger(m) || m < 1) throw new Error(`planeExpectations: m must be a positive integer, got ${m}`);
  const sums = new Float64Array(m);
  const values = new Float64Array(m);
  forEachNode(plane, options, (point, weight) => {
    integrand(point, values);
    for (let k = 0; k < m; k++) sums[k] += weight * values[k];
  });
  return Array.from(sums);
}

/** Coefficients of a per-sample vector a x + b w + c w*: out[0] = a, out[1] = b, out[2] = c. */
export type FieldCoefficients = (point: PlanePoint, out: Float64Array) => void;

/**
 * E[a(p, q) x + b(p, q) w + c(p, q) w*], the mean of a per-sample gradient written in this form:
 *   E[a y1] e1 + E[a y2] e2 + E[b] w + E[c] w*   (the complement z has mean zero and is independent of y).
 *
 * @param plane - from gaussianPlane(w, wStar)
 * @param coefficients - writes (a, b, c) at a node into out[0..2]
 * @returns length-d vector in span{w, w*}
 */
export function fieldExpectation(plane: GaussianPlane, coefficients: FieldCoefficients, options: QuadratureOptions = {}): number[] {
  const abc = new Float64Array(3);
  const [ay1, ay2, b, c] = planeExpectations(
    plane,
    4,
    (point, out) => {
      coefficients(point, abc);
      out[0] = abc[0] * point.y1;
      out[1] = abc[0] * point.y2;
      out[2] = abc[1];
      out[3] = abc[2];
    },
    options,
  );
  return plane.w.map((wi, i) => ay1 * plane.e1[i] + ay2 * plane.e2[i] + b * wi + c * plane.wStar[i]);
}
