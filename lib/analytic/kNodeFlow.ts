/**
 * Trajectories of the reduced (x, y) flows of Theorem 2.12 (eqs. (16)-(17)) and the decay rate they show
 * near the teacher (1, 0): the slope of log |(x - 1, y)| against t, to compare with the slowest eigenvalue of
 * a linearisation (printed M3 and 2 M3, or linearisationL2 and oneSidedLinearisationH1).
 *
 * Integration is classical fixed-step RK4 (lib/numeric/ode.ts). Near (1, 0) the distance decays like
 * exp(-lambda_min t), lambda_min the smallest eigenvalue of the -Jacobian, once the faster mode has died out.
 */
import { integrateRk4, type Trajectory } from "../numeric/ode.js";
import { reducedFieldPrinted, type SobolevFlow } from "./kNodeSymmetric.js";
import { diagonalRatePrinted, diagonalSaddlePrinted } from "./kNodeSymmetricFixedPoints.js";

/** Options of reducedFlowTrajectory. */
export interface ReducedFlowOptions {
  /** Final time (default 40). */
  readonly tEnd?: number;
  /** RK4 step (default 0.01). */
  readonly step?: number;
}

/**
 * Integrates (xdot, ydot) = reducedFieldPrinted(K, x, y, flow) from `start` with RK4.
 *
 * @param K - number of nodes, >= 2
 * @param start - [x0, y0], e.g. a point of Omega
 * @param flow - "L2" (eq. (16)) or "H1" (eq. (17))
 * @returns times and states [x, y] at every step
 */
export function reducedFlowTrajectory(K: number, start: readonly [number, number], flow: SobolevFlow, options: ReducedFlowOptions = {}): Trajectory {
  const tEnd = options.tEnd ?? 40;
  const step = options.step ?? 0.01;
  return integrateRk4((_t, z) => reducedFieldPrinted(K, z[0], z[1], flow), [...start], 0, tEnd, step);
}

/** |(x - 1, y)|, the distance of a reduced state from the teacher (1, 0). */
export function distanceToTeacher(state: readonly number[]): number {
  return Math.hypot(state[0] - 1, state[1]);
}

/** Which part of a trajectory decayRate fits: the states whose distance to (1, 0) lies in [minDistance, maxDistance]. */
export interface DecayWindow {
  /** Upper end (default 1e-4): far enough in for the linearisation and for the fast mode to have died out. */
  readonly maxDistance?: number;
  /** Lower end (default 1e-10): well above the rounding floor ~1e-15 of the states. */
  readonly minDistance?: number;
}

/**
 * The decay rate -d log|(x - 1, y)| / dt, as minus the least-squares slope of log distance against t over the
 * states whose distance lies in the window. Throws if fewer than 3 states fall in it.
 */
export function decayRate(trajectory: Trajectory, window: DecayWindow = {}): number {
  const maxDistance = window.maxDistance ?? 1e-4;
  const minDistance = window.minDistance ?? 1e-10;
  if (!(minDistance > 0 && maxDistance > minDistance)) throw new Error(`decayRate: need 0 < minDistance < maxDistance, got ${minDistance} and ${maxDistance}`);
  const points: [number, number][] = [];
  trajectory.times.forEach((t, k) => {
    const distance = distanceToTeacher(trajectory.states[k]);
    if (distance >= minDistance && distance <= maxDistance) points.push([t, Math.log(distance)]);
  });
  if (points.length < 3) {
    throw new Error(`decayRate: need >= 3 states with distance in [${minDistance}, ${maxDistance}], got ${points.length}; integrate longer or widen the window`);
  }
  const n = points.length;
  const tMean = points.reduce((s, [t]) => s + t, 0) / n;
  const vMean = points.reduce((s, [, v]) => s + v, 0) / n;
  let covariance = 0;
  let variance = 0;
  for (const [t, v] of points) {
    covariance += (t - tMean) * (v - vMean);
    variance += (t - tMean) ** 2;
  }
  return -covariance / variance;
}

/**
 * The exact solution on the diagonal x = y (Theorem 2.12 (3), eqs. (20)-(21), which are exact there):
 *   x(t) = x* + (x(0) - x*) exp(-rate t),  rate = K/2 (L2) or K (H1).
 * (The paper prints x(t) = (x(0) - x*) e^{-K/2 t}, which omits the "x* +".)
 */
export function diagonalSolution(K: number, flow: SobolevFlow, x0: number, t: number): number {
  const xStar = diagonalSaddlePrinted(K, flow);
  return xStar + (x0 - xStar) * Math.exp(-diagonalRatePrinted(K, flow) * t);
}
