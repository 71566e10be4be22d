/**
 * Paired comparisons of two ensemble runs, member by member: the evidence behind a claim such as "H1 ends
 * below L2" or "H1 reaches 1e-3 sooner than L2" (lib/checks/pairedRatio.ts).
 *
 * Member k of every run of one experiment has seed k (RegressionConfig: seeds seed, seed + 1, ...), so the
 * two runs' members k start from the same initialisation and form one paired observation. Times to a
 * threshold are the training seconds (or epochs) of the first evaluation at which member k's own test error
 * is at or below it; a member that never gets there is censored at its own run's length, which may differ
 * between the two runs when time is measured in seconds (an H1 epoch costs more than an L2 epoch).
 */
import { pairedRatio, type IntervalEvidence } from "../checks/pairedRatio.js";
import type { FitHistory } from "../train/index.js";

/**
 * The history with the error measured at the training points (`trainingError`) in place of the test error, so that
 * every comparison here can be made on the authors' measure of Fig. 7 too.
 * @throws Error when the run did not record it (RegressionConfig.recordTrainingError)
 */
export function onTrainingPoints(history: FitHistory): FitHistory {
  if (history.trainingError === undefined) throw new Error("onTrainingPoints: the run recorded no training-point error; run it with recordTrainingError: true");
  return { ...history, testError: history.trainingError };
}

/** Each member's test error at the last evaluation. */
export function finalMemberErrors(history: FitHistory): number[] {
  const last = history.testError[history.testError.length - 1];
  if (last === undefined) throw new Error("finalMemberErrors: the history has no evaluations");
  return [...last];
}

export type TimeUnit = "seconds" | "epochs";

/** For each member, the training seconds or epochs at which its test error first is ≤ threshold; null if never. */
export function memberReachTimes(history: FitHistory, threshold: number, unit: TimeUnit = "seconds"): Array<number | null> {
  if (!(threshold > 0 && Number.isFinite(threshold))) throw new Error(`memberReachTimes: threshold must be positive and finite, got ${threshold}`);
  const clock = unit === "seconds" ? history.seconds : history.epochs;
  const members = history.testError[0]?.length ?? 0;
  return Array.from({ length: members }, (_, m) => {
    const k = history.testError.findIndex((errors) => errors[m] <= threshold);
    return k < 0 ? null : clock[k];
  });
}

/** The length of a run on `unit`'s clock: its training seconds or epochs at the last evaluation. */
export function runLength(history: FitHistory, unit: TimeUnit = "seconds"): number {
  const clock = unit === "seconds" ? history.seconds : history.epochs;
  return clock[clock.length - 1];
}

/**
 * Final test error of `numerator`'s members over `denominator`'s, paired by member: the geometric-mean ratio
 * with its 95 % interval.
 */
export function pairedFinalErrorRatio(numerator: FitHistory, denominator: FitHistory): IntervalEvidence {
  return pairedRatio(finalMemberErrors(numerator), finalMemberErrors(denominator));
}

/**
 * Time for `numerator`'s members to reach `threshold` over `denominator`'s, paired by member, each side's
 * "not reached" censored at its own run length (module comment); members where neither run reached the
 * threshold are left out, and when that is every member the measurement is NaN. A time of 0 (a member at or
 * below the threshold at initialisation) is not a ratio; it throws, as pairedRatio does.
 */
export function pairedReachTimeRatio(numerator: FitHistory, denominator: FitHistory, threshold: number, unit: TimeUnit = "seconds"): IntervalEvidence {
  const a = memberReachTimes(numerator, threshold, unit);
  const b = memberReachTimes(denominator, threshold, unit);
  if (a.length !== b.length) throw new Error(`pairedReachTimeRatio: the runs have ${a.length} and ${b.length} members; pairing needs the same number`);
  const [lengthA, lengthB] = [runLength(numerator, unit), runLength(denominator, unit)];
  const neither = (k: number): boolean => a[k] === null && b[k] === null;
  return pairedRatio(
    a.map((t, k) => (neither(k) ? null : (t ?? lengthA))),
    b.map((t, k) => (neither(k) ? null : (t ?? lengthB))),
  );
}
