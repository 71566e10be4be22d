import { test } from "node:test";
import assert from "node:assert/strict";
import { inverse, Matrix, QrDecomposition } from "ml-matrix";
import { selectBackend } from "../backend/index.js";
import { SeededRandom } from "../numeric/random.js";
import { frechetDistance, gaussianFit, symmetricPsdSqrt, type GaussianFit } from "./frechet.js";

await selectBackend();

/**
 * (A^{1/2})² vs A for random SPD A of size ≤ 8, max-entry error relative to max|A|: V diag(√λ) Vᵀ from a
 * backward-stable symmetric eigensolver reproduces A to ~p(d)·ε (ε = 2.2e-16); the square adds another
 * d·ε. 1e-12 is ~500 ε, a factor ~10 over d² ε for d = 8; a wrong root (no transpose, λ instead of √λ)
 * is off by O(1).
 */
const SQRT_SQUARED_RELATIVE = 1e-12;

/**
 * The root itself vs its exact value for a singular A (here rank one, d = 4), relative to max|S|: each
 * zero eigenvalue comes back as some δ with |δ| ≲ p(d)·ε·‖A‖, and √δ ~ √(p(d) ε)·√‖A‖ ≈ 1.5e-8·√p(d) of
 * the root's scale √‖A‖ survives in S when δ > 0 (S² = A still holds to ~ε). With d − 1 = 3 such
 * eigenvalues and p(d) ~ d, 1e-7 covers it (measured 2.9e-9); a wrong root is off by O(1).
 */
const ROOT_NEAR_NULL_RELATIVE = 1e-7;

/**
 * frechetDistance vs a closed form, relative to the scale S = ‖Δμ‖² + tr Σa + tr Σb of its terms:
 * well-conditioned test covariances (eigenvalues in [0.1, 4]) lose no √ε accuracy near zero eigenvalues
 * (frechetRoundingTolerance), so the error is a few hundred ε of S; 1e-11 is generous, and a wrong term
 * (missing factor 2, Σ instead of Σ^{1/2}) is off by O(S).
 */
const CLOSED_FORM_RELATIVE = 1e-11;

/**
 * Denman–Beavers iteration (below) vs frechetDistance, relative to S: the iteration converges
 * quadratically and is stopped at a change below 1e-14; its inverses of well-conditioned 6 x 6 matrices
 * (ml-matrix's LU) lose ~cond·ε ≈ 1e-14. 1e-10 leaves room for both; an error in the symmetric form is O(S).
 */
const DENMAN_BEAVERS_RELATIVE = 1e-10;

/**
 * Number of standard errors allowed between a sample statistic and its true value. With the fixed seed
 * the test is deterministic; 5 standard errors would fail for a correct estimator with probability
 * ~6e-7 per entry (two-sided normal tail) under another seed, while a biased normalisation (divisor n
 * instead of n − 1 has a relative bias 1/n) would not be caught statistically, which is why the exact
 * small example below checks n − 1.
 */
const STANDARD_ERRORS = 5;

function randomMatrix(rng: SeededRandom, rows: number, columns: number): Matrix {
  return new Matrix(Array.from({ length: rows }, () => rng.gaussianVector(columns)));
}

/** A random symmetric positive definite G Gᵀ/d + shift·I. */
function randomSpd(rng: SeededRandom, d: number, shift = 0.1): Matrix {
  const G = randomMatrix(rng, d, d);
  return G.mmul(G.transpose()).div(d).add(Matrix.eye(d, d).mul(shift));
}

/** A random orthogonal matrix: Q of the QR decomposition of a Gaussian matrix. */
function randomOrthogonal(rng: SeededRandom, d: number): Matrix {
  return new QrDecomposition(randomMatrix(rng, d, d)).orthogonalMatrix;
}

/** max |A_ij| (ml-matrix's add/sub/mul/div work in place: callers pass fresh matrices or clones). */
function maxAbs(A: Matrix): number {
  return Math.max(...A.to1DArray().map(Math.abs));
}

function fit(mean: number[], covariance: Matrix): GaussianFit {
  return { mean: Float64Array.from(mean), covariance, count: 100 };
}

function scaleOf(a: GaussianFit, b: GaussianFit): number {
  return a.mean.reduce((sum, m, i) => sum + (m - b.mean[i]) ** 2, 0) + a.covariance.trace() + b.covariance.trace();
}

function assertRelative(got: number, expected: number, scale: number, tolerance: number, what: string): void {
  const error = Math.abs(got - expected) / scale;
  assert.ok(error <= tolerance, `${what}: got ${got}, expected ${expected}, |difference|/scale = ${error}, tolerance ${tolerance}`);
}

test("symmetricPsdSqrt(A)² = A and the root is symmetric PSD, for random SPD and a rank-deficient PSD A", () => {
  const rng = new SeededRandom(1);
  const rankOne = (() => {
    const v = new Matrix([[1, -2, 0.5, 3]]);
    return v.transpose().mmul(v);
  })();
  for (const A of [randomSpd(rng, 1), randomSpd(rng, 3), randomSpd(rng, 8), randomSpd(rng, 8, 0), rankOne]) {
    const S = symmetricPsdSqrt(A);
    const error = maxAbs(S.mmul(S).sub(A)) / maxAbs(A);
    assert.ok(error <= SQRT_SQUARED_RELATIVE, `d = ${A.rows}: max|S² − A|/max|A| = ${error}, tolerance ${SQRT_SQUARED_RELATIVE}`);
    assert.ok(maxAbs(S.clone().sub(S.transpose())) <= SQRT_SQUARED_RELATIVE * maxAbs(S), `d = ${A.rows}: the root is not symmetric`);
  }
  // The root of the rank-one v vᵀ is v vᵀ / ‖v‖ (its only nonzero eigenvalue ‖v‖² has root ‖v‖).
  const expected = rankOne.clone().div(Math.hypot(1, -2, 0.5, 3));
  const error = maxAbs(symmetricPsdSqrt(rankOne).sub(expected)) / maxAbs(expected);
  assert.ok(error <= ROOT_NEAR_NULL_RELATIVE, `rank one: max|S − v vᵀ/‖v‖|/max = ${error}, tolerance ${ROOT_NEAR_NULL_RELATIVE}`);
});

test("frechetDistance in 1-D is (μ1 − μ2)² + (σ1 − σ2)²", () => {
  for (const [m1, s1, m2, s2] of [[0, 1, 0, 1], [0.3, 2, -1.2, 0.5], [5, 0.1, 5, 3]]) {
    const a = fit([m1], new Matrix([[s1 * s1]]));
    const b = fit([m2], new Matrix([[s2 * s2]]));
    assertRelative(frechetDistance(a, b), (m1 - m2) ** 2 + (s1 - s2) ** 2, scaleOf(a, b), CLOSED_FORM_RELATIVE, `1-D (${m1}, ${s1}) vs (${m2}, ${s2})`);
  }
});

test("frechetDistance for diagonal and for commuting covariances Q diag(a) Qᵀ, Q diag(b) Qᵀ is Σ(√a_i − √b_i)² + ‖Δμ‖²", () => {
  const rng = new SeededRandom(2);
  const d = 6;
  const a = Array.from({ length: d }, () => 0.1 + 3.9 * rng.uniform());
  const b = Array.from({ length: d }, () => 0.1 + 3.9 * rng.uniform());
  const ma = rng.gaussianVector(d);
  const mb = rng.gaussianVector(d);
  const expected = a.reduce((sum, ai, i) => sum + (Math.sqrt(ai) - Math.sqrt(b[i])) ** 2, 0) + ma.reduce((sum, m, i) => sum + (m - mb[i]) ** 2, 0);
  const diagonal = [fit(ma, Matrix.diag(a)), fit(mb, Matrix.diag(b))] as const;
  assertRelative(frechetDistance(...diagonal), expected, scaleOf(...diagonal), CLOSED_FORM_RELATIVE, "diagonal");
  const Q = randomOrthogonal(rng, d);
  const rotate = (values: number[]): Matrix => Q.mmul(Matrix.diag(values)).mmul(Q.transpose());
  const commuting = [fit(ma, rotate(a)), fit(mb, rotate(b))] as const;
  assertRelative(frechetDistance(...commuting), expected, scaleOf(...commuting), CLOSED_FORM_RELATIVE, "commuting (common eigenvectors Q)");
});

test("frechetDistance of a fit with itself is 0, and the distance is symmetric in its arguments", () => {
  const rng = new SeededRandom(3);
  for (const d of [1, 4, 10]) {
    const a = fit(rng.gaussianVector(d), randomSpd(rng, d));
    const b = fit(rng.gaussianVector(d), randomSpd(rng, d));
    const self = frechetDistance(a, a);
    assert.ok(self >= 0 && self <= CLOSED_FORM_RELATIVE * scaleOf(a, a), `d = ${d}: FD(a, a) = ${self}`);
    assertRelative(frechetDistance(a, b), frechetDistance(b, a), scaleOf(a, b), CLOSED_FORM_RELATIVE, `d = ${d}: FD(a, b) vs FD(b, a)`);
  }
  // Rank-deficient covariances lose √ε accuracy near the zero eigenvalues (frechetRoundingTolerance); the
  // clamp keeps the result ≥ 0.
  const v = new Matrix([[1, 2, 3, 4, 5]]);
  const singular = fit([0, 0, 0, 0, 0], v.transpose().mmul(v));
  const self = frechetDistance(singular, singular);
  assert.ok(self >= 0 && self <= 5 * Math.sqrt(Number.EPSILON) * scaleOf(singular, singular), `rank one: FD(a, a) = ${self}`);
});

test("frechetDistance for non-commuting 2 x 2 covariances matches tr √(Σa Σb) = √(tr(Σa Σb) + 2 √det(Σa Σb))", () => {
  // For 2 x 2 P with eigenvalues λ1, λ2 ≥ 0 (P = Σa Σb is similar to a PSD matrix), (√λ1 + √λ2)² = tr P + 2√det P.
  const rng = new SeededRandom(4);
  for (let trial = 0; trial < 5; trial++) {
    const A = randomSpd(rng, 2);
    const B = randomSpd(rng, 2);
    const P = A.mmul(B);
    const det = P.get(0, 0) * P.get(1, 1) - P.get(0, 1) * P.get(1, 0);
    const crossTrace = Math.sqrt(P.trace() + 2 * Math.sqrt(det));
    const a = fit(rng.gaussianVector(2), A);
    const b = fit(rng.gaussianVector(2), B);
    const meanTerm = (a.mean[0] - b.mean[0]) ** 2 + (a.mean[1] - b.mean[1]) ** 2;
    const expected = meanTerm + A.trace() + B.trace() - 2 * crossTrace;
    assert.ok(maxAbs(A.mmul(B).sub(B.mmul(A))) > 1e-3, "the test pair should not commute");
    assertRelative(frechetDistance(a, b), expected, scaleOf(a, b), CLOSED_FORM_RELATIVE, `2 x 2 trial ${trial}`);
  }
});

test("frechetDistance for non-commuting 6 x 6 covariances matches a Denman–Beavers square root of Σa Σb", () => {
  // Denman–Beavers: Y0 = P, Z0 = I, Y ← (Y + Z⁻¹)/2, Z ← (Z + Y⁻¹)/2 converges to P^{1/2} for P with
  // positive real eigenvalues (Higham, Functions of Matrices, §6.3): an independent route to tr √(Σa Σb),
  // through the non-symmetric product the reference FID code uses.
  const rng = new SeededRandom(5);
  const d = 6;
  const A = randomSpd(rng, d, 0.2);
  const B = randomSpd(rng, d, 0.2);
  let Y = A.mmul(B);
  let Z = Matrix.eye(d, d);
  for (let k = 0; k < 100; k++) {
    const nextY = Y.clone().add(inverse(Z)).div(2);
    const nextZ = Z.clone().add(inverse(Y)).div(2);
    const change = maxAbs(nextY.clone().sub(Y)) / maxAbs(nextY);
    Y = nextY;
    Z = nextZ;
    if (change < 1e-14) break;
  }
  const a = fit(rng.gaussianVector(d), A);
  const b = fit(rng.gaussianVector(d), B);
  const meanTerm = a.mean.reduce((sum, m, i) => sum + (m - b.mean[i]) ** 2, 0);
  const expected = meanTerm + A.trace() + B.trace() - 2 * Y.trace();
  assertRelative(frechetDistance(a, b), expected, scaleOf(a, b), DENMAN_BEAVERS_RELATIVE, "6 x 6 vs Denman–Beavers");
});

test("gaussianFit divides by n − 1, and recovers the mean and covariance of a known Gaussian", () => {
  // Exact: rows (0, 1) and (2, 5): mean (1, 3), unbiased covariance [[2, 4], [4, 8]] (divisor 1, not 2).
  const exact = gaussianFit(Float64Array.from([0, 1, 2, 5]), 2, 2);
  assert.deepEqual(Array.from(exact.mean), [1, 3]);
  assert.deepEqual(exact.covariance.to2DArray(), [[2, 4], [4, 8]]);
  assert.equal(exact.count, 2);
  // Statistical: x = μ + L z, z ~ N(0, I), Σ = L Lᵀ. Standard errors (Gaussian data): mean_i, √(Σ_ii/n);
  // covariance_ij, √((Σ_ij² + Σ_ii Σ_jj)/(n − 1)) (Anderson, An Introduction to Multivariate Statistical
  // Analysis, 3rd ed., §3.4 and §7.2: Var of a Wishart entry).
  const rng = new SeededRandom(6);
  const [n, d] = [20000, 3];
  const mu = [1, -2, 0.5];
  const L = new Matrix([[1, 0, 0], [0.5, 2, 0], [-0.3, 0.4, 0.7]]);
  const sigma = L.mmul(L.transpose());
  const features = new Float32Array(n * d);
  for (let k = 0; k < n; k++) {
    const z = rng.gaussianVector(d);
    for (let i = 0; i < d; i++) features[k * d + i] = mu[i] + z.reduce((sum, zj, j) => sum + L.get(i, j) * zj, 0);
  }
  const result = gaussianFit(features, n, d);
  for (let i = 0; i < d; i++) {
    const se = Math.sqrt(sigma.get(i, i) / n);
    assert.ok(Math.abs(result.mean[i] - mu[i]) <= STANDARD_ERRORS * se, `mean[${i}] = ${result.mean[i]}, true ${mu[i]}, standard error ${se}`);
    for (let j = 0; j < d; j++) {
      const se2 = Math.sqrt((sigma.get(i, j) ** 2 + sigma.get(i, i) * sigma.get(j, j)) / (n - 1));
      const got = result.covariance.get(i, j);
      assert.ok(Math.abs(got - sigma.get(i, j)) <= STANDARD_ERRORS * se2, `covariance[${i}, ${j}] = ${got}, true ${sigma.get(i, j)}, standard error ${se2}`);
    }
  }
});

test("gaussianFit, symmetricPsdSqrt and frechetDistance reject bad input with clear messages", () => {
  assert.throws(() => gaussianFit(new Float64Array(3), 1, 3), /gaussianFit: n must be an integer >= 2 \(the unbiased covariance divides by n − 1\), got 1/);
  assert.throws(() => gaussianFit(new Float64Array(5), 2, 3), /gaussianFit: features must hold n·d = 2·3 = 6 numbers \(row-major \[n, d\]\), got 5/);
  assert.throws(() => gaussianFit(Float64Array.from([0, 1, NaN, 2]), 2, 2), /gaussianFit: features\[1, 0\] is NaN, expected a finite number/);
  assert.throws(() => gaussianFit(Float32Array.from([0, Infinity, 1, 2]), 2, 2), /features\[0, 1\] is Infinity/);
  assert.throws(() => gaussianFit(new Float64Array(4), 2, 0), /d must be an integer >= 1, got 0/);
  assert.throws(() => symmetricPsdSqrt(new Matrix([[1, 0], [0, -1]])), /symmetricPsdSqrt: the matrix is not positive semi-definite: eigenvalue -1/);
  assert.throws(() => symmetricPsdSqrt(new Matrix([[1, 2], [0, 1]])), /symmetricPsdSqrt: the matrix is not symmetric/);
  assert.throws(() => symmetricPsdSqrt(new Matrix([[1, 2, 3]])), /expected a non-empty square ml-matrix Matrix, got 1 x 3/);
  const two = fit([0, 0], Matrix.eye(2, 2));
  const three = fit([0, 0, 0], Matrix.eye(3, 3));
  assert.throws(() => frechetDistance(two, three), /frechetDistance: the fits have different dimensions, mean lengths 2 and 3/);
  assert.throws(() => frechetDistance(two, fit([0, 0], Matrix.eye(3, 3))), /b\.covariance must be 2 x 2 \(the length of the means\), got 3 x 3/);
  assert.throws(() => frechetDistance(two, fit([0, 0], new Matrix([[1, 0], [0, -2]]))), /frechetDistance: Σa\^\{1\/2\} Σb Σa\^\{1\/2\} \(so b\.covariance is not a covariance\): the matrix is not positive semi-definite: eigenvalue -2/);
  assert.throws(() => frechetDistance(fit([0, 0], new Matrix([[-1, 0], [0, 1]])), two), /frechetDistance: a\.covariance is not a covariance: symmetricPsdSqrt: the matrix is not positive semi-definite/);
  assert.throws(() => frechetDistance(two, fit([0, 0], new Matrix([[1, 1], [0, 1]]))), /frechetDistance: b\.covariance: the matrix is not symmetric/);
});
