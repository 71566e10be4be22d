// %% [markdown]
// # 2.2 Exact optimization landscape for a single ReLU node
//
// Section 2.2 of the paper: **Theorem 2.5** (the Hessians of the L² and H¹ population losses of one ReLU node
// g(x; w) = σ(wᵀx) under Gaussian inputs x ~ N(0, I), teacher w\*, and their condition numbers),
// **Remark 2.6** (scaling a loss leaves κ unchanged), **Remark 2.7** (regions of strict convexity) and
// **Corollary 2.8** (one gradient-descent step gets closer to w\* under H¹ than under L²).
// Each formula is computed by `lib/analytic` and checked against an independent computation (central finite
// differences, Monte Carlo over Gaussian inputs, ml-matrix eigenvalues); each check is a row of
// `figures/derivation-checks.csv` with a computed verdict.
//
// Notation (Theorem 2.5): θ = ∠(w, w\*), u = w\*/‖w\*‖, v = w/‖w‖, α = ‖w\*‖ / (2π‖w‖ sin θ), and
// e = (u − cos θ v)/sin θ, the unit vector of the (u, v) plane orthogonal to v.

// %% [markdown]
// ## Settings
// Section 2.2 has no experiment of its own, so the profiles change only how many random points and grid cells are
// checked. Random pairs (w, w\*) satisfy ‖w − w\*‖ < ‖w\*‖ (the setting of Theorems 2.9-2.10) and `sin θ ≥ 0.2` (`randomStudentNearTeacher`).

// %%
import { Matrix } from "ml-matrix";
import * as A from "../dist/lib/analytic/index.js";
import * as N from "../dist/lib/numeric/index.js";
import { byProfile } from "../dist/lib/profile.js";
import { showFigure, showTable } from "../dist/lib/plot/index.js";
import { conditionNumberFigure, convexityRegionFigure } from "../dist/lib/figures/index.js";

const settings = byProfile({
  smoke: { dimensions: [2, 3], pairsPerDimension: 3, monteCarloSamples: 20_000, gridSize: 41, seed: 7 },
  quick: { dimensions: [2, 3, 7], pairsPerDimension: 10, monteCarloSamples: 400_000, gridSize: 121, seed: 7 },
  paper: { dimensions: [2, 3, 7, 20], pairsPerDimension: 25, monteCarloSamples: 2_000_000, gridSize: 241, seed: 7 },
});
const rng = new N.SeededRandom(settings.seed);
const pairs = settings.dimensions.flatMap((d) =>
  Array.from({ length: settings.pairsPerDimension }, () => ({ d, ...A.randomStudentNearTeacher(d, rng) })),
);
type Pair = (typeof pairs)[number];
/** The worst value of a discrepancy over all random pairs. */
const worst = (pairsToCheck: Pair[], gap: (p: Pair) => number): number => Math.max(...pairsToCheck.map(gap));
const asMatrix = (rows: number[][]): Matrix => new Matrix(rows);
console.log(`${pairs.length} random pairs (w, w*) in dimensions ${settings.dimensions.join(", ")}`);

// %% [markdown]
// ## The population losses
// L(w) = E[½(σ(wᵀx) − σ(w\*ᵀx))²] has Tian's closed form ¼‖w‖² + ¼‖w\*‖² − ‖w‖‖w\*‖(sin θ + (π − θ)cos θ)/(2π), and
// J(w) = E[½‖∇ₓσ(wᵀx) − ∇ₓσ(w\*ᵀx)‖²] = ¼‖w‖² + ¼‖w\*‖² − (π − θ) wᵀw\*/(2π). Both are checked against Monte Carlo
// means over Gaussian inputs: the closed form must lie within a few standard errors. The Monte Carlo estimates (also
// of the per-sample gradient, used below) are the one costly step here, so they are a cached run.

// %%
import { cachedRun } from "../dist/lib/runs/index.js";
const monteCarlo = await cachedRun("sec2.2-monte-carlo", { samples: settings.monteCarloSamples, seed: settings.seed, pairs: pairs }, (config) =>
  config.pairs.map((p, k) => {
    const rng = new N.SeededRandom(config.seed * 1000 + k);
    const [lossL, lossJ, gradientJ] = [A.monteCarloLossL, A.monteCarloLossJ, A.monteCarloGradientJ].map((estimate) => estimate(p.w, p.wStar, config.samples, rng));
    return { lossL, lossJ, gradientJ };
  }),
);
const { record } = monteCarlo;
console.log(`Monte Carlo run ${record.runId}: ${monteCarlo.fromCache ? "read from the cache" : "computed"} (${record.wallTimeSeconds.toFixed(1)} s when computed, key ${record.key})`);

// %%
const zScore = (estimate: { mean: number[]; standardError: number[] }, closed: number[]) =>
  Math.max(...closed.map((value, k) => Math.abs(estimate.mean[k] - value) / estimate.standardError[k]));
const estimates = record.results;
for (const name of ["L", "J"] as const) {
  const closed = name === "L" ? A.populationLossL : A.populationLossJ;
  nb.derivations.check({
    id: `loss-${name}-closed-form`, source: name === "L" ? "eq. 1, Tian (2017)" : "eq. 1 (J term)",
    claim: name === "L" ? "L = ¼‖w‖² + ¼‖w*‖² − ‖w‖‖w*‖(sin θ + (π−θ) cos θ)/(2π)" : "J = ¼‖w‖² + ¼‖w*‖² − (π−θ) wᵀw*/(2π)",
    method: `Monte Carlo mean over ${settings.monteCarloSamples} Gaussian inputs per pair; worst |z| = |MC − closed form| / standard error over ${pairs.length} pairs`,
    measured: Math.max(...pairs.map((p, k) => zScore(estimates[k][name === "L" ? "lossL" : "lossJ"], [closed(p.w, p.wStar)]))),
    expected: 0, tolerance: N.MC_SIGMAS,
  });
}

// %% [markdown]
// ## The gradient fields behind eq. (2)
// The proof of Theorem 2.5 differentiates two "population gradients":
// ∇L = ½(w − w\*) + (θ w\* − ‖w\*‖/‖w‖ sin θ w)/(2π) (Tian 2017), and ∇J = (π − θ)/(2π) (w − w\*) + θ/(2π) w (proof of
// Theorem 2.10). ∇L is checked against central differences of L. ∇J is checked as what it could be: the gradient
// of the population loss J, and the expectation of the per-sample gradient that autodiff returns (the indicator
// 1[wᵀx > 0] differentiated as 0). These differ, because the per-sample loss jumps where wᵀx changes sign.

// %%
const fdGradient = (loss: (w: number[], wStar: number[]) => number, p: Pair) =>
  N.centralGradient((w) => loss(w, p.wStar), p.w, N.FD_STEP);
nb.derivations.check({
  id: "grad-L", source: "Thm 2.5 proof (Tian 2017)", claim: "∇L = ½(w − w*) + (θ w* − ‖w*‖/‖w‖ sin θ w)/(2π)",
  method: `central differences of the closed-form L (h = ${N.FD_STEP}); worst relative difference over ${pairs.length} pairs`,
  measured: worst(pairs, (p) => N.relativeDifference(A.populationGradientL(p.w, p.wStar), fdGradient(A.populationLossL, p))),
  expected: 0, tolerance: N.FD_GRADIENT_RELATIVE,
});
nb.derivations.check({
  id: "grad-J-is-expected-per-sample-gradient", source: "Thm 2.5 proof / Thm 2.10 proof",
  claim: "∇J = (π−θ)/(2π) (w − w*) + θ/(2π) w, read as E[∇w ½‖1[wᵀx>0]w − 1[w*ᵀx>0]w*‖²] (autodiff, indicator derivative 0)",
  method: `Monte Carlo mean of the per-sample gradient, ${settings.monteCarloSamples} inputs per pair; worst |z| over components and ${pairs.length} pairs`,
  measured: Math.max(...pairs.map((p, k) => zScore(estimates[k].gradientJ, A.paperGradientJ(p.w, p.wStar)))), expected: 0, tolerance: N.MC_SIGMAS,
});

// %%
nb.derivations.check({
  id: "grad-J-is-gradient-of-population-J", source: "Thm 2.5 proof / Thm 2.10 proof",
  claim: "∇J = (π−θ)/(2π) (w − w*) + θ/(2π) w is the gradient of the population loss J(w)",
  method: `central differences of the closed-form J (h = ${N.FD_STEP}); worst relative difference over ${pairs.length} pairs`,
  measured: worst(pairs, (p) => N.relativeDifference(A.paperGradientJ(p.w, p.wStar), fdGradient(A.populationLossJ, p))),
  expected: 0, tolerance: N.FD_GRADIENT_RELATIVE,
  correction: {
    statement: "the printed field is E[per-sample gradient]; the gradient of J adds the indicator's jump term: ∇J = printed − ‖w*‖ cos θ (u − cos θ v)/(2π sin θ), since J = L + ‖w‖‖w*‖ sin θ/(2π)",
    measured: worst(pairs, (p) => N.relativeDifference(A.exactGradientJ(p.w, p.wStar), fdGradient(A.populationLossJ, p))),
    expected: 0,
  },
  consequence: "conclusion",
});

// %% [markdown]
// ## Theorem 2.5, eq. (2): the Hessians
// Printed in Section 2.2: ∇²L = ½I − α(uuᵀ − cos θ vuᵀ + sin²θ I)(I − vvᵀ) and
// ∇²H = I − α(2uuᵀ − cos θ vuᵀ + sin²θ I)(I − vvᵀ). The reprint in Appendix B has vvᵀ where Section 2.2 has vuᵀ.
// Each matrix is compared with the central-difference Jacobian of the gradient field it differentiates.

// %%
const fdJacobian = (field: (w: number[], wStar: number[]) => number[], p: Pair) =>
  asMatrix(N.centralJacobian((w) => field(w, p.wStar), p.w, N.FD_STEP));
const gapToFd = (hessian: (w: number[], wStar: number[]) => Matrix, field: (w: number[], wStar: number[]) => number[]) =>
  worst(pairs, (p) => N.relativeDifference(hessian(p.w, p.wStar), fdJacobian(field, p)));
const paperFieldH = (w: number[], wStar: number[]) => N.add(A.populationGradientL(w, wStar), A.paperGradientJ(w, wStar));
const fdMethod = (field: string) => `central-difference Jacobian of ${field} (h = ${N.FD_STEP}); worst relative difference over ${pairs.length} pairs`;
nb.derivations.check({
  id: "hessian-L", source: "Thm 2.5, eq. 2 (Section 2.2)", claim: "∇²L = ½I − α(uuᵀ − cos θ vuᵀ + sin²θ I)(I − vvᵀ)",
  method: fdMethod("∇L"), measured: gapToFd(A.hessianL, A.populationGradientL), expected: 0, tolerance: N.FD_JACOBIAN_RELATIVE,
});
nb.derivations.check({
  id: "hessian-L-appendix-print", source: "Thm 2.5, eq. 2 (Appendix B reprint)", claim: "∇²L = ½I − α(uuᵀ − cos θ vvᵀ + sin²θ I)(I − vvᵀ)",
  method: fdMethod("∇L"), measured: gapToFd(A.hessianLAppendixPrint, A.populationGradientL), expected: 0, tolerance: N.FD_JACOBIAN_RELATIVE,
  correction: { statement: "the Section 2.2 print with −cos θ vuᵀ is right (vvᵀ(I − vvᵀ) = 0 drops the term)", measured: gapToFd(A.hessianL, A.populationGradientL), expected: 0 },
  consequence: "typo",
});
nb.derivations.check({
  id: "hessian-H-as-jacobian", source: "Thm 2.5, eq. 2 (Section 2.2)", claim: "∇²H = I − α(2uuᵀ − cos θ vuᵀ + sin²θ I)(I − vvᵀ), the Jacobian of ∇L + ∇J (printed fields)",
  method: fdMethod("∇L + printed ∇J"), measured: gapToFd(A.hessianHPaper, paperFieldH), expected: 0, tolerance: N.FD_JACOBIAN_RELATIVE,
});

// %% [markdown]
// Is eq. (2)'s ∇²H the Hessian of the population loss H = L + J? A Hessian is symmetric; this matrix is not,
// because the printed ∇J is not a gradient field. The Hessian of H itself is compared with central differences of
// central differences of the closed-form H (`h = 1e-4` both times: error ~h² + ε/h², about `1e-8`).

// %%
const populationH = (w: number[], wStar: number[]) => A.populationLossL(w, wStar) + A.populationLossJ(w, wStar);
const NESTED_STEP = 1e-4;
const NESTED_FD_RELATIVE = 1e-6;
const fdHessianH = (p: Pair) =>
  asMatrix(N.centralJacobian((w) => N.centralGradient((x) => populationH(x, p.wStar), w, NESTED_STEP), p.w, NESTED_STEP));
const asymmetry = (m: Matrix) => N.maxAbsDifference(m, m.transpose()) / Math.max(...m.abs().to1DArray());
console.log(`worst relative asymmetry ‖A − Aᵀ‖max/‖A‖max of eq. (2)'s ∇²H: ${worst(pairs, (p) => asymmetry(A.hessianHPaper(p.w, p.wStar))).toExponential(3)}`);
nb.derivations.check({
  id: "hessian-H-as-hessian-of-population-H", source: "Thm 2.5, eq. 2",
  claim: "∇²H = I − α(2uuᵀ − cos θ vuᵀ + sin²θ I)(I − vvᵀ) is the Hessian of H = L + J",
  method: `nested central differences of the closed-form H (h = ${NESTED_STEP}); worst relative difference over ${pairs.length} pairs`,
  measured: worst(pairs, (p) => N.relativeDifference(A.hessianHPaper(p.w, p.wStar), fdHessianH(p))), expected: 0, tolerance: NESTED_FD_RELATIVE,
  correction: {
    statement: "eq. 2's matrix is the (non-symmetric) Jacobian of E[per-sample gradient]; the Hessian of H = 2L + ‖w*‖‖w‖ sin θ/(2π) is I + α(cos 2θ (I − vvᵀ) − (1 + 2 sin²θ) eeᵀ)",
    measured: worst(pairs, (p) => N.relativeDifference(A.exactHessianH(p.w, p.wStar), fdHessianH(p))), expected: 0,
  },
  consequence: "conclusion",
});

// %% [markdown]
// ## Eigenvalues and condition numbers
// The proof of Theorem 2.5 reads off the spectra: ∇²L has ½ (on v), ½ − 2α sin²θ (on e) and "½ − sin²θ with
// multiplicity n − 2"; eq. (2)'s ∇²H has 1, 1 − 3α sin²θ and 1 − α sin²θ. Each is compared with ml-matrix's
// eigenvalues of the closed-form matrix (all real here, as the printed ∇²H is similar to a triangular matrix).

// %%
const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
const spectrumGap = (matrix: typeof A.hessianL, closed: typeof A.eigenvaluesHessianL) => (p: Pair) => {
  const numeric = N.eigenvalues(matrix(p.w, p.wStar));
  const imaginary = Math.max(...numeric.imaginary.map(Math.abs));
  return Math.max(imaginary, N.relativeDifference(sorted(numeric.real), closed(p.w, p.wStar).values));
};
nb.derivations.check({
  id: "eigenvalues-L", source: "Thm 2.5 proof", claim: "eig(∇²L) = {½, ½ − 2α sin²θ, ½ − α sin²θ (×(d−2))}",
  method: `ml-matrix EigenvalueDecomposition of eq. 2's ∇²L; worst relative difference over ${pairs.length} pairs`,
  measured: worst(pairs, spectrumGap(A.hessianL, A.eigenvaluesHessianL)), expected: 0, tolerance: N.EIGEN_RELATIVE,
});
nb.derivations.check({
  id: "eigenvalues-H", source: "Thm 2.5 proof", claim: "eig(∇²H) = {1, 1 − 3α sin²θ, 1 − α sin²θ (×(d−2))}",
  method: `ml-matrix EigenvalueDecomposition of eq. 2's ∇²H (largest |imaginary part| included); worst over ${pairs.length} pairs`,
  measured: worst(pairs, spectrumGap(A.hessianHPaper, A.eigenvaluesHessianHPaper)), expected: 0, tolerance: N.EIGEN_RELATIVE,
});
const bulkPairs = pairs.filter((p) => p.d >= 3);
const bulkGap = (printed: (p: Pair) => number) => (p: Pair) =>
  Math.min(...N.eigenvalues(A.hessianL(p.w, p.wStar)).real.map((value) => Math.abs(value - printed(p))));
nb.derivations.check({
  id: "eigenvalue-L-bulk-print", source: "Thm 2.5 proof", claim: "∇²L has the eigenvalue ½ − sin²θ with multiplicity n − 2",
  method: `distance from the printed value to the nearest ml-matrix eigenvalue of ∇²L; worst over ${bulkPairs.length} pairs with d ≥ 3`,
  measured: worst(bulkPairs, bulkGap((p) => 0.5 - Math.sin(A.angleBetween(p.w, p.wStar)) ** 2)), expected: 0, tolerance: N.EIGEN_RELATIVE,
  correction: {
    statement: "the eigenvalue is ½ − α sin²θ (the α is missing)",
    measured: worst(bulkPairs, bulkGap((p) => A.eigenvaluesHessianL(p.w, p.wStar).bulk.value)), expected: 0,
  },
  consequence: "statement",
});

// %% [markdown]
// The statement of Theorem 2.5 prints κ(∇²H) = 1/(1 − 4α sin²θ) < 1/(1 − 3α sin²θ) = κ(∇²L), valid when
// ‖w\*‖ sin θ/‖w‖ < π/2; its proof ends with κ(∇²L) = 1/(1 − 4α sin²θ) and κ(∇²H) = 1/(1 − 3α sin²θ). They
// cannot both be right (the printed inequality is even reversed: 1/(1 − 4a) > 1/(1 − 3a) for a > 0).
// κ = |λ|max/|λ|min is measured from ml-matrix's eigenvalues.

// %%
const inStatedRange = pairs.filter((p) => A.reluGeometry(p.w, p.wStar).alpha * Math.sin(A.angleBetween(p.w, p.wStar)) ** 2 < 0.25);
const kappa = (matrix: Matrix) => N.conditionNumber(N.eigenvalues(matrix));
const closedKappa = (coefficient: number) => (p: Pair) => {
  const { alpha, sinTheta } = A.reluGeometry(p.w, p.wStar);
  return 1 / (1 - coefficient * alpha * sinTheta ** 2);
};
const kappaGap = (matrix: typeof A.hessianL, predicted: (p: Pair) => number) => (p: Pair) =>
  Math.abs(kappa(matrix(p.w, p.wStar)) / predicted(p) - 1);
nb.derivations.check({
  id: "kappa-statement", source: "Thm 2.5 statement", claim: "κ(∇²H) = 1/(1 − 4α sin²θ) and κ(∇²L) = 1/(1 − 3α sin²θ)",
  method: `κ = |λ|max/|λ|min from ml-matrix eigenvalues; worst relative difference over ${inStatedRange.length} pairs with ‖w*‖ sin θ/‖w‖ < π/2`,
  measured: worst(inStatedRange, (p) => Math.max(kappaGap(A.hessianHPaper, closedKappa(4))(p), kappaGap(A.hessianL, closedKappa(3))(p))),
  expected: 0, tolerance: N.EIGEN_RELATIVE,
  correction: {
    statement: "as in the proof: κ(∇²L) = 1/(1 − 4α sin²θ) > κ(∇²H) = 1/(1 − 3α sin²θ) (the statement swaps L and H)",
    measured: worst(inStatedRange, (p) => Math.max(kappaGap(A.hessianL, closedKappa(4))(p), kappaGap(A.hessianHPaper, closedKappa(3))(p))),
    expected: 0,
  },
  consequence: "statement",
});

// %% [markdown]
// ### Remark 2.6 and what "improves the condition number" applies to
// Scaling a loss scales its Hessian and leaves κ unchanged (Remark 2.6). Theorem 2.5's improvement κ(∇²H) < κ(∇²L)
// holds for eq. (2)'s matrix. For the Hessian of the population loss H = L + J, we measure κ too: since
// H = 2L + ‖w\*‖‖w‖ sin θ/(2π), its smallest eigenvalue is 2λmin(∇²L) while its largest is at least 2λmax(∇²L).

// %%
const fraction = (pairsToCheck: Pair[], holds: (p: Pair) => boolean) => pairsToCheck.filter(holds).length / pairsToCheck.length;
nb.derivations.check({
  id: "remark2.6-scaling", source: "Remark 2.6", claim: "L and 2L have identical condition numbers",
  method: `κ of ml-matrix eigenvalues of ∇²L and 2∇²L; worst relative difference over ${inStatedRange.length} pairs`,
  measured: worst(inStatedRange, (p) => Math.abs(kappa(A.hessianL(p.w, p.wStar).mul(2)) / kappa(A.hessianL(p.w, p.wStar)) - 1)),
  expected: 0, tolerance: N.EIGEN_RELATIVE,
});
nb.derivations.check({
  id: "kappa-improves-eq2", source: "Thm 2.5, Remark 2.6", claim: "Sobolev training improves the condition number: κ(∇²H) < κ(∇²L) (eq. 2's matrices)",
  method: `fraction of ${inStatedRange.length} pairs with κ(eq. 2 ∇²H) < κ(∇²L), ml-matrix eigenvalues`,
  measured: fraction(inStatedRange, (p) => kappa(A.hessianHPaper(p.w, p.wStar)) < kappa(A.hessianL(p.w, p.wStar))), expected: 1, tolerance: 0,
});
nb.derivations.check({
  id: "kappa-improves-population-H", source: "Thm 2.5, Remark 2.6", claim: "Sobolev training improves the condition number: κ(∇²H) < κ(∇²L), for the Hessian of the population loss H = L + J",
  method: `fraction of ${inStatedRange.length} pairs with κ(∇²H) < κ(∇²L), ml-matrix eigenvalues of the exact Hessian of H`,
  measured: fraction(inStatedRange, (p) => kappa(A.exactHessianH(p.w, p.wStar)) < kappa(A.hessianL(p.w, p.wStar))), expected: 1, tolerance: 0,
  correction: {
    statement: "for the population H, κ(∇²H) ≥ κ(∇²L) (equal when d = 2 or cos 2θ ≤ 0): the improvement belongs to the Jacobian of E[per-sample gradient], the field gradient descent on samples follows in expectation",
    measured: fraction(inStatedRange, (p) => kappa(A.exactHessianH(p.w, p.wStar)) >= kappa(A.hessianL(p.w, p.wStar)) * (1 - N.EIGEN_RELATIVE)),
    expected: 1,
  },
  consequence: "conclusion",
});

// %% [markdown]
// ### Figure: condition numbers against θ and against ‖w\*‖/‖w‖
// Lines are the closed forms of the proof (κ(∇²L) dashed, κ(∇²H) of eq. 2 solid); open circles are κ from ml-matrix
// eigenvalues of the matrices themselves (d = 3). The dotted line with × markers is κ of the Hessian of the
// population H; where it lies on κ(∇²L) (large θ) only its markers tell it apart.

// %%
const curves = A.conditionNumberSweep({ ratios: [0.5, 1, 1.5], theta: Math.PI / 4, points: byProfile({ smoke: 12, quick: 60, paper: 120 }) });
await showFigure(conditionNumberFigure(curves, "sec2.2-condition-numbers", "Theorem 2.5: condition numbers of the L² and H¹ Hessians"));
nb.derivations.check({
  id: "kappa-curves-closed-vs-eigen", source: "Thm 2.5 proof", claim: "κ(∇²L) = 1/(1 − 4α sin²θ), κ(∇²H) = 1/(1 − 3α sin²θ) along both sweeps of the figure",
  method: `worst relative difference between the closed forms and κ of ml-matrix eigenvalues, ${curves.points} points per curve, d = 3`,
  measured: curves.worstClosedVsEigen, expected: 0, tolerance: N.EIGEN_RELATIVE,
});

// %% [markdown]
// ## Remark 2.7: regions of strict convexity
// λmin(∇²L) > 0 ⇔ sin θ < π‖w‖/(2‖w\*‖) (region S) and λmin(∇²H) > 0 ⇔ sin θ < 2π‖w‖/(3‖w\*‖) (region S′ ⊃ S), "so
// H is strictly convex over the larger region S′". In the plane of w with w\* = (1, 0), the complement of S is
// two discs ‖w‖ < (2/π) sin θ and the complement of S′ two smaller discs ‖w‖ < (3/(2π)) sin θ. Each grid point is
// classified by ml-matrix eigenvalues and compared with the printed inequalities (points within `1e-9` of a boundary
// are skipped).

// %%
const grid = A.convexityRegionGrid({ size: settings.gridSize, extent: [-1.2, 2.2, -1.2, 1.2] });
await showFigure(convexityRegionFigure(grid, "sec2.2-convexity-regions", "Remark 2.7: where the Hessians are positive definite (w* = (1, 0))"));
nb.derivations.check({
  id: "remark2.7-region-S", source: "Remark 2.7", claim: "λmin(∇²L) > 0 ⇔ sin θ < π‖w‖/(2‖w*‖)",
  method: `fraction of ${grid.classified} grid points where the sign of ml-matrix λmin(∇²L) agrees with the inequality`,
  measured: grid.agreementS, expected: 1, tolerance: 0,
});
nb.derivations.check({
  id: "remark2.7-region-S-prime", source: "Remark 2.7", claim: "λmin(∇²H) > 0 ⇔ sin θ < 2π‖w‖/(3‖w*‖) (eq. 2's ∇²H)",
  method: `fraction of ${grid.classified} grid points where the sign of ml-matrix λmin(eq. 2 ∇²H) agrees with the inequality`,
  measured: grid.agreementSPrime, expected: 1, tolerance: 0,
});
nb.derivations.check({
  id: "remark2.7-convex-on-S-prime", source: "Remark 2.7", claim: "H is strictly convex over the larger region S′ = {sin θ < 2π‖w‖/(3‖w*‖)}",
  method: `fraction of the ${grid.inSPrime} grid points of S′ where the Hessian of the population H is positive definite (ml-matrix)`,
  measured: grid.populationHConvexOnSPrime, expected: 1, tolerance: 0,
  correction: {
    statement: "the population H is strictly convex exactly on S, like L (λmin(∇²H) = 2λmin(∇²L)); S′ is where eq. 2's Jacobian has positive eigenvalues",
    measured: grid.populationHConvexExactlyOnS, expected: 1,
  },
  consequence: "conclusion",
});

// %% [markdown]
// ## Corollary 2.8: one gradient-descent step
// "There exist explicit functions C = C(w, w\*) > 0 and F = F(w, w\*; η) such that whenever η ≤ C, F > 0 and
// ‖w⁽²⁾ − w\*‖ ≤ ‖w⁽¹⁾ − w\*‖ − F", where w⁽¹⁾ = w − η∇L and w⁽²⁾ = w − η∇H. The proof writes the squared step
// lengths and inner products as quadratic forms q(N) = (‖w\*‖, ‖w‖) N (‖w\*‖, ‖w‖)ᵀ of matrices N1-N5, calls N1-N4
// positive semidefinite and N5 negative semidefinite, and gives C = −2∇Jᵀ(w − w\*)/(‖∇L‖² − ‖∇L + ∇J‖²), with
// C = 4/3 at θ = 0. The proof names no F; we take F = ‖w⁽¹⁾ − w\*‖ − ‖w⁽²⁾ − w\*‖, the largest F the inequality allows.

// %%
const residual = (p: Pair) => N.sub(p.w, p.wStar);
const gradLP = (p: Pair) => A.populationGradientL(p.w, p.wStar);
const gradHP = (p: Pair) => A.gradientHPaper(p.w, p.wStar);
const theta = (p: Pair) => A.angleBetween(p.w, p.wStar);
const quadraticForms: Array<[string, typeof A.matrixN1, number, (p: Pair) => number]> = [
  ["N1", A.matrixN1, 1 / (4 * Math.PI ** 2), (p) => N.dot(gradLP(p), gradLP(p))],
  ["N2", A.matrixN2, -1 / (2 * Math.PI), (p) => -2 * N.dot(gradLP(p), residual(p))],
  ["N3", A.matrixN3, 1 / (4 * Math.PI ** 2), (p) => N.dot(gradHP(p), gradHP(p))],
  ["N4", A.matrixN4, -1 / (2 * Math.PI), (p) => -2 * N.dot(gradHP(p), residual(p))],
  ["N5", A.matrixN5, 1 / (4 * Math.PI ** 2), (p) => N.dot(gradLP(p), gradLP(p)) - N.dot(gradHP(p), gradHP(p))],
];
nb.derivations.check({
  id: "cor2.8-quadratic-forms", source: "Cor 2.8 proof", claim: "‖∇L‖² = q(N1)/(4π²), −2∇Lᵀ(w−w*) = −q(N2)/(2π), ‖∇H‖² = q(N3)/(4π²), −2∇Hᵀ(w−w*) = −q(N4)/(2π), ‖∇L‖² − ‖∇H‖² = q(N5)/(4π²)",
  method: `each identity evaluated with the printed gradient fields; worst relative difference over the five identities and ${pairs.length} pairs`,
  measured: worst(pairs, (p) => Math.max(...quadraticForms.map(([, matrix, factor, direct]) => Math.abs(factor * A.normQuadraticForm(matrix(theta(p)), p.w, p.wStar) - direct(p)) / Math.max(1, Math.abs(direct(p)))))),
  expected: 0, tolerance: N.IDENTITY_RELATIVE * 100,
});

// %%
const thetaGrid = (upTo: number) => Array.from({ length: 721 }, (_, i) => (upTo * i) / 720);
const smallestEigenvalue = (matrix: typeof A.matrixN1, sign: 1 | -1, t: number) => Math.min(...N.eigenvalues(matrix(t).mul(sign)).real);
const definiteness: Array<[string, typeof A.matrixN1, 1 | -1]> = [["N1", A.matrixN1, 1], ["N2", A.matrixN2, 1], ["N3", A.matrixN3, 1], ["N4", A.matrixN4, 1], ["−N5", A.matrixN5, -1]];
const worstEigenvalue = (upTo: number) => Math.min(0, ...definiteness.flatMap(([, m, sign]) => thetaGrid(upTo).map((t) => smallestEigenvalue(m, sign, t))));
for (const [name, m, sign] of definiteness) {
  const firstIndefinite = thetaGrid(Math.PI).find((t) => smallestEigenvalue(m, sign, t) < -1e-12);
  console.log(`${name}: ${firstIndefinite === undefined ? "semidefinite on all of [0, π]" : `indefinite from θ ≈ ${firstIndefinite.toFixed(3)}`}`);
}
nb.derivations.check({
  id: "cor2.8-N-definiteness", source: "Cor 2.8 proof", claim: "N1, N2, N3 and N4 are positive semidefinite; N5 is negative semidefinite",
  method: "smallest eigenvalue of N1-N4 and of −N5 (ml-matrix) over 721 angles θ ∈ [0, π]; the claim holds if it is ≥ −1e-12",
  measured: worstEigenvalue(Math.PI), expected: 0, tolerance: 1e-12,
  correction: {
    statement: "they are semidefinite for θ ∈ [0, π/2], which covers the ball ‖w − w*‖ < ‖w*‖ (θ < π/2 there), but not for all θ: N2, N4 and −N5 are indefinite at large angles (printed above)",
    measured: worstEigenvalue(Math.PI / 2), expected: 0,
  },
  consequence: "statement",
});

// %%
const stepRng = new N.SeededRandom(settings.seed + 2);
const improvesBelowC = (p: Pair, gradientJ: typeof A.paperGradientJ) => {
  const C = A.stepSizeBoundC(p.w, p.wStar, gradientJ);
  return C > 0 && [0.01, 0.25, 0.5, 0.75, 0.99, stepRng.uniform()].every((f) => A.stepImprovementF(p.w, p.wStar, f * C, gradientJ) > 0);
};
/** F at η = C relative to the step lengths, so "positive" means beyond rounding (1e-12), not a coin toss at 1e-16. */
const atC = (p: Pair) => A.stepImprovementF(p.w, p.wStar, A.stepSizeBoundC(p.w, p.wStar), A.paperGradientJ) / N.norm(residual(p));
nb.derivations.check({
  id: "cor2.8-improvement", source: "Cor 2.8", claim: "whenever η ≤ C, F > 0 and ‖w⁽²⁾ − w*‖ ≤ ‖w⁽¹⁾ − w*‖ − F",
  method: `C from the proof; F > 0 at η/C ∈ {0.01, 0.25, 0.5, 0.75, 0.99, one random} and F/‖w − w*‖ > 1e-12 at η = C, for ${pairs.length} pairs: fraction of pairs where all hold`,
  measured: fraction(pairs, (p) => improvesBelowC(p, A.paperGradientJ) && atC(p) > 1e-12), expected: 1, tolerance: 0,
  correction: {
    statement: "F > 0 for 0 < η < C (strict, as the proof's own final line has it): at η = C the two steps land equally far from w*, F = 0",
    measured: fraction(pairs, (p) => improvesBelowC(p, A.paperGradientJ) && Math.abs(atC(p)) < 1e-12), expected: 1,
  },
  consequence: "typo",
});
const nearlyAligned = A.teacherStudentPair(3, 1e-7, 1.3);
nb.derivations.check({
  id: "cor2.8-C-at-theta-0", source: "Cor 2.8 proof", claim: "if θ = 0, the condition is 0 < η < 4/3",
  method: "C of the proof at θ = 1e-7, ‖w*‖/‖w‖ = 1.3 (α of Thm 2.5 is undefined at θ = 0 itself)",
  measured: A.stepSizeBoundC(nearlyAligned.w, nearlyAligned.wStar), expected: 4 / 3, tolerance: 1e-6,
});
nb.derivations.check({
  id: "cor2.8-exact-gradient", source: "Cor 2.8 (with the exact ∇H)", claim: "the single-step improvement also holds for gradient descent on the population H (exact gradient of J)",
  method: `C > 0 and F > 0 at η/C ∈ {0.01, ..., 0.99} with exactGradientJ in place of the printed field, ${pairs.length} pairs: fraction where all hold`,
  measured: fraction(pairs, (p) => improvesBelowC(p, A.exactGradientJ)), expected: 1, tolerance: 0,
});

// %% [markdown]
// ## A few spectra, side by side
// For reviewers who want to see numbers rather than verdicts: for three pairs, the closed-form eigenvalues of the
// proof next to ml-matrix's, for ∇²L, eq. (2)'s ∇²H and the Hessian of the population H.

// %%
showTable("sec2.2-spectra", A.spectrumTable(pairs.filter((p) => p.d === 3).slice(0, 3)));
