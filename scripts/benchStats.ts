/**
 * The statistics of make bench (scripts/bench.ts): the median of per-round paired ratios and their range.
 * Two engines timed in the same round saw the same machine (the same load from other processes, the same clock),
 * so the ratio of one round's two times cancels most of the drift that separate runs would carry; the median over
 * rounds drops the rounds another process disturbed, and the min–max says how much the rounds still scattered.
 */
import { median } from "../lib/checks/median.js";

export { median };

/** The median of paired ratios and their spread over rounds. */
export interface PairedRatio {
  median: number;
  min: number;
  max: number;
  rounds: number;
}

/**
 * numerator[r] / denominator[r] for every round r, summarised: both lists are per-round times of the same
 * rounds, so they must have the same length; times must be positive and finite.
 */
export function pairedRatio(numerator: readonly number[], denominator: readonly number[]): PairedRatio {
  if (numerator.length !== denominator.length) {
    throw new Error(`pairedRatio: ${numerator.length} numerator rounds against ${denominator.length} denominator rounds; pair the times of the same rounds`);
  }
  const bad = [...numerator, ...denominator].find((t) => !(Number.isFinite(t) && t > 0));
  if (bad !== undefined) throw new Error(`pairedRatio: a time of ${bad}; times must be positive and finite`);
  const ratios = numerator.map((t, r) => t / denominator[r]);
  return { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios), rounds: ratios.length };
}

/** "1.23 (1.10–1.40)": the median paired ratio and its range over rounds, for the table. */
export function formatRatio(r: PairedRatio, digits = 2): string {
  return `${r.median.toFixed(digits)} (${r.min.toFixed(digits)}–${r.max.toFixed(digits)})`;
}
