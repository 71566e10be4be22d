/**
 * Named tolerances for the model and loss tests (float64 ones are in lib/numeric/tolerances.ts). Float32
 * comparisons use assertClose's relative form: max-norm difference over max(1, max-norm of the expected).
 * The unit roundoff of float32 is u = 2^−24 ≈ 6e-8; a K-term float32 dot product is off by at most
 * γ_K = Ku/(1 − Ku) times the sum of the absolute products (Higham, Accuracy and Stability of Numerical
 * Algorithms, 2nd ed., Lemma 3.1), typically by √K u of it.
 */

/**
 * tfjs φ, φ′, φ″ (float32) vs their float64 versions on |z| ≤ 4: a few ulps of values ≤ 4 (2^−21 ≈ 5e-7
 * after the max(1, ·) scaling), plus WASM's erf, accurate to 1.5e-7 absolute, times |z| ≤ 4 for GeLU.
 * Measured ≤ 1.8e-7 (tanh φ″); a wrong formula is off by O(1).
 */
export const ACTIVATION_FLOAT32_RELATIVE = 2e-6;

/**
 * tfjs forward(x, 2) (value, gradient, Hessian) vs the float64 reference, for the small test networks
 * (widths ≤ 8, ≤ 3 layers): per layer a dot product of K ≤ 16 terms (γ_K ≈ 1e-6 of the absolute sum) and
 * sines of arguments up to ~50 (SIREN's ω0 = 30, Fourier features' 2πσ), whose float32 rounding alone is
 * u·|z| ≈ 3e-6 absolute, amplified by ω0 per derivative. Measured: ≤ 1e-7 for the MLPs, 2e-6 for Fourier
 * features, 1.6e-5 for SIREN; a dropped or wrong term is off by O(1).
 */
export const FORWARD_FLOAT32_RELATIVE = 1e-4;

/**
 * Members of an ensemble vs one-member models with the same parameters: the same float32 operations on
 * the same numbers, except that a batched product may sum in another order (≤ γ_K, K ≤ 16); measured 0.
 */
export const ENSEMBLE_MEMBER_RELATIVE = 1e-6;

/**
 * The parameter-gradient check: ‖g_tfjs − g_fd‖_∞ ≤ GRADIENT_CHECK_RELATIVE · ‖g_fd‖_∞, where g_fd is the
 * central difference, in float64, of the float64 reference loss. g_tfjs is float32: forward and reverse
 * passes of ≤ 4 layers with sums of K ≤ 16 terms (γ_K ≈ 1e-6 each) and a mean over ≤ 8 points whose
 * residuals are O(1) (targets not fitted), so ~1e-5 of the largest component is expected; the float64
 * difference quotient is within ~1e-9 (PARAMETER_FD_STEP). Measured ≤ 2.6e-6 (SIREN H2), ≤ 2e-7 for the
 * MLPs; a dropped term of the
 * propagation changes the gradient by O(1) of its size (mutation test).
 */
export const GRADIENT_CHECK_RELATIVE = 1e-3;

/**
 * Step of the central differences in parameter space (float64): truncation h²/6·|L‴| ≈ 2e-11·|L‴| and
 * rounding ε|L|/h ≈ 2e-11·|L|, both far below GRADIENT_CHECK_RELATIVE.
 */
export const PARAMETER_FD_STEP = 1e-5;

/**
 * Test points keep every pre-activation at least this far from 0, so that ReLU-type kinks (φ′ or φ″ jump
 * at z = 0) lie neither between x ± h (FD in x, h = 1e-5) nor between θ ± h (FD in θ, which moves z by at
 * most h·(1 + |a|) ≈ 1e-4), nor within float32 rounding (~1e-6) of the tfjs pre-activations.
 */
export const KINK_MARGIN = 1e-3;
