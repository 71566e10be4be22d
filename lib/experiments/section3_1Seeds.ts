/**
 * Section 3.1's claims over repeated draws (lib/checks/pairedRatio.ts): repeat k is the config with seed
 * config.seed + k, a fresh pair (w, w*), fresh inputs and a fresh batch order, and its L2 and H1 runs share all
 * three, so every (learning rate, batch size) gives one paired observation per repeat. Per repeat the
 * statistics are those of `section31Comparisons`; across repeats they are combined as geometric means with
 * the 95 % t-interval of the mean log.
 */
import { pairedRatio, type IntervalEvidence } from "../checks/pairedRatio.js";
import type { Section31Comparison, Section31Config } from "./section3_1.js";

/** The config of repeat k: the same settings with seed config.seed + k. */
export function section31Repeat(config: Section31Config, k: number): Section31Config {
  if (!Number.isInteger(k) || k < 0) throw new Error(`section31Repeat: the repeat must be a non-negative integer, got ${k}`);
  return { ...config, seed: config.seed + k };
}

/** The geometric mean of per-repeat ratios with its 95 % interval. */
export function geometricMeanInterval(ratios: readonly number[]): IntervalEvidence {
  return pairedRatio(ratios, ratios.map(() => 1));
}

/** One (learning rate, batch size) over the repeats. */
export interface Section31Evidence {
  readonly learningRate: number;
  readonly batchSize: number;
  readonly panels: readonly ("a" | "c")[];
  /** SGD steps to each repeat's own threshold error, H1 / L2. */
  readonly acceleration: IntervalEvidence;
  /** Final ‖w − w*‖², H1 / L2. */
  readonly finalError: IntervalEvidence;
  /** Each repeat's largest κ(∇²E, H1)/κ(∇²E, L2) after step 0. */
  readonly conditionMax: IntervalEvidence;
  /** Each repeat's geometric-mean κ ratio of eq. (2)'s population matrices after step 0. */
  readonly populationConditionMean: IntervalEvidence;
}

/**
 * The evidence of every (learning rate, batch size) from `repeats[k]` = section31Comparisons of repeat k (all
 * in the same order). Steps to the threshold are positive for both runs by construction (the threshold lies
 * between the initial error and both final errors); should a run start at or below it, that repeat's pair is
 * left out, as pairedRatio leaves out a pair that neither run had to reach.
 */
export function section31Evidence(config: Section31Config, repeats: readonly (readonly Section31Comparison[])[]): Section31Evidence[] {
  if (repeats.length === 0) throw new Error("section31Evidence: no repeats");
  const first = repeats[0];
  repeats.forEach((comparisons, k) => {
    const same = comparisons.length === first.length && comparisons.every((c, i) => c.learningRate === first[i].learningRate && c.batchSize === first[i].batchSize);
    if (!same) throw new Error(`section31Evidence: repeat ${k} has other (learning rate, batch size) pairs than repeat 0`);
  });
  const positive = (steps: number): number | null => (steps > 0 && Number.isFinite(steps) ? steps : null);
  return first.map((c, i) => {
    const runs = repeats.map((comparisons) => comparisons[i]);
    const totalSteps = config.epochs * Math.ceil(config.samples / c.batchSize);
    return {
      learningRate: c.learningRate,
      batchSize: c.batchSize,
      panels: c.panels,
      acceleration: pairedRatio(runs.map((r) => positive(r.stepsToThreshold.H1)), runs.map((r) => positive(r.stepsToThreshold.L2)), { censoredAt: totalSteps }),
      finalError: pairedRatio(runs.map((r) => r.finalError.H1), runs.map((r) => r.finalError.L2)),
      conditionMax: geometricMeanInterval(runs.map((r) => r.conditionRatio.max)),
      populationConditionMean: geometricMeanInterval(runs.map((r) => r.populationConditionRatio.mean)),
    };
  });
}

/** Each repeat's largest κ(∇²E, H1)/κ(∇²E, L2) over all its runs and evaluations, as a geometric mean over repeats. */
export function largestConditionRatio(repeats: readonly (readonly Section31Comparison[])[]): IntervalEvidence {
  return geometricMeanInterval(repeats.map((comparisons) => Math.max(...comparisons.map((c) => c.conditionRatio.max))));
}
