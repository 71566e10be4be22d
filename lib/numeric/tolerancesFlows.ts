/**
 * Named tolerances for the quadrature, ODE and gradient-flow checks (Theorems 2.9-2.11, Corollary 2.8),
 * in the conventions of tolerances.ts (relative = max-norm difference over max(1, max |expected|)).
 */

/** Gauss rules vs exact moments: measured <= 3e-14 for n <= 40 (radial) and Legendre; a few hundred eps. */
export const GAUSS_RULE_RELATIVE = 1e-13;

/**
 * Plane quadrature vs a closed form: the rules are exact for the paper's piecewise-polynomial integrands, so
 * only rounding remains (measured <= 1e-14). Far below the 1e-8 target and the 1e-10 asked of populationLossL/J.
 */
export const QUADRATURE_RELATIVE = 1e-12;

/** Halving the RK4 step divides the global error by 2^4 = 16; accept a measured ratio within 16 +- this. */
export const RK4_HALVING_RATIO_SPREAD = 1.0;

/**
 * DP5(4) controls the local error per step; the global error at the end of a short non-stiff problem
 * (t <= 10, a few dozen steps) stays within this multiple of atol + rtol |y| (measured factor <= 1.25 for rtol 1e-6 to 1e-11).
 */
export const DP5_GLOBAL_ERROR_FACTOR = 10;

/** At a located event the bracket is ~4 eps wide, so |event(t, y)| <= |d event/dt| 4 eps t: rounding only. */
export const EVENT_VALUE_ABSOLUTE = 1e-12;

/**
 * dV/dt from a five-point central difference of V(w(t)) over RK4 steps of h = 1e-3 vs the chain rule:
 * truncation O(h^4) = 1e-12 plus RK4 local errors O(h^5); rounding eps |V| / h ~ 1e-13. Far below the factor 2
 * the check is about.
 */
export const FLOW_RATE_RELATIVE = 1e-9;

/** A claimed inequality a <= b is checked as a <= b + INEQUALITY_SLACK max(1, |a|, |b|): rounding only. */
export const INEQUALITY_SLACK = 1e-12;
