/**
 * Per-seed evidence of the function-regression claims (Section 3.2, Figures 2 and 3): L2, H1 and H2 runs start
 * from the same initialisation seed by seed (ensemble member k, or repeat k, has seed k in every loss's run), so
 * each claim is decided from paired per-seed comparisons with a 95 % interval (lib/checks/pairedRatio.ts).
 *
 * Final-error ratios of ensemble members are pairedFinalErrorRatio (memberComparisons.ts).
 * - thresholdTimeRatio: for runs trained one seed per run (Fig. 3), the training time each needs to first reach
 *   an error threshold, compared seed by seed; a seed's statistic is its largest H1/L2 ratio over the thresholds
 *   either run reached ("H1 reaches every accuracy sooner": < 1).
 */
import { meanInterval, pairedRatio, type IntervalEvidence } from "../checks/index.js";
import { firstReached, type FitHistory } from "../train/index.js";

/** One seed's comparison at one threshold (seconds null: not reached within the run). */
export interface SeedThresholdTime {
  readonly seed: number;
  readonly threshold: number;
  readonly numeratorSeconds: number | null;
  readonly denominatorSeconds: number | null;
  /** numerator / denominator time, a not-reached time censored at the longer of the two runs; NaN: not compared. */
  readonly ratio: number;
}

/** The per-seed comparisons and their summary: the geometric mean of the seeds' largest ratios, with its interval. */
export interface ThresholdTimeEvidence extends IntervalEvidence {
  readonly perThreshold: SeedThresholdTime[];
  /** Each seed's largest ratio over the thresholds it compared (NaN: none compared). */
  readonly worstPerSeed: number[];
  /** How many seeds compared at least one threshold (the others carry no information). */
  readonly seedsCompared: number;
}

/**
 * Times to reach each threshold, numerator run k against denominator run k (one seed per run; the runs' own
 * first member). A threshold reached by neither run of a seed is not compared, nor one reached at the
 * initialisation (epoch 0: both runs start from the same weights). A threshold only one run reached is compared
 * with the other's time censored at the longer of the two runs: a ratio of at least 1 when the numerator did not
 * reach it, at most 1 when the denominator did not, so censoring moves ratios towards 1 and never flips a
 * comparison (as pairedRatio's censoredAt). A seed's statistic is its largest ratio (every threshold must be
 * reached sooner for it to be below 1); the summary is their geometric mean with the 95 % t-interval of the
 * mean log. Seeds that compared nothing are left out; if no seed compared anything, the result is NaN.
 */
export function thresholdTimeRatio(numerator: readonly FitHistory[], denominator: readonly FitHistory[], thresholds: readonly number[]): ThresholdTimeEvidence {
  if (numerator.length !== denominator.length || numerator.length === 0) {
    throw new Error(`thresholdTimeRatio: need the same positive number of runs on both sides, got ${numerator.length} and ${denominator.length}`);
  }
  const perThreshold: SeedThresholdTime[] = [];
  const worstPerSeed = numerator.map((a, seed) => {
    const b = denominator[seed];
    const length = Math.max(a.seconds[a.seconds.length - 1], b.seconds[b.seconds.length - 1]);
    const [ta, tb] = [firstReached(a, thresholds), firstReached(b, thresholds)];
    const ratios = thresholds.map((threshold, i) => {
      const [x, y] = [ta[i], tb[i]];
      const compared = (x.seconds !== null || y.seconds !== null) && x.epoch !== 0 && y.epoch !== 0;
      const ratio = compared ? (x.seconds ?? length) / (y.seconds ?? length) : Number.NaN;
      perThreshold.push({ seed, threshold, numeratorSeconds: x.seconds, denominatorSeconds: y.seconds, ratio });
      return ratio;
    });
    const seen = ratios.filter((r) => !Number.isNaN(r));
    return seen.length === 0 ? Number.NaN : Math.max(...seen);
  });
  const logs = worstPerSeed.filter((r) => !Number.isNaN(r)).map(Math.log);
  const summary: IntervalEvidence =
    logs.length === 0
      ? { measured: Number.NaN, low: Number.NaN, high: Number.NaN, seeds: numerator.length }
      : (({ measured, low, high }) => ({ measured: Math.exp(measured), low: Math.exp(low), high: Math.exp(high), seeds: numerator.length }))(meanInterval(logs));
  return { ...summary, perThreshold, worstPerSeed, seedsCompared: logs.length };
}
