/**
 * Optimiser schedules of the experiments: a list of phases, each one optimiser with a learning rate run
 * for a number of epochs, one after the other. The paper's Section 3.2 (Fig. 3) trains the Fourier-feature
 * network and the SIREN with "Adam (1e-5) for 25,000 epochs followed by L-BFGS (1e-2) for 25,000 epochs",
 * after Rathore et al. [1]; `adamThenLbfgs` builds that schedule for any length.
 *
 * References
 * [1] P. Rathore, W. Lei, Z. Frangella, L. Lu, M. Udell, Challenges in training PINNs: a loss landscape
 *     perspective, arXiv:2402.01868 (2024) (the paper's reference [48]).
 */

/**
 * One phase: a first-order optimiser (tfjs's Adam, fused (fusedAdam.ts), with an optional ε; tf.train.sgd), or L-BFGS. Optional
 * fields left out keep the defaults (and keep cached configs that predate them unchanged):
 *   adam.epsilon: ε of Adam; default tfjs's 1e-7 (PyTorch's is 1e-8).
 *   adam.weightDecay: PyTorch Adam's weight_decay λ, a coupled L2 penalty: each step's gradient gains λθ before
 *     Adam's moments, i.e. the loss gains (λ/2)‖θ‖² (the recorded training loss includes it); default 0.
 *   lbfgs.lineSearch: "strong-wolfe" (default; lbfgs.ts, LbfgsOptimizer) or "none" (PyTorch's LBFGS without a
 *     line search, fixed step lr, with PyTorch's stopping tests; lbfgsTorch.ts, TorchLbfgsOptimizer).
 *   lbfgs.iterationsPerEpoch: iterations per epoch, PyTorch's max_iter of one step(closure) call; default 1.
 *   lbfgs.historySize: curvature pairs kept; default 10 with "strong-wolfe", PyTorch's 100 with "none".
 */
export type OptimizerPhase =
  | { readonly kind: "adam"; readonly learningRate: number; readonly epochs: number; readonly epsilon?: number; readonly weightDecay?: number }
  | { readonly kind: "sgd"; readonly learningRate: number; readonly epochs: number }
  | {
      readonly kind: "lbfgs";
      readonly learningRate: number;
      readonly epochs: number;
      readonly historySize?: number;
      readonly iterationsPerEpoch?: number;
      readonly lineSearch?: LbfgsLineSearch;
    };

/** The line searches an L-BFGS phase may name. */
export const LBFGS_LINE_SEARCHES = ["strong-wolfe", "none"] as const;
export type LbfgsLineSearch = (typeof LBFGS_LINE_SEARCHES)[number];

/** Phases run in order; the total number of epochs is the sum of theirs. */
export type OptimizerSchedule = readonly OptimizerPhase[];

/** The optimiser kinds a phase may name. */
export const OPTIMIZER_KINDS = ["adam", "sgd", "lbfgs"] as const;

/** Adam's learning rate in Section 3.2, Fig. 3 of the paper. */
export const PAPER_ADAM_LEARNING_RATE = 1e-5;
/** L-BFGS's learning rate in Section 3.2, Fig. 3 of the paper. */
export const PAPER_LBFGS_LEARNING_RATE = 1e-2;

const isPositiveInteger = (n: number): boolean => Number.isInteger(n) && n >= 1;

/**
 * Checks a schedule (which may come from JSON, so the kind is checked too) and returns it unchanged.
 *
 * @throws Error naming the phase (1-based) and the bad field: empty schedule, unknown kind, learning rate or
 *   epsilon not a positive finite number, epochs, historySize or iterationsPerEpoch not a positive integer,
 *   unknown line search
 */
export function validateSchedule(schedule: OptimizerSchedule): OptimizerSchedule {
  if (!Array.isArray(schedule) || schedule.length === 0) {
    throw new Error(`validateSchedule: the schedule must have at least one phase, got ${Array.isArray(schedule) ? "an empty list" : String(schedule)}`);
  }
  schedule.forEach((phase: OptimizerPhase, index: number) => {
    const where = `validateSchedule: phase ${index + 1} of ${schedule.length}`;
    if (!(OPTIMIZER_KINDS as readonly string[]).includes(phase.kind)) {
      throw new Error(`${where}: kind must be one of ${OPTIMIZER_KINDS.join(", ")}, got ${JSON.stringify(phase.kind)}`);
    }
    if (!(phase.learningRate > 0 && Number.isFinite(phase.learningRate))) {
      throw new Error(`${where} (${phase.kind}): learningRate must be a positive finite number, got ${phase.learningRate}`);
    }
    if (!isPositiveInteger(phase.epochs)) {
      throw new Error(`${where} (${phase.kind}): epochs must be a positive integer, got ${phase.epochs}`);
    }
    if (phase.kind === "lbfgs" && phase.historySize !== undefined && !isPositiveInteger(phase.historySize)) {
      throw new Error(`${where} (lbfgs): historySize must be a positive integer, got ${phase.historySize}`);
    }
    if (phase.kind === "lbfgs" && phase.iterationsPerEpoch !== undefined && !isPositiveInteger(phase.iterationsPerEpoch)) {
      throw new Error(`${where} (lbfgs): iterationsPerEpoch must be a positive integer, got ${phase.iterationsPerEpoch}`);
    }
    if (phase.kind === "lbfgs" && phase.lineSearch !== undefined && !(LBFGS_LINE_SEARCHES as readonly string[]).includes(phase.lineSearch)) {
      throw new Error(`${where} (lbfgs): lineSearch must be one of ${LBFGS_LINE_SEARCHES.join(", ")}, got ${JSON.stringify(phase.lineSearch)}`);
    }
    if (phase.kind === "adam" && phase.epsilon !== undefined && !(phase.epsilon > 0 && Number.isFinite(phase.epsilon))) {
      throw new Error(`${where} (adam): epsilon must be a positive finite number, got ${phase.epsilon}`);
    }
    if (phase.kind === "adam" && phase.weightDecay !== undefined && !(phase.weightDecay >= 0 && Number.isFinite(phase.weightDecay))) {
      throw new Error(`${where} (adam): weightDecay must be a non-negative finite number, got ${phase.weightDecay}`);
    }
  });
  return schedule;
}

/** Sum of the phases' epochs. */
export function scheduleEpochs(schedule: OptimizerSchedule): number {
  return schedule.reduce((total, phase) => total + phase.epochs, 0);
}

/**
 * The paper's Section 3.2 schedule: Adam for the first ⌊total/2⌋ epochs, then L-BFGS for the rest
 * (25,000 + 25,000 in Fig. 3, learning rates 1e-5 and 1e-2).
 *
 * @param totalEpochs - integer ≥ 2, so that each phase has at least one epoch
 * @param adamLearningRate - default PAPER_ADAM_LEARNING_RATE
 * @param lbfgsLearningRate - default PAPER_LBFGS_LEARNING_RATE
 */
export function adamThenLbfgs(
  totalEpochs: number,
  adamLearningRate: number = PAPER_ADAM_LEARNING_RATE,
  lbfgsLearningRate: number = PAPER_LBFGS_LEARNING_RATE,
): OptimizerSchedule {
  if (!Number.isInteger(totalEpochs) || totalEpochs < 2) {
    throw new Error(`adamThenLbfgs: totalEpochs must be an integer >= 2 (one epoch per phase at least), got ${totalEpochs}`);
  }
  const adamEpochs = Math.floor(totalEpochs / 2);
  return validateSchedule([
    { kind: "adam", learningRate: adamLearningRate, epochs: adamEpochs },
    { kind: "lbfgs", learningRate: lbfgsLearningRate, epochs: totalEpochs - adamEpochs },
  ]);
}
