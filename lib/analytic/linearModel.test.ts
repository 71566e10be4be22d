import { test } from "node:test";
import assert from "node:assert/strict";
import { Matrix } from "ml-matrix";
import { assertClose, assertWithinStandardErrors } from "../numeric/assertClose.js";
import { centralGradient, centralJacobian } from "../numeric/finiteDifferences.js";
import { conditionNumber, dot, eigenvalues, sub } from "../numeric/linalg.js";
import { SeededRandom } from "../numeric/random.js";
import { EIGEN_RELATIVE, FD_EXACT_QUADRATIC_RELATIVE, FD_STEP, IDENTITY_RELATIVE, MC_SIGMAS } from "../numeric/tolerances.js";
import * as LM from "./linearModel.js";

/**
 * The losses are quadratics, whose central differences are exact up to rounding for any step; nested differences
 * round like eps |f| / h^2, so a large step keeps that at ~1e-11 relative (|f| <= 1e3, |hess| ~ N).
 */
const QUADRATIC_FD_STEP = 1e-2;
/** Gradient descent stopped at |grad| <= 1e-12 |grad(start)| is within kappa 1e-12 <= 1e-9 of the minimiser. */
const GD_TOLERANCE = 1e-12;
const GD_MINIMISER_RELATIVE = 1e-8;
const DRAWS = 40_000;

/** A small design: N = 30 rows, d = 5, anisotropic P_data (scales 1 .. 0.3), noise sigma = 0.5. */
function problem(seed: number, scales = [1, 0.8, 0.6, 0.45, 0.3], N = 30) {
  const rng = new SeededRandom(seed);
  const { X, secondMoment } = LM.gaussianDesign(N, scales, rng);
  const wStar = rng.gaussianVector(scales.length);
  const sigma = 0.5;
  return { rng, X, secondMoment, wStar, sigma, y: LM.noisyLabels(X, wStar, sigma, rng) };
}

const fdHessian = (f: (w: number[]) => number, at: number[]): Matrix =>
  new Matrix(centralJacobian((w) => centralGradient(f, w, QUADRATIC_FD_STEP), at, QUADRATIC_FD_STEP));

test("the printed L and (second-line) H have Hessians X^T X and X^T X + lambda I by nested central differences", () => {
  const { rng, X, wStar } = problem(1);
  const at = rng.gaussianVector(5);
  assertClose(LM.hessianL(X), fdHessian((w) => LM.lossLPrinted(X, w, wStar), at), { relative: FD_EXACT_QUADRATIC_RELATIVE }, "hess L");
  for (const lambda of [0.1, 3, 40]) {
    const fd = fdHessian((w) => LM.lossHPrinted(X, w, wStar, lambda), at);
    assertClose(LM.hessianH(X, lambda), fd, { relative: FD_EXACT_QUADRATIC_RELATIVE }, `hess H, lambda = ${lambda}`);
  }
});

test("the printed first line of H, a sum over i of lambda |w - w*|^2, has Hessian X^T X + N lambda I", () => {
  const { rng, X, wStar } = problem(2);
  const lambda = 0.7;
  const fd = fdHessian((w) => LM.lossHPrintedSum(X, w, wStar, lambda), rng.gaussianVector(5));
  assertClose(LM.hessianHPrintedSum(X, lambda), fd, { relative: FD_EXACT_QUADRATIC_RELATIVE }, "hess of the sum form");
  assert.ok(LM.hessianH(X, lambda).sub(fd).abs().max() > 1, "the sum form's Hessian must differ from X^T X + lambda I");
});

test("gradientEmpiricalLossH is the central-difference gradient of empiricalLossH", () => {
  const { rng, X, wStar, y } = problem(3);
  for (const lambda of [0, 2.5]) {
    const w = rng.gaussianVector(5);
    const fd = centralGradient((v) => LM.empiricalLossH(X, y, v, wStar, lambda), w, FD_STEP);
    assertClose(LM.gradientEmpiricalLossH(X, y, w, wStar, lambda), fd, { relative: FD_EXACT_QUADRATIC_RELATIVE }, `grad, lambda = ${lambda}`);
  }
});

test("estimatorL2 and estimatorH1 are the gradient-descent minimisers of the losses with labels y", () => {
  const { X, wStar, y } = problem(4);
  for (const lambda of [0, 0.5, 20]) {
    const step = 1 / Math.max(...eigenvalues(LM.hessianH(X, lambda)).modulus);
    const run = LM.gradientDescent((w) => LM.gradientEmpiricalLossH(X, y, w, wStar, lambda), new Array(5).fill(0), step, { tolerance: GD_TOLERANCE, maxIterations: 200_000 });
    assert.ok(run.converged, `gradient descent did not converge for lambda = ${lambda}`);
    const closed = lambda === 0 ? LM.estimatorL2(X, y) : LM.estimatorH1(X, y, wStar, lambda);
    assertClose(run.w, closed, { relative: GD_MINIMISER_RELATIVE }, `estimator, lambda = ${lambda}`);
  }
});

test("the printed losses L and H (targets X w*) are minimised by w* itself, not by the printed estimators", () => {
  const { X, wStar, y } = problem(5);
  const gradientPrintedH = (lambda: number) => (w: number[]) => centralGradient((v) => LM.lossHPrinted(X, v, wStar, lambda), w, FD_STEP);
  for (const lambda of [0, 1]) {
    const step = 1 / Math.max(...eigenvalues(LM.hessianH(X, lambda)).modulus);
    const run = LM.gradientDescent(gradientPrintedH(lambda), new Array(5).fill(0), step, { tolerance: GD_TOLERANCE, maxIterations: 200_000 });
    assertClose(run.w, wStar, { relative: GD_MINIMISER_RELATIVE }, `argmin of printed loss, lambda = ${lambda}`);
  }
  assert.ok(Math.max(...sub(LM.estimatorL2(X, y), wStar).map(Math.abs)) > 1e-2, "with noise, w_L2 differs from w*");
});

test("conditionNumberHPrinted is kappa of ml-matrix eigenvalues of X^T X + lambda I, and below kappa(X^T X)", () => {
  const rng = new SeededRandom(6);
  for (let trial = 0; trial < 50; trial++) {
    const d = 2 + (trial % 6);
    const scales = Array.from({ length: d }, () => 0.05 + rng.uniform());
    const { X } = LM.gaussianDesign(d + 1 + Math.floor(20 * rng.uniform()), scales, rng);
    const lambda = 10 ** (4 * rng.uniform() - 2);
    const kappaH = conditionNumber(eigenvalues(LM.hessianH(X, lambda)));
    assertClose(LM.conditionNumberHPrinted(X, lambda), kappaH, { relative: EIGEN_RELATIVE * kappaH }, `trial ${trial}`);
    assert.ok(kappaH < conditionNumber(eigenvalues(LM.hessianL(X))), `trial ${trial}: kappa(H) < kappa(L)`);
  }
});

test("kappa(H) = kappa(L) = 1 when X^T X = c I (the strict inequality fails)", () => {
  const X = new Matrix([[2, 0], [0, 2], [2, 0], [0, 2]]);
  assert.equal(LM.conditionNumberHPrinted(X, 0.3), 1);
  assert.equal(conditionNumber(eigenvalues(LM.hessianL(X))), 1);
});

test("both estimators are unbiased (Monte Carlo mean of w - w* within MC_SIGMAS standard errors of 0)", () => {
  const { X, secondMoment, wStar, sigma } = problem(7);
  const result = LM.monteCarloLinearModel({ X: X.to2DArray(), wStar, sigma, lambdas: [0.3, 10], secondMoment: secondMoment.to2DArray(), draws: DRAWS, seed: 70 });
  for (const [label, errors] of [["L2", result.l2], ...result.h1.map((h) => [`H1 lambda ${h.lambda}`, h] as const)] as const) {
    assertWithinStandardErrors(errors.meanError.mean, errors.meanError.standardError, new Array(5).fill(0), MC_SIGMAS, label);
  }
});

test("biasH1 is the Monte Carlo bias of w_H1 when its penalty is centred away from w*", () => {
  const { X, wStar, sigma } = problem(8);
  const centre = wStar.map((w, i) => w + (i % 2 === 0 ? 0.5 : -0.3));
  const lambda = 6;
  const rng = new SeededRandom(80);
  const samples = Array.from({ length: 4000 }, () => sub(LM.estimatorH1(X, LM.noisyLabels(X, wStar, sigma, rng), centre, lambda), wStar));
  const mean = samples[0].map((_, i) => samples.reduce((s, v) => s + v[i], 0) / samples.length);
  const standardError = mean.map((m, i) => Math.sqrt(samples.reduce((s, v) => s + (v[i] - m) ** 2, 0) / (samples.length - 1) / samples.length));
  assertWithinStandardErrors(mean, standardError, LM.biasH1(X, centre, wStar, lambda), MC_SIGMAS, "bias of w_H1");
  assert.ok(Math.max(...LM.biasH1(X, centre, wStar, lambda).map(Math.abs)) > 20 * Math.max(...standardError));
});

test("in-sample variances are sigma^2 d and sigma^2 sum s_i^2/(s_i + lambda)^2; the printed d and sum s_i/(sqrt(s_i) + lambda)^2 are not", () => {
  const { X, secondMoment, wStar, sigma } = problem(9);
  const lambdas = [0.1, 2, 30];
  const result = LM.monteCarloLinearModel({ X: X.to2DArray(), wStar, sigma, lambdas, secondMoment: secondMoment.to2DArray(), draws: DRAWS, seed: 90 });
  const { mean, standardError } = result.l2.inSample;
  assertWithinStandardErrors(mean, standardError, [LM.varianceL2(X, sigma)], MC_SIGMAS, "Var L2");
  assert.throws(() => assertWithinStandardErrors(mean, standardError, [LM.varianceL2Printed(X)], MC_SIGMAS, "printed"), /not within/);
  for (const h of result.h1) {
    const scaled = { mean: h.inSample.mean.map((m) => m / sigma ** 2), se: h.inSample.standardError.map((s) => s / sigma ** 2) };
    assertWithinStandardErrors(h.inSample.mean, h.inSample.standardError, [LM.varianceH1(X, h.lambda, sigma)], MC_SIGMAS, `Var H1 ${h.lambda}`);
    assertWithinStandardErrors(scaled.mean, scaled.se, [LM.varianceH1Slides(X, h.lambda)], MC_SIGMAS, `slides' Var H1 at sigma = 1, ${h.lambda}`);
    assert.throws(() => assertWithinStandardErrors(scaled.mean, scaled.se, [LM.varianceH1Printed(X, h.lambda)], MC_SIGMAS, "printed"), /not within/);
  }
});

test("generalisation errors are sigma^2 tr(S A^-1) and sigma^2 tr(S B^-1 A B^-1), not Var + sigma^2", () => {
  const { X, secondMoment, wStar, sigma } = problem(10);
  const lambdas = [0.1, 2, 30];
  const result = LM.monteCarloLinearModel({ X: X.to2DArray(), wStar, sigma, lambdas, secondMoment: secondMoment.to2DArray(), draws: DRAWS, seed: 100 });
  const l2 = result.l2.generalisation;
  assertWithinStandardErrors(l2.mean, l2.standardError, [LM.generalisationErrorL2(X, sigma, secondMoment)], MC_SIGMAS, "L2");
  const printed = LM.generalisationErrorPrinted(LM.varianceL2(X, sigma), sigma);
  assert.throws(() => assertWithinStandardErrors(l2.mean, l2.standardError, [printed], MC_SIGMAS, "printed"), /not within/);
  for (const h of result.h1) {
    const closed = LM.generalisationErrorH1(X, h.lambda, sigma, secondMoment);
    assertWithinStandardErrors(h.generalisation.mean, h.generalisation.standardError, [closed], MC_SIGMAS, `H1 ${h.lambda}`);
    assert.ok(closed < LM.generalisationErrorL2(X, sigma, secondMoment), `H1 below L2 at lambda ${h.lambda}`);
  }
});

test("generalisation error + sigma^2 is the test error against a fresh noisy label (Monte Carlo over x and label)", () => {
  const { rng, X, secondMoment, wStar, sigma, y } = problem(11);
  const w = LM.estimatorL2(X, y);
  const error = sub(w, wStar);
  const scales = secondMoment.diag().map(Math.sqrt);
  const samples = Array.from({ length: DRAWS }, () => {
    const x = scales.map((s) => s * rng.gaussian());
    return (dot(error, x) - sigma * rng.gaussian()) ** 2;
  });
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  const standardError = Math.sqrt(samples.reduce((s, v) => s + (v - mean) ** 2, 0) / (samples.length - 1) / samples.length);
  const generalisation = dot(error, secondMoment.mmul(Matrix.columnVector(error)).to1DArray());
  assertWithinStandardErrors([mean], [standardError], [generalisation + sigma ** 2], MC_SIGMAS, "test error");
});

test("averaged over Gaussian designs, generalisationErrorL2 is sigma^2 d / (N - d - 1) (mean of the inverse Wishart)", () => {
  const rng = new SeededRandom(14);
  const [N, scales, sigma] = [30, [1, 0.7, 0.4, 0.2, 0.1], 0.5];
  const values = Array.from({ length: 4000 }, () => {
    const { X, secondMoment } = LM.gaussianDesign(N, scales, rng);
    return LM.generalisationErrorL2(X, sigma, secondMoment);
  });
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const standardError = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1) / values.length);
  assertWithinStandardErrors([mean], [standardError], [(sigma ** 2 * scales.length) / (N - scales.length - 1)], MC_SIGMAS, "E_X generalisation L2");
});

test("worstNoiseForH1 finds a noise draw on which H1 generalises worse when S and X^T X do not commute, and none when S = I", () => {
  const { X, secondMoment, wStar, sigma } = problem(12, [1, 0.5, 0.2, 0.1, 0.05], 8);
  const lambda = 0.05;
  const worst = LM.worstNoiseForH1(X, lambda, sigma, secondMoment);
  assert.ok(worst.largestEigenvalue > 0, `largest eigenvalue ${worst.largestEigenvalue}`);
  const y = X.mmul(Matrix.columnVector(wStar)).to1DArray().map((v, i) => v + worst.noise[i]);
  const risk = (w: number[]) => dot(sub(w, wStar), secondMoment.mmul(Matrix.columnVector(sub(w, wStar))).to1DArray());
  assert.ok(risk(LM.estimatorH1(X, y, wStar, lambda)) > risk(LM.estimatorL2(X, y)), "H1 worse on this draw");
  assert.ok(LM.worstNoiseForH1(X, lambda, sigma, Matrix.eye(5)).largestEigenvalue <= IDENTITY_RELATIVE, "S = I: never worse");
});

test("monteCarloLinearModel is reproducible from its seed and checks its arguments", () => {
  const { X, secondMoment, wStar, sigma } = problem(13);
  const config = { X: X.to2DArray(), wStar, sigma, lambdas: [1], secondMoment: secondMoment.to2DArray(), draws: 50, seed: 3 };
  assert.deepEqual(LM.monteCarloLinearModel(config), LM.monteCarloLinearModel(config));
  assert.throws(() => LM.monteCarloLinearModel({ ...config, draws: 1 }), /draws must be an integer >= 2, got 1/);
  assert.throws(() => LM.monteCarloLinearModel({ ...config, lambdas: [-1] }), /lambda must be a finite number >= 0, got -1/);
  assert.throws(() => LM.estimatorL2(X, [1, 2]), /estimatorL2: y must have length 30 \(X is 30x5\), got 2/);
});
