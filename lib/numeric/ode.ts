/**
 * Initial value problems y' = f(t, y) for gradient flows: classical Runge-Kutta 4 with a fixed step, and the
 * adaptive Dormand-Prince 5(4) pair with error control, each returning the trajectory and optionally stopping
 * at the first sign change of an event function.
 *
 * RK4 [1]: k1 = f(t, y), k2 = f(t + h/2, y + h k1/2), k3 = f(t + h/2, y + h k2/2), k4 = f(t + h, y + h k3),
 *   y_new = y + h (k1 + 2 k2 + 2 k3 + k4) / 6;  global error O(h^4).
 * DP5(4) [2, 3]: seven stages (the last one reused as the next first, FSAL), the 5th-order solution propagated,
 *   the embedded 4th-order one giving the error estimate err = sqrt(mean_i (e_i / (atol + rtol max(|y_i|, |y_new_i|)))^2);
 *   a step is accepted when err <= 1 and the next step is h min(5, max(0.2, 0.9 err^{-1/5})) [3, II.4].
 *   Starting step from Hairer's heuristic [3, II.4 "Starting step size"].
 * Events: when event(t, y) changes sign across a step from t to t + h, the crossing time is found by bisection
 *   on tau in (0, h], each trial being one fresh step of size tau from t (so the located state has the
 *   method's own accuracy; no interpolant is involved).
 *
 * References
 * [1] Butcher, Numerical Methods for Ordinary Differential Equations, 3rd ed., Wiley 2016, Section 23.
 * [2] Dormand & Prince, "A family of embedded Runge-Kutta formulae", J. Comput. Appl. Math. 6 (1980) 19-26.
 * [3] Hairer, Norsett & Wanner, Solving Ordinary Differential Equations I, 2nd ed., Springer 1993, II.4-II.5
 *     (Table 5.2: the DOPRI5 coefficients used below).
 */

/** Right-hand side f(t, y) of y' = f(t, y); must return a new array of the length of y. */
export type OdeRightHandSide = (t: number, y: readonly number[]) => number[];

/** Times t_0 < t_1 < ... and states y(t_k); `stoppedBy` says why the integration ended. */
export interface Trajectory {
  readonly times: number[];
  readonly states: number[][];
  readonly stoppedBy: "end" | "event";
  /** Number of calls of f. */
  readonly evaluations: number;
  /** Rejected steps (always 0 for RK4). */
  readonly rejectedSteps: number;
}

/** Options shared by both integrators. */
export interface EventOptions {
  /** Stop at the first t where event(t, y(t)) changes sign from its value at t0 (located by bisection). */
  readonly event?: (t: number, y: readonly number[]) => number;
}

/** sign(event(t0, y0)), which must be nonzero so that a sign change is well defined. */
function initialEventSign(caller: string, options: EventOptions, t0: number, y0: readonly number[]): number {
  if (!options.event) return 0;
  const value = options.event(t0, y0);
  if (!(value !== 0 && Number.isFinite(value))) throw new Error(`${caller}: event(t0, y0) must be finite and nonzero, got ${value}`);
  return Math.sign(value);
}

function checkInterval(caller: string, y0: readonly number[], t0: number, tEnd: number): void {
  if (y0.length === 0) throw new Error(`${caller}: y0 must have length >= 1, got length 0`);
  if (!(Number.isFinite(t0) && Number.isFinite(tEnd) && tEnd > t0)) {
    throw new Error(`${caller}: need finite t0 < tEnd, got t0 = ${t0}, tEnd = ${tEnd}`);
  }
  if (!y0.every(Number.isFinite)) throw new Error(`${caller}: y0 must be finite, got [${y0.join(", ")}]`);
}

/** f(t, y), counted, with a message naming t when it returns a non-finite value or a wrong length. */
function countedRightHandSide(caller: string, f: OdeRightHandSide, n: number): { call: OdeRightHandSide; count: () => number } {
  let evaluations = 0;
  return {
    call: (t, y) => {
      evaluations++;
      const value = f(t, y);
      if (value.length !== n) throw new Error(`${caller}: f returned length ${value.length} at t = ${t}, expected ${n}`);
      if (!value.every(Number.isFinite)) throw new Error(`${caller}: f returned a non-finite value at t = ${t}: [${value.join(", ")}]`);
      return value;
    },
    count: () => evaluations,
  };
}

/** y + h sum_j c_j k_j. */
function combine(y: readonly number[], h: number, coefficients: readonly number[], stages: readonly (readonly number[])[]): number[] {
  return y.map((yi, i) => {
    let sum = 0;
    for (let j = 0; j < coefficients.length; j++) if (coefficients[j] !== 0) sum += coefficients[j] * stages[j][i];
    return yi + h * sum;
  });
}

/**
 * Bisection for the first sign change of event on a step: step(tau) advances from (t, y) by tau.
 * Returns the right end of the final bracket (where the sign has changed), of width <= 4 eps max(1, |t|).
 */
function locateEvent(
  event: (t: number, y: readonly number[]) => number,
  sign0: number,
  t: number,
  h: number,
  step: (tau: number) => number[],
): { t: number; y: number[] } {
  let low = 0;
  let high = h;
  let yHigh = step(h);
  while (high - low > 4 * Number.EPSILON * Math.max(1, Math.abs(t))) {
    const middle = (low + high) / 2;
    if (middle <= low || middle >= high) break;
    const yMiddle = step(middle);
    if (Math.sign(event(t + middle, yMiddle)) === sign0) low = middle;
    else {
      high = middle;
      yHigh = yMiddle;
    }
  }
  return { t: t + high, y: yHigh };
}

/**
 * Classical RK4 [1] with fixed step h from t0 to tEnd (the last step shortened to land on tEnd).
 *
 * @param f - right-hand side
 * @param y0 - initial state, length n
 * @param t0 - initial time; @param tEnd - final time (> t0)
 * @param h - step (> 0)
 * @param options.event - optional stop condition (see EventOptions)
 * @returns the trajectory at every step (and at the event, if one occurs)
 */
export function integrateRk4(f: OdeRightHandSide, y0: readonly number[], t0: number, tEnd: number, h: number, options: EventOptions = {}): Trajectory {
  checkInterval("integrateRk4", y0, t0, tEnd);
  if (!(h > 0 && Number.isFinite(h))) throw new Error(`integrateRk4: step h must be a positive finite number, got ${h}`);
  const rhs = countedRightHandSide("integrateRk4", f, y0.length);
  const rk4Step = (t: number, y: readonly number[], k1: readonly number[], tau: number): number[] => {
    const k2 = rhs.call(t + tau / 2, combine(y, tau, [0.5], [k1]));
    const k3 = rhs.call(t + tau / 2, combine(y, tau, [0.5], [k2]));
    const k4 = rhs.call(t + tau, combine(y, tau, [1], [k3]));
    return combine(y, tau, [1 / 6, 1 / 3, 1 / 3, 1 / 6], [k1, k2, k3, k4]);
  };
  const times = [t0];
  const states = [y0.slice()];
  const sign0 = initialEventSign("integrateRk4", options, t0, y0);
  const steps = Math.ceil((tEnd - t0) / h - 1e-12);
  let y = y0.slice();
  for (let k = 0; k < steps; k++) {
    const t = t0 + k * h;
    const tau = k === steps - 1 ? tEnd - t : h;
    const k1 = rhs.call(t, y);
    const yNew = rk4Step(t, y, k1, tau);
    if (options.event && Math.sign(options.event(t + tau, yNew)) !== sign0) {
      const hit = locateEvent(options.event, sign0, t, tau, (s) => rk4Step(t, y, k1, s));
      times.push(hit.t);
      states.push(hit.y);
      return { times, states, stoppedBy: "event", evaluations: rhs.count(), rejectedSteps: 0 };
    }
    y = yNew;
    times.push(k === steps - 1 ? tEnd : t + tau);
    states.push(y);
  }
  return { times, states, stoppedBy: "end", evaluations: rhs.count(), rejectedSteps: 0 };
}

/** Dormand-Prince 5(4) tableau [2], [3, Table 5.2]. */
const C = [0, 1 / 5, 3 / 10, 4 / 5, 8 / 9, 1, 1];
const A: readonly (readonly number[])[] = [
  [],
  [1 / 5],
  [3 / 40, 9 / 40],
  [44 / 45, -56 / 15, 32 / 9],
  [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729],
  [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656],
  [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84],
];
/** b - b^ (5th-order weights minus the embedded 4th-order ones). */
const E = [71 / 57600, 0, -71 / 16695, 71 / 1920, -17253 / 339200, 22 / 525, -1 / 40];

/** Tolerances and limits of integrateDormandPrince. */
export interface DormandPrinceOptions extends EventOptions {
  /** Relative and absolute tolerances of the local error estimate (> 0). */
  readonly rtol: number;
  readonly atol: number;
  /** First step (default: Hairer's heuristic). */
  readonly initialStep?: number;
  /** Largest step (default tEnd - t0). */
  readonly maxStep?: number;
  /** Accepted plus rejected steps before giving up (default 100000). */
  readonly maxSteps?: number;
}

/**
 * Adaptive Dormand-Prince 5(4) [2, 3] from t0 to tEnd.
 *
 * @param f - right-hand side
 * @param y0 - initial state, length n
 * @param t0 - initial time; @param tEnd - final time (> t0)
 * @param options - rtol, atol, optional initialStep, maxStep, maxSteps, event
 * @returns the trajectory at every accepted step (and at the event, if one occurs)
 * @throws when maxSteps is exceeded or the step falls below 1e-14 max(1, |t|) (stiff or singular problem)
 */
export function integrateDormandPrince(f: OdeRightHandSide, y0: readonly number[], t0: number, tEnd: number, options: DormandPrinceOptions): Trajectory {
  checkInterval("integrateDormandPrince", y0, t0, tEnd);
  const { rtol, atol } = options;
  if (!(rtol > 0 && atol > 0)) throw new Error(`integrateDormandPrince: rtol and atol must be > 0, got ${rtol} and ${atol}`);
  const maxStep = options.maxStep ?? tEnd - t0;
  const maxSteps = options.maxSteps ?? 100000;
  const rhs = countedRightHandSide("integrateDormandPrince", f, y0.length);
  const n = y0.length;
  const scaledNorm = (v: readonly number[], y: readonly number[], yNew: readonly number[]): number =>
    Math.sqrt(v.reduce((s, vi, i) => s + (vi / (atol + rtol * Math.max(Math.abs(y[i]), Math.abs(yNew[i])))) ** 2, 0) / n);
  const stagesOf = (t: number, y: readonly number[], k1: readonly number[], h: number): number[][] => {
    const k = [k1.slice()];
    for (let s = 1; s < 7; s++) k.push(rhs.call(t + C[s] * h, combine(y, h, A[s], k)));
    return k;
  };

  let t = t0;
  let y = y0.slice();
  let k1 = rhs.call(t, y);
  let h = options.initialStep ?? startingStep(rhs.call, t, y, k1, (v) => scaledNorm(v, y, y));
  h = Math.min(h, maxStep, tEnd - t0);
  const times = [t0];
  const states = [y0.slice()];
  const sign0 = initialEventSign("integrateDormandPrince", options, t0, y0);
  let rejectedSteps = 0;
  for (let attempt = 0; attempt < maxSteps; attempt++) {
    const finalStep = t + h >= tEnd || tEnd - (t + h) < 1e-12 * Math.max(1, Math.abs(tEnd));
    if (finalStep) h = tEnd - t;
    if (h < 1e-14 * Math.max(1, Math.abs(t))) throw new Error(`integrateDormandPrince: step size ${h} too small at t = ${t} (stiff or singular problem)`);
    const k = stagesOf(t, y, k1, h);
    const yNew = combine(y, h, A[6], k);
    const error = scaledNorm(combine(new Array<number>(n).fill(0), h, E, k), y, yNew);
    const factor = Math.min(5, Math.max(0.2, 0.9 * Math.pow(Math.max(error, 1e-10), -0.2)));
    if (!(error <= 1)) {
      rejectedSteps++;
      h *= Math.min(1, factor);
      continue;
    }
    if (options.event && Math.sign(options.event(t + h, yNew)) !== sign0) {
      const tStart = t;
      const yStart = y;
      const k1Start = k1;
      const hit = locateEvent(options.event, sign0, tStart, h, (tau) => combine(yStart, tau, A[6], stagesOf(tStart, yStart, k1Start, tau)));
      times.push(hit.t);
      states.push(hit.y);
      return { times, states, stoppedBy: "event", evaluations: rhs.count(), rejectedSteps };
    }
    t = finalStep ? tEnd : t + h;
    y = yNew;
    k1 = k[6];
    times.push(t);
    states.push(y);
    if (finalStep) return { times, states, stoppedBy: "end", evaluations: rhs.count(), rejectedSteps };
    h = Math.min(h * factor, maxStep);
  }
  throw new Error(`integrateDormandPrince: more than ${maxSteps} steps before t = ${tEnd} (reached t = ${t}); raise maxSteps or loosen rtol/atol`);
}

/** Hairer's starting step [3, II.4]: h0 = 0.01 |y0| / |f0|, refined by a second-derivative estimate, order 5. */
function startingStep(f: OdeRightHandSide, t: number, y: readonly number[], f0: readonly number[], size: (v: readonly number[]) => number): number {
  const d0 = size(y);
  const d1 = size(f0);
  const h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : (0.01 * d0) / d1;
  const f1 = f(t + h0, combine(y, h0, [1], [f0]));
  const d2 = size(f1.map((value, i) => value - f0[i])) / h0;
  const h1 = Math.max(d1, d2) <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : Math.pow(0.01 / Math.max(d1, d2), 1 / 5);
  return Math.min(100 * h0, h1);
}
