/**
 * Named tolerances for checking the targets' exact derivatives against central finite differences
 * (lib/numeric/finiteDifferences.ts), float64, used with assertClose's { relative } form (max-norm error over
 * max(1, max |expected|)).
 *
 * Central differences with step h have error h^2/6 |f'''| + eps |f| / h [1]. For a sinusoid of angular
 * frequency ω the truncation error is (ωh)^2/6 times the derivative being estimated. With h = FD_STEP = 1e-5
 * (lib/numeric/tolerances.ts) the worst target is twoFrequency: its 20π-term gives (20πh)^2/6 ≈ 6.6e-8
 * relative to that term, and where the 2π- and 20π-terms of f' nearly cancel (|20π cos 20πx| ≤ 2π + 1) the
 * error is ≤ (2π + 1) · 6.6e-8 ≈ 5e-7 against max(1, |f'|) ≥ 1. Observed over 400 random points per target: ≤ 3.5e-7
 * (twoFrequency gradient), ≤ 1.4e-7 (fig3 Hessian), ≤ 5e-9 (fig2, ackley). The tolerance leaves a factor
 * 4 over the worst case and is still ~1e4 below the relative effect of a wrong term in a formula (a dropped
 * constant 1.5 in fig2's gradient, of size ≤ ~35, is a relative error ≥ 4e-2).
 *
 * References
 * [1] Nocedal & Wright, Numerical Optimization, 2nd ed., Section 8.1.
 */

/** Exact gradient or Hessian of a target vs central differences of the value or gradient, step FD_STEP. */
export const TARGET_FD_RELATIVE = 2e-6;

/** Points closer than this to the origin are not used to check Ackley's Hessian (it grows like 1/|x|). */
export const ACKLEY_SINGULARITY_RADIUS = 1e-2;
