/**
 * L-BFGS (lbfgs.ts) on TensorFlow.js variables: the variables' values, flattened in order into one float64
 * vector x, are the unknowns; each evaluation assigns x (rounded to float32) back into the variables and
 * takes the loss and its gradient from `tf.variableGrads` [1]. Afterwards the variables hold the best
 * point found. Like PyTorch's LBFGS optimizer [2], `LbfgsOptimizer` keeps its curvature pairs across calls.
 *
 * Precision: the loss and gradient are float32, so near the minimum the line search meets rounding noise
 * of relative size ~1e-7 and may stop with reason "line-search-failed"; the variables are still at the
 * lowest loss seen.
 *
 * References
 * [1] TensorFlow.js API, tf.variableGrads (gradients of f with respect to a list of variables).
 * [2] PyTorch torch.optim.LBFGS: one .step(closure) runs max_iter iterations; state persists between steps.
 */
import * as tf from "@tensorflow/tfjs";
import { LbfgsHistory, type LbfgsHistorySnapshot } from "./lbfgsHistory.js";
import { minimizeLbfgs, type LbfgsOptions, type LbfgsResult } from "./lbfgs.js";
import { TorchLbfgs, type TorchLbfgsOptions, type TorchLbfgsSnapshot, type TorchLbfgsStep } from "./lbfgsTorch.js";

/** An L-BFGS optimiser's state between steps, for a checkpoint: the unknowns it was used on (-1: not yet) and the optimiser's own state. */
export interface LbfgsOptimizerSnapshot {
  readonly unknowns: number;
  readonly history: LbfgsHistorySnapshot;
}
export interface TorchLbfgsOptimizerSnapshot {
  readonly unknowns: number;
  readonly torch: TorchLbfgsSnapshot;
}

function checkVariables(caller: string, variables: readonly tf.Variable[]): void {
  if (variables.length === 0) throw new Error(`${caller}: variables must not be empty`);
  const names = new Set<string>();
  for (const v of variables) {
    if (v.isDisposed) throw new Error(`${caller}: variable ${v.name} is disposed`);
    if (v.dtype !== "float32") throw new Error(`${caller}: variable ${v.name} must have dtype float32, got ${v.dtype}`);
    if (!v.trainable) throw new Error(`${caller}: variable ${v.name} must be trainable`);
    if (names.has(v.name)) throw new Error(`${caller}: variable ${v.name} is listed twice`);
    names.add(v.name);
  }
}

/** The variables' values, concatenated in order (row-major within each), as float64. */
function readValues(variables: readonly tf.Variable[]): Float64Array {
  const x = new Float64Array(variables.reduce((n, v) => n + v.size, 0));
  let offset = 0;
  for (const v of variables) {
    x.set(v.dataSync() as Float32Array, offset);
    offset += v.size;
  }
  return x;
}

/** Assigns x, rounded to float32, into the variables (inverse of readValues). */
function assignValues(variables: readonly tf.Variable[], x: Float64Array): void {
  let offset = 0;
  for (const v of variables) {
    const values = Float32Array.from(x.subarray(offset, offset + v.size));
    tf.tidy(() => v.assign(tf.tensor(values, v.shape, "float32")));
    offset += v.size;
  }
}

/** f(x) and ∇f(x) through the variables: assign x, then tf.variableGrads, reading and disposing every tensor. */
function variableObjective(variables: readonly tf.Variable[], loss: () => tf.Scalar) {
  return (x: Float64Array): { value: number; gradient: Float64Array } => {
    assignValues(variables, x);
    const { value, grads } = tf.variableGrads(loss, variables as tf.Variable[]);
    try {
      if (value.rank !== 0) throw new Error(`lbfgsOnVariables: loss must return a scalar, got shape [${value.shape}]`);
      const gradient = new Float64Array(x.length);
      let offset = 0;
      for (const v of variables) {
        const g = grads[v.name];
        if (g) gradient.set(g.dataSync() as Float32Array, offset); // a variable the loss does not use: zero gradient
        offset += v.size;
      }
      return { value: value.dataSync()[0], gradient };
    } finally {
      value.dispose();
      tf.dispose(Object.values(grads));
    }
  };
}

/**
 * Minimises loss() over the values of `variables` by L-BFGS (module comment), leaving them at the best point.
 *
 * @param variables - trainable float32 variables, distinct; together the n unknowns
 * @param loss - a scalar function of the variables (called inside tf.variableGrads, so its intermediates are freed)
 * @param options - as minimizeLbfgs; `x` in the result is the float64 vector whose float32 rounding the variables hold
 * @throws Error when the loss or its gradient is not finite at the variables' current values
 */
export function lbfgsOnVariables(variables: readonly tf.Variable[], loss: () => tf.Scalar, options: LbfgsOptions = {}): LbfgsResult {
  checkVariables("lbfgsOnVariables", variables);
  const result = minimizeLbfgs(variableObjective(variables, loss), readValues(variables), options);
  assignValues(variables, result.x);
  return result;
}

/** PyTorch-style L-BFGS optimizer [2]: `step` runs some iterations and keeps the curvature pairs for the next call. */
export class LbfgsOptimizer {
  private readonly options: Omit<LbfgsOptions, "maxIterations" | "history">;
  private readonly history: LbfgsHistory;
  private unknowns = -1;

  /** @param options - as minimizeLbfgs, without maxIterations (given to step) and history (kept here). */
  constructor(options: Omit<LbfgsOptions, "maxIterations" | "history"> = {}) {
    this.history = new LbfgsHistory(options.historySize ?? 10);
    this.options = options;
  }

  /**
   * Runs up to `iterations` L-BFGS iterations on loss() over `variables` (see lbfgsOnVariables); the stored
   * pairs are forgotten when the number of unknowns changes.
   */
  step(variables: readonly tf.Variable[], loss: () => tf.Scalar, iterations: number): LbfgsResult {
    if (!Number.isInteger(iterations) || iterations < 1) throw new Error(`LbfgsOptimizer.step: iterations must be a positive integer, got ${iterations}`);
    checkVariables("LbfgsOptimizer.step", variables);
    const unknowns = variables.reduce((n, v) => n + v.size, 0);
    if (unknowns !== this.unknowns) this.history.clear();
    this.unknowns = unknowns;
    return lbfgsOnVariables(variables, loss, { ...this.options, maxIterations: iterations, history: this.history });
  }

  /**
   * The state kept between steps: only the curvature pairs (each step starts afresh from the variables' values,
   * lbfgsOnVariables), and the number of unknowns they belong to.
   */
  snapshot(): LbfgsOptimizerSnapshot {
    return { unknowns: this.unknowns, history: this.history.snapshot() };
  }

  /** Takes back a snapshot(): the next step continues as this optimiser's would have. */
  restore(snapshot: LbfgsOptimizerSnapshot): void {
    this.history.restore(snapshot.history);
    this.unknowns = snapshot.unknowns;
  }

  /** Forgets the curvature pairs (as after a change of loss function). */
  reset(): void {
    this.history.clear();
  }
}

/**
 * PyTorch's LBFGS without line search (lbfgsTorch.ts) on TensorFlow.js variables: each `step` is one PyTorch
 * `step(closure)`, up to maxIterations fixed-step iterations, leaving the variables at the last iterate.
 */
export class TorchLbfgsOptimizer {
  private readonly optimizer: TorchLbfgs;
  private unknowns = -1;

  constructor(options: TorchLbfgsOptions = {}) {
    this.optimizer = new TorchLbfgs(options);
  }

  /** Iterations over the optimiser's life. */
  get iterations(): number {
    return this.optimizer.iterations;
  }

  /** The state kept between steps (TorchLbfgs.snapshot) and the number of unknowns, for a checkpoint. */
  snapshot(): TorchLbfgsOptimizerSnapshot {
    return { unknowns: this.unknowns, torch: this.optimizer.snapshot() };
  }

  /** Takes back a snapshot(): the next step continues as this optimiser's would have. */
  restore(snapshot: TorchLbfgsOptimizerSnapshot): void {
    this.optimizer.restore(snapshot.torch);
    this.unknowns = snapshot.unknowns;
  }

  /** One PyTorch step(closure) on loss() over `variables`; returns the loss at its start and the counts. */
  step(variables: readonly tf.Variable[], loss: () => tf.Scalar): Omit<TorchLbfgsStep, "x"> {
    checkVariables("TorchLbfgsOptimizer.step", variables);
    const unknowns = variables.reduce((n, v) => n + v.size, 0);
    if (this.unknowns !== -1 && unknowns !== this.unknowns) throw new Error(`TorchLbfgsOptimizer.step: the variables hold ${unknowns} unknowns, the optimiser's state ${this.unknowns}`);
    this.unknowns = unknowns;
    const { x, ...rest } = this.optimizer.step(variableObjective(variables, loss), readValues(variables));
    assignValues(variables, x);
    return rest;
  }
}
