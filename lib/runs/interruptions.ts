/**
 * Training seconds that are not training: a history whose clock ran while its process was stopped (SIGSTOP, a
 * suspended laptop, a preempted job) or starved. Its `seconds` then hold the pause, and every time-to-threshold
 * read from them is wrong while its errors stay right. A record is written once and read for years
 * (records.ts), so a paused run must be caught when it is written and when it is read, not by a reviewer who
 * wonders why one seed took ten times the others.
 *
 * With the process's CPU seconds beside the wall seconds (FitHistory.cpuSeconds), the test is direct: an
 * interval is flagged when its wall time exceeds its CPU time by more than both thresholds below and by more than
 * the CPU time itself (the process had less than half a core: two processes sharing a core are not flagged here,
 * and a one-thread run of a `make figures JOBS=2` still passes). Older histories have only wall seconds, and the
 * test is then local, because a schedule changes the cost of an epoch (Fig. 3's L-BFGS epochs take 20 to 30
 * times an Adam epoch): an evaluation interval is compared with the median per-epoch time of the up to five
 * intervals before it and of the up to five after it, taking the larger, so an interval that starts a dearer
 * phase is judged by that phase. On the long-profile records committed in December 2026 (84 histories, no CPU
 * seconds) the clean ones stay below 13.0 s and 3.2 % of their run by that test; the four paused ones exceed
 * 670 s and 19 %.
 *
 * A record must also have had its core for most of its training (`starvedHistories`): its times are read as
 * the cost of the training, and a run that shared its core with another took longer for no reason of its own
 * (in December 2026 the Fig. 3 H1 runs of an evening with other work on the machine took 1.5 to 3.0 times the
 * Adam epoch time of a quiet rerun). Only a history with CPU seconds can show that.
 */
import { median } from "../checks/median.js";

/** An interval must exceed its prediction by more than this many seconds... */
export const INTERRUPTION_MIN_SECONDS = 30;
/** ...and by more than this share of the history's training seconds. */
export const INTERRUPTION_MIN_SHARE = 0.05;
/** Intervals on each side that predict an interval's cost. */
const NEIGHBOURS = 5;

/** A record's share of its training wall time that must have been CPU time (one thread), or it shared its core. */
export const MIN_CORE_SHARE = 0.9;

/** An evaluation interval whose seconds hold time the training did not use. */
export interface Interruption {
  /** Where the history sits in the results, as a JSON path (`results.members[2].history`). */
  where: string;
  fromEpoch: number;
  toEpoch: number;
  seconds: number;
  /** What the interval should have taken: its CPU seconds, or what its neighbouring intervals predict without them. */
  expectedSeconds: number;
  basis: "CPU time" | "neighbours";
}

/** What the checks read of a FitHistory: its evaluation epochs and cumulative seconds. */
export interface TimedHistory {
  epochs: readonly number[];
  seconds: readonly number[];
  cpuSeconds?: readonly number[];
}

const numbers = (value: unknown, length: number): boolean => Array.isArray(value) && value.length === length && value.every((v) => typeof v === "number");

function isTimedHistory(value: unknown): value is TimedHistory {
  if (typeof value !== "object" || value === null) return false;
  const { epochs, seconds, cpuSeconds } = value as { epochs?: unknown; seconds?: unknown; cpuSeconds?: unknown };
  return Array.isArray(epochs) && numbers(epochs, epochs.length) && numbers(seconds, epochs.length) && (cpuSeconds === undefined || numbers(cpuSeconds, epochs.length));
}

/** The interruptions of one history (epochs increasing, seconds cumulative). */
export function historyInterruptions(history: TimedHistory, where = "history"): Interruption[] {
  const { epochs, seconds, cpuSeconds } = history;
  const total = seconds[seconds.length - 1] ?? 0;
  const intervals = epochs.slice(1).map((epoch, i) => ({ from: epochs[i], to: epoch, seconds: seconds[i + 1] - seconds[i], cpu: cpuSeconds ? cpuSeconds[i + 1] - cpuSeconds[i] : Number.NaN }));
  const perEpoch = intervals.map((v) => v.seconds / Math.max(1, v.to - v.from));
  const sideMedian = (values: readonly number[]) => (values.length === 0 ? 0 : median(values));
  const predicted = (i: number): number => {
    const rate = Math.max(sideMedian(perEpoch.slice(Math.max(0, i - NEIGHBOURS), i)), sideMedian(perEpoch.slice(i + 1, i + 1 + NEIGHBOURS)));
    return rate * Math.max(1, intervals[i].to - intervals[i].from);
  };
  const found: Interruption[] = [];
  intervals.forEach((interval, i) => {
    const expectedSeconds = cpuSeconds ? interval.cpu : predicted(i);
    const excess = interval.seconds - expectedSeconds;
    const flagged = cpuSeconds ? excess > interval.cpu : intervals.length > 1;
    if (flagged && excess > INTERRUPTION_MIN_SECONDS && excess > INTERRUPTION_MIN_SHARE * total) {
      found.push({ where, fromEpoch: interval.from, toEpoch: interval.to, seconds: interval.seconds, expectedSeconds, basis: cpuSeconds ? "CPU time" : "neighbours" });
    }
  });
  return found;
}

/** Every timed history (an object with equal-length numeric `epochs` and `seconds`) in `results`, with its JSON path. */
function timedHistories(results: unknown, where: string): { history: TimedHistory; where: string }[] {
  if (isTimedHistory(results)) return [{ history: results, where }];
  if (Array.isArray(results)) return results.flatMap((item, i) => timedHistories(item, `${where}[${i}]`));
  if (typeof results === "object" && results !== null) return Object.entries(results).flatMap(([k, v]) => timedHistories(v, `${where}.${k}`));
  return [];
}

/** The interruptions of every timed history in `results`. */
export function trainingInterruptions(results: unknown, where = "results"): Interruption[] {
  return timedHistories(results, where).flatMap((h) => historyInterruptions(h.history, h.where));
}

/**
 * A run refused because its training seconds are not the cost of its training (cachedRun): the machine's fault, not
 * the run's, so a shard goes on with its other runs and the refused one is computed again by the next start.
 */
export class UntimelyTrainingError extends Error {
  override readonly name = "UntimelyTrainingError";
}

/** One line per interruption, for an error message. */
export function describeInterruptions(found: readonly Interruption[]): string {
  return found
    .map((f) => `${f.where}: epochs ${f.fromEpoch} to ${f.toEpoch} took ${f.seconds.toFixed(0)} s where ${f.basis === "CPU time" ? "its CPU time was" : "the intervals around them predict"} ${f.expectedSeconds.toFixed(0)} s`)
    .join("; ");
}

/** A history that had its core for less than MIN_CORE_SHARE of its training wall time. */
export interface Starvation {
  where: string;
  seconds: number;
  cpuSeconds: number;
}

/**
 * The histories in `results` whose CPU seconds fall short of MIN_CORE_SHARE of their wall seconds by more than
 * INTERRUPTION_MIN_SECONDS (those without CPU seconds cannot tell). Meant for one-thread runs: a run with more
 * threads has more CPU than wall seconds, and passes unless it was starved badly.
 */
export function starvedHistories(results: unknown, where = "results"): Starvation[] {
  return timedHistories(results, where).flatMap(({ history, where: at }) => {
    const seconds = history.seconds[history.seconds.length - 1] ?? 0;
    const cpuSeconds = history.cpuSeconds?.[history.cpuSeconds.length - 1];
    const starved = cpuSeconds !== undefined && cpuSeconds < MIN_CORE_SHARE * seconds && seconds - cpuSeconds > INTERRUPTION_MIN_SECONDS;
    return starved ? [{ where: at, seconds, cpuSeconds }] : [];
  });
}

/** One line per starved history, for an error message. */
export function describeStarvation(found: readonly Starvation[]): string {
  return found.map((f) => `${f.where}: ${f.cpuSeconds.toFixed(0)} s of CPU time in ${f.seconds.toFixed(0)} s of training (${((100 * f.cpuSeconds) / f.seconds).toFixed(0)} % of a core)`).join("; ");
}

/**
 * Why a history's training seconds are not the cost of its training, or undefined when they are: an interval that
 * holds a pause, or (with `starvation`, as for a record, which is read for years) a run that had less than
 * MIN_CORE_SHARE of its core.
 */
export function untimelyTraining(results: unknown, { starvation }: { starvation: boolean }): string | undefined {
  const interrupted = trainingInterruptions(results);
  if (interrupted.length > 0) return `${describeInterruptions(interrupted)}: its process was stopped while it ran`;
  const starved = starvation ? starvedHistories(results) : [];
  if (starved.length > 0) return `${describeStarvation(starved)}: it shared its core with other work`;
  return undefined;
}

/** The share of a core a history had over its training (CPU seconds over wall seconds), or undefined without CPU seconds. */
export function coreShare(history: TimedHistory): number | undefined {
  const seconds = history.seconds[history.seconds.length - 1];
  const cpuSeconds = history.cpuSeconds?.[history.cpuSeconds.length - 1];
  return cpuSeconds === undefined || seconds === undefined || seconds <= 0 ? undefined : cpuSeconds / seconds;
}
