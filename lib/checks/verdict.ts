/**
 * The verdict of a numerical check of a printed claim (DESIGN.md, "Conventions").
 *
 * A check without an interval (the derivations: closed forms against quadrature, Monte Carlo, finite
 * differences) compares one measured value:
 * - `holds`: the measured value is within tolerance of what the paper prints;
 * - `erratum`: it is not, and the stated correction was measured to hold instead (its own measurement is
 *   within tolerance of what it predicts): the printed statement is wrong and the row says what is right;
 * - `fails`: it matches neither.
 * A check with an interval (the experiments: a 95 % interval over seeds, lib/checks/pairedRatio.ts) is decided
 * by where the whole interval lies:
 * - `holds`: on the claimed side of `expected` (for `=`: inside expected ± tolerance);
 * - `fails`: entirely on the other side (for `=`: entirely outside the band);
 * - `inconclusive`: it straddles `expected`, or there is nothing to measure (NaN: no seed reached a threshold).
 */
export type Verdict = "holds" | "fails" | "erratum" | "inconclusive";
export const verdicts: readonly Verdict[] = ["holds", "fails", "inconclusive", "erratum"];

export interface ClaimCheck {
  /** Stable identifier, unique within its record, e.g. `thm2.5-hessian-L-fd`. */
  id: string;
  /** Where the claim is printed, e.g. `Thm 2.5, eq. 2`. */
  source: string;
  /** The claim as printed. */
  claim: string;
  /** How it was checked, e.g. `central differences of the closed-form gradient, h = 1e-5, d = 5`. */
  method: string;
  measured: number;
  /** The value the printed claim predicts. */
  expected: number;
  /** Largest |measured - expected| accepted as agreement (absolute); for `<` and `>`, the margin allowed past `expected`. */
  tolerance: number;
  /**
   * `=` (default): the claim predicts the value `expected`. `<` / `>`: it predicts a value below / above
   * `expected` (e.g. "H1 reaches a lower error than L2": the ratio of their errors is < 1), with `tolerance` as
   * the margin allowed past it (0 for a strict comparison).
   */
  relation?: "=" | "<" | ">";
  /** For a claim suspected to be misprinted: what holds instead, checked by its own measurement. */
  correction?: { statement: string; measured: number; expected: number };
  /** The 95 % interval of `measured` over seeds; its presence makes the verdict an interval verdict. */
  interval?: { low: number; high: number };
  /** How many seeds (independent initialisations) `measured` and its interval come from. */
  seeds?: number;
  /** How much of the paper's training the run covers: our epochs over the paper's (or its authors' code's). */
  scale?: number;
  /**
   * For an erratum: what the misprint costs a reader. `conclusion`: a result the paper draws changes (a rate,
   * a sign, which loss wins); `statement`: a printed formula or constant is wrong but the paper's conclusion
   * stands; `typo`: a slip of notation or wording whose intended meaning is clear from the context.
   */
  consequence?: Consequence;
}

export const consequences = ["conclusion", "statement", "typo"] as const;
export type Consequence = (typeof consequences)[number];

/** Where an interval lies relative to the claim: the interval verdict described at the top. */
function intervalVerdict(check: ClaimCheck, low: number, high: number): Verdict {
  if (Number.isNaN(check.measured) || Number.isNaN(low) || Number.isNaN(high)) return "inconclusive";
  if (low > high) throw new Error(`verdictOf(${check.id}): interval [${low}, ${high}] is reversed`);
  const { expected, tolerance } = check;
  switch (check.relation ?? "=") {
    case "<":
      return high < expected ? "holds" : low > expected ? "fails" : "inconclusive";
    case ">":
      return low > expected ? "holds" : high < expected ? "fails" : "inconclusive";
    default:
      if (low >= expected - tolerance && high <= expected + tolerance) return "holds";
      return high < expected - tolerance || low > expected + tolerance ? "fails" : "inconclusive";
  }
}

export function verdictOf(check: ClaimCheck): Verdict {
  if (check.interval) return intervalVerdict(check, check.interval.low, check.interval.high);
  const relation = check.relation ?? "=";
  const agrees = (measured: number, expected: number): boolean => {
    if (!Number.isFinite(measured)) return false;
    if (relation === "<") return check.tolerance === 0 ? measured < expected : measured <= expected + check.tolerance;
    if (relation === ">") return check.tolerance === 0 ? measured > expected : measured >= expected - check.tolerance;
    return Math.abs(measured - expected) <= check.tolerance;
  };
  if (agrees(check.measured, check.expected)) return "holds";
  if (check.correction && agrees(check.correction.measured, check.correction.expected)) return "erratum";
  return "fails";
}
