/**
 * PyTorch's torch.optim.LBFGS without a line search (line_search_fn = None) [1], step for step: the optimiser
 * the authors use for Fig. 3 (Architecture/optim.py:13, fusion_optim_train.py:72-79 at commit e819fd0), one
 * `step(closure)` per epoch with the defaults max_iter 20, max_eval 25, history_size 100, tolerance_grad 1e-7,
 * tolerance_change 1e-9. One call of `step`:
 *
 *   f, g ← closure();  if |g|∞ ≤ tolerance_grad: stop
 *   repeat (at most max_iter times; n counts the optimiser's iterations over its whole life):
 *     n ← n + 1
 *     d ← −g if n = 1, else: push (s, y) = (t d_prev, g − g_prev) when sᵀy > 1e-10, d ← −H g (two-loop,
 *         H⁰ = (sᵀy / yᵀy) I of the last kept pair) [2, Alg. 7.4]
 *     t ← min(1, 1/|g|₁)·lr if n = 1, else lr                      (the only scaled step of the optimiser's life)
 *     if gᵀd > −tolerance_change: stop
 *     x ← x + t d
 *     unless this was the call's last iteration: f, g ← closure()   (the last step is evaluated by the next call)
 *     stop if evaluations ≥ max_eval, |g|∞ ≤ tolerance_grad, |t d|∞ ≤ tolerance_change or |f − f_prev| < tolerance_change
 *
 * It returns the loss at the call's start (PyTorch's orig_loss) and leaves x at the last iterate, evaluated or not:
 * there is no return to the best point seen, unlike minimizeLbfgs (lbfgs.ts).
 *
 * References
 * [1] PyTorch torch/optim/lbfgs.py, LBFGS.step (v2.x), line_search_fn = None.
 * [2] J. Nocedal, S. J. Wright, Numerical Optimization, 2nd ed., Springer 2006, §7.2.
 */
import { decodeFloat64, encodeFloat64 } from "./exactNumbers.js";
import { LbfgsHistory, type LbfgsHistorySnapshot } from "./lbfgsHistory.js";
import type { Objective } from "./lbfgs.js";
import { dot, norm1, normInf, subtract } from "./vector.js";

/** PyTorch LBFGS's options; defaults are PyTorch's [1] (max_eval defaults to ⌊1.25 max_iter⌋). */
export interface TorchLbfgsOptions {
  /** lr, the fixed step; default 1. */
  readonly learningRate?: number;
  /** max_iter, iterations per step call; default 20. */
  readonly maxIterations?: number;
  /** max_eval, closure evaluations per step call; default ⌊1.25 maxIterations⌋. */
  readonly maxEvaluations?: number;
  /** history_size; default 100. */
  readonly historySize?: number;
  /** tolerance_grad on |g|∞; default 1e-7. */
  readonly gradientTolerance?: number;
  /** tolerance_change on gᵀd, |t d|∞ and |Δf|; default 1e-9. */
  readonly changeTolerance?: number;
}

/** Why a step call ended. */
export type TorchLbfgsStop = "gradient-tolerance" | "change-tolerance" | "descent-tolerance" | "max-iterations" | "max-evaluations";

/** The outcome of one step call: the loss at its start, the new x, and counts. */
export interface TorchLbfgsStep {
  /** f at the call's start (PyTorch's return value). */
  readonly value: number;
  /** The new iterate (the last one; not necessarily evaluated). */
  readonly x: Float64Array;
  readonly iterations: number;
  readonly evaluations: number;
  readonly reason: TorchLbfgsStop;
}

/** Everything TorchLbfgs carries from one step call to the next, exact and JSON-serialisable (float64 as base64). */
export interface TorchLbfgsSnapshot {
  readonly history: LbfgsHistorySnapshot;
  readonly direction: string | null;
  /** A finite double (the last step t), so JSON keeps it exactly. */
  readonly stepLength: number;
  readonly previousGradient: string | null;
  readonly lifeIterations: number;
}

function check(condition: boolean, message: () => string): void {
  if (!condition) throw new Error(`TorchLbfgs: ${message()}`);
}

/** The state PyTorch keeps between step calls: curvature pairs, the last direction, step and gradient, and n. */
export class TorchLbfgs {
  readonly learningRate: number;
  readonly maxIterations: number;
  readonly maxEvaluations: number;
  readonly gradientTolerance: number;
  readonly changeTolerance: number;
  private readonly history: LbfgsHistory;
  private direction: Float64Array | null = null;
  private stepLength = 0;
  private previousGradient: Float64Array | null = null;
  /** PyTorch's state["n_iter"]: iterations over the optimiser's life. */
  private lifeIterations = 0;

  constructor(options: TorchLbfgsOptions = {}) {
    const { learningRate = 1, maxIterations = 20, historySize = 100, gradientTolerance = 1e-7, changeTolerance = 1e-9 } = options;
    const maxEvaluations = options.maxEvaluations ?? Math.floor(maxIterations * 1.25);
    check(learningRate > 0 && Number.isFinite(learningRate), () => `learningRate must be a positive finite number, got ${learningRate}`);
    check(Number.isInteger(maxIterations) && maxIterations >= 1, () => `maxIterations must be a positive integer, got ${maxIterations}`);
    check(Number.isInteger(maxEvaluations) && maxEvaluations >= 1, () => `maxEvaluations must be a positive integer, got ${maxEvaluations}`);
    check(gradientTolerance >= 0, () => `gradientTolerance must be >= 0, got ${gradientTolerance}`);
    check(changeTolerance >= 0, () => `changeTolerance must be >= 0, got ${changeTolerance}`);
    this.learningRate = learningRate;
    this.maxIterations = maxIterations;
    this.maxEvaluations = maxEvaluations;
    this.gradientTolerance = gradientTolerance;
    this.changeTolerance = changeTolerance;
    this.history = new LbfgsHistory(historySize, "absolute");
  }

  /** Curvature pairs currently kept. */
  get pairs(): number {
    return this.history.length;
  }

  /** Iterations over the optimiser's life (PyTorch's state["n_iter"]). */
  get iterations(): number {
    return this.lifeIterations;
  }

  /** The state PyTorch keeps between step calls (its state dict), for a checkpoint. */
  snapshot(): TorchLbfgsSnapshot {
    return {
      history: this.history.snapshot(),
      direction: this.direction === null ? null : encodeFloat64(this.direction),
      stepLength: this.stepLength,
      previousGradient: this.previousGradient === null ? null : encodeFloat64(this.previousGradient),
      lifeIterations: this.lifeIterations,
    };
  }

  /** Takes back a snapshot(): the next step continues as the optimiser that took it would have. */
  restore(snapshot: TorchLbfgsSnapshot): void {
    check(Number.isInteger(snapshot.lifeIterations) && snapshot.lifeIterations >= 0 && Number.isFinite(snapshot.stepLength), () => `restore: the snapshot's counters are damaged (${snapshot.lifeIterations} iterations, step ${snapshot.stepLength}); delete the checkpoint`);
    this.history.restore(snapshot.history);
    this.direction = snapshot.direction === null ? null : decodeFloat64(snapshot.direction, "TorchLbfgs.restore direction");
    this.stepLength = snapshot.stepLength;
    this.previousGradient = snapshot.previousGradient === null ? null : decodeFloat64(snapshot.previousGradient, "TorchLbfgs.restore previousGradient");
    this.lifeIterations = snapshot.lifeIterations;
  }

  /**
   * One PyTorch `step(closure)` from x (module comment). Like PyTorch it does not stop on NaN: a non-finite
   * loss shows in `value` of this call or the next, for the caller to report.
   * @param objective - x ↦ { value, gradient }, float64
   * @param x0 - the current parameters (not modified)
   */
  step(objective: Objective, x0: Float64Array): TorchLbfgsStep {
    let x = Float64Array.from(x0);
    let { value, gradient } = objective(x);
    check(gradient.length === x.length, () => `the gradient must have the length of x, ${x.length}, got ${gradient.length}`);
    const value0 = value;
    let evaluations = 1;
    const done = (iterations: number, reason: TorchLbfgsStop): TorchLbfgsStep => ({ value: value0, x, iterations, evaluations, reason });
    if (normInf(gradient) <= this.gradientTolerance) return done(0, "gradient-tolerance");

    for (let n = 1; n <= this.maxIterations; n++) {
      this.lifeIterations++;
      if (this.lifeIterations === 1 || this.direction === null || this.previousGradient === null) {
        this.history.clear();
      } else {
        const s = this.direction.map((d) => d * this.stepLength);
        this.history.push(s, subtract(gradient, this.previousGradient));
      }
      const d = this.history.direction(gradient);
      this.previousGradient = gradient;
      const previousValue = value;
      const t = this.lifeIterations === 1 ? Math.min(1, 1 / norm1(gradient)) * this.learningRate : this.learningRate;
      this.direction = d;
      this.stepLength = t;
      if (dot(gradient, d) > -this.changeTolerance) return done(n - 1, "descent-tolerance");
      x = x.map((xi, i) => xi + t * d[i]);
      if (n === this.maxIterations) return done(n, "max-iterations");
      ({ value, gradient } = objective(x));
      evaluations++;
      if (evaluations >= this.maxEvaluations) return done(n, "max-evaluations");
      if (normInf(gradient) <= this.gradientTolerance) return done(n, "gradient-tolerance");
      if (normInf(d) * t <= this.changeTolerance) return done(n, "change-tolerance");
      if (Math.abs(value - previousValue) < this.changeTolerance) return done(n, "change-tolerance");
    }
    return done(this.maxIterations, "max-iterations");
  }
}
