/**
 * The evidence behind an experiment claim: a 95 % confidence interval from per-seed measurements.
 *
 * The experiments train L2, H1 and H2 from the same initialisation (member k of every run has seed k), so a
 * claim such as "H1 reaches a lower test error than L2" is decided seed by seed: the ratio H1/L2 of seed k is
 * one paired observation. Ratios are averaged on the log scale (a ratio of 2 and one of 1/2 cancel), and the
 * interval is Student's t-interval of the mean log-ratio, mapped back: measured = exp(mean), [low, high] =
 * exp(mean ± t_{0.975, n−1} s/√n). One seed gives no interval ([0, ∞]): a single run never decides a claim.
 *
 * Times to a threshold that a run never reached are censored at the run's length: replacing "not reached"
 * by the length moves every such ratio towards 1 (the run that did not reach it would have needed longer),
 * so the interval errs towards "inconclusive", never towards a verdict. Seeds where neither run reached the
 * threshold carry no information; when that is every seed there is nothing to measure (NaN).
 */
import { studentTQuantile } from "../numeric/studentT.js";

/** A measured value with its 95 % interval and the number of seeds behind it. */
export interface IntervalEvidence {
  readonly measured: number;
  readonly low: number;
  readonly high: number;
  readonly seeds: number;
}

const LEVEL = 0.95;

/** The mean of `values` with its 95 % t-interval (one value: the interval is the whole line). */
export function meanInterval(values: readonly number[]): IntervalEvidence {
  const n = values.length;
  if (n === 0) throw new Error("meanInterval: no values");
  const bad = values.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new Error(`meanInterval: value ${bad} is ${values[bad]}; every seed's value must be finite`);
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { measured: mean, low: -Infinity, high: Infinity, seeds: 1 };
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1);
  const half = studentTQuantile(0.5 + LEVEL / 2, n - 1) * Math.sqrt(variance / n);
  return { measured: mean, low: mean - half, high: mean + half, seeds: n };
}

export interface PairedRatioOptions {
  /**
   * For times to a threshold: the length of the runs. A value that is null, NaN or +∞ means "not reached" and
   * is replaced by this length (see the module comment). Without it such a value is an error.
   */
  censoredAt?: number;
}

/** The geometric-mean ratio numerator/denominator over paired seeds, with its 95 % interval. */
export function pairedRatio(
  numerator: ReadonlyArray<number | null>,
  denominator: ReadonlyArray<number | null>,
  options: PairedRatioOptions = {},
): IntervalEvidence {
  if (numerator.length !== denominator.length || numerator.length === 0) {
    throw new Error(`pairedRatio: need the same positive number of seeds on both sides, got ${numerator.length} and ${denominator.length}`);
  }
  const { censoredAt } = options;
  if (censoredAt !== undefined && !(censoredAt > 0 && Number.isFinite(censoredAt))) {
    throw new Error(`pairedRatio: censoredAt must be a positive run length, got ${censoredAt}`);
  }
  const reached = (v: number | null): v is number => v !== null && Number.isFinite(v);
  const value = (v: number | null, side: string, k: number): number => {
    if (reached(v)) {
      if (!(v > 0)) throw new Error(`pairedRatio: ${side} of seed ${k} is ${v}; ratios need positive values`);
      return v;
    }
    if (censoredAt === undefined) {
      throw new Error(`pairedRatio: ${side} of seed ${k} is ${v}; pass censoredAt (the run length) for times that were not reached`);
    }
    return censoredAt;
  };
  const logs: number[] = [];
  numerator.forEach((a, k) => {
    const b = denominator[k];
    if (!reached(a) && !reached(b)) return; // neither reached: no information from this seed
    logs.push(Math.log(value(a, "numerator", k)) - Math.log(value(b, "denominator", k)));
  });
  if (logs.length === 0) return { measured: NaN, low: NaN, high: NaN, seeds: numerator.length };
  const onLogScale = meanInterval(logs);
  return { measured: Math.exp(onLogScale.measured), low: Math.exp(onLogScale.low), high: Math.exp(onLogScale.high), seeds: numerator.length };
}

/** The fields of a ClaimCheck that carry an interval's evidence: spread into a check with the run's scale. */
export function claimEvidence(evidence: IntervalEvidence, scale: number): { measured: number; interval: { low: number; high: number }; seeds: number; scale: number } {
  return { measured: evidence.measured, interval: { low: evidence.low, high: evidence.high }, seeds: evidence.seeds, scale };
}
