/**
 * A line search for a step α along a descent direction that satisfies the strong Wolfe conditions
 *   φ(α) ≤ φ(0) + c₁ α φ'(0)          (sufficient decrease)  [1, eq. (3.7a)]
 *   |φ'(α)| ≤ c₂ |φ'(0)|              (curvature)            [1, eq. (3.7b)]
 * with 0 < c₁ < c₂ < 1, where φ(α) = f(x + α d). Bracketing phase [1, Alg. 3.5], then zoom [1, Alg. 3.6]
 * with trial steps from cubic interpolation [1, eq. (3.59)], safeguarded as in PyTorch [2].
 *
 * References
 * [1] J. Nocedal, S. J. Wright, Numerical Optimization, 2nd ed., Springer 2006, §3.1, §3.5.
 * [2] PyTorch torch/optim/lbfgs.py, _strong_wolfe and _cubic_interpolate (max_ls = 25).
 * [3] W. W. Hager, H. Zhang, A new conjugate gradient method with guaranteed descent and an efficient line
 *     search, SIAM J. Optim. 16 (2005), §4 (approximate Wolfe conditions).
 * [4] J. J. Moré, D. J. Thuente, Line search algorithms with guaranteed sufficient decrease, ACM TOMS 20 (1994).
 */

/** φ(α) and φ'(α) = ∇f(x + α d)ᵀd at one step; callers may add fields (the point, its gradient). */
export interface LinePoint {
  readonly value: number;
  readonly derivative: number;
}

/** Constants of the strong Wolfe line search. */
export interface StrongWolfeOptions {
  /** c₁ of sufficient decrease, in (0, c₂); default 1e-4 [1, §3.1]. */
  readonly c1?: number;
  /** c₂ of the curvature condition, in (c₁, 1); default 0.9, the usual value for quasi-Newton methods [1, §3.1]. */
  readonly c2?: number;
  /** Most evaluations of φ; default 25 as PyTorch's max_ls [2]. */
  readonly maxEvaluations?: number;
  /** Zoom gives up when the bracket is at most this wide (in α); default 0. */
  readonly stepTolerance?: number;
}

/** "strong-wolfe": both conditions hold at `step`; otherwise `step` is the best sufficient-decrease point found (0 if none). */
export type LineSearchStatus = "strong-wolfe" | "max-evaluations" | "interval-too-small" | "non-finite";

/** Outcome of strongWolfeLineSearch; `point` is φ's answer at `step`, undefined when step = 0. */
export interface LineSearchResult<P extends LinePoint> {
  readonly step: number;
  readonly point: P | undefined;
  readonly evaluations: number;
  readonly status: LineSearchStatus;
}

interface End<P> {
  alpha: number;
  value: number;
  derivative: number;
  point: P | undefined;
}

/**
 * Values of φ closer than this, relative to |φ|, are equal up to rounding. Near a minimiser φ changes by
 * ~½φ''δ² while rounding changes it by ~ε|φ|, so "φ(trial) ≥ φ(lo)" there is noise; when the two values are
 * this close and φ'(trial) still points into the bracket, zoom trusts the derivative and moves lo (as
 * Hager & Zhang's approximate Wolfe conditions do [3]). Without it, zoom can shrink onto a lo whose value was
 * rounded down and never meet the curvature condition (Moré–Thuente (5.2) with c₂ = 0.1 [4]).
 */
const ROUNDING_FLAT = 16 * Number.EPSILON;

const flat = (a: LinePoint, b: LinePoint): boolean => Math.abs(a.value - b.value) <= ROUNDING_FLAT * Math.abs(b.value);

const isFinitePoint = (p: LinePoint): boolean => Number.isFinite(p.value) && Number.isFinite(p.derivative);

/**
 * Minimiser of the cubic matching φ(a), φ'(a), φ(b), φ'(b) [1, eq. (3.59)]:
 *   d₁ = φ'(a) + φ'(b) − 3 (φ(a) − φ(b)) / (a − b),   d₂ = sign(b − a) √(d₁² − φ'(a) φ'(b)),
 *   α = b − (b − a) (φ'(b) + d₂ − d₁) / (φ'(b) − φ'(a) + 2 d₂).
 * Returns NaN when the cubic has no local minimiser (d₁² < φ'(a)φ'(b)) or an input is not finite.
 */
export function cubicMinimizer(a: number, fa: number, da: number, b: number, fb: number, db: number): number {
  const d1 = da + db - (3 * (fa - fb)) / (a - b);
  const square = d1 * d1 - da * db;
  if (!(square >= 0)) return Number.NaN;
  const d2 = Math.sign(b - a) * Math.sqrt(square);
  const alpha = b - ((b - a) * (db + d2 - d1)) / (db - da + 2 * d2);
  return Number.isFinite(alpha) ? alpha : Number.NaN;
}

/** Zoom trial: the cubic minimiser kept at least 10% of the bracket from either end, else bisection [2]. */
function zoomTrial<P>(lo: End<P>, hi: End<P>): number {
  const cubic = cubicMinimizer(lo.alpha, lo.value, lo.derivative, hi.alpha, hi.value, hi.derivative);
  const left = Math.min(lo.alpha, hi.alpha);
  const margin = 0.1 * Math.abs(hi.alpha - lo.alpha);
  if (Number.isNaN(cubic)) return 0.5 * (lo.alpha + hi.alpha);
  return Math.min(Math.max(cubic, left + margin), left + Math.abs(hi.alpha - lo.alpha) - margin);
}

/**
 * A step α > 0 satisfying the strong Wolfe conditions (module comment), or the best sufficient-decrease step found.
 *
 * @param phi - α ↦ φ(α), φ'(α) (and whatever else the caller keeps); may return NaN or ±Infinity, which counts as "too far"
 * @param start - φ(0) and φ'(0) < 0 (d must be a descent direction)
 * @param initialStep - the first trial α > 0 (1 for quasi-Newton methods [1, §3.5])
 * @returns the step, φ's answer there, the number of evaluations and how the search ended; status
 *   "non-finite" when every evaluation was non-finite (then step = 0)
 */
export function strongWolfeLineSearch<P extends LinePoint>(
  phi: (alpha: number) => P,
  start: LinePoint,
  initialStep: number,
  options: StrongWolfeOptions = {},
): LineSearchResult<P> {
  const { c1 = 1e-4, c2 = 0.9, maxEvaluations = 25, stepTolerance = 0 } = options;
  if (!(c1 > 0 && c1 < c2 && c2 < 1)) throw new Error(`strongWolfeLineSearch: need 0 < c1 < c2 < 1, got c1 = ${c1}, c2 = ${c2}`);
  if (!Number.isInteger(maxEvaluations) || maxEvaluations < 1) {
    throw new Error(`strongWolfeLineSearch: maxEvaluations must be a positive integer, got ${maxEvaluations}`);
  }
  if (!(stepTolerance >= 0)) throw new Error(`strongWolfeLineSearch: stepTolerance must be >= 0, got ${stepTolerance}`);
  if (!(initialStep > 0 && Number.isFinite(initialStep))) {
    throw new Error(`strongWolfeLineSearch: initialStep must be a positive finite number, got ${initialStep}`);
  }
  if (!Number.isFinite(start.value) || !(start.derivative < 0 && Number.isFinite(start.derivative))) {
    throw new Error(`strongWolfeLineSearch: need a finite φ(0) and φ'(0) < 0 (a descent direction), got φ(0) = ${start.value}, φ'(0) = ${start.derivative}`);
  }
  const f0 = start.value;
  const g0 = start.derivative;
  const sufficient = (e: End<P>): boolean => e.value <= f0 + c1 * e.alpha * g0;
  const curvature = (e: End<P>): boolean => Math.abs(e.derivative) <= -c2 * g0;
  let evaluations = 0;
  let sawFinite = false;
  const evaluate = (alpha: number): End<P> => {
    const point = phi(alpha);
    evaluations++;
    if (!isFinitePoint(point)) return { alpha, value: Number.NaN, derivative: Number.NaN, point: undefined };
    sawFinite = true;
    return { alpha, value: point.value, derivative: point.derivative, point };
  };
  const finish = (e: End<P>, status: LineSearchStatus): LineSearchResult<P> =>
    !sawFinite ? { step: 0, point: undefined, evaluations, status: "non-finite" } : { step: e.alpha, point: e.point, evaluations, status };

  /** [1, Alg. 3.6]: lo satisfies sufficient decrease with the lowest φ so far, and φ'(lo)(hi − lo) < 0. */
  const zoom = (lo: End<P>, hi: End<P>): LineSearchResult<P> => {
    while (evaluations < maxEvaluations) {
      const alpha = zoomTrial(lo, hi);
      if (Math.abs(hi.alpha - lo.alpha) <= stepTolerance || alpha === lo.alpha || alpha === hi.alpha) return finish(lo, "interval-too-small");
      const trial = evaluate(alpha);
      if (Number.isNaN(trial.value) || !sufficient(trial) || (trial.value >= lo.value && !(flat(trial, lo) && trial.derivative * (hi.alpha - lo.alpha) < 0))) {
        hi = trial;
      } else {
        if (curvature(trial)) return finish(trial, "strong-wolfe");
        if (trial.derivative * (hi.alpha - lo.alpha) >= 0) hi = lo;
        lo = trial;
      }
    }
    return finish(lo, "max-evaluations");
  };

  // Bracketing [1, Alg. 3.5]: extrapolate until φ rises, fails sufficient decrease, or turns upward.
  let previous: End<P> = { alpha: 0, value: f0, derivative: g0, point: undefined };
  let alpha = initialStep;
  while (evaluations < maxEvaluations) {
    const current = evaluate(alpha);
    if (Number.isNaN(current.value) || !sufficient(current) || (previous.alpha > 0 && current.value >= previous.value)) {
      return zoom(previous, current);
    }
    if (curvature(current)) return finish(current, "strong-wolfe");
    if (current.derivative >= 0) return zoom(current, previous);
    // Next trial in [α + 0.01 (α − α_prev), 10 α] by cubic extrapolation, the upper end when there is no minimiser [2].
    const lower = alpha + 0.01 * (alpha - previous.alpha);
    const upper = 10 * alpha;
    const cubic = cubicMinimizer(previous.alpha, previous.value, previous.derivative, alpha, current.value, current.derivative);
    previous = current;
    alpha = Number.isNaN(cubic) ? upper : Math.min(Math.max(cubic, lower), upper);
  }
  return finish(previous, "max-evaluations");
}
