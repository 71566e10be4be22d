/**
 * Sobolev training of the linear model g(x; w) = w^T x: Proposition A.1 of the paper (Appendix A), its printed
 * formulas and what holds instead. Data X (N x d, rows x_i ~ P_data with second moment S = E[x x^T]), labels
 * y = X w* + eps, eps ~ N(0, s2 I) with s2 = sigma^2. A = X^T X with eigenvalues s_1..s_d (the paper's
 * "sigma_i^2"), B = A + lambda I.
 *
 * What holds (derived here, checked in linearModel.test.ts and notebooks/A-linear-model.ts):
 *   Losses. As printed, L(w) = 1/2 |Xw - Xw*|^2 and H(w) = 1/2 (|Xw - Xw*|^2 + lambda |w - w*|^2) use the noise-free
 *     targets X w*: both are minimised by w* itself. The printed estimators minimise the losses with the labels y,
 *     1/2 |Xw - y|^2 and 1/2 (|Xw - y|^2 + lambda |w - w*|^2) (the empirical losses below). The printed first line
 *     of H, 1/2 sum_i [(w^T x_i - w*^T x_i)^2 + lambda |w - w*|^2], has N lambda, not lambda: Hessian A + N lambda I.
 *   Hessians A and B, kappa(B) = (s_max + lambda)/(s_min + lambda) <= kappa(A) = s_max/s_min, with equality iff
 *     s_max = s_min (A = c I): the printed strict "<" needs A != c I.
 *   Estimators. w_L2 - w* = A^-1 X^T eps and w_H1 - w* = B^-1 X^T eps: both unbiased given X, w_H1 only because the
 *     penalty is centred at the true w* (centred at c, w_H1 has bias lambda B^-1 (c - w*)).
 *   In-sample variances E sum_i ((w - w*)^T x_i)^2: s2 d for L2 (printed: d), and s2 sum_i s_i^2/(s_i + lambda)^2
 *     for H1 (printed: sum_i sigma_i^2/(sigma_i + lambda)^2 with sigma_i^2 = s_i, i.e. sum s_i/(sqrt(s_i) + lambda)^2;
 *     the talk slides' reading, sigma_i = s_i, is right up to the factor s2).
 *   Generalisation errors E_x (w^T x - w*^T x)^2 = (w - w*)^T S (w - w*), in expectation over eps:
 *     s2 tr(S A^-1) for L2 and s2 tr(S B^-1 A B^-1) for H1 (printed: Var + s2). The + s2 belongs to the test error
 *     against a fresh noisy label, E (w^T x - y)^2; the in-sample Var is N times an average, not a population mean.
 *     H1 < L2 in expectation always (B^-1 A B^-1 < A^-1); for one noise draw it can fail when S and A do not commute.
 */
import { EigenvalueDecomposition, Matrix, inverse, solve } from "ml-matrix";
import { dot, norm, sub } from "../numeric/linalg.js";
import { SeededRandom } from "../numeric/random.js";
import type { MonteCarloEstimate } from "./singleReluMonteCarlo.js";

type Vector = readonly number[];

function checkShapes(caller: string, X: Matrix, ...vectors: Array<[string, Vector, number]>): void {
  for (const [name, v, length] of vectors) {
    if (v.length !== length) throw new Error(`${caller}: ${name} must have length ${length} (X is ${X.rows}x${X.columns}), got ${v.length}`);
  }
}

function checkLambda(caller: string, lambda: number): void {
  if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new Error(`${caller}: lambda must be a finite number >= 0, got ${lambda}`);
}

const column = (v: Vector): Matrix => Matrix.columnVector(v as number[]);
const residual = (X: Matrix, w: Vector, target: Vector): number[] => sub(X.mmul(column(w)).to1DArray(), target);
const halfSquare = (v: Vector): number => dot(v, v) / 2;

/** A random design: N rows x_i ~ N(0, diag(scales^2)); `secondMoment` is S = E[x x^T] = diag(scales^2). */
export function gaussianDesign(N: number, scales: Vector, rng: SeededRandom): { X: Matrix; secondMoment: Matrix } {
  if (!Number.isInteger(N) || N < 1) throw new Error(`gaussianDesign: N must be an integer >= 1, got ${N}`);
  const X = new Matrix(Array.from({ length: N }, () => scales.map((s) => s * rng.gaussian())));
  return { X, secondMoment: Matrix.diag(scales.map((s) => s * s)) };
}

/** Labels y = X w* + eps, eps ~ N(0, sigma^2 I_N) (Proposition A.1). */
export function noisyLabels(X: Matrix, wStar: Vector, sigma: number, rng: SeededRandom): number[] {
  checkShapes("noisyLabels", X, ["wStar", wStar, X.columns]);
  return X.mmul(column(wStar)).to1DArray().map((value) => value + sigma * rng.gaussian());
}

/** Printed L(w) = 1/2 |Xw - Xw*|^2 (Prop. A.1): noise-free targets, minimised by w*. */
export function lossLPrinted(X: Matrix, w: Vector, wStar: Vector): number {
  checkShapes("lossLPrinted", X, ["w", w, X.columns], ["wStar", wStar, X.columns]);
  return halfSquare(residual(X, w, X.mmul(column(wStar)).to1DArray()));
}

/** Printed H(w) = 1/2 [|Xw - Xw*|^2 + lambda |w - w*|^2] (Prop. A.1, second line; the one the proof uses). */
export function lossHPrinted(X: Matrix, w: Vector, wStar: Vector, lambda: number): number {
  return lossLPrinted(X, w, wStar) + (lambda / 2) * dot(sub(w, wStar), sub(w, wStar));
}

/** Printed H(w) = 1/2 sum_i [(w^T x_i - w*^T x_i)^2 + lambda |w - w*|^2] (Prop. A.1, first line): N lambda in effect. */
export function lossHPrintedSum(X: Matrix, w: Vector, wStar: Vector, lambda: number): number {
  const gap = sub(w, wStar);
  const fit = residual(X, w, X.mmul(column(wStar)).to1DArray());
  return fit.reduce((sum, r) => sum + (r * r + lambda * dot(gap, gap)) / 2, 0);
}

/** 1/2 |Xw - y|^2: the loss w_L2 = (X^T X)^-1 X^T y minimises. */
export function empiricalLossL(X: Matrix, y: Vector, w: Vector): number {
  checkShapes("empiricalLossL", X, ["y", y, X.rows], ["w", w, X.columns]);
  return halfSquare(residual(X, w, y));
}

/** 1/2 (|Xw - y|^2 + lambda |w - c|^2), c = w* in the paper: the loss w_H1 minimises. */
export function empiricalLossH(X: Matrix, y: Vector, w: Vector, centre: Vector, lambda: number): number {
  return empiricalLossL(X, y, w) + (lambda / 2) * dot(sub(w, centre), sub(w, centre));
}

/** Gradient of empiricalLossH: X^T (Xw - y) + lambda (w - c); lambda = 0 gives that of empiricalLossL. */
export function gradientEmpiricalLossH(X: Matrix, y: Vector, w: Vector, centre: Vector, lambda: number): number[] {
  checkShapes("gradientEmpiricalLossH", X, ["y", y, X.rows], ["w", w, X.columns], ["centre", centre, X.columns]);
  const fit = X.transpose().mmul(column(residual(X, w, y))).to1DArray();
  return fit.map((value, i) => value + lambda * (w[i] - centre[i]));
}

/** Hessian of L (Prop. A.1 proof): X^T X. */
export function hessianL(X: Matrix): Matrix {
  return X.transpose().mmul(X);
}

/** Hessian of H (Prop. A.1 proof, second line of H): X^T X + lambda I. */
export function hessianH(X: Matrix, lambda: number): Matrix {
  checkLambda("hessianH", lambda);
  return hessianL(X).add(Matrix.eye(X.columns).mul(lambda));
}

/** Hessian of the first printed line of H: X^T X + N lambda I. */
export function hessianHPrintedSum(X: Matrix, lambda: number): Matrix {
  return hessianH(X, X.rows * lambda);
}

/** Eigenvalues s_1 <= ... <= s_d of X^T X (the paper's sigma_i^2), by ml-matrix's symmetric solver. */
export function gramEigenvalues(X: Matrix): number[] {
  return [...new EigenvalueDecomposition(hessianL(X), { assumeSymmetric: true }).realEigenvalues].sort((a, b) => a - b);
}

/** Printed kappa(hess H) = (lambda_max(hess L) + lambda) / (lambda_min(hess L) + lambda) (Prop. A.1 proof). */
export function conditionNumberHPrinted(X: Matrix, lambda: number): number {
  checkLambda("conditionNumberHPrinted", lambda);
  const s = gramEigenvalues(X);
  return (s[s.length - 1] + lambda) / (s[0] + lambda);
}

/** w_L2 = (X^T X)^-1 X^T y (Prop. A.1 proof), by ml-matrix solve. */
export function estimatorL2(X: Matrix, y: Vector): number[] {
  checkShapes("estimatorL2", X, ["y", y, X.rows]);
  return solve(hessianL(X), X.transpose().mmul(column(y))).to1DArray();
}

/** w_H1 = (X^T X + lambda I)^-1 (X^T y + lambda c) (Prop. A.1 proof, c = w*), by ml-matrix solve. */
export function estimatorH1(X: Matrix, y: Vector, centre: Vector, lambda: number): number[] {
  checkShapes("estimatorH1", X, ["y", y, X.rows], ["centre", centre, X.columns]);
  const right = X.transpose().mmul(column(y)).add(column(centre).mul(lambda));
  return solve(hessianH(X, lambda), right).to1DArray();
}

/** E[w_H1] - w* = lambda (X^T X + lambda I)^-1 (c - w*): zero only for the printed centre c = w*. */
export function biasH1(X: Matrix, centre: Vector, wStar: Vector, lambda: number): number[] {
  checkShapes("biasH1", X, ["centre", centre, X.columns], ["wStar", wStar, X.columns]);
  return solve(hessianH(X, lambda), column(sub(centre, wStar)).mul(lambda)).to1DArray();
}

/** Printed Var_L2 = d (Prop. A.1 proof; the noise variance sigma^2 is dropped at "tr(E(eps eps^T) ...)"). */
export function varianceL2Printed(X: Matrix): number {
  return X.columns;
}

/** E sum_i ((w_L2 - w*)^T x_i)^2 = sigma^2 tr(X (X^T X)^-1 X^T) = sigma^2 d. */
export function varianceL2(X: Matrix, sigma: number): number {
  return sigma * sigma * X.columns;
}

/** Printed Var_H1 = sum_i sigma_i^2 / (sigma_i + lambda)^2, "sigma_i^2 the eigenvalues of X^T X" (Appendix A). */
export function varianceH1Printed(X: Matrix, lambda: number): number {
  return gramEigenvalues(X).reduce((sum, s) => sum + s / (Math.sqrt(s) + lambda) ** 2, 0);
}

/** The talk slides' Var_H1 = sum_i sigma_i^2 / (sigma_i + lambda)^2, "sigma_i the eigenvalues of X^T X". */
export function varianceH1Slides(X: Matrix, lambda: number): number {
  return gramEigenvalues(X).reduce((sum, s) => sum + (s / (s + lambda)) ** 2, 0);
}

/** E sum_i ((w_H1 - w*)^T x_i)^2 = sigma^2 tr(A B^-1 A B^-1) = sigma^2 sum_i s_i^2 / (s_i + lambda)^2. */
export function varianceH1(X: Matrix, lambda: number, sigma: number): number {
  return sigma * sigma * varianceH1Slides(X, lambda);
}

/** Printed bias-variance step: E_x (w^T x - w*^T x)^2 = Var + sigma^2. */
export function generalisationErrorPrinted(variance: number, sigma: number): number {
  return variance + sigma * sigma;
}

/** E_eps E_x (w_L2^T x - w*^T x)^2 = sigma^2 tr(S (X^T X)^-1), S = E[x x^T], given X. */
export function generalisationErrorL2(X: Matrix, sigma: number, secondMoment: Matrix): number {
  return sigma * sigma * secondMoment.mmul(inverse(hessianL(X))).trace();
}

/** E_eps E_x (w_H1^T x - w*^T x)^2 = sigma^2 tr(S B^-1 A B^-1), B = X^T X + lambda I, given X. */
export function generalisationErrorH1(X: Matrix, lambda: number, sigma: number, secondMoment: Matrix): number {
  const inverseB = inverse(hessianH(X, lambda));
  return sigma * sigma * secondMoment.mmul(inverseB).mmul(hessianL(X)).mmul(inverseB).trace();
}

/**
 * The noise draw on which H1 generalises worst relative to L2. For eps with X^T eps = z, the gap
 * E_x(w_H1 error) - E_x(w_L2 error) is z^T (B^-1 S B^-1 - A^-1 S A^-1) z; its largest eigenvalue mu and
 * eigenvector v give eps = X A^-1 v (so X^T eps = v), scaled to |eps| = sigma sqrt(N).
 * mu > 0 means that for this eps the H1 estimate generalises worse than the L2 one.
 */
export function worstNoiseForH1(X: Matrix, lambda: number, sigma: number, secondMoment: Matrix): { largestEigenvalue: number; noise: number[] } {
  const inverseA = inverse(hessianL(X));
  const inverseB = inverse(hessianH(X, lambda));
  const gap = inverseB.mmul(secondMoment).mmul(inverseB).sub(inverseA.mmul(secondMoment).mmul(inverseA));
  const decomposition = new EigenvalueDecomposition(gap.add(gap.transpose()).mul(0.5), { assumeSymmetric: true });
  const values = decomposition.realEigenvalues;
  const top = values.indexOf(Math.max(...values));
  const noise = X.mmul(inverseA).mmul(decomposition.eigenvectorMatrix.getColumnVector(top)).to1DArray();
  const size = norm(noise);
  return { largestEigenvalue: values[top], noise: noise.map((e) => (e * sigma * Math.sqrt(X.rows)) / size) };
}

/**
 * Plain gradient descent w <- w - step grad(w) from `start`, until |grad(w)| <= tolerance |grad(start)| or
 * maxIterations steps. Returns the last iterate, the number of steps taken and whether it converged.
 */
export function gradientDescent(
  gradient: (w: number[]) => number[],
  start: Vector,
  step: number,
  options: { tolerance: number; maxIterations: number },
): { w: number[]; iterations: number; converged: boolean } {
  if (!(step > 0)) throw new Error(`gradientDescent: step must be > 0, got ${step}`);
  let w = [...start];
  let g = gradient(w);
  const threshold = options.tolerance * norm(g);
  let iterations = 0;
  while (norm(g) > threshold && iterations < options.maxIterations) {
    w = w.map((value, i) => value - step * g[i]);
    g = gradient(w);
    iterations++;
    if (!g.every(Number.isFinite)) throw new Error(`gradientDescent: non-finite gradient at step ${iterations} (step size ${step} too large?)`);
  }
  return { w, iterations, converged: norm(g) <= threshold };
}

/** Seeded Monte Carlo over noise draws (kept with the closed forms it checks; JSON config for cachedRun). */
export interface LinearMonteCarloConfig {
  X: number[][];
  wStar: number[];
  sigma: number;
  lambdas: number[];
  /** S = E[x x^T] of P_data, d x d. */
  secondMoment: number[][];
  draws: number;
  seed: number;
}

/** Per estimator: in-sample sum_i ((w - w*)^T x_i)^2, generalisation (w - w*)^T S (w - w*), and w - w* itself. */
export interface EstimatorErrors {
  inSample: MonteCarloEstimate;
  generalisation: MonteCarloEstimate;
  meanError: MonteCarloEstimate;
}

export interface LinearMonteCarloResult {
  l2: EstimatorErrors;
  h1: Array<EstimatorErrors & { lambda: number; generalisationGapL2MinusH1: MonteCarloEstimate; fractionH1Worse: number }>;
}

/** Welford's running mean and variance, componentwise. */
class Running {
  private readonly mean: Float64Array;
  private readonly squares: Float64Array;
  private n = 0;
  constructor(m: number) {
    this.mean = new Float64Array(m);
    this.squares = new Float64Array(m);
  }
  add(values: ArrayLike<number>): void {
    this.n++;
    for (let i = 0; i < this.mean.length; i++) {
      const delta = values[i] - this.mean[i];
      this.mean[i] += delta / this.n;
      this.squares[i] += delta * (values[i] - this.mean[i]);
    }
  }
  estimate(): MonteCarloEstimate {
    const n = this.n;
    return { mean: Array.from(this.mean), standardError: Array.from(this.squares, (m2) => Math.sqrt(m2 / (n - 1) / n)), n };
  }
}

const matVec = (M: number[][], v: ArrayLike<number>): number[] => M.map((row) => row.reduce((sum, m, j) => sum + m * v[j], 0));

/**
 * For each of `draws` noise draws (seeded by config.seed) eps ~ N(0, sigma^2 I): y = X w* + eps, w_L2 and w_H1 (each lambda) from y by the
 * printed formulas (ml-matrix inverses of X^T X and X^T X + lambda I, computed once), and their errors. The
 * closed forms (varianceL2, varianceH1, generalisationErrorL2/H1) are not used, so this checks them.
 */
export function monteCarloLinearModel(config: LinearMonteCarloConfig): LinearMonteCarloResult {
  const rng = new SeededRandom(config.seed);
  const { sigma, lambdas, draws, secondMoment } = config;
  const X = new Matrix(config.X);
  const wStar = config.wStar;
  checkShapes("monteCarloLinearModel", X, ["wStar", wStar, X.columns]);
  if (!Number.isInteger(draws) || draws < 2) throw new Error(`monteCarloLinearModel: draws must be an integer >= 2, got ${draws}`);
  lambdas.forEach((lambda) => checkLambda("monteCarloLinearModel", lambda));
  const rows = config.X;
  const Xt = X.transpose().to2DArray();
  const clean = matVec(rows, wStar);
  const inverses = [inverse(hessianL(X)), ...lambdas.map((lambda) => inverse(hessianH(X, lambda)))].map((M) => M.to2DArray());
  const shifts = [0, ...lambdas].map((lambda) => wStar.map((w) => lambda * w));
  const accumulators = inverses.map(() => ({ inSample: new Running(1), generalisation: new Running(1), meanError: new Running(wStar.length), gap: new Running(1) }));
  const worse = lambdas.map(() => 0);
  const eps = new Float64Array(X.rows);
  for (let k = 0; k < draws; k++) {
    rng.fillGaussian(eps);
    const Xty = matVec(Xt, clean.map((c, i) => c + sigma * eps[i]));
    let errorL2 = 0;
    inverses.forEach((inv, j) => {
      const error = sub(matVec(inv, Xty.map((v, i) => v + shifts[j][i])), wStar);
      const fitted = matVec(rows, error);
      const generalisation = dot(error, matVec(secondMoment, error));
      const acc = accumulators[j];
      acc.inSample.add([dot(fitted, fitted)]);
      acc.generalisation.add([generalisation]);
      acc.meanError.add(error);
      if (j === 0) errorL2 = generalisation;
      else {
        acc.gap.add([errorL2 - generalisation]);
        if (generalisation >= errorL2) worse[j - 1]++;
      }
    });
  }
  const errors = (j: number): EstimatorErrors => {
    const acc = accumulators[j];
    return { inSample: acc.inSample.estimate(), generalisation: acc.generalisation.estimate(), meanError: acc.meanError.estimate() };
  };
  return {
    l2: errors(0),
    h1: lambdas.map((lambda, j) => ({
      lambda,
      ...errors(j + 1),
      generalisationGapL2MinusH1: accumulators[j + 1].gap.estimate(),
      fractionH1Worse: worse[j] / draws,
    })),
  };
}
