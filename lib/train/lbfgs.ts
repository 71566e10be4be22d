/**
 * L-BFGS [1, Alg. 7.5]: x_{k+1} = x_k + α_k d_k with d_k = −H_k ∇f_k from the two-loop recursion
 * [1, Alg. 7.4] (lbfgsHistory.ts) and α_k from a strong Wolfe line search [1, Alg. 3.5, 3.6]
 * (linesearch.ts), or a fixed step. Defaults follow PyTorch's torch.optim.LBFGS [2] where it has one:
 * history 10, lr 1, first step min(1, 1/|∇f₀|₁)·lr, tolerance_grad 1e-7 on |∇f|∞, tolerance_change 1e-9.
 *
 * References
 * [1] J. Nocedal, S. J. Wright, Numerical Optimization, 2nd ed., Springer 2006, §3.5, §7.2.
 * [2] PyTorch torch/optim/lbfgs.py (line_search_fn = "strong_wolfe").
 */
import { LbfgsHistory } from "./lbfgsHistory.js";
import { strongWolfeLineSearch, type StrongWolfeOptions } from "./linesearch.js";
import { addScaled, allFinite, dot, norm1, normInf, subtract } from "./vector.js";

/** f(x) and ∇f(x); the gradient has the length of x. */
export type Objective = (x: Float64Array) => { value: number; gradient: Float64Array };

/** Reported after every iteration; `x` is the new iterate (do not modify it). */
export interface LbfgsIteration {
  readonly iteration: number;
  readonly value: number;
  readonly gradientNorm: number;
  readonly step: number;
  readonly evaluations: number;
  readonly x: Float64Array;
}

/** Options of minimizeLbfgs; defaults in the module comment. */
export interface LbfgsOptions {
  /** Most iterations (each one line search); default 100. */
  readonly maxIterations?: number;
  /** m, the curvature pairs kept; default 10 [2]. Ignored when `history` is given. */
  readonly historySize?: number;
  /** Initial trial step of the line search, or the fixed step with lineSearch "none"; default 1 [2]. */
  readonly learningRate?: number;
  /** "strong-wolfe" (default) or "none" (take the step lr, PyTorch's line_search_fn = None). */
  readonly lineSearch?: "strong-wolfe" | "none";
  /** c₁, c₂ and the evaluation limit of the strong Wolfe search (linesearch.ts; defaults 1e-4, 0.9, 25). */
  readonly wolfe?: Pick<StrongWolfeOptions, "c1" | "c2" | "maxEvaluations">;
  /** Stop, converged, when |∇f|∞ ≤ this; default 1e-7 [2]. */
  readonly gradientTolerance?: number;
  /** Stop, converged, when |x_{k+1} − x_k|∞ or |f_{k+1} − f_k| ≤ this; default 1e-9 [2]. 0 disables all but exact stalls. */
  readonly changeTolerance?: number;
  /** Curvature pairs to start from and to extend (kept across calls, as PyTorch keeps its state). */
  readonly history?: LbfgsHistory;
  readonly onIteration?: (info: LbfgsIteration) => void;
}

/** Why minimizeLbfgs stopped. */
export type LbfgsStopReason = "gradient-tolerance" | "change-tolerance" | "max-iterations" | "non-finite" | "line-search-failed";

/** The best point found (lowest f), its value and gradient, counts, and why it stopped. */
export interface LbfgsResult {
  readonly x: Float64Array;
  readonly value: number;
  readonly gradient: Float64Array;
  readonly iterations: number;
  readonly evaluations: number;
  /** True when a tolerance test stopped it (reason gradient-tolerance or change-tolerance). */
  readonly converged: boolean;
  readonly reason: LbfgsStopReason;
}

function check(condition: boolean, message: () => string): void {
  if (!condition) throw new Error(`minimizeLbfgs: ${message()}`);
}

/**
 * Minimises f from x0 by L-BFGS (module comment). Throws when f or ∇f is not finite at x0; stops with
 * reason "non-finite" when a line search meets only non-finite values (or, without one, the step lands on one).
 *
 * @param objective - x ↦ { value: f(x), gradient: ∇f(x) }, float64, length n
 * @param x0 - starting point, length n ≥ 1 (not modified)
 * @param options - see LbfgsOptions
 */
export function minimizeLbfgs(objective: Objective, x0: Float64Array, options: LbfgsOptions = {}): LbfgsResult {
  const { maxIterations = 100, historySize = 10, learningRate = 1, lineSearch = "strong-wolfe" } = options;
  const { gradientTolerance = 1e-7, changeTolerance = 1e-9, onIteration } = options;
  check(x0.length >= 1, () => `x0 must have at least one entry, got length ${x0.length}`);
  check(Number.isInteger(maxIterations) && maxIterations >= 0, () => `maxIterations must be a non-negative integer, got ${maxIterations}`);
  check(Number.isInteger(historySize) && historySize >= 1, () => `historySize must be a positive integer, got ${historySize}`);
  check(learningRate > 0 && Number.isFinite(learningRate), () => `learningRate must be a positive finite number, got ${learningRate}`);
  check(lineSearch === "strong-wolfe" || lineSearch === "none", () => `lineSearch must be "strong-wolfe" or "none", got ${String(lineSearch)}`);
  check(gradientTolerance >= 0, () => `gradientTolerance must be >= 0, got ${gradientTolerance}`);
  check(changeTolerance >= 0, () => `changeTolerance must be >= 0, got ${changeTolerance}`);
  const history = options.history ?? new LbfgsHistory(historySize);

  let x = Float64Array.from(x0);
  let { value, gradient } = objective(x);
  let evaluations = 1;
  check(gradient.length === x.length, () => `the gradient must have the length of x, ${x.length}, got ${gradient.length}`);
  check(Number.isFinite(value), () => `the objective is not finite at the starting point x0 (value ${value})`);
  check(allFinite(gradient), () => `the gradient is not finite at the starting point x0 (entry ${gradient.findIndex((g) => !Number.isFinite(g))} is ${gradient.find((g) => !Number.isFinite(g))})`);
  let best = { x, value, gradient };
  const result = (iterations: number, reason: LbfgsStopReason): LbfgsResult => ({
    ...best, iterations, evaluations, reason, converged: reason === "gradient-tolerance" || reason === "change-tolerance",
  });
  if (normInf(gradient) <= gradientTolerance) return result(0, "gradient-tolerance");

  for (let k = 0; k < maxIterations; k++) {
    let direction = history.direction(gradient);
    let slope = dot(gradient, direction);
    if (!(slope < 0)) {
      // H is positive definite by the curvature test, so only rounding gets here: restart from steepest descent.
      history.clear();
      direction = history.direction(gradient);
      slope = dot(gradient, direction);
    }
    // With H = I the scale of d is that of ∇f; PyTorch's first step min(1, 1/|∇f|₁)·lr keeps it bounded [2].
    const initialStep = (history.length === 0 ? Math.min(1, 1 / norm1(gradient)) : 1) * learningRate;
    const at = (alpha: number) => {
      const point = addScaled(x, alpha, direction);
      const answer = objective(point);
      return { x: point, value: answer.value, gradient: answer.gradient, derivative: dot(answer.gradient, direction) };
    };
    let next: ReturnType<typeof at>;
    let step: number;
    if (lineSearch === "none") {
      step = initialStep;
      next = at(step);
      evaluations++;
      if (!Number.isFinite(next.value) || !allFinite(next.gradient)) return result(k, "non-finite");
    } else {
      const stepTolerance = changeTolerance / normInf(direction);
      const search = strongWolfeLineSearch(at, { value, derivative: slope }, initialStep, { ...options.wolfe, stepTolerance });
      evaluations += search.evaluations;
      if (search.status === "non-finite") return result(k, "non-finite");
      if (search.point === undefined) return result(k, "line-search-failed");
      step = search.step;
      next = search.point;
    }
    const s = subtract(next.x, x);
    history.push(s, subtract(next.gradient, gradient));
    const change = Math.abs(next.value - value);
    ({ x, value, gradient } = next);
    if (value < best.value) best = { x, value, gradient };
    const gradientNorm = normInf(gradient);
    onIteration?.({ iteration: k + 1, value, gradientNorm, step, evaluations, x });
    if (gradientNorm <= gradientTolerance) return result(k + 1, "gradient-tolerance");
    if (normInf(s) <= changeTolerance || change <= changeTolerance) return result(k + 1, "change-tolerance");
  }
  return result(maxIterations, "max-iterations");
}
