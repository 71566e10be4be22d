/**
 * Named tolerances for the K-node checks of Section 2.3.3 (lib/analytic/kNode*.ts), in float64. The general
 * ones (FD_STEP, FD_GRADIENT_RELATIVE, MC_SIGMAS, ...) live in tolerances.ts.
 */

/**
 * At the teacher the K-node fields are C^1 but not C^2 (terms like |p| p, p the part of w_1 across e_1), so a
 * central difference with step h errs by O(h), not O(h^2): about h / (2 pi) per such term. Step and bound.
 */
export const KINKED_FD_STEP = 1e-7;
export const KINKED_FD_RELATIVE = 1e-6;

/**
 * One-sided differences of the H1 fields at the teacher, step KINKED_ONE_SIDED_STEP: error O(h) times second
 * derivatives of size <= ~10 (K <= 8), plus rounding eps/h ~ 2e-10.
 */
export const KINKED_ONE_SIDED_STEP = 1e-7;
export const KINKED_ONE_SIDED_RELATIVE = 1e-5;

/** Bisection stops below 1e-14; a root compared with a closed form agrees to a few rounding errors of the field. */
export const ROOT_ABSOLUTE = 1e-12;

/**
 * A decay rate read off a RK4 trajectory (step 0.01, local error ~1e-12) as the least-squares slope of log
 * distance over distances in [1e-10, 1e-4], compared with an eigenvalue: the leftover fast mode and the
 * nonlinear terms (relative size ~ distance <= 1e-4) bias it by ~2e-6 (measured for K = 2..8), so 1e-4 has margin 50.
 */
export const DECAY_RATE_RELATIVE = 1e-4;

/** A reduced flow has "reached" the teacher when |(x - 1, y)| is below this. */
export const CONVERGED_DISTANCE = 1e-6;

/** RK4 with step 0.001 on a linear scalar ODE of rate r <= 8: per-step relative error (r h)^5 / 120 ~ 3e-13, summed over <= 2000 steps. */
export const RK4_DIAGONAL_ABSOLUTE = 1e-8;
