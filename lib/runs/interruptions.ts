/**
 * Training seconds that are not training: a history whose clock ran while its process was stopped (SIGSTOP, a
 * suspended laptop, a preempted job) or starved. Its `seconds` then hold the pause, and every time-to-threshold
 * read from them is wrong while its errors stay right. A record is written once and read for years
 * (records.ts), so a paused run must be caught when it is written and when it is read, not by a reviewer who
 * wonders why one seed took ten times the others.
 *
 * The test is local, because a schedule changes the cost of an epoch (Fig. 3's L-BFGS epochs take 20 to 30 times
 * an Adam epoch): an evaluation interval is compared with the median per-epoch time of the up to five intervals
 * before it and of the up to five after it, taking the larger, so an interval that starts a dearer phase is judged
 * by that phase. It is flagged when it took longer than that predicts by more than both thresholds below. On the
 * committed long-profile records (84 histories) the clean ones stay below 13.0 s and 3.2 % of their run; the four
 * paused ones found in December 2026 exceed 670 s and 19 %.
 */
import { median } from "../checks/median.js";

/** An interval must exceed its prediction by more than this many seconds... */
export const INTERRUPTION_MIN_SECONDS = 30;
/** ...and by more than this share of the history's training seconds. */
export const INTERRUPTION_MIN_SHARE = 0.05;
/** Intervals on each side that predict an interval's cost. */
const NEIGHBOURS = 5;

/** An evaluation interval whose seconds hold time the training did not use. */
export interface Interruption {
  /** Where the history sits in the results, as a JSON path (`results.members[2].history`). */
  where: string;
  fromEpoch: number;
  toEpoch: number;
  seconds: number;
  /** What its neighbouring intervals predict for it. */
  expectedSeconds: number;
}

interface TimedHistory {
  epochs: readonly number[];
  seconds: readonly number[];
}

function isTimedHistory(value: unknown): value is TimedHistory {
  if (typeof value !== "object" || value === null) return false;
  const { epochs, seconds } = value as { epochs?: unknown; seconds?: unknown };
  return Array.isArray(epochs) && Array.isArray(seconds) && epochs.length === seconds.length && seconds.every((s) => typeof s === "number") && epochs.every((e) => typeof e === "number");
}

/** The interruptions of one history (epochs increasing, seconds cumulative). */
export function historyInterruptions(history: TimedHistory, where = "history"): Interruption[] {
  const { epochs, seconds } = history;
  const total = seconds[seconds.length - 1] ?? 0;
  const intervals = epochs.slice(1).map((epoch, i) => ({ from: epochs[i], to: epoch, seconds: seconds[i + 1] - seconds[i] }));
  const perEpoch = intervals.map((v) => v.seconds / Math.max(1, v.to - v.from));
  const sideMedian = (values: readonly number[]) => (values.length === 0 ? 0 : median(values));
  const found: Interruption[] = [];
  intervals.forEach((interval, i) => {
    const rate = Math.max(sideMedian(perEpoch.slice(Math.max(0, i - NEIGHBOURS), i)), sideMedian(perEpoch.slice(i + 1, i + 1 + NEIGHBOURS)));
    const expectedSeconds = rate * Math.max(1, interval.to - interval.from);
    const excess = interval.seconds - expectedSeconds;
    if (intervals.length > 1 && excess > INTERRUPTION_MIN_SECONDS && excess > INTERRUPTION_MIN_SHARE * total) {
      found.push({ where, fromEpoch: interval.from, toEpoch: interval.to, seconds: interval.seconds, expectedSeconds });
    }
  });
  return found;
}

/** The interruptions of every timed history (an object with equal-length numeric `epochs` and `seconds`) in `results`. */
export function trainingInterruptions(results: unknown, where = "results"): Interruption[] {
  if (isTimedHistory(results)) return historyInterruptions(results, where);
  if (Array.isArray(results)) return results.flatMap((item, i) => trainingInterruptions(item, `${where}[${i}]`));
  if (typeof results === "object" && results !== null) return Object.entries(results).flatMap(([k, v]) => trainingInterruptions(v, `${where}.${k}`));
  return [];
}

/** One line per interruption, for an error message. */
export function describeInterruptions(found: readonly Interruption[]): string {
  return found
    .map((f) => `${f.where}: epochs ${f.fromEpoch} to ${f.toEpoch} took ${f.seconds.toFixed(0)} s where the intervals around them predict ${f.expectedSeconds.toFixed(0)} s`)
    .join("; ");
}
