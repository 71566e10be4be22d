/**
 * Claims decided seed by seed, for runs in which member (or repeat) k of every loss starts from seed k: the
 * image experiments of Figures 4, 5 and 8. Two histories `a` (L²) and `b` (H¹) with the same evaluations give,
 * per seed, the numbers that lib/checks' pairedRatio and meanInterval turn into a 95 % interval:
 * - the final error of each member;
 * - the common level of each pair, max(final_a[k], final_b[k]), and the first epoch after initialisation at
 *   which each member is at or below it: the per-seed form of curves.ts's commonLevel (each member reaches its
 *   own final error at the last evaluation at the latest, so no time is censored);
 * - the share of the evaluations after initialisation at which b's error is below a's.
 * Epoch 0 is not searched: an error at or below the level before any training says nothing about speed, and
 * with a shared initialisation both members would tie there.
 *
 * `trainingScale` says how much of the paper's training a run covers when our epochs are passes over a subset:
 * the images our run trains on, counted in passes over the paper's training set, over the paper's epochs.
 */
import { meanInterval, pairedRatio, type IntervalEvidence } from "../checks/index.js";
import type { FitHistory } from "../train/index.js";
import { finalMemberErrors, pairedFinalErrorRatio } from "./memberComparisons.js";

/** Checks that a and b are evaluated at the same epochs with the same members, and returns the member count. */
function pairedMembers(a: FitHistory, b: FitHistory, caller: string): number {
  if (a.epochs.length !== b.epochs.length || a.epochs.some((e, k) => e !== b.epochs[k])) {
    throw new Error(`${caller}: the two histories are evaluated at different epochs ([${a.epochs.join(", ")}] and [${b.epochs.join(", ")}])`);
  }
  if (a.epochs.length < 2 || a.epochs[a.epochs.length - 1] <= 0) throw new Error(`${caller}: a history needs an evaluation after initialisation, got epochs [${a.epochs.join(", ")}]`);
  const members = a.testError[0].length;
  if (members === 0 || [...a.testError, ...b.testError].some((e) => e.length !== members)) {
    throw new Error(`${caller}: every evaluation of both histories needs the same positive number of members (seeds), ${members} at the first`);
  }
  return members;
}

/** The first epoch after initialisation at which member `member` is at or below `level`; null if never. */
export function firstEpochAtOrBelow(history: FitHistory, member: number, level: number): number | null {
  const k = history.epochs.findIndex((epoch, i) => epoch > 0 && history.testError[i][member] <= level);
  return k < 0 ? null : history.epochs[k];
}

export interface CommonLevelBySeed {
  /** level[k] = max(final_a[k], final_b[k]): the error both members of seed k reach. */
  readonly level: number[];
  /** The first epoch after initialisation at which member k of a (of b) is at or below level[k]. */
  readonly epochsA: number[];
  readonly epochsB: number[];
  /** epochsB / epochsA, the geometric mean over seeds with its 95 % interval (< 1: b converges faster). */
  readonly ratio: IntervalEvidence;
}

/** Per seed, how soon each run reaches the level both members of that seed end at or below (module comment). */
export function commonLevelBySeed(a: FitHistory, b: FitHistory): CommonLevelBySeed {
  const members = pairedMembers(a, b, "commonLevelBySeed");
  const [finalA, finalB] = [finalMemberErrors(a), finalMemberErrors(b)];
  const level = Array.from({ length: members }, (_, k) => Math.max(finalA[k], finalB[k]));
  const epochsOf = (h: FitHistory): number[] =>
    level.map((l, k) => {
      const epoch = firstEpochAtOrBelow(h, k, l);
      if (epoch === null) throw new Error(`commonLevelBySeed: member ${k} never reached ${l}, at or above its own final error; the history is inconsistent`);
      return epoch;
    });
  const [epochsA, epochsB] = [epochsOf(a), epochsOf(b)];
  return { level, epochsA, epochsB, ratio: pairedRatio(epochsB, epochsA) };
}

/** final_b[k] / final_a[k], the geometric mean over seeds with its 95 % interval (< 1: b ends lower). */
export function finalRatioBySeed(a: FitHistory, b: FitHistory): IntervalEvidence {
  pairedMembers(a, b, "finalRatioBySeed");
  return pairedFinalErrorRatio(b, a);
}

/** Per seed, the share of evaluations after initialisation at which b's error is below a's; with its mean's interval. */
export function shareBelowBySeed(a: FitHistory, b: FitHistory): { shares: number[]; mean: IntervalEvidence } {
  const members = pairedMembers(a, b, "shareBelowBySeed");
  const after = a.epochs.map((epoch, i) => i).filter((i) => a.epochs[i] > 0);
  const shares = Array.from({ length: members }, (_, k) => after.filter((i) => b.testError[i][k] < a.testError[i][k]).length / after.length);
  return { shares, mean: meanInterval(shares) };
}

/** Training seconds per epoch between consecutive evaluations of a history (seconds exclude evaluation). */
export function secondsPerEpochByInterval(history: FitHistory): number[] {
  return history.epochs.slice(1).map((epoch, i) => (history.seconds[i + 1] - history.seconds[i]) / (epoch - history.epochs[i]));
}

/** A run's epochs over the images it trains on, or the paper's epochs over its training set. */
export interface TrainingLength {
  readonly epochs: number;
  readonly images: number;
}

/**
 * How much of the paper's training a run covers: (ours.epochs · ours.images) / (paper.epochs · paper.images),
 * i.e. our epochs counted in passes over the paper's training set, over the paper's epochs. Equal to the
 * ratio of epochs when both train on the same set.
 */
export function trainingScale(ours: TrainingLength, paper: TrainingLength): number {
  for (const [name, t] of [["ours", ours], ["paper", paper]] as const) {
    if (!(t.epochs > 0 && t.images > 0 && Number.isFinite(t.epochs * t.images))) {
      throw new Error(`trainingScale: ${name} needs positive epochs and images, got ${t.epochs} epochs of ${t.images} images`);
    }
  }
  return (ours.epochs * ours.images) / (paper.epochs * paper.images);
}

/**
 * H¹ against L², seed by seed, of two runs evaluated on the same metric: how soon each reaches the level both
 * end at (the convergence claims) and how their final values compare (the better-model claims).
 */
export interface SeedComparison {
  /** Per seed: the value both losses reach (the larger final one) and the epochs each first reaches it. */
  readonly level: number[];
  readonly l2Epochs: number[];
  readonly h1Epochs: number[];
  /** h1Epochs / l2Epochs over the seeds (faster convergence: < 1). */
  readonly epochRatio: IntervalEvidence;
  /** Per seed: the final value of each loss, and their ratio H¹ / L² over the seeds (< 1: H¹ ends lower). */
  readonly l2Final: number[];
  readonly h1Final: number[];
  readonly finalRatio: IntervalEvidence;
}

/** The SeedComparison of an L² history and an H¹ history whose member k is seed k. */
export function compareBySeed(l2: FitHistory, h1: FitHistory): SeedComparison {
  const common = commonLevelBySeed(l2, h1);
  return {
    level: common.level,
    l2Epochs: common.epochsA,
    h1Epochs: common.epochsB,
    epochRatio: common.ratio,
    l2Final: finalMemberErrors(l2),
    h1Final: finalMemberErrors(h1),
    finalRatio: finalRatioBySeed(l2, h1),
  };
}
