/**
 * When a run first reaches an error level: the epoch and the training wall-clock time of the first evaluation
 * at or below each threshold, as the paper's time-to-threshold panels report them (Fig. 3 (b, d, f); Fig. 7,
 * right: "computation times to achieve certain error levels of [1e-3, 1e-4, 1e-5]").
 */
import type { FitHistory } from "./fit.js";

export interface ThresholdTime {
  readonly threshold: number;
  /** null when the run never reached the threshold. */
  readonly epoch: number | null;
  readonly seconds: number | null;
}

/** The mean over ensemble members, the default error a threshold is compared with. */
export const meanOverMembers = (errors: readonly number[]): number => errors.reduce((a, b) => a + b, 0) / errors.length;

/**
 * For each threshold, the first evaluation of `history` whose error (`errorOf` of the members' test errors, by
 * default their mean) is at or below it. Thresholds must be positive and finite.
 */
export function firstReached(
  history: FitHistory,
  thresholds: readonly number[],
  errorOf: (errors: readonly number[]) => number = meanOverMembers,
): ThresholdTime[] {
  const bad = thresholds.find((t) => !(t > 0 && Number.isFinite(t)));
  if (bad !== undefined) throw new Error(`firstReached: thresholds must be positive and finite, got ${bad}`);
  const errors = history.testError.map(errorOf);
  return thresholds.map((threshold) => {
    const k = errors.findIndex((e) => e <= threshold);
    return k < 0 ? { threshold, epoch: null, seconds: null } : { threshold, epoch: history.epochs[k], seconds: history.seconds[k] };
  });
}
