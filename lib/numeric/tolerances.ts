/**
 * Named tolerances for tests and notebooks, one place to read and change them.
 *
 * Relative tolerances are used with `assertClose(..., { relative: X }, ...)`, which divides the largest
 * absolute difference by max(1, largest |expected|) (see assertClose.ts). Everything here assumes float64.
 */

/** Step for central differences in float64: truncation ~h^2 = 1e-10, rounding ~eps/h = 2e-11. */
export const FD_STEP = 1e-5;

/** Central-difference gradient vs closed form: O(h^2) truncation times third derivatives of size <= ~100. */
export const FD_GRADIENT_RELATIVE = 1e-7;

/** Central-difference Jacobian vs closed form: as FD_GRADIENT_RELATIVE, the field is one derivative lower. */
export const FD_JACOBIAN_RELATIVE = 1e-7;

/** Central differences of a polynomial of degree <= 2 are exact up to rounding: eps / h = 2e-11, with margin. */
export const FD_EXACT_QUADRATIC_RELATIVE = 1e-8;

/** Monte Carlo: a sample mean must lie within this many standard errors (two-sided p ~ 6e-7 per component). */
export const MC_SIGMAS = 5;

/** ml-matrix eigenvalues (Hessenberg QR) vs a closed form: backward stable, ~100 eps times the matrix norm. */
export const EIGEN_RELATIVE = 1e-10;

/** Two closed forms that are algebraically equal, evaluated in float64: a few dozen rounding errors. */
export const IDENTITY_RELATIVE = 1e-12;

/** Size of a deliberate error that every derivative check must detect (100x FD_JACOBIAN_RELATIVE). */
export const DETECTABLE_PERTURBATION = 1e-3;

/** One-sided (forward/backward) differences with step ONE_SIDED_STEP: error O(h) = 1e-6 times a second derivative. */
export const ONE_SIDED_STEP = 1e-6;
export const FD_ONE_SIDED_RELATIVE = 1e-5;

/** A gap this large is 1e4 x FD_JACOBIAN_RELATIVE: asserting a difference exceeds it shows a real discrepancy. */
export const CLEARLY_NONZERO = 1e-3;

/** Points closer than this to a region boundary (in sin theta) are not classified: rounding could flip them. */
export const BOUNDARY_MARGIN = 1e-9;
