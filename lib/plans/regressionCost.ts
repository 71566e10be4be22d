/**
 * A rough cost of a function-regression run, to balance shards: training points × members × optimiser steps ×
 * the loss's relative cost (an exact H¹ step does about twice the products of an L² step, H² about four times).
 * Only the ratios between runs matter; the measured cost per figure is scripts/longCost.ts's.
 */
import type { LossName, RegressionConfig } from "../experiments/regression.js";

const LOSS_FACTOR: Record<LossName, number> = { L2: 1, H1: 2, H2: 4 };
/** An L-BFGS iteration evaluates the loss and gradient about 1.25 times (PyTorch's max_eval = 1.25 max_iter). */
const EVALUATIONS_PER_LBFGS_ITERATION = 1.25;

export function regressionCost(config: RegressionConfig, trainingPoints: number): number {
  const steps = config.schedule.reduce((sum, phase) => sum + phase.epochs * (phase.kind === "lbfgs" ? (phase.iterationsPerEpoch ?? 1) * EVALUATIONS_PER_LBFGS_ITERATION : 1), 0);
  return trainingPoints * config.ensembleSize * steps * LOSS_FACTOR[config.loss];
}
