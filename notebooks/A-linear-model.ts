// %% [markdown]
// # A. Sobolev training for linear models
//
// Appendix A of the paper: **Proposition A.1**, the illustrative case of the linear model g(x; w) = wᵀx. Data
// X ∈ ℝ^{N×d} with rows xᵢ ~ P_data, labels y = Xw\* + ε, ε ~ N(0, σ²I). The proposition compares
// L(w) = ½‖Xw − Xw\*‖² with H(w) = ½[‖Xw − Xw\*‖² + λ‖w − w\*‖²] (λ‖w − w\*‖² is the squared error of the model's
// input gradient ∇ₓg = w against the target's ∇ₓ(w\*ᵀx) = w\*) and claims
// 1. κ(∇²H) < κ(∇²L): Sobolev training improves conditioning and accelerates gradient descent;
// 2. E_{x~P_data}(ŵ_H¹ᵀx − w\*ᵀx)² < E_{x~P_data}(ŵ_L²ᵀx − w\*ᵀx)²: it improves the generalisation error.
//
// Each step of the printed proof is computed by `lib/analytic/linearModel.ts` and checked against an independent
// computation (central differences, gradient descent, ml-matrix eigenvalues, Monte Carlo over noise draws); each
// check is a row of `figures/derivation-checks.csv` with a computed verdict.
//
// In short: part 1 holds (strictly unless XᵀX = cI), and part 2 holds in expectation over the noise. The proof has
// slips, each measured below: the printed L and H fit the noise-free Xw\*, so the estimators minimise the losses
// with labels y instead; the first line of H carries Nλ; both variances lose the noise variance σ², and Var_H¹'s
// last step is misprinted; "E_x(…)² = Var + σ²" is wrong (no + σ², and Var is an in-sample sum, not a population
// mean); and for a single noise draw ŵ_H¹ can generalise worse than ŵ_L².
//
// Notation: A = XᵀX with eigenvalues s₁ ≤ … ≤ s_d (the paper's σᵢ²; we write s to keep σ for the noise),
// B = A + λI, S = E[xxᵀ] the second moment of P_data.

// %% [markdown]
// ## Settings
// Appendix A has no experiment of its own, so the profiles change only how many random designs, λ values and
// noise draws are used. Three fixed designs (N = 20 rows, d = 8) drive the Monte Carlo and the figures:
// xᵢ ~ N(0, S) with S = diag(scales²) and scales decaying geometrically from 1 to 1, 0.3 and 0.1 (κ(S) = 1, ~11,
// 100). Noise σ = 0.5, so that a missing factor σ² shows.

// %%
import { Matrix } from "ml-matrix";
import * as A from "../dist/lib/analytic/index.js";
import * as N from "../dist/lib/numeric/index.js";
import { byProfile } from "../dist/lib/profile.js";
import { showFigure } from "../dist/lib/plot/index.js";
import { linearConditionNumberCurves, linearConditionNumberFigure, linearErrorFigure, linearErrorRows } from "../dist/lib/figures/index.js";
const LM = A.linearModel;

const settings = byProfile({
  smoke: { randomDesigns: 100, descentDesigns: 6, lambdaPoints: 11, draws: 4_000, seed: 11 },
  quick: { randomDesigns: 1_000, descentDesigns: 30, lambdaPoints: 21, draws: 40_000, seed: 11 },
  paper: { randomDesigns: 5_000, descentDesigns: 100, lambdaPoints: 41, draws: 400_000, seed: 11 },
});
const dimension = 8;
const sampleCount = 20;
const sigma = 0.5;
const lambdas = Array.from({ length: settings.lambdaPoints }, (_, i) => 10 ** (-2 + (5 * i) / (settings.lambdaPoints - 1)));
const geometricScales = (last: number) => Array.from({ length: dimension }, (_, i) => last ** (i / (dimension - 1)));
const designRng = new N.SeededRandom(settings.seed);
const designs = [1, 0.3, 0.1].map((last) => ({
  label: `κ(S) = ${(1 / last ** 2).toFixed(0)}`, ...LM.gaussianDesign(sampleCount, geometricScales(last), designRng), wStar: designRng.gaussianVector(dimension),
}));
type Design = (typeof designs)[number];
const worst = (values: number[]): number => Math.max(...values);
console.log(designs.map((p) => `${p.label}: κ(XᵀX) = ${N.conditionNumber(N.eigenvalues(LM.hessianL(p.X))).toFixed(1)}`).join("\n"));

// %% [markdown]
// ## The losses and their Hessians
// Proof, line 318: "One can easily compute the Hessians as ∇²L = XᵀX, ∇²H = XᵀX + λI." The printed H has two
// lines that differ: ½ Σᵢ [(wᵀxᵢ − w\*ᵀxᵢ)² + λ‖w − w\*‖²] sums the penalty N times, while
// ½[‖Xw − Xw\*‖² + λ‖w − w\*‖²] has it once. The proof uses the second. Each Hessian is compared with nested central
// differences of the loss (a quadratic: central differences are exact up to rounding ~ε|f|/h², so h = 1e-2).

// %%
const QUADRATIC_FD_STEP = 1e-2;
const probeLambdas = [0.1, 1, 10];
const probeRng = new N.SeededRandom(settings.seed + 1);
const fdHessian = (loss: (w: number[]) => number) =>
  new Matrix(N.centralJacobian((w) => N.centralGradient(loss, w, QUADRATIC_FD_STEP), probeRng.gaussianVector(dimension), QUADRATIC_FD_STEP));
const hessianGap = (exact: (p: Design, lambda: number) => Matrix, loss: (p: Design, w: number[], lambda: number) => number) =>
  worst(designs.flatMap((p) => probeLambdas.map((lambda) => N.relativeDifference(exact(p, lambda), fdHessian((w) => loss(p, w, lambda))))));
const fdMethod = (loss: string) => `nested central differences of ${loss} (h = ${QUADRATIC_FD_STEP}); worst relative difference over ${designs.length} designs × λ ∈ {${probeLambdas}}`;
nb.derivations.check({
  id: "hessian-L", source: "Prop A.1 proof (line 318)", claim: "∇²L = XᵀX for L(w) = ½‖Xw − Xw*‖²",
  method: fdMethod("L"), measured: hessianGap((p) => LM.hessianL(p.X), (p, w) => LM.lossLPrinted(p.X, w, p.wStar)),
  expected: 0, tolerance: N.FD_EXACT_QUADRATIC_RELATIVE,
});

// %%
nb.derivations.check({
  id: "hessian-H", source: "Prop A.1 proof (line 318)", claim: "∇²H = XᵀX + λI for H(w) = ½[‖Xw − Xw*‖² + λ‖w − w*‖²] (second printed line of H)",
  method: fdMethod("H"), measured: hessianGap((p, lambda) => LM.hessianH(p.X, lambda), (p, w, lambda) => LM.lossHPrinted(p.X, w, p.wStar, lambda)),
  expected: 0, tolerance: N.FD_EXACT_QUADRATIC_RELATIVE,
});
nb.derivations.check({
  id: "hessian-H-sum-form", source: "Prop A.1 (line 311, first line of H)", claim: "∇²H = XᵀX + λI for H(w) = ½ Σᵢ [(wᵀxᵢ − w*ᵀxᵢ)² + λ‖w − w*‖²]",
  method: fdMethod("the sum form of H"), measured: hessianGap((p, lambda) => LM.hessianH(p.X, lambda), (p, w, lambda) => LM.lossHPrintedSum(p.X, w, p.wStar, lambda)),
  expected: 0, tolerance: N.FD_EXACT_QUADRATIC_RELATIVE,
  correction: {
    statement: "the sum over i repeats the penalty N times: ∇²H = XᵀX + NλI; the second line (λ once) is the H the proof uses, the first is it with λ → Nλ",
    measured: hessianGap((p, lambda) => LM.hessianHPrintedSum(p.X, lambda), (p, w, lambda) => LM.lossHPrintedSum(p.X, w, p.wStar, lambda)), expected: 0,
  },
  consequence: "typo",
});

// %% [markdown]
// ## Part 1: condition numbers
// Proof, line 322: "κ(∇²H) = (λmax(∇²L) + λ)/(λmin(∇²L) + λ). Therefore, κ(∇²H) < κ(∇²L)." The printed formula is
// compared with κ = |λ|max/|λ|min of ml-matrix eigenvalues of XᵀX + λI, over random designs (d from 2 to 10,
// N from d + 2 to 4d, random scales of P_data) and every λ of the grid.

// %%
const kappaRng = new N.SeededRandom(settings.seed + 2);
const randomDesigns = Array.from({ length: settings.randomDesigns }, () => {
  const d = 2 + Math.floor(9 * kappaRng.uniform());
  const scales = Array.from({ length: d }, () => 0.05 + 0.95 * kappaRng.uniform());
  return LM.gaussianDesign(d + 2 + Math.floor(3 * d * kappaRng.uniform()), scales, kappaRng).X;
});
const kappa = (matrix: Matrix) => N.conditionNumber(N.eigenvalues(matrix));
const kappaPairs = randomDesigns.flatMap((X) => lambdas.map((lambda) => ({ X: X, lambda: lambda, kappaL: kappa(LM.hessianL(X)), kappaH: kappa(LM.hessianH(X, lambda)) })));
nb.derivations.check({
  id: "kappa-H-formula", source: "Prop A.1 proof (line 322)", claim: "κ(∇²H) = (λmax(∇²L) + λ)/(λmin(∇²L) + λ)",
  method: `κ of ml-matrix eigenvalues of XᵀX + λI vs the formula; worst relative difference over ${randomDesigns.length} random designs × ${lambdas.length} λ ∈ [1e-2, 1e3]`,
  measured: worst(kappaPairs.map((q) => Math.abs(q.kappaH / LM.conditionNumberHPrinted(q.X, q.lambda) - 1))), expected: 0, tolerance: N.EIGEN_RELATIVE,
});
nb.derivations.check({
  id: "kappa-H-below-L", source: "Prop A.1, part 1", claim: "κ(∇²H) < κ(∇²L)",
  method: `fraction of ${kappaPairs.length} (random design, λ) pairs with κ(XᵀX + λI) < κ(XᵀX), ml-matrix eigenvalues`,
  measured: kappaPairs.filter((q) => q.kappaH < q.kappaL).length / kappaPairs.length, expected: 1, tolerance: 0,
});

// %% [markdown]
// The inequality is strict only when XᵀX has two distinct eigenvalues: (s_max + λ)/(s_min + λ) < s_max/s_min ⇔
// s_min < s_max. For designs with orthogonal columns of equal norm (XᵀX = cI) both condition numbers are 1.
// (At the other extreme, N < d makes XᵀX singular: κ(∇²L) = ∞ while κ(∇²H) is finite, but then ŵ_L² = (XᵀX)⁻¹Xᵀy
// does not exist; the proposition tacitly assumes X has full column rank.)

// %%
const isotropicDesigns = [new Matrix([[1, 1], [1, -1]]), new Matrix([[2, 0, 0], [0, 2, 0], [0, 0, 2], [2, 0, 0], [0, 2, 0], [0, 0, 2]]), Matrix.eye(4).mul(3)];
const strict = (X: Matrix) => LM.conditionNumberHPrinted(X, 1) < kappa(LM.hessianL(X));
const distinctEigenvalues = (X: Matrix) => { const s = LM.gramEigenvalues(X); return s[s.length - 1] > s[0]; };
const allDesigns = [...randomDesigns, ...isotropicDesigns];
nb.derivations.check({
  id: "kappa-strict-for-every-X", source: "Prop A.1, part 1 (line 322)", claim: "κ(∇²H) < κ(∇²L) for every data matrix X (strict)",
  method: `fraction of ${isotropicDesigns.length} designs with XᵀX = cI (exact integer entries) where κ(XᵀX + I) < κ(XᵀX)`,
  measured: isotropicDesigns.filter(strict).length / isotropicDesigns.length, expected: 1, tolerance: 0,
  correction: {
    statement: "κ(∇²H) ≤ κ(∇²L), with equality exactly when all eigenvalues of XᵀX are equal (XᵀX = cI)",
    measured: allDesigns.filter((X) => strict(X) === distinctEigenvalues(X)).length / allDesigns.length, expected: 1,
  },
  consequence: "conclusion",
});

// %% [markdown]
// ### Figure: κ against λ
// Dashed: κ(∇²L) = κ(XᵀX); solid: the printed (s_max + λ)/(s_min + λ); open markers: κ of ml-matrix eigenvalues of
// XᵀX + λI, for the three fixed designs.

// %%
const conditionCurves = linearConditionNumberCurves(designs.map((p) => ({ label: p.label, X: p.X })), lambdas);
await showFigure(linearConditionNumberFigure(conditionCurves.rows, "appA-condition-numbers", "Proposition A.1, part 1: κ of the L² and H¹ Hessians of the linear model"));
console.log(`worst relative difference, printed κ(∇²H) vs ml-matrix: ${conditionCurves.worstPrintedVsEigen.toExponential(2)}`);

// %% [markdown]
// ### "… and accelerates the convergence of gradient descent"
// Gradient descent on a quadratic with step 2/(λmax + λmin) contracts the error by (κ − 1)/(κ + 1) per step. For
// random designs (scales from 1 to 0.3, N = 20, d = 8) and λ = 1, we count the steps until ‖∇‖ falls below 1e-8
// of its start, on the losses with labels y (whose Hessians are the same A and B).

// %%
const DESCENT_TOLERANCE = 1e-8;
const DESCENT_LAMBDA = 1;
const descentRng = new N.SeededRandom(settings.seed + 3);
const descentRuns = Array.from({ length: settings.descentDesigns }, () => {
  const { X } = LM.gaussianDesign(sampleCount, geometricScales(0.3), descentRng);
  const wTeacher = descentRng.gaussianVector(dimension);
  const y = LM.noisyLabels(X, wTeacher, sigma, descentRng);
  return [0, DESCENT_LAMBDA].map((lambda) => {
    const { modulus } = N.eigenvalues(LM.hessianH(X, lambda));
    const step = 2 / (modulus[0] + modulus[modulus.length - 1]);
    const run = LM.gradientDescent((w) => LM.gradientEmpiricalLossH(X, y, w, wTeacher, lambda), new Array(dimension).fill(0), step, { tolerance: DESCENT_TOLERANCE, maxIterations: 1_000_000 });
    return { kappa: modulus[modulus.length - 1] / modulus[0], iterations: run.iterations, converged: run.converged };
  });
});
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log(`median κ: L ${median(descentRuns.map((r) => r[0].kappa)).toFixed(1)}, H ${median(descentRuns.map((r) => r[1].kappa)).toFixed(1)}; median steps: L ${median(descentRuns.map((r) => r[0].iterations))}, H ${median(descentRuns.map((r) => r[1].iterations))}`);

// %%
nb.derivations.check({
  id: "gradient-descent-accelerates", source: "Prop A.1, part 1", claim: "Sobolev training accelerates the convergence of gradient descent for the linear model",
  method: `fraction of ${descentRuns.length} random designs (λ = ${DESCENT_LAMBDA}) where gradient descent with step 2/(λmax + λmin) reaches ‖∇‖ ≤ ${DESCENT_TOLERANCE}‖∇₀‖ in fewer steps on H than on L (all runs converged: ${descentRuns.every((r) => r[0].converged && r[1].converged)})`,
  measured: descentRuns.filter((r) => r[0].converged && r[1].converged && r[1].iterations < r[0].iterations).length / descentRuns.length, expected: 1, tolerance: 0,
});

// %% [markdown]
// ## The estimators
// Proof, line 324: "Let ŵ_L² = (XᵀX)⁻¹Xᵀy and ŵ_H¹ = (XᵀX + λI)⁻¹(Xᵀy + λw\*) be the optimal parameters", i.e. the
// minimisers of L and H (statement, part 2). But the printed L and H fit the noise-free targets Xw\*, so they are
// minimised by w\* itself; these ŵ minimise the losses with the labels y, ½‖Xw − y‖² and
// ½(‖Xw − y‖² + λ‖w − w\*‖²). Each minimiser is found by gradient descent (to ‖∇‖ ≤ 1e-12‖∇₀‖, hence within
// ~κ·1e-12 of it) and compared with the closed form from ml-matrix `solve`.

// %%
const MINIMISER_TOLERANCE = 1e-12;
const MINIMISER_RELATIVE = 1e-8;
const minimiserRng = new N.SeededRandom(settings.seed + 4);
const minimiserLambda = 1;
const minimiserCases = designs.map((p) => ({ ...p, y: LM.noisyLabels(p.X, p.wStar, sigma, minimiserRng) }));
const argmin = (p: Design, targets: number[], lambda: number) => {
  const { modulus } = N.eigenvalues(LM.hessianH(p.X, lambda));
  const gradient = (w: number[]) => LM.gradientEmpiricalLossH(p.X, targets, w, p.wStar, lambda);
  return LM.gradientDescent(gradient, new Array(dimension).fill(0), 2 / (modulus[0] + modulus[modulus.length - 1]), { tolerance: MINIMISER_TOLERANCE, maxIterations: 2_000_000 }).w;
};
const noiseFree = (p: Design) => p.X.mmul(Matrix.columnVector(p.wStar)).to1DArray();
const minimiserGap = (estimate: (c: (typeof minimiserCases)[number]) => number[], targets: (c: (typeof minimiserCases)[number]) => number[], lambda: number) =>
  worst(minimiserCases.map((c) => N.relativeDifference(estimate(c), argmin(c, targets(c), lambda))));

// %%
for (const [name, lambda] of [["L2", 0], ["H1", minimiserLambda]] as const) {
  const estimate = (c: (typeof minimiserCases)[number]) => (lambda === 0 ? LM.estimatorL2(c.X, c.y) : LM.estimatorH1(c.X, c.y, c.wStar, lambda));
  nb.derivations.check({
    id: `minimiser-${name}`, source: "Prop A.1 part 2, proof (line 324)",
    claim: name === "L2" ? "ŵ_L² = (XᵀX)⁻¹Xᵀy minimises L(w) = ½‖Xw − Xw*‖²" : "ŵ_H¹ = (XᵀX + λI)⁻¹(Xᵀy + λw*) minimises H(w) = ½[‖Xw − Xw*‖² + λ‖w − w*‖²]",
    method: `gradient descent on the printed loss to ‖∇‖ ≤ ${MINIMISER_TOLERANCE}‖∇₀‖; worst relative difference to the closed form over ${designs.length} designs, one noise draw each${lambda ? `, λ = ${lambda}` : ""}`,
    measured: minimiserGap(estimate, noiseFree, lambda), expected: 0, tolerance: MINIMISER_RELATIVE,
    correction: {
      statement: `the printed loss is minimised by w*; ŵ_${name === "L2" ? "L²" : "H¹"} minimises the loss with labels y in place of Xw*: ${name === "L2" ? "½‖Xw − y‖²" : "½(‖Xw − y‖² + λ‖w − w*‖²)"}`,
      measured: minimiserGap(estimate, (c) => c.y, lambda), expected: 0,
    },
    consequence: "statement",
  });
}

// %% [markdown]
// ## Monte Carlo over noise draws
// For each fixed design, `settings.draws` noise draws ε ~ N(0, σ²I); for each, y = Xw\* + ε, the two estimators from
// y by the printed formulas (every λ of the grid), and their errors: ŵ − w\*, the in-sample sum
// Σᵢ((ŵ − w\*)ᵀxᵢ)² and the generalisation error E_x(ŵᵀx − w\*ᵀx)² = (ŵ − w\*)ᵀS(ŵ − w\*) (exact for any P_data with
// second moment S). This is the one costly step, so it is a cached run.

// %%
import { cachedRun } from "../dist/lib/runs/index.js";
const monteCarloConfig = {
  designs: designs.map((p, k) => ({ X: p.X.to2DArray(), wStar: p.wStar, sigma: sigma, lambdas: lambdas, secondMoment: p.secondMoment.to2DArray(), draws: settings.draws, seed: settings.seed * 100 + k })),
};
const noiseRun = await cachedRun("appendix-a-noise-draws", monteCarloConfig, (config) => config.designs.map((c) => LM.monteCarloLinearModel(c)));
const mc = noiseRun.record.results;
console.log(`Monte Carlo run ${noiseRun.record.runId}: ${noiseRun.fromCache ? "read from the cache" : "computed"} (${noiseRun.record.wallTimeSeconds.toFixed(1)} s when computed, key ${noiseRun.record.key})`);
const zScore = (estimate: { mean: number[]; standardError: number[] }, expected: number[]) =>
  worst(expected.map((value, k) => Math.abs(estimate.mean[k] - value) / estimate.standardError[k]));
const overDesignsAndLambdas = (z: (p: Design, h: (typeof mc)[number]["h1"][number], k: number) => number) => worst(designs.flatMap((p, k) => mc[k].h1.map((h) => z(p, h, k))));
const mcMethod = (what: string) => `Monte Carlo mean over ${settings.draws} noise draws per design; worst |z| = |mean − formula| / standard error over ${what}`;

// %% [markdown]
// ### Unbiasedness
// Proof, lines 324-326: "both are unbiased estimator of w\*": E(ŵ_L²) = w\* and E(ŵ_H¹) = w\*. Indeed
// ŵ_L² − w\* = A⁻¹Xᵀε and ŵ_H¹ − w\* = B⁻¹Xᵀε, given X. ŵ_H¹ is unbiased only because its penalty is centred at
// the true w\* (the "idealized assumption that w\* is known", line 353): centred at c, its bias is λB⁻¹(c − w\*)
// (`biasH1`, tested in `linearModel.test.ts`).

// %%
const zeros = new Array(dimension).fill(0);
nb.derivations.check({
  id: "unbiased-L2", source: "Prop A.1 proof (line 324)", claim: "E(ŵ_L²) = w*",
  method: mcMethod(`the ${dimension} components of ŵ − w* and ${designs.length} designs`),
  measured: worst(mc.map((r) => zScore(r.l2.meanError, zeros))), expected: 0, tolerance: N.MC_SIGMAS,
});
nb.derivations.check({
  id: "unbiased-H1", source: "Prop A.1 proof (line 324)", claim: "E(ŵ_H¹) = w*",
  method: mcMethod(`the ${dimension} components of ŵ − w*, ${designs.length} designs and ${lambdas.length} λ`),
  measured: overDesignsAndLambdas((_, h) => zScore(h.meanError, zeros)), expected: 0, tolerance: N.MC_SIGMAS,
});

// %% [markdown]
// ### The variances
// Proof, lines 330-344: "Var_L² = E Σᵢ(ŵ_L²ᵀxᵢ − w\*ᵀxᵢ)² = … = tr(E(εεᵀ)X(XᵀX)⁻¹Xᵀ) = tr(X(XᵀX)⁻¹Xᵀ) = … = d" and
// "Var_H¹ = … = Σᵢ σᵢ²/(σᵢ + λ)², where σᵢ² denote the eigenvalues of XᵀX". Two slips: E(εεᵀ) = σ²I, not I, so
// both lose the factor σ²; and the last step of Var_H¹, tr[XᵀX B⁻¹ XᵀX B⁻¹] = Σᵢ sᵢ²/(sᵢ + λ)², is misprinted:
// with sᵢ = σᵢ² it is Σ σᵢ⁴/(σᵢ² + λ)². The talk slides print the same formula but say "σᵢ denotes the eigenvalues
// of XᵀX", which is right up to σ². (Line 335 also has ŵ_L² for ŵ_H¹ in (ŵ_H¹ − w\*)ᵀXᵀX(ŵ_L² − w\*); the next
// line is right.) Each check isolates one slip.

// %%
nb.derivations.check({
  id: "variance-L2", source: "Prop A.1 proof (line 330)", claim: "Var_L² = E Σᵢ(ŵ_L²ᵀxᵢ − w*ᵀxᵢ)² = d",
  method: mcMethod(`${designs.length} designs (σ = ${sigma})`),
  measured: worst(designs.map((p, k) => zScore(mc[k].l2.inSample, [LM.varianceL2Printed(p.X)]))), expected: 0, tolerance: N.MC_SIGMAS,
  correction: { statement: "Var_L² = σ² d (E(εεᵀ) = σ²I)", measured: worst(designs.map((p, k) => zScore(mc[k].l2.inSample, [LM.varianceL2(p.X, sigma)]))), expected: 0 },
  consequence: "statement",
});
nb.derivations.check({
  id: "variance-H1-eigenvalues", source: "Prop A.1 proof (lines 335-344)", claim: "Var_H¹ = Σᵢ σᵢ²/(σᵢ + λ)², σᵢ² the eigenvalues of XᵀX (checked with the missing factor σ² restored)",
  method: mcMethod(`${designs.length} designs × ${lambdas.length} λ`),
  measured: overDesignsAndLambdas((p, h, k) => zScore(h.inSample, [sigma ** 2 * LM.varianceH1Printed(p.X, h.lambda)])), expected: 0, tolerance: N.MC_SIGMAS,
  correction: {
    statement: "Var_H¹ = σ² Σᵢ sᵢ²/(sᵢ + λ)², sᵢ the eigenvalues of XᵀX (the talk slides' reading, σᵢ = sᵢ)",
    measured: overDesignsAndLambdas((p, h) => zScore(h.inSample, [LM.varianceH1(p.X, h.lambda, sigma)])), expected: 0,
  },
  consequence: "statement",
});

// %%
nb.derivations.check({
  id: "variance-H1-noise-scale", source: "Prop A.1 proof (line 335); talk slides", claim: "Var_H¹ = Σᵢ σᵢ²/(σᵢ + λ)², σᵢ the eigenvalues of XᵀX (slides' reading)",
  method: mcMethod(`${designs.length} designs × ${lambdas.length} λ (σ = ${sigma})`),
  measured: overDesignsAndLambdas((p, h) => zScore(h.inSample, [LM.varianceH1Slides(p.X, h.lambda)])), expected: 0, tolerance: N.MC_SIGMAS,
  correction: { statement: "Var_H¹ = σ² Σᵢ sᵢ²/(sᵢ + λ)² (E(εεᵀ) = σ²I)", measured: overDesignsAndLambdas((p, h) => zScore(h.inSample, [LM.varianceH1(p.X, h.lambda, sigma)])), expected: 0 },
  consequence: "statement",
});
nb.derivations.check({
  id: "variance-H1-below-L2", source: "Prop A.1 proof (line 344)", claim: "Var_H¹ < Var_L²",
  method: `fraction of ${designs.length} designs × ${lambdas.length} λ where the Monte Carlo in-sample error of ŵ_H¹ is below that of ŵ_L² (paired draws)`,
  measured: designs.flatMap((_, k) => mc[k].h1.map((h) => h.inSample.mean[0] < mc[k].l2.inSample.mean[0])).filter(Boolean).length / (designs.length * lambdas.length),
  expected: 1, tolerance: 0,
});

// %% [markdown]
// ### Part 2: the generalisation error
// Proof, lines 344-350: "Since both biases are zero, by the standard bias-variance tradeoff argument,
// E_{x~P_data}(ŵ_L²ᵀx − w\*ᵀx)² = Var_L² + σ², E_{x~P_data}(ŵ_H¹ᵀx − w\*ᵀx)² = Var_H¹ + σ²". Neither term fits:
// (ŵᵀx − w\*ᵀx)² holds no label noise, so there is no + σ² (that belongs to the test error against a fresh label,
// E(ŵᵀx − y)², see `linearModel.test.ts`); and Var is an in-sample sum over the N training points, not a
// population mean. Given X, E_ε E_x(ŵ_L²ᵀx − w\*ᵀx)² = σ² tr(S A⁻¹) and E_ε E_x(ŵ_H¹ᵀx − w\*ᵀx)² = σ² tr(S B⁻¹AB⁻¹)
// (for L², averaged over Gaussian designs: σ²d/(N − d − 1), the mean of an inverse Wishart matrix, against the
// printed σ²d + σ²). The printed right-hand sides are checked with the corrected variances, so only this step is
// tested.

// %%
nb.derivations.check({
  id: "generalisation-L2-bias-variance", source: "Prop A.1 proof (line 346)", claim: "E_x(ŵ_L²ᵀx − w*ᵀx)² = Var_L² + σ² (Var_L² = σ²d, corrected)",
  method: mcMethod(`${designs.length} designs`),
  measured: worst(designs.map((p, k) => zScore(mc[k].l2.generalisation, [LM.generalisationErrorPrinted(LM.varianceL2(p.X, sigma), sigma)]))), expected: 0, tolerance: N.MC_SIGMAS,
  correction: {
    statement: "E_ε E_x(ŵ_L²ᵀx − w*ᵀx)² = σ² tr(S (XᵀX)⁻¹), S = E[xxᵀ] (no + σ²; σ²d/(N − d − 1) on average over Gaussian X, not σ²d)",
    measured: worst(designs.map((p, k) => zScore(mc[k].l2.generalisation, [LM.generalisationErrorL2(p.X, sigma, p.secondMoment)]))), expected: 0,
  },
  consequence: "statement",
});
nb.derivations.check({
  id: "generalisation-H1-bias-variance", source: "Prop A.1 proof (line 347)", claim: "E_x(ŵ_H¹ᵀx − w*ᵀx)² = Var_H¹ + σ² (Var_H¹ = σ²Σ sᵢ²/(sᵢ + λ)², corrected)",
  method: mcMethod(`${designs.length} designs × ${lambdas.length} λ`),
  measured: overDesignsAndLambdas((p, h) => zScore(h.generalisation, [LM.generalisationErrorPrinted(LM.varianceH1(p.X, h.lambda, sigma), sigma)])), expected: 0, tolerance: N.MC_SIGMAS,
  correction: {
    statement: "E_ε E_x(ŵ_H¹ᵀx − w*ᵀx)² = σ² tr(S B⁻¹ XᵀX B⁻¹), B = XᵀX + λI",
    measured: overDesignsAndLambdas((p, h) => zScore(h.generalisation, [LM.generalisationErrorH1(p.X, h.lambda, sigma, p.secondMoment)])), expected: 0,
  },
  consequence: "statement",
});

// %% [markdown]
// The claim itself, part 2, holds in expectation over the noise: B⁻¹AB⁻¹ ≺ A⁻¹ (eigenvalues sᵢ/(sᵢ + λ)² < 1/sᵢ),
// so tr(S B⁻¹AB⁻¹) < tr(S A⁻¹) for every S ≻ 0. It is checked on the Monte Carlo (the paired difference
// L² − H¹ of each draw, its mean and standard error) and on the closed forms over the random designs (with S = I).

// %%
const gaps = designs.flatMap((_, k) => mc[k].h1.map((h) => h.generalisationGapL2MinusH1));
const closedFormPairs = kappaPairs.map((q) => LM.generalisationErrorH1(q.X, q.lambda, sigma, Matrix.eye(q.X.columns)) < LM.generalisationErrorL2(q.X, sigma, Matrix.eye(q.X.columns)));
console.log(`paired Monte Carlo L² − H¹: smallest z = mean/standard error ${Math.min(...gaps.map((g) => g.mean[0] / g.standardError[0])).toFixed(1)}; closed form H¹ < L² on ${closedFormPairs.filter(Boolean).length} of ${closedFormPairs.length} (random design, λ)`);
nb.derivations.check({
  id: "generalisation-H1-below-L2", source: "Prop A.1, part 2", claim: "E_x(ŵ_H¹ᵀx − w*ᵀx)² < E_x(ŵ_L²ᵀx − w*ᵀx)² (in expectation over the noise, as the proof computes)",
  method: `fraction of ${gaps.length} (design, λ) where the paired Monte Carlo difference L² − H¹ is positive by more than ${N.MC_SIGMAS} standard errors (${settings.draws} draws each)`,
  measured: gaps.filter((g) => g.mean[0] > N.MC_SIGMAS * g.standardError[0]).length / gaps.length, expected: 1, tolerance: 0,
});

// %% [markdown]
// Read literally, part 2 compares the two estimates obtained from one data set. For a given draw ε, with
// z = Xᵀε, the difference of generalisation errors H¹ − L² is zᵀ(B⁻¹SB⁻¹ − A⁻¹SA⁻¹)z. When S commutes with A
// (e.g. S = I) this is ≤ 0 for every z; otherwise the matrix can have a positive eigenvalue, and the noise draw
// ε = XA⁻¹v along its eigenvector v makes ŵ_H¹ generalise worse than ŵ_L² (`worstNoiseForH1`). We build that draw
// for the most anisotropic design and compute both estimates from y = Xw\* + ε directly.

// %%
const anisotropic = designs[2];
const worstDraws = lambdas.map((lambda) => ({ lambda: lambda, ...LM.worstNoiseForH1(anisotropic.X, lambda, sigma, anisotropic.secondMoment) }));
const worstDraw = worstDraws.reduce((a, b) => (b.largestEigenvalue > a.largestEigenvalue ? b : a));
const yWorst = N.add(noiseFree(anisotropic), worstDraw.noise);
const risk = (w: number[]) => { const e = N.sub(w, anisotropic.wStar); return N.dot(e, anisotropic.secondMoment.mmul(Matrix.columnVector(e)).to1DArray()); };
const riskL2 = risk(LM.estimatorL2(anisotropic.X, yWorst));
const riskH1 = risk(LM.estimatorH1(anisotropic.X, yWorst, anisotropic.wStar, worstDraw.lambda));
const drawsWorse = mc[2].h1.map((h) => h.fractionH1Worse);
console.log(`λ = ${worstDraw.lambda.toPrecision(3)}, |ε| = σ√N: generalisation error L² ${riskL2.toPrecision(4)}, H¹ ${riskH1.toPrecision(4)}; in the Monte Carlo, H¹ was worse on at most ${(100 * Math.max(...drawsWorse)).toFixed(3)}% of draws`);

// %%
nb.derivations.check({
  id: "generalisation-H1-below-L2-every-draw", source: "Prop A.1, part 2", claim: "E_x(ŵ_H¹ᵀx − w*ᵀx)² < E_x(ŵ_L²ᵀx − w*ᵀx)² for the estimates of a given data set (every noise draw)",
  method: `1 if the inequality holds for the noise draw built by worstNoiseForH1 (design ${anisotropic.label}, λ = ${worstDraw.lambda.toPrecision(3)}, estimates computed from y), else 0`,
  measured: riskH1 < riskL2 ? 1 : 0, expected: 1, tolerance: 0,
  correction: {
    statement: "the inequality holds in expectation over the noise (σ² tr(S B⁻¹AB⁻¹) < σ² tr(S A⁻¹)), and for every draw only when S commutes with XᵀX (e.g. S = I)",
    measured: closedFormPairs.filter(Boolean).length / closedFormPairs.length, expected: 1,
  },
  consequence: "conclusion",
});

// %% [markdown]
// ### Figure: errors against λ
// Left: the in-sample error Σᵢ((ŵ − w\*)ᵀxᵢ)² (the proof's "Var"); right: the generalisation error
// E_x(ŵᵀx − w\*ᵀx)². Markers: Monte Carlo means ± 2 standard errors (design κ(S) = 100); lines: the corrected closed
// forms (L² dashed, H¹ solid); dotted: the formulas as printed (Var_L² = d, Var_H¹ = Σ sᵢ/(√sᵢ + λ)², and Var + σ²).

// %%
const curveLambdas = Array.from({ length: 101 }, (_, i) => 10 ** (-2 + (5 * i) / 100));
const errorRows = linearErrorRows(mc[2], { X: anisotropic.X, sigma: sigma, secondMoment: anisotropic.secondMoment }, curveLambdas);
await showFigure(linearErrorFigure(errorRows, "appA-errors", `Proposition A.1, part 2: errors of ŵ_L² and ŵ_H¹ (N = ${sampleCount}, d = ${dimension}, σ = ${sigma}, ${settings.draws} noise draws)`));
