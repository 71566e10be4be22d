/**
 * Test-error curves of an ensemble run as tidy rows: at each evaluation, the mean of the members' test errors
 * and their spread (smallest and largest), with the epoch and the training time, for the error-against-epochs
 * panels of Figures 2, 3 and 7 and their CSV files.
 */
import type { ThresholdTimeRow } from "../figures/thresholdTimes.js";
import { firstReached, meanOverMembers, type FitHistory } from "../train/index.js";

export interface ErrorCurveRow {
  [column: string]: string | number;
  /** e.g. the activation (Fig. 2) or the architecture (Fig. 3) */
  panel: string;
  /** e.g. the loss: "L2", "H1", "H1 (Chebyshev)" */
  series: string;
  epoch: number;
  seconds: number;
  members: number;
  mean: number;
  min: number;
  max: number;
}

/** The rows of one run's history under `panel` and `series`. */
export function errorCurveRows(history: FitHistory, panel: string, series: string): ErrorCurveRow[] {
  return history.epochs.map((epoch, k) => {
    const errors = history.testError[k];
    return {
      panel,
      series,
      epoch,
      seconds: history.seconds[k],
      members: errors.length,
      mean: meanOverMembers(errors),
      min: Math.min(...errors),
      max: Math.max(...errors),
    };
  });
}

/** The mean test error at the last evaluation of a curve (its rows in epoch order). */
export function finalMeanError(rows: readonly ErrorCurveRow[], panel: string, series: string): number {
  const curve = rows.filter((r) => r.panel === panel && r.series === series);
  if (curve.length === 0) throw new Error(`finalMeanError: no rows for panel "${panel}", series "${series}"`);
  return curve[curve.length - 1].mean;
}

/** The time (and epoch) at which the members' mean test error first reaches each threshold, as rows. */
export function thresholdTimeRows(history: FitHistory, thresholds: readonly number[], panel: string, series: string): ThresholdTimeRow[] {
  return firstReached(history, thresholds).map((t) => ({ panel, series, threshold: t.threshold, seconds: t.seconds ?? "", epoch: t.epoch ?? "" }));
}

/** The repeats as one history: members are the repeats' (first-member) errors, time and loss their means. */
export function pooledHistory(histories: readonly FitHistory[]): FitHistory {
  if (histories.length === 0) throw new Error("pooledHistory: no histories to pool");
  const epochs = histories[0].epochs;
  const bad = histories.findIndex((h) => h.epochs.length !== epochs.length || h.epochs.some((e, k) => e !== epochs[k]));
  if (bad >= 0) throw new Error(`pooledHistory: history ${bad} is evaluated at other epochs than history 0 (${histories[bad].epochs.length} vs ${epochs.length} evaluations)`);
  const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
  return {
    epochs: [...epochs],
    seconds: epochs.map((_, k) => mean(histories.map((h) => h.seconds[k]))),
    testError: epochs.map((_, k) => histories.map((h) => h.testError[k][0])),
    trainLoss: epochs.map((_, k) => mean(histories.map((h) => h.trainLoss[k]))),
  };
}

/** The level both runs reach, the larger of their final mean errors, and the first epoch at which each reaches it. */
export interface CommonLevel {
  readonly level: number;
  readonly firstEpochs: [number, number];
}

/**
 * How soon two runs reach the error level both end at or below (the larger of their final mean errors): the
 * comparison of convergence speed when neither run's curve is a threshold of the paper's. NaN epochs never occur:
 * each run reaches its own final error at the latest at its last evaluation.
 */
export function commonLevel(a: FitHistory, b: FitHistory): CommonLevel {
  const final = (h: FitHistory): number => meanOverMembers(h.testError[h.testError.length - 1]);
  const level = Math.max(final(a), final(b));
  const epochOf = (h: FitHistory): number => {
    const [reached] = firstReached(h, [level]);
    if (reached.epoch === null) throw new Error(`commonLevel: a run never reached ${level}, at or above its own final error; the history is inconsistent`);
    return reached.epoch;
  };
  return { level, firstEpochs: [epochOf(a), epochOf(b)] };
}
