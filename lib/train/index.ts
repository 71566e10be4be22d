/** Optimisers and training: our L-BFGS (float64 and on tfjs variables), its line search, optimiser schedules, the training loop and time-to-threshold. */
export { minimizeLbfgs } from "./lbfgs.js";
export type { LbfgsIteration, LbfgsOptions, LbfgsResult, LbfgsStopReason, Objective } from "./lbfgs.js";
export { CURVATURE_COSINE, LbfgsHistory } from "./lbfgsHistory.js";
export { LbfgsOptimizer, TorchLbfgsOptimizer, lbfgsOnVariables } from "./lbfgsTf.js";
export { TorchLbfgs } from "./lbfgsTorch.js";
export type { TorchLbfgsOptions, TorchLbfgsStep, TorchLbfgsStop } from "./lbfgsTorch.js";
export { cubicMinimizer, strongWolfeLineSearch } from "./linesearch.js";
export type { LinePoint, LineSearchResult, LineSearchStatus, StrongWolfeOptions } from "./linesearch.js";
export { adamThenLbfgs, OPTIMIZER_KINDS, PAPER_ADAM_LEARNING_RATE, PAPER_LBFGS_LEARNING_RATE, scheduleEpochs, validateSchedule } from "./schedule.js";
export type { OptimizerPhase, OptimizerSchedule } from "./schedule.js";
export { DivergedRunError, fit } from "./fit.js";
export type { FitHistory, FitOptions } from "./fit.js";
export { firstReached, meanOverMembers } from "./thresholds.js";
export type { ThresholdTime } from "./thresholds.js";
export { optimizerStep, stepPeakMemory } from "./stepCost.js";
export type { StepMemory } from "./stepCost.js";
export * from "./directionalSobolevFlow.js";
export * from "./residualJumps.js";
