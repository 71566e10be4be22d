/**
 * Named tolerances and bounds for the tests of lib/train (float64 unless the name says float32).
 *
 * References
 * [1] J. Nocedal, S. J. Wright, Numerical Optimization, 2nd ed., Springer 2006.
 * [2] J. J. Moré, B. S. Garbow, K. E. Hillstrom, Testing unconstrained optimization software, ACM TOMS 7 (1981).
 */

/** Distance of the computed minimiser of Rosenbrock's function from (1, …, 1), max-norm. */
export const ROSENBROCK_MINIMISER_ABSOLUTE = 1e-8;

/**
 * Gradient tolerance for Rosenbrock: at (1, 1) the Hessian [[802, −400], [−400, 200]] has smallest eigenvalue
 * 0.3994, so |x − x*|₂ ≲ |∇f|₂ / 0.3994 ≤ 2.5 √2 · 1e-10 ≈ 4e-10, well inside ROSENBROCK_MINIMISER_ABSOLUTE.
 */
export const ROSENBROCK_GRADIENT_TOLERANCE = 1e-10;

/** Iterations allowed from (−1.2, 1): measured 38 (47 evaluations); [1, §7.2] reports a few dozen for L-BFGS. */
export const ROSENBROCK_MAX_ITERATIONS = 50;

/** Iterations allowed for the 10-D extended Rosenbrock function from (−1.2, 1, …) [2, problem 21]: measured 36. */
export const EXTENDED_ROSENBROCK_MAX_ITERATIONS = 50;

/**
 * Quadratic termination: with exact line searches and m ≥ n pairs, L-BFGS minimises a strictly convex
 * quadratic in at most n iterations (its directions are conjugate); we allow one more for rounding. The test
 * makes the line searches near-exact with c₂ = 1e-3 (on a quadratic the zoom's cubic interpolant is exact);
 * with c₂ = 0.1 it measured up to n + 3, and with the default 0.9, which accepts unit steps, about 10 n
 * (108 for n = 10, 188 for n = 20; scipy L-BFGS-B measured 118 on a diagonal n = 10 problem).
 */
export const QUADRATIC_EXTRA_ITERATIONS = 1;

/**
 * Gradient tolerance on the quadratic: after n exact steps |∇f| is rounding, ~ ε κ |A||x| ≈ 1e-12 at κ = 1e3;
 * |x − x*| ≤ |∇f| / λ_min = 1e-10 (λ_min = 1).
 */
export const QUADRATIC_GRADIENT_TOLERANCE = 1e-10;

/** Minimiser of the quadratic, relative (assertClose): the stopping bound above, with margin ×10 for √n. */
export const QUADRATIC_MINIMISER_RELATIVE = 1e-9;

/**
 * With lineSearch "none" and lr 1, the unit quasi-Newton steps on a quadratic with eigenvalues in [0.1, 1]
 * must lower f by at least this factor in 30 iterations (measured: 1e10 in 16 iterations).
 */
export const FIXED_STEP_DECREASE_FACTOR = 1e6;

/**
 * The linear-regression minimiser found through float32 tfjs losses vs the float64 closed form, relative.
 * The float32 gradient at the solution is off by ≲ 2γ_N Σ|terms| ≈ 2·64·2⁻²⁴ · O(1) ≈ 1e-5·O(0.1) (residuals
 * ~0.1), and the Hessian 2AᵀA/N has eigenvalues ≥ ~0.5, so the minimiser moves by ~1e-6 (measured 7e-8);
 * a wrong gradient or a mis-assigned variable is O(0.1) off.
 */
export const LEAST_SQUARES_FLOAT32_RELATIVE = 1e-5;

/**
 * Two LbfgsOptimizer steps of k iterations vs one run of 2k: they differ only by the float32 rounding of x
 * between the calls (relative 6e-8), amplified over a few iterations (measured 3e-6 in the loss); forgetting
 * the pairs between calls changes the loss by O(1).
 */
export const CONTINUED_RUN_RELATIVE = 1e-4;

/**
 * TorchLbfgs's iterates vs a dense reference (BFGS updates of γ_k I applied to explicit matrices, the same
 * arithmetic reordered), relative: rounding of O(10) float64 operations per entry over a few iterations, ~1e-14;
 * a wrong pair, γ or step length is O(1) off.
 */
export const TWO_LOOP_REFERENCE_RELATIVE = 1e-10;
