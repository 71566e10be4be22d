/**
 * The Fréchet (2-Wasserstein) distance between two Gaussians fitted to feature vectors, the quantity
 * behind FID [1]: for N(μa, Σa) and N(μb, Σb),
 *
 *   d² = ‖μa − μb‖² + tr(Σa) + tr(Σb) − 2 tr((Σa^{1/2} Σb Σa^{1/2})^{1/2})              (1)
 *
 * (Dowson & Landau [2]; it is the squared distance, as FID reports it). The FID reference code [1, 3]
 * writes the last term as tr((Σa Σb)^{1/2}) and takes scipy.linalg.sqrtm of the product Σa Σb. That
 * product is not symmetric, so its square root goes through a general (Schur) decomposition whose
 * rounding gives the small imaginary parts that code then has to discard, and near-singular Σa makes it
 * unstable (the reference code adds ε I on failure). We use the symmetric form (1): Σa^{1/2} Σb Σa^{1/2}
 * is symmetric positive semi-definite and has the eigenvalues of Σa Σb (it is X Y with X = Σa^{1/2},
 * Y = Σb Σa^{1/2}; square X Y and Y X = Σb Σa share their eigenvalues, and Σb Σa = (Σa Σb)ᵀ), so both
 * traces are Σ √λ_i over the same eigenvalues λ_i ≥ 0, and a symmetric eigen-decomposition gives them
 * with real arithmetic only.
 *
 * gaussianFit uses the unbiased covariance (divisor n − 1), as the FID reference code does
 * (numpy.cov(features, rowvar=False) [3]), so our values compare with theirs on the same features.
 *
 * References
 * [1] Heusel, Ramsauer, Unterthiner, Nessler & Hochreiter, "GANs trained by a two time-scale update rule
 *     converge to a local Nash equilibrium", NeurIPS 2017.
 * [2] Dowson & Landau, "The Fréchet distance between multivariate normal distributions", J. Multivariate
 *     Anal. 12 (1982).
 * [3] github.com/bioinf-jku/TTUR, fid.py (calculate_frechet_distance, calculate_activation_statistics);
 *     github.com/mseitzer/pytorch-fid, src/pytorch_fid/fid_score.py (the same formulas).
 */
import { EigenvalueDecomposition, Matrix } from "ml-matrix";

/** A Gaussian fitted to n feature vectors of dimension d: sample mean, unbiased covariance, n. */
export interface GaussianFit {
  /** Sample mean, length d. */
  readonly mean: Float64Array;
  /** Unbiased sample covariance Σ (divisor n − 1), d x d, symmetric. */
  readonly covariance: Matrix;
  /** The number of feature vectors n. */
  readonly count: number;
}

/**
 * Largest negative eigenvalue, relative to max|λ|, that symmetricPsdSqrt and frechetDistance treat as
 * rounding of a zero eigenvalue. A symmetric eigensolver returns each eigenvalue of a PSD matrix to within
 * ~p(d)·ε·‖A‖₂ (ε = 2.2e-16, p(d) a modest polynomial, Golub & Van Loan §8.1), and our matrices are
 * X^T X sums or products of PSD factors, PSD in exact arithmetic up to the same order; 1e-9 leaves a factor
 * of ~10^6 / p(d) over that for d up to a few thousand (FID's 2048), while a genuinely indefinite matrix
 * (an eigenvalue −10^-3 ‖A‖, say, from a wrong or non-covariance input) is far beyond it.
 */
export const PSD_NEGATIVE_EIGENVALUE_RELATIVE = 1e-9;

/**
 * Largest asymmetry |A − Aᵀ| (max entry, relative to max|A|) that symmetricPsdSqrt accepts as rounding
 * (products like Σa^{1/2} Σb Σa^{1/2} are symmetric only up to a few ulps of their largest entry). The
 * matrix is symmetrised, (A + Aᵀ)/2, before the decomposition.
 */
export const SYMMETRY_RELATIVE = 1e-9;

/**
 * Rounding scale of a Fréchet distance: the result (1) is a difference of terms of size
 * S = ‖μa − μb‖² + tr Σa + tr Σb, and tr(M^{1/2}) loses the most accuracy on eigenvalues of M near 0,
 * where an absolute eigenvalue error δ ~ ε‖M‖ becomes √δ ~ √ε·λmax after the square root; with d such
 * eigenvalues that is at most d·√ε·S. A result in [−d·√ε·S, 0) is that rounding of a true value ≥ 0
 * (a Fréchet distance is a squared distance) and is returned as 0; a more negative one is an error.
 */
export function frechetRoundingTolerance(d: number, scale: number): number {
  return d * Math.sqrt(Number.EPSILON) * scale;
}

/**
 * Fits a Gaussian to n feature vectors: the sample mean and the unbiased covariance
 * Σ = Σ_k (x_k − μ)(x_k − μ)ᵀ / (n − 1), as the FID reference code does (module comment). Accumulates in
 * float64 from centred rows (no E[x²] − E[x]² cancellation).
 * @param features - row-major [n, d] (row k is feature vector k)
 * @param n - number of vectors, ≥ 2 (one vector has no covariance)
 * @param d - dimension, ≥ 1
 * @throws Error for n < 2, d < 1, features.length ≠ n·d, or a non-finite entry (naming its row and column)
 */
export function gaussianFit(features: Float64Array | Float32Array, n: number, d: number): GaussianFit {
  const caller = "gaussianFit";
  if (!Number.isInteger(n) || n < 2) throw new Error(`${caller}: n must be an integer >= 2 (the unbiased covariance divides by n − 1), got ${n}`);
  if (!Number.isInteger(d) || d < 1) throw new Error(`${caller}: d must be an integer >= 1, got ${d}`);
  if (!(features instanceof Float64Array || features instanceof Float32Array)) throw new Error(`${caller}: features must be a Float64Array or Float32Array, got ${String(features)}`);
  if (features.length !== n * d) throw new Error(`${caller}: features must hold n·d = ${n}·${d} = ${n * d} numbers (row-major [n, d]), got ${features.length}`);
  const bad = features.findIndex((value) => !Number.isFinite(value));
  if (bad >= 0) throw new Error(`${caller}: features[${Math.floor(bad / d)}, ${bad % d}] is ${features[bad]}, expected a finite number`);
  const mean = new Float64Array(d);
  for (let k = 0; k < n; k++) for (let i = 0; i < d; i++) mean[i] += features[k * d + i];
  for (let i = 0; i < d; i++) mean[i] /= n;
  // Upper triangle of Σ_k c_k c_kᵀ, c_k = x_k − μ; the lower triangle is copied at the end.
  const sums = new Float64Array(d * d);
  const centred = new Float64Array(d);
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < d; i++) centred[i] = features[k * d + i] - mean[i];
    for (let i = 0; i < d; i++) {
      const ci = centred[i];
      if (ci === 0) continue;
      const row = i * d;
      for (let j = i; j < d; j++) sums[row + j] += ci * centred[j];
    }
  }
  const covariance = new Matrix(d, d);
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      const value = sums[i * d + j] / (n - 1);
      covariance.set(i, j, value);
      covariance.set(j, i, value);
    }
  }
  return { mean, covariance, count: n };
}

/** Throws unless A is a square ml-matrix Matrix symmetric to within SYMMETRY_RELATIVE; returns (A + Aᵀ)/2. */
function symmetrised(caller: string, A: Matrix): Matrix {
  if (!(A instanceof Matrix) || A.rows !== A.columns || A.rows < 1) {
    const got = A instanceof Matrix ? `${A.rows} x ${A.columns}` : String(A);
    throw new Error(`${caller}: expected a non-empty square ml-matrix Matrix, got ${got}`);
  }
  const d = A.rows;
  let largest = 0;
  let asymmetry = 0;
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      const value = A.get(i, j);
      if (!Number.isFinite(value)) throw new Error(`${caller}: entry (${i}, ${j}) is ${value}, expected a finite number`);
      largest = Math.max(largest, Math.abs(value));
      asymmetry = Math.max(asymmetry, Math.abs(value - A.get(j, i)));
    }
  }
  if (asymmetry > SYMMETRY_RELATIVE * largest) {
    throw new Error(`${caller}: the matrix is not symmetric: max |A − Aᵀ| = ${asymmetry} > ${SYMMETRY_RELATIVE} · max|A| = ${SYMMETRY_RELATIVE * largest}`);
  }
  const S = new Matrix(d, d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) S.set(i, j, 0.5 * (A.get(i, j) + A.get(j, i)));
  return S;
}

/**
 * Eigen-decomposition A = V diag(λ) Vᵀ of a symmetric PSD matrix with the eigenvalues clipped at 0:
 * λ_i ∈ [−PSD_NEGATIVE_EIGENVALUE_RELATIVE · max|λ|, 0) is rounding (set to 0), anything lower an error.
 */
function psdEigen(caller: string, A: Matrix): { values: number[]; vectors: Matrix } {
  const decomposition = new EigenvalueDecomposition(symmetrised(caller, A), { assumeSymmetric: true });
  const raw = decomposition.realEigenvalues;
  const largest = Math.max(...raw.map(Math.abs));
  const lowest = Math.min(...raw);
  if (lowest < -PSD_NEGATIVE_EIGENVALUE_RELATIVE * largest) {
    throw new Error(`${caller}: the matrix is not positive semi-definite: eigenvalue ${lowest} < −${PSD_NEGATIVE_EIGENVALUE_RELATIVE} · max|λ| = ${-PSD_NEGATIVE_EIGENVALUE_RELATIVE * largest}`);
  }
  return { values: raw.map((value) => Math.max(value, 0)), vectors: decomposition.eigenvectorMatrix };
}

/**
 * The PSD square root A^{1/2} = V diag(√λ) Vᵀ of a symmetric positive semi-definite matrix, from ml-matrix's
 * symmetric EigenvalueDecomposition. Eigenvalues in [−PSD_NEGATIVE_EIGENVALUE_RELATIVE · max|λ|, 0) are
 * rounding of zero eigenvalues and are clipped to 0.
 * @param A - d x d, symmetric to within SYMMETRY_RELATIVE (it is symmetrised first)
 * @returns the symmetric PSD d x d matrix S with S S = A
 * @throws Error when A is not square, not finite, not symmetric, or has an eigenvalue below
 *   −PSD_NEGATIVE_EIGENVALUE_RELATIVE · max|λ| (not positive semi-definite)
 */
export function symmetricPsdSqrt(A: Matrix): Matrix {
  const { values, vectors } = psdEigen("symmetricPsdSqrt", A);
  const d = values.length;
  const scaled = new Matrix(d, d); // V diag(√λ)
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) scaled.set(i, j, vectors.get(i, j) * Math.sqrt(values[j]));
  return scaled.mmul(vectors.transpose());
}

/**
 * The Fréchet distance (1) of the module comment between N(a.mean, a.covariance) and
 * N(b.mean, b.covariance), a squared distance as FID reports it, ≥ 0. The last term is Σ √λ_i over the
 * eigenvalues of the symmetric PSD matrix Σa^{1/2} Σb Σa^{1/2} (module comment: why not Σa Σb). A result in
 * [−frechetRoundingTolerance, 0) is rounding of a true value ≥ 0 and is returned as 0 (that function says
 * why that size).
 * @throws Error when the dimensions differ, a covariance is not d x d, or a matrix is not symmetric PSD,
 *   or the result is below −frechetRoundingTolerance (which would mean a bug, not rounding)
 */
export function frechetDistance(a: GaussianFit, b: GaussianFit): number {
  const caller = "frechetDistance";
  const d = a.mean.length;
  if (b.mean.length !== d) throw new Error(`${caller}: the fits have different dimensions, mean lengths ${d} and ${b.mean.length}`);
  for (const [name, fit] of [["a", a], ["b", b]] as const) {
    if (!(fit.covariance instanceof Matrix) || fit.covariance.rows !== d || fit.covariance.columns !== d) {
      const got = fit.covariance instanceof Matrix ? `${fit.covariance.rows} x ${fit.covariance.columns}` : String(fit.covariance);
      throw new Error(`${caller}: ${name}.covariance must be ${d} x ${d} (the length of the means), got ${got}`);
    }
  }
  let meanTerm = 0;
  for (let i = 0; i < d; i++) meanTerm += (a.mean[i] - b.mean[i]) ** 2;
  const traceA = a.covariance.trace();
  const traceB = b.covariance.trace();
  let rootA: Matrix;
  try {
    rootA = symmetricPsdSqrt(a.covariance);
  } catch (err) {
    throw new Error(`${caller}: a.covariance is not a covariance: ${(err as Error).message}`);
  }
  symmetrised(`${caller}: b.covariance`, b.covariance); // throws unless symmetric and finite
  // Σb's positive semi-definiteness is checked through the product (an indefinite Σb gives a negative
  // eigenvalue here wherever Σa is not singular): a separate eigen-decomposition of Σb would cost as much
  // again (seconds for FID's d = 2048 in JavaScript) for inputs that gaussianFit never produces.
  const product = rootA.mmul(b.covariance).mmul(rootA);
  const { values } = psdEigen(`${caller}: Σa^{1/2} Σb Σa^{1/2} (so b.covariance is not a covariance)`, product);
  const crossTrace = values.reduce((sum, value) => sum + Math.sqrt(value), 0);
  const distance = meanTerm + traceA + traceB - 2 * crossTrace;
  const tolerance = frechetRoundingTolerance(d, meanTerm + traceA + traceB);
  if (distance < -tolerance) {
    throw new Error(`${caller}: got ${distance}, below the rounding tolerance −${tolerance}; a Fréchet distance is >= 0, so the inputs are not valid Gaussian fits`);
  }
  return Math.max(distance, 0);
}
