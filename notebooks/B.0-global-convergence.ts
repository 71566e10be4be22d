// %% [markdown]
// # B.0 Global convergence of Sobolev training (Cocola & Hand)
//
// The theory the paper's Sobolev acceleration builds on: Cocola and Hand, "Global Convergence of Sobolev Training
// for Overparameterized Neural Networks" (LOD 2020, `arXiv:2006.07928`). A two-layer ReLU network
// f(W, x) = Σ\_r a\_r σ(w\_rᵀx) (eq. (4)), initialised as in (9), is trained on the **directional Sobolev loss**
// L(W) = ½Σᵢ(f(W, xᵢ) − yᵢ)² + ½Σᵢ‖Vᵢᵀ∇ₓf(W, xᵢ) − hᵢ‖² by the gradient flow (5). The residuals e (values) and S
// (directional derivatives) obey d(e, S)/dt = −H(t)(e, S) (eq. (14)), and the paper proves
// ‖e(t)‖² + ‖S(t)‖² ≤ exp(−λ\* t)(‖e(0)‖² + ‖S(0)‖²) (Theorem 1), λ\* the least eigenvalue of the Gram matrix H∞
// of Definition 1, bounded below by (1 − kδ₂)δ₁/(100n²) (Proposition 1); with a bias (Theorem 2),
// λ\* ≥ δ/(200n²).
//
// Every formula is computed by `lib/analytic` (closed forms), `lib/models/directionalReluNet.ts` (the network, in
// float64) and `lib/train/directionalSobolevFlow.ts` (the flow, as gradient descent with a small step), and checked
// against an independent computation: Monte Carlo over w with standard errors, central differences, repeated
// initialisations, and the flows themselves. Each check is a row of `figures/derivation-checks.csv`.
//
// The link to the paper (issue 15, item 5): standard L² training of the same network has the Gram matrix
// H∞\_L2, the value block of H∞, with least eigenvalue λ₀. Does the Sobolev flow fit the *values* faster than
// L² training, as the paper's acceleration suggests, or only the combined residual?

// %% [markdown]
// ## Settings
// The paper has no experiment; the profiles change the Monte Carlo sample sizes, the number of initialisations,
// the grid of data sets (n, k, d) for Proposition 1, the widths m and seeds of the flows, and how long they run
// (in units of 1/λ\*). The main data set: n = 8 points on the unit sphere of ℝ⁶, k = 2 random orthonormal
// directions each (redrawn until Assumption 1 holds), targets yᵢ = f\*(xᵢ), hᵢ = Vᵢᵀ∇f\*(xᵢ) of
// f\*(x) = Σ\_q c\_q sin(u\_qᵀx) (3 terms, u\_q ~ N(0, 1.5² I)). The flow is gradient descent with step
// η = 0.25/λmax(H∞), δ = 0.1 wherever a lemma asks for a probability.

// %%
import * as A from "../dist/lib/analytic/index.js";
import * as N from "../dist/lib/numeric/index.js";
import * as Net from "../dist/lib/models/directionalReluNet.js";
import * as F from "../dist/lib/train/directionalSobolevFlow.js";
import { residualStep } from "../dist/lib/train/residualJumps.js";
import { byProfile } from "../dist/lib/profile.js";
import { cachedRun } from "../dist/lib/runs/index.js";
import { showFigure, showTable } from "../dist/lib/plot/index.js";
import { cocolaHandFigure, type CocolaHandRow } from "../dist/lib/figures/index.js";
import { formatValue, md, showMarkdown, verdictCounts } from "../dist/lib/notebook/index.js";
import { claimEvidence, pairedRatio } from "../dist/lib/checks/index.js";

const settings = byProfile({
  smoke: { gramSamples: 20_000, neuronDraws: 200, inits: 20, lemma2Grid: 4, ns: [4, 8], ks: [1, 2], ds: [5, 8], widths: [10, 100, 400], seeds: 1, flowTime: 3, records: 20, biasWidths: [300, 1000], fitSets: 2, fitWidths: [200], seed: 15 },
  quick: { gramSamples: 400_000, neuronDraws: 2_000, inits: 200, lemma2Grid: 9, ns: [4, 8, 16, 32, 64], ks: [1, 2, 3], ds: [5, 10, 20], widths: [5, 10, 20, 50, 100, 300, 1000, 3000, 10_000], seeds: 3, flowTime: 10, records: 80, biasWidths: [100, 1000, 5000], fitSets: 4, fitWidths: [300, 3000], seed: 15 },
  paper: { gramSamples: 2_000_000, neuronDraws: 10_000, inits: 1_000, lemma2Grid: 13, ns: [4, 8, 16, 32, 64, 128], ks: [1, 2, 3, 4], ds: [6, 10, 20, 40], widths: [5, 10, 20, 50, 100, 300, 1000, 3000, 10_000, 30_000, 100_000], seeds: 10, flowTime: 15, records: 150, biasWidths: [100, 1000, 10_000, 30_000], fitSets: 8, fitWidths: [300, 3000, 30_000], seed: 15 },
});
const DELTA = 0.1;
const [n, d, k] = [8, 6, 2];
const data = A.sphereData(n, d, k, new N.SeededRandom(settings.seed));
const targetOf = (dimension: number, seed: number) => A.sineTarget(dimension, 3, 1.5, new N.SeededRandom(seed));
const targets = A.sineTargets(data, targetOf(d, settings.seed + 1));
const Hinf = A.gramInfinity(data);
const G = A.featureGram(data);
const spectrum = A.symmetricEigenvalues(Hinf);
const lambdaStar = spectrum[0];
const step = 0.25 / spectrum[spectrum.length - 1];
const worst = (values: readonly number[]): number => Math.max(...values);
const fraction = <T,>(items: readonly T[], holds: (item: T) => boolean): number => items.filter(holds).length / items.length;
console.log(`main data: n = ${n}, d = ${d}, k = ${k}; δ₁ = ${A.separationDelta1(data).toFixed(3)}, δ₂ = ${A.tiltDelta2(data).toFixed(3)}; λ* = ${lambdaStar.toExponential(3)}, λmax(H∞) = ${spectrum[spectrum.length - 1].toFixed(3)}, step η = ${step.toExponential(2)}`);

// %% [markdown]
// ## Definition 1: the Gram matrix H∞
// [H∞]ₚq = E\_{w~N(0,I)}[Ω(w)ᵀΩ(w)]ₚq, Ω(w) = [σ′(wᵀx₁)x₁, …, σ′(wᵀxₙ)xₙ, σ′(wᵀx₁)V₁, …, σ′(wᵀxₙ)Vₙ]. Every
// entry is E[σ′(wᵀxᵢ)σ′(wᵀxⱼ)] times an inner product of xᵢ, xⱼ or columns of Vᵢ, Vⱼ, and
// E[1{wᵀxᵢ > 0}1{wᵀxⱼ > 0}] = (π − ∠(xᵢ, xⱼ))/(2π) (the arc-cosine kernel of degree 0), so
// H∞ = ((π − θᵢⱼ)/(2π)) ∘ [xᵢᵀxⱼ, xᵢᵀVⱼ; Vᵢᵀxⱼ, VᵢᵀVⱼ] blockwise. The closed form (`gramInfinity`) is compared
// entrywise with a Monte Carlo mean over w (`monteCarloGram`, which builds Ω(w) from the parameter derivatives);
// an entry must lie within `MC_SIGMAS` standard errors.

// %%
const gramMc = await cachedRun("cocola-hand-gram-mc", { samples: settings.gramSamples, seed: settings.seed, x: data.x, frames: data.frames }, (config) =>
  A.monteCarloGram({ x: config.x, frames: config.frames }, config.samples, new N.SeededRandom(config.seed + 2)),
);
nb.derivations.check({
  id: "def1-gram-closed-form", source: "Cocola & Hand, Def. 1",
  claim: "H∞ = E_{w~N(0,I)}[Ω(w)ᵀΩ(w)], entries E[σ′(wᵀxᵢ)σ′(wᵀxⱼ)] uₚᵀu_q with E[σ′σ′] = (π − θᵢⱼ)/(2π)",
  method: `Monte Carlo mean of Ω(w)ᵀΩ(w) over ${settings.gramSamples} draws of w (main data, n(k+1) = ${n * (k + 1)}); worst |z| over entries`,
  measured: A.worstGramZ(gramMc.record.results, Hinf), expected: 0, tolerance: N.MC_SIGMAS,
});

// %% [markdown]
// Eq. (14) and the blocks A\_r, B\_r, C\_r: H(t) = Σ\_r H\_r(t), H\_r = Ω\_rᵀΩ\_r with [A\_r]ᵢⱼ = (1/m)σ′σ′xᵢᵀxⱼ,
// [B\_r]ᵢⱼ = (1/m)σ′σ′xᵢᵀVⱼ, [C\_r]ᵢⱼ = (1/m)σ′σ′VᵢᵀVⱼ, i.e. H = JJᵀ for the Jacobian J of the outputs
// (f(W, xᵢ), Vᵢᵀ∇ₓf(W, xᵢ)) with respect to W. `empiricalGram` (the block formulas) is compared with JJᵀ from
// central differences of `networkOutputs` (piecewise linear in W, so the differences are exact up to rounding).
// Then one gradient step of size η₀ is taken, so small that no w\_rᵀxᵢ changes sign: by eq. (14), (e, S) changes by
// −η₀H(e, S).

// %%
const smallNet = Net.initialiseReluNet(15, d, new N.SeededRandom(settings.seed + 3));
const outputsAt = (flat: number[]) => {
  const { f, F: Fbar } = Net.networkOutputs({ ...smallNet, W: Float64Array.from(flat) }, data);
  return [...f, ...Fbar];
};
const jacobian = N.centralJacobian(outputsAt, [...smallNet.W], N.FD_STEP);
const jjT = jacobian.map((row) => jacobian.map((other) => N.dot(row, other)));
nb.derivations.check({
  id: "eq14-gram-blocks", source: "Cocola & Hand, Sec. 3, A_r, B_r, C_r and H(t)",
  claim: "H = Σ_r H_r with the printed blocks A_r, B_r, C_r equals JJᵀ, J the Jacobian of (f(W, xᵢ), Vᵢᵀ∇ₓf(W, xᵢ)) in W",
  method: `central differences (h = ${N.FD_STEP}) of the network outputs, width 15, main data; relative difference of JJᵀ to the block formulas`,
  measured: N.relativeDifference(jjT.flat(), Net.empiricalGram(smallNet, data, G).flat()), expected: 0, tolerance: N.FD_JACOBIAN_RELATIVE,
});
const tinyStep = 1e-6;
const r0 = Net.residualsOf(smallNet, data, targets);
const stepped = Net.cloneReluNet(smallNet);
Net.directionalSobolevGradient(smallNet, data, r0, 1).forEach((g, q) => { stepped.W[q] -= tinyStep * g; });
const r1 = Net.residualsOf(stepped, data, targets);
const H15 = Net.empiricalGram(smallNet, data, G);
nb.derivations.check({
  id: "eq14-residual-dynamics", source: "Cocola & Hand, eq. 14",
  claim: "d(e, S)/dt = −H(t)(e, S) along the gradient flow (5) (here: away from sign changes of w_rᵀxᵢ)",
  method: `one gradient step η₀ = ${tinyStep} of the directional Sobolev loss (width 15): (r(η₀) − r(0))/η₀ against −H(0)r(0); relative difference`,
  measured: N.relativeDifference([...r1].map((v, p) => (v - r0[p]) / tinyStep), H15.map((row) => -N.dot(row, [...r0]))), expected: 0, tolerance: N.FD_GRADIENT_RELATIVE,
});

// %% [markdown]
// ### Lemma 1: ‖H\_r‖₂ ≤ n(k+1)/m
// With a\_r² = 1/m, mH\_r = Ω(w\_r)ᵀΩ(w\_r); its largest eigenvalue is checked over draws of w against n(k+1).

// %%
const neuronRng = new N.SeededRandom(settings.seed + 4);
const neuronNorms = Array.from({ length: settings.neuronDraws }, () => {
  const single: Net.ReluNet = { m: 1, d: d, W: Float64Array.from(neuronRng.gaussianVector(d)), a: Float64Array.of(1) };
  const eigen = A.symmetricEigenvalues(Net.empiricalGram(single, data, G));
  return eigen[eigen.length - 1];
});
nb.derivations.check({
  id: "lemma1-Hr-norm", source: "Cocola & Hand, Lemma 1", claim: "‖H_r(t)‖₂ ≤ n(k+1)/m",
  method: `largest eigenvalue of m·H_r = Ω(w)ᵀΩ(w) over ${settings.neuronDraws} draws w ~ N(0, I), divided by n(k+1) = ${n * (k + 1)}`,
  measured: worst(neuronNorms) / (n * (k + 1)), relation: "<", expected: 1, tolerance: 0,
});

// %% [markdown]
// ## Lemma 2: λmin(H(0)) ≥ ¾λ\* with probability 1 − δ once m ≥ 32n(k+1) ln(n(k+1)/δ)/λ\*
// Its proof starts from E[H(0)] = H∞: H(0) is the mean of m independent copies of Ω(w)ᵀΩ(w), so
// E‖H(0) − H∞‖²\_F = (1/m) Σₚq pᵢⱼ(1 − pᵢⱼ)(uₚᵀu\_q)² (`gramInfinityVariance`). For widths on a geometric grid up to
// Lemma 2's width, `settings.inits` initialisations (9) each give λmin(H(0)), ‖H(0) − H∞‖²\_F and, for Lemma 3,
// ‖e(0)‖ + ‖S(0)‖ and the mean squares of f(W, xᵢ) and F̄(W, xᵢ) = Vᵢᵀ∇ₓf(W, xᵢ).

// %%
const lemma2M = A.lemma2Width(n, k, lambdaStar, DELTA);
const lemma2Widths = Array.from({ length: settings.lemma2Grid }, (_, q) => Math.ceil(lemma2M * 10 ** (-3 + (3 * q) / (settings.lemma2Grid - 1))));
const initRun = await cachedRun("cocola-hand-initialisations", { widths: lemma2Widths, inits: settings.inits, seed: settings.seed, x: data.x, frames: data.frames, targets: targets }, (config) => {
  const inputs = { x: config.x, frames: config.frames };
  const features = A.featureGram(inputs);
  const closed = A.gramInfinity(inputs);
  return config.widths.map((m, w) => {
    const rng = new N.SeededRandom(config.seed * 1000 + w);
    const trials = Array.from({ length: config.inits }, () => {
      const net = Net.initialiseReluNet(m, inputs.x[0].length, rng);
      const patterns = Net.activationPatterns(net, inputs);
      const H0 = Net.empiricalGram(net, inputs, features, patterns);
      const { f, F: Fbar } = Net.networkOutputs(net, inputs, patterns);
      const r = Net.residualsOf(net, inputs, config.targets, patterns);
      const count = f.length;
      return {
        lambdaMin: A.symmetricEigenvalues(H0)[0],
        gramError2: H0.reduce((s, row, p) => s + row.reduce((t, v, q) => t + (v - closed[p][q]) ** 2, 0), 0),
        residualSum: Math.hypot(...r.slice(0, count)) + Math.hypot(...r.slice(count)),
        meanF2: f.reduce((s, v) => s + v * v, 0) / count,
        meanFbar2: Fbar.reduce((s, v) => s + v * v, 0) / count,
      };
    });
    return { m, trials };
  });
});
const inits = initRun.record.results;
console.log(`initialisations ${initRun.record.runId}: ${initRun.fromCache ? "read from the cache" : "computed"} (${initRun.record.wallTimeSeconds.toFixed(1)} s when computed); Lemma 2 width ${Math.ceil(lemma2M)}`);
const variance = A.gramInfinityVariance(data);
const meanAndError = (values: number[]) => {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
  return { mean, error: sd / Math.sqrt(values.length) };
};
nb.derivations.check({
  id: "lemma2-expected-H0", source: "Cocola & Hand, Lemma 2 proof (E[H(0)] = H∞)",
  claim: "E[H(0)] = H∞ (H(0) the mean of m independent Ω(w_r)ᵀΩ(w_r)), hence E‖H(0) − H∞‖²_F = (1/m)Σ p(1 − p)(uₚᵀu_q)²",
  method: `m·‖H(0) − H∞‖²_F averaged over ${settings.inits} initialisations per width (${lemma2Widths.length} widths up to ${lemma2Widths[lemma2Widths.length - 1]}); worst |z| against the closed form`,
  measured: worst(inits.map((w) => { const s = meanAndError(w.trials.map((t) => w.m * t.gramError2)); return Math.abs(s.mean - variance) / s.error; })),
  expected: 0, tolerance: N.MC_SIGMAS,
});
const lemma2Rate = (w: (typeof inits)[number]) => fraction(w.trials, (t) => t.lambdaMin >= 0.75 * lambdaStar);
nb.derivations.check({
  id: "lemma2-probability", source: "Cocola & Hand, Lemma 2",
  claim: "for m ≥ 32n(k+1) ln(n(k+1)/δ)/λ*, λmin(H(0)) ≥ ¾λ* with probability at least 1 − δ (δ = 0.1)",
  method: `fraction of ${settings.inits} initialisations (9) at m = ${lemma2Widths[lemma2Widths.length - 1]} (Lemma 2's width) with λmin(H(0)) ≥ ¾λ*`,
  measured: lemma2Rate(inits[inits.length - 1]), relation: ">", expected: 1 - DELTA, tolerance: 0,
});

// %% [markdown]
// ### Lemma 3: the residuals at initialisation
// Its proof uses E[f(W, xᵢ)²] ≤ 1 and E‖F̄(W, xᵢ)‖² ≤ k (both are in fact ½ and k/2: σ(g)² and 1{g > 0}(vᵀg)² are
// even in g half the time); the lemma states ‖e(0)‖ + ‖S(0)‖ ≤ (2√(nk) + γ)/√δ with probability 1 − δ. Markov's
// inequality applied to E[‖e(0)‖ + ‖S(0)‖] ≤ 2√(nk) + γ gives (2√(nk) + γ)/δ; the printed √δ needs a second
// moment, but the statement is checked as printed.

// %%
const allTrials = inits.flatMap((w) => w.trials);
const gamma = Math.hypot(...targets.y) + Math.hypot(...targets.h);
nb.derivations.check({
  id: "lemma3-moments", source: "Cocola & Hand, Lemma 3 proof", claim: "E[f(W, xᵢ)²] ≤ 1 and E‖Vᵢᵀ∇ₓf(W, xᵢ)‖² ≤ k at initialisation (9)",
  method: `larger of mean f² and mean ‖F̄‖²/k over points and ${allTrials.length} initialisations (all widths); ½ expected for both`,
  measured: Math.max(meanAndError(allTrials.map((t) => t.meanF2)).mean, meanAndError(allTrials.map((t) => t.meanFbar2)).mean / k), relation: "<", expected: 1, tolerance: 0,
});
nb.derivations.check({
  id: "lemma3-probability", source: "Cocola & Hand, Lemma 3", claim: "‖e(0)‖ + ‖S(0)‖ ≤ (2√(nk) + γ)/√δ with probability at least 1 − δ (δ = 0.1)",
  method: `smallest fraction over the ${lemma2Widths.length} widths of ${settings.inits} initialisations satisfying the bound`,
  measured: Math.min(...inits.map((w) => fraction(w.trials, (t) => t.residualSum <= A.lemma3Bound(n, k, gamma, DELTA)))), relation: ">", expected: 1 - DELTA, tolerance: 0,
});

// %% [markdown]
// ### Figure: H(0) against H∞
// Left: the fraction of initialisations with λmin(H(0)) ≥ ¾λ\* against m, with 1 − δ and Lemma 2's width. Right:
// the root mean square of ‖H(0) − H∞‖\_F against m, with the closed form √(Σp(1 − p)(uₚᵀu\_q)²/m).

// %%
const lemma2Rows: CocolaHandRow[] = [
  ...inits.map((w) => ({ panel: "Lemma 2: P[λmin(H(0)) ≥ ¾λ*]", series: "fraction of initialisations", group: "measured", style: "marker" as const, x: w.m, y: lemma2Rate(w) })),
  ...[lemma2Widths[0], lemma2M].map((m) => ({ panel: "Lemma 2: P[λmin(H(0)) ≥ ¾λ*]", series: "1 − δ", group: "", style: "reference" as const, x: m, y: 1 - DELTA })),
  ...[0, 1].map((y) => ({ panel: "Lemma 2: P[λmin(H(0)) ≥ ¾λ*]", series: "Lemma 2's width", group: "", style: "bound" as const, x: lemma2M, y })),
  ...inits.map((w) => ({ panel: "E[H(0)] = H∞: concentration", series: "rms ‖H(0) − H∞‖_F", group: "measured", style: "marker" as const, x: w.m, y: Math.sqrt(meanAndError(w.trials.map((t) => t.gramError2)).mean) })),
  ...lemma2Widths.map((m) => ({ panel: "E[H(0)] = H∞: concentration", series: "√(Σp(1 − p)(uᵀu)²/m)", group: "", style: "reference" as const, x: m, y: Math.sqrt(variance / m) })),
  ...lemma2Widths.map((m) => ({ panel: "E[H(0)] = H∞: concentration", series: "λ*/4", group: "", style: "bound" as const, x: m, y: lambdaStar / 4 })),
];
await showFigure(cocolaHandFigure(lemma2Rows, [
  { title: "Lemma 2: P[λmin(H(0)) ≥ ¾λ*]", xTitle: "width m", yTitle: "fraction of initialisations", xLog: true },
  { title: "E[H(0)] = H∞: concentration", xTitle: "width m", yTitle: "‖H(0) − H∞‖_F", xLog: true, yLog: true },
], "appB0-lemma2", `Lemma 2 on the main data (n = ${n}, k = ${k}, d = ${d}, ${settings.inits} initialisations per width)`));
const enoughFrom = inits.find((w) => inits.filter((v) => v.m >= w.m).every((v) => lemma2Rate(v) >= 1 - DELTA));
showMarkdown(md`Lemma 2 asks for m ≥ ${lemma2M}; the fraction of initialisations with λmin(H(0)) ≥ ¾λ* is at least 1 − δ from m = ${enoughFrom?.m ?? Number.NaN} on, ` +
  md`a factor ${lemma2M / (enoughFrom?.m ?? Number.NaN)} below.`);

// %% [markdown]
// ## Proposition 1: λ\* ≥ (1 − kδ₂)δ₁/(100n²), and Theorem 2's δ/(200n²)
// Over a grid of data sets (n, k, d), λ\* of H∞ is compared with Proposition 1's bound, and the steps of its proof
// (Appendix B) are checked one by one: Lemma 5, λmin(E[M(w)]) ≥ δ₁/(100n²) with E[M]ᵢⱼ = (π − θᵢⱼ)/(2π); Lemma 6,
// λmin(XᵢᵀXᵢ) ≥ 1 − kδ₂ for Xᵢ = [xᵢ, Vᵢ]; and the block-Hadamard step (Propositions 2-3),
// λ\* ≥ λmin(E[M]) · minᵢ λmin(XᵢᵀXᵢ). For Theorem 2 the same data get a bias: the network (10) is the network (4)
// on the lifted points x̃ = (αx, β) with frames (V; 0) and targets (y, h/α) (`liftWithBias`), which satisfy
// Assumption 1 with δ₁ ≥ δ = min(αδ̂₁, 2β) and δ₂ ≤ α = 1/(2k); so Proposition 1 gives λ\* ≥ ½δ/(100n²). The same
// grid also gives item 5's first comparison: H∞\_L2 is the leading n × n block of H∞, so by Cauchy interlacing
// λ\* ≤ λ₀.

// %%
const gridRng = new N.SeededRandom(settings.seed + 5);
const grid = settings.ns.flatMap((nn) => settings.ks.flatMap((kk) => settings.ds.filter((dd) => dd >= kk + 2).map((dd) => {
  const set = A.sphereData(nn, dd, kk, gridRng);
  const lifted = A.liftWithBias(set).data;
  const { alpha, beta } = A.biasConstants(kk);
  return {
    n: nn, k: kk, d: dd,
    lambdaStar: A.lambdaStar(set), lambdaZero: A.lambdaZeroL2(set), bound: A.proposition1Bound(set),
    kernelMin: A.activationKernelMinEigenvalue(set), lemma5: A.lemma5Bound(set),
    frameMin: A.frameGramMinEigenvalue(set), lemma6: 1 - kk * A.tiltDelta2(set),
    liftedLambdaStar: A.lambdaStar(lifted), theorem2: A.theorem2Bound(A.separationHatDelta1(set), nn, kk),
    liftedDelta1: A.separationDelta1(lifted), liftedDelta2: A.tiltDelta2(lifted), delta: Math.min(alpha * A.separationHatDelta1(set), 2 * beta),
  };
})));
type GridRow = (typeof grid)[number];
const gridMethod = (what: string) => `fraction of ${grid.length} data sets (n ∈ {${settings.ns}}, k ∈ {${settings.ks}}, d ∈ {${settings.ds}}, d ≥ k + 2) where ${what}`;
const gridChecks: Array<{ id: string; source: string; claim: string; what: string; holds: (g: GridRow) => boolean }> = [
  { id: "prop1-bound", source: "Cocola & Hand, Prop. 1", claim: "λ* ≥ (1 − kδ₂)δ₁/(100n²) under Assumption 1", what: "λmin(H∞) (ml-matrix) ≥ the bound", holds: (g) => g.lambdaStar >= g.bound },
  { id: "lemma5-kernel", source: "Cocola & Hand, Lemma 5 (from Oymak & Soltanolkotabi)", claim: "E[M(w)] ⪰ δ₁/(100n²) I", what: "λmin((π − θᵢⱼ)/(2π)) ≥ δ₁/(100n²)", holds: (g) => g.kernelMin >= g.lemma5 },
  { id: "lemma6-gershgorin", source: "Cocola & Hand, Lemma 6", claim: "λmin(XᵢᵀXᵢ) ≥ 1 − kδ₂ > 0 for Xᵢ = [xᵢ, Vᵢ]", what: "minᵢ λmin(XᵢᵀXᵢ) ≥ 1 − kδ₂ − EIGEN_RELATIVE > 0 (for k = 1 the bound is attained: λmin(XᵢᵀXᵢ) = 1 − ‖Vᵢᵀxᵢ‖)", holds: (g) => g.frameMin >= g.lemma6 - N.EIGEN_RELATIVE && g.lemma6 > 0 },
  { id: "prop1-block-hadamard", source: "Cocola & Hand, App. B, Props. 2-3", claim: "λ* ≥ λmin(E[M]) · minᵢ λmin(XᵢᵀXᵢ) (block Hadamard product of E[M] ⊗ I with XᵀX)", what: "λ* ≥ λmin(E[M]) · minᵢ λmin(XᵢᵀXᵢ)", holds: (g) => g.lambdaStar >= g.kernelMin * g.frameMin * (1 - N.EIGEN_RELATIVE) },
  { id: "thm2-lifted-assumption1", source: "Cocola & Hand, Sec. 2.1 / Thm 2", claim: "with x̃ = (αx, β), Ṽ = (V; 0): δ₁(x̃) ≥ δ = min(αδ̂₁, 2β) and δ₂(x̃) ≤ α = 1/(2k), so Prop. 1 applies", what: "both hold for the lifted data", holds: (g) => g.liftedDelta1 >= g.delta * (1 - N.EIGEN_RELATIVE) && g.liftedDelta2 <= 1 / (2 * g.k) },
  { id: "thm2-bound", source: "Cocola & Hand, Thm 2", claim: "λ* ≥ δ/(200n²), δ = min(αδ̂₁, 2β), for the network with bias", what: "λmin of the lifted H∞ ≥ δ/(200n²)", holds: (g) => g.liftedLambdaStar >= g.theorem2 },
  { id: "lambda-star-below-lambda0", source: "Cocola & Hand, Def. 1 vs standard training (Cauchy interlacing)", claim: "λ* ≤ λ₀: the Sobolev Gram matrix's least eigenvalue is at most that of its value block H∞_L2", what: "λ* ≤ λ₀", holds: (g) => g.lambdaStar <= g.lambdaZero * (1 + N.EIGEN_RELATIVE) },
];
for (const c of gridChecks) {
  nb.derivations.check({ id: c.id, source: c.source, claim: c.claim, method: gridMethod(c.what), measured: fraction(grid, c.holds), expected: 1, tolerance: 0 });
}

// %% [markdown]
// How loose the bounds are: λ\*/bound per data set, and the measured λ\*, λ₀ beside them.

// %%
const sig = (x: number) => Number(x.toPrecision(3));
showTable("appB0-lambda-bounds-table", grid.map((g) => ({
  n: g.n, k: g.k, d: g.d, "λ*": sig(g.lambdaStar), "Prop. 1 bound": sig(g.bound), "λ*/bound": sig(g.lambdaStar / g.bound),
  "λ* with bias": sig(g.liftedLambdaStar), "Thm 2 bound δ/(200n²)": sig(g.theorem2), "λ*/bound (bias)": sig(g.liftedLambdaStar / g.theorem2), "λ₀ (L²)": sig(g.lambdaZero),
})));
const boundRows: CocolaHandRow[] = grid.flatMap((g) => [
  { panel: "no bias: Prop. 1", series: `λ*, k = ${g.k}`, group: `k = ${g.k}`, style: "marker" as const, x: g.n, y: g.lambdaStar },
  { panel: "no bias: Prop. 1", series: `(1 − kδ₂)δ₁/(100n²), k = ${g.k}`, group: `k = ${g.k}`, style: "open-marker" as const, x: g.n, y: g.bound },
  { panel: "with bias: Thm 2", series: `λ*, k = ${g.k}`, group: `k = ${g.k}`, style: "marker" as const, x: g.n, y: g.liftedLambdaStar },
  { panel: "with bias: Thm 2", series: `δ/(200n²), k = ${g.k}`, group: `k = ${g.k}`, style: "open-marker" as const, x: g.n, y: g.theorem2 },
]);
await showFigure(cocolaHandFigure(boundRows, [
  { title: "no bias: Prop. 1", xTitle: "n (points)", yTitle: "λ* (filled) and its bound (open)", xLog: true, yLog: true, xTicks: settings.ns },
  { title: "with bias: Thm 2", xTitle: "n (points)", yTitle: "λ* (filled) and its bound (open)", xLog: true, yLog: true, xTicks: settings.ns },
], "appB0-lambda-bounds", `λ* against the printed bounds, d ∈ {${settings.ds.join(", ")}} at each n`));
const ratios = grid.map((g) => g.lambdaStar / g.bound);
const biasRatios = grid.map((g) => g.liftedLambdaStar / g.theorem2);
showMarkdown(md`Over these data sets λ* lies between ${Math.min(...grid.map((g) => g.lambdaStar))} and ${Math.max(...grid.map((g) => g.lambdaStar))}; Proposition 1's bound is below it by a factor ${Math.min(...ratios)} to ${Math.max(...ratios)}, and Theorem 2's by ${Math.min(...biasRatios)} to ${Math.max(...biasRatios)}. ` +
  md`The bounds fall like 1/n² while λ* does not fall with n on these random data (largest n: λ* from ${Math.min(...grid.filter((g) => g.n === Math.max(...settings.ns)).map((g) => g.lambdaStar))}); on the main data set λ* = ${lambdaStar}.`);

// %% [markdown]
// ## Theorem 1: the flow
// Gradient descent with step η on the directional Sobolev loss, from the initialisation (9), for widths m and seeds of
// the profile, run to t = `flowTime`/λ\*. Recorded along the run: the combined residual ‖e(t)‖² + ‖S(t)‖² against
// exp(−λ\* t)(‖e(0)‖² + ‖S(0)‖²) (Theorem 1), the weight movement maxᵣ‖w\_r(t) − w\_r(0)‖ against Lemma 4's
// R = (4/λ\*)√(kn/m)(‖e(0)‖ + ‖S(0)‖), and ‖H(t) − H(0)‖\_F against λ\*/4 (the neighbourhood B₀ of Section 3.1; the
// proof shows τ₀ = ∞, i.e. the drift never reaches λ\*/4, once m = Ω(n⁶k⁴γ²/(λ\*⁴δ³))). The same initialisations are
// also trained on the L² loss (derivative weight 0) for item 5.

// %%
type FlowJob = { label: string; m: number; seed: number; derivativeWeight: number };
const flowConfig = (jobs: FlowJob[], inputs: A.DirectionalInputs, goal: A.DirectionalTargets, lambda: number, eta: number) => ({
  jobs, x: inputs.x, frames: inputs.frames, targets: goal, step: eta, time: settings.flowTime / lambda, records: settings.records,
});
const runFlows = (config: ReturnType<typeof flowConfig>) => {
  const inputs = { x: config.x, frames: config.frames };
  const features = A.featureGram(inputs);
  return config.jobs.map((job) => {
    const net = Net.initialiseReluNet(job.m, inputs.x[0].length, new N.SeededRandom(job.seed));
    return { ...job, trace: F.directionalSobolevFlow(net, inputs, config.targets, { step: config.step, time: config.time, derivativeWeight: job.derivativeWeight, records: config.records, featureGram: features }) };
  });
};
const seeds = Array.from({ length: settings.seeds }, (_, s) => settings.seed * 100 + s);
const thm1Jobs: FlowJob[] = settings.widths.flatMap((m) => seeds.flatMap((seed) => [1, 0].map((c) => ({ label: "main", m, seed: seed + m, derivativeWeight: c }))));
const thm1Run = await cachedRun("cocola-hand-theorem1-flows", flowConfig(thm1Jobs, data, targets, lambdaStar, step), runFlows);
console.log(`Theorem 1 flows ${thm1Run.record.runId}: ${thm1Run.fromCache ? "read from the cache" : "computed"} (${thm1Run.record.wallTimeSeconds.toFixed(1)} s when computed)`);
const sobolevRuns = thm1Run.record.results.filter((r) => r.derivativeWeight === 1);
/** max over t > 0 of (‖e‖² + ‖S‖²)(t) / (exp(−λt)(‖e(0)‖² + ‖S(0)‖²)): the bound holds along the run iff ≤ 1. */
const boundRatio = (trace: F.DirectionalFlowTrace, lambda: number) => {
  const start = trace.valueResidual[0] + trace.derivativeResidual[0];
  return Math.max(...trace.t.slice(1).map((t, q) => (trace.valueResidual[q + 1] + trace.derivativeResidual[q + 1]) / (Math.exp(-lambda * t) * start)));
};
const radiusOf = (run: (typeof sobolevRuns)[number]) => {
  const start = Math.sqrt(run.trace.valueResidual[0]) + Math.sqrt(run.trace.derivativeResidual[0]);
  return A.lemma4Radius(n, k, run.m, lambdaStar, start);
};
const widest = Math.max(...settings.widths);
const holdsAt = (m: number) => fraction(sobolevRuns.filter((r) => r.m === m), (r) => boundRatio(r.trace, lambdaStar) <= 1);
const holdingFrom = settings.widths.filter((m) => settings.widths.filter((w) => w >= m).every((w) => holdsAt(w) === 1))[0];
/** The first record above the bound (−1 when none), and whether ‖e‖² + ‖S‖² rose since the record before it. */
const firstViolation = (trace: F.DirectionalFlowTrace, lambda: number) => {
  const total = trace.valueResidual.map((v, q) => v + trace.derivativeResidual[q]);
  const q = total.findIndex((v, p) => p > 0 && v > Math.exp(-lambda * trace.t[p]) * total[0]);
  return { index: q, time: q < 0 ? Infinity : trace.t[q], afterIncrease: q > 0 && total[q] > total[q - 1] };
};
/**
 * Among runs whose H(t) kept λmin(H(t)) at least half of λ* at every record (there eq. (14) alone gives the bound, as in Lemma 4's
 * proof), the fraction of those crossing the bound whose first crossing follows a rise of the loss (1 when none crosses).
 */
const crossingsAfterRise = (runs: Array<{ trace: F.DirectionalFlowTrace }>, lambda: number) => {
  const crossing = runs.filter((r) => Math.min(...r.trace.gramMin) >= lambda / 2 && firstViolation(r.trace, lambda).index > 0);
  return { count: crossing.length, fraction: crossing.length === 0 ? 1 : fraction(crossing, (r) => firstViolation(r.trace, lambda).afterIncrease) };
};
/** Spearman's rank correlation of x and y (ties get their mean rank): does y grow with x? */
const rankCorrelation = (x: number[], y: number[]): number => {
  const ranks = (v: number[]) => v.map((a) => v.filter((b) => b < a).length + (v.filter((b) => b === a).length + 1) / 2);
  const [rx, ry] = [ranks(x), ranks(y)];
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const [mx, my] = [mean(rx), mean(ry)];
  const dot = (a: number[], ma: number, b: number[], mb: number) => a.reduce((sum, ai, i) => sum + (ai - ma) * (b[i] - mb), 0);
  return dot(rx, mx, ry, my) / Math.sqrt(dot(rx, mx, rx, mx) * dot(ry, my, ry, my));
};
/** λ* t of the first record above the bound; a run that never crosses counts past the end of the run. */
const firstCrossingTime = (trace: F.DirectionalFlowTrace, lambda: number) => Math.min(lambda * firstViolation(trace, lambda).time, 2 * settings.flowTime);
/**
 * Theorem 1 asks for m beyond every width we can run (requiredWidth below); what finite widths can show is the
 * approach to it, so the check is the trend, not the bound itself: not an erratum of a theorem whose hypothesis is unmet.
 */
const widening = (runs: Array<{ m: number; trace: F.DirectionalFlowTrace }>, lambda: number): number => {
  const times = runs.map((r) => firstCrossingTime(r.trace, lambda));
  // No run crossed: the bound held at every width, the most the trend can say (the correlation would be 0/0).
  return times.every((t) => t === 2 * settings.flowTime) ? 1 : rankCorrelation(runs.map((r) => r.m), times);
};
nb.derivations.check({
  id: "thm1-rate-bound-widening", source: "Cocola & Hand, Thm 1",
  claim: "‖e(t)‖² + ‖S(t)‖² ≤ exp(−λ* t)(‖e(0)‖² + ‖S(0)‖²) once m = Ω(n⁶k⁴γ²/(λ*⁴δ³)); below that width, the bound holds for longer as m grows",
  method: `gradient descent (η = ${step.toExponential(2)}) to t = ${settings.flowTime}/λ*, ${settings.seeds} seeds at each m in {${settings.widths.join(", ")}}; Spearman rank correlation of m with λ* t of the first record above the bound (never crossed: counted past the run's end; 1 when no run crosses)`,
  measured: widening(sobolevRuns, lambdaStar), relation: ">", expected: 0, tolerance: 0,
});
nb.derivations.check({
  id: "thm1-crossings-follow-jumps", source: "Cocola & Hand, Thm 1 and Lemma 4 (eq. 14 erratum)",
  claim: "where the bound is crossed at a width below Theorem 1's while λmin(H(t)) ≥ λ*/2, the crossing follows a rise of the loss, which the flow of eq. (14) cannot produce: a jump of S at a sign change",
  method: `fraction of such first crossings, over all ${sobolevRuns.length} Sobolev runs, that come right after a record where ‖e‖² + ‖S‖² rose (1 when none crosses)`,
  measured: crossingsAfterRise(sobolevRuns, lambdaStar).fraction, expected: 1, tolerance: 0,
});
const bounded = sobolevRuns.filter((r) => boundRatio(r.trace, lambdaStar) <= 1);
nb.derivations.check({
  id: "lemma4-weight-radius", source: "Cocola & Hand, Lemma 4",
  claim: "‖w_r(t) − w_r(0)‖ ≤ R = (4/λ*)√(kn/m)(‖e(0)‖ + ‖S(0)‖) while the rate bound holds",
  method: `largest maxᵣ‖w_r(t) − w_r(0)‖/R over the ${bounded.length} Sobolev runs (all widths) whose residual kept the bound`,
  measured: worst(bounded.map((r) => worst(r.trace.weightMove) / radiusOf(r))), relation: "<", expected: 1, tolerance: 0,
});
const driftOf = (r: (typeof sobolevRuns)[number]) => worst(r.trace.gramDrift);
const slopeWidths = settings.widths.filter((m) => m >= 100);
const driftSlope = A.logLogFit(slopeWidths, slopeWidths.map((m) => Math.exp(sobolevRuns.filter((r) => r.m === m).reduce((s, r) => s + Math.log(driftOf(r)), 0) / settings.seeds)));
nb.derivations.check({
  id: "sec3.2-gram-drift-rate", source: "Cocola & Hand, Sec. 3.2",
  claim: "‖H(τ₀) − H(0)‖_F = O(n³k²max(1, γ)/(√m δ²λ*)): the drift of H shrinks at least like 1/√m",
  method: `least-squares slope of log maxₜ‖H(t) − H(0)‖_F (geometric mean over seeds) against log m, m ∈ {${slopeWidths.join(", ")}}`,
  measured: driftSlope.slope, relation: "<", expected: -0.5, tolerance: 0.05,
});

// %% [markdown]
// ### Eq. (14) along a run: the sign changes
// The records of the flows above are not monotone, although eq. (14) with H(t) ⪰ 0 gives
// d/dt ½(‖e‖² + ‖S‖²) = −(e, S)ᵀH(e, S) ≤ 0, the step Lemma 4's Gronwall argument starts from. The reason: F̄ = Vᵀ∇ₓf
// contains σ′(w\_rᵀxᵢ), so it jumps by ±a\_r Vᵢᵀw\_r whenever w\_rᵀxᵢ changes sign during training, and σ″ = 0 drops
// that jump from the chain rule of Section 3. Each gradient step with the profile's η is split (`residualStep`)
// into eq. (14)'s prediction −ηH(t)(e, S) and the jump of the units that changed sign; on a region of fixed signs the
// outputs are linear in W, so the split is exact.

// %%
// Steps up to λ* t = 4, while the residual stays far above float64 rounding of the outputs.
const jumpSettings = { m: byProfile({ smoke: 100, quick: 1000, paper: 3000 }), steps: Math.ceil(4 / (lambdaStar * step)) };
let jumpNet = Net.initialiseReluNet(jumpSettings.m, d, new N.SeededRandom(seeds[0] + jumpSettings.m));
const jumpSteps = [];
for (let q = 0; q < jumpSettings.steps; q++) {
  const stepResult = residualStep(jumpNet, data, targets, step, G);
  const before = [...Net.residualsOf(jumpNet, data, targets)].reduce((sum, v) => sum + v * v, 0);
  const after = [...Net.residualsOf(stepResult.next, data, targets)].reduce((sum, v) => sum + v * v, 0);
  const scale = Math.hypot(...stepResult.predicted);
  jumpSteps.push({
    signChanges: stepResult.signChanges, increased: after > before, relativeIncrease: (after - before) / before,
    printedGap: Math.hypot(...stepResult.change.map((v, p) => v - stepResult.predicted[p])) / scale,
    correctedGap: Math.hypot(...stepResult.change.map((v, p) => v - stepResult.predicted[p] + stepResult.jump[p])) / scale,
  });
  jumpNet = stepResult.next;
}
const jumpMethod = `${jumpSettings.steps} gradient steps (η = ${step.toExponential(2)}) of the Sobolev loss, m = ${jumpSettings.m}, main data`;
nb.derivations.check({
  id: "eq14-along-the-flow", source: "Cocola & Hand, eq. 14",
  claim: "along the flow (5), d(e, S)/dt = −H(t)(e, S): a step of size η changes (e, S) by −ηH(t)(e, S)",
  method: `${jumpMethod}; worst ‖Δ(e, S) + ηH(e, S)‖/‖ηH(e, S)‖ over the steps`,
  measured: worst(jumpSteps.map((q) => q.printedGap)), expected: 0, tolerance: N.FD_GRADIENT_RELATIVE,
  correction: {
    statement: "Δ(e, S) = −ηH(e, S) − Σ_r a_r(σ′(w_r′ᵀxᵢ) − σ′(w_rᵀxᵢ))(w_r′ᵀxᵢ, Vᵢᵀw_r′): eq. 14 holds between sign changes; at a sign change S jumps by ±a_r Vᵢᵀw_r (σ″ = 0 drops this Dirac term)",
    measured: worst(jumpSteps.map((q) => q.correctedGap)), expected: 0,
  },
  consequence: "statement",
});
const increasing = jumpSteps.filter((q) => q.increased);
nb.derivations.check({
  id: "lemma4-loss-nonincreasing", source: "Cocola & Hand, Lemma 4 proof (from eq. 14)",
  claim: "d/dt ½(‖e‖² + ‖S‖²) ≤ −(λ*/2)(‖e‖² + ‖S‖²) ≤ 0 on [0, τ₀]: the Sobolev loss never increases along the flow",
  method: `${jumpMethod}; fraction of steps where ‖e‖² + ‖S‖² increased (η λmax(H∞) = 0.25, so a step on a fixed sign region cannot increase it)`,
  measured: increasing.length / jumpSteps.length, expected: 0, tolerance: 0,
  correction: {
    statement: "the loss increases only at steps where some w_rᵀxᵢ changes sign (the jumps of S); Lemma 4's Gronwall step needs these jumps bounded, which the proof does not do",
    measured: increasing.length === 0 ? 1 : fraction(increasing, (q) => q.signChanges > 0), expected: 1,
  },
  consequence: "statement",
});
console.log(`${jumpSteps.filter((q) => q.signChanges > 0).length} of ${jumpSteps.length} steps had sign changes; the loss rose on ${increasing.length}, by up to ${(100 * Math.max(0, ...jumpSteps.map((q) => q.relativeIncrease))).toFixed(2)} % in one step`);

// %% [markdown]
// ### Figure: Theorem 1 along the run
// First: the combined residual ‖e(t)‖² + ‖S(t)‖², normalised by its start, for each width (first seed), with
// exp(−λ\* t) dotted. Second: maxₜ‖H(t) − H(0)‖\_F against m (every seed) with λ\*/4. Third: maxᵣ‖w\_r(t) − w\_r(0)‖
// at the end of the run against m, with Lemma 4's R. Fourth: when the residual first rises above Theorem 1's bound
// (open circles at the end of the run: never).

// %%
type FlowRun = (typeof sobolevRuns)[number];
const flowRows = (runs: FlowRun[], lambda: number, radius: (r: FlowRun) => number, firstSeed: (r: FlowRun) => boolean): CocolaHandRow[] => [
  ...runs.filter(firstSeed).flatMap((r) => r.trace.t.map((t, q) => ({ panel: "combined residual", series: `m = ${r.m}`, group: `m = ${r.m}`, style: "sobolev" as const, x: t, y: (r.trace.valueResidual[q] + r.trace.derivativeResidual[q]) / (r.trace.valueResidual[0] + r.trace.derivativeResidual[0]) }))),
  ...Array.from({ length: 41 }, (_, q) => ({ panel: "combined residual", series: "exp(−λ* t) (Thm 1)", group: "", style: "bound" as const, x: (q * settings.flowTime) / (40 * lambda), y: Math.exp((-q * settings.flowTime) / 40) })),
  ...runs.map((r) => ({ panel: "Gram drift", series: "maxₜ ‖H(t) − H(0)‖_F", group: "", style: "marker" as const, x: r.m, y: worst(r.trace.gramDrift) })),
  ...[Math.min(...runs.map((r) => r.m)), Math.max(...runs.map((r) => r.m))].map((m) => ({ panel: "Gram drift", series: "λ*/4 (edge of B₀)", group: "", style: "bound" as const, x: m, y: lambda / 4 })),
  ...runs.map((r) => ({ panel: "weight movement", series: "maxᵣ ‖w_r(t) − w_r(0)‖", group: "", style: "marker" as const, x: r.m, y: worst(r.trace.weightMove) })),
  ...runs.map((r) => ({ panel: "weight movement", series: "R of Lemma 4", group: "", style: "open-marker" as const, x: r.m, y: radius(r) })),
  ...runs.map((r) => {
    const first = firstViolation(r.trace, lambda);
    return first.index > 0
      ? { panel: "first time above the bound", series: "λ* t of the first record above exp(−λ* t)", group: "", style: "marker" as const, x: r.m, y: first.time * lambda }
      : { panel: "first time above the bound", series: "not reached: held to the end of the run", group: "", style: "open-triangle" as const, x: r.m, y: settings.flowTime };
  }),
];
const flowPanels = [
  { title: "combined residual", xTitle: "t", yTitle: "(‖e‖² + ‖S‖²)(t) / (‖e‖² + ‖S‖²)(0)", yLog: true },
  { title: "Gram drift", xTitle: "width m", yTitle: "‖H(t) − H(0)‖_F", xLog: true, yLog: true },
  { title: "weight movement", xTitle: "width m", yTitle: "‖w_r(t) − w_r(0)‖", xLog: true, yLog: true },
  { title: "first time above the bound", xTitle: "width m", yTitle: "λ* t", xLog: true, yRange: [0, 1.05 * settings.flowTime] as const },
];
await showFigure(cocolaHandFigure(flowRows(sobolevRuns, lambdaStar, radiusOf, (r) => r.seed === seeds[0] + r.m), flowPanels, "appB0-theorem1", `Theorem 1: directional Sobolev flow on the main data (n = ${n}, k = ${k}, d = ${d})`));
const requiredWidth = A.theorem1Width(n, k, gamma, lambdaStar, DELTA);
const crossing = settings.widths.filter((m) => sobolevRuns.filter((r) => r.m === m).every((r) => driftOf(r) < lambdaStar / 4))[0];
const crossings = crossingsAfterRise(sobolevRuns, lambdaStar);
showMarkdown(md`To the end of the run (λ* t = ${settings.flowTime}) the rate bound holds on every seed ${holdingFrom === undefined ? "at no width tried" : md`from m = ${holdingFrom} on`} (widths: ${settings.widths.join(", ")}); at the widest width the largest ratio of the residual to exp(−λ* t) times its start is ${worst(sobolevRuns.filter((r) => r.m === widest).map((r) => boundRatio(r.trace, lambdaStar)))}. ` +
  md`${crossings.count} runs crossed the bound although λmin(H(t)) stayed above λ*/2; ${formatValue(100 * crossings.fraction, 3)} % of them right after a rise of the loss (a jump of S). ` +
  md`The rank correlation of the width with the time of the first crossing is ${widening(sobolevRuns, lambdaStar)} (right panel)${widening(sobolevRuns, lambdaStar) > 0 ? ": wider networks keep the bound longer" : ""}. ` +
  (crossing === undefined ? md`The Gram drift exceeds λ*/4 = ${lambdaStar / 4} at every width tried (the proof's τ₀ = ∞ needs wider networks)` : md`The Gram drift stays below λ*/4 = ${lambdaStar / 4} on every seed from m = ${crossing} on`) + md`; its slope in m is ${driftSlope.slope}. ` +
  md`Theorem 1 asks for m of order n⁶k⁴γ²/(λ*⁴δ³) = ${requiredWidth} (constant 1) and Lemma 2 for m ≥ ${lemma2M}; the weight movement stays a factor ${Math.min(...bounded.map((r) => radiusOf(r) / worst(r.trace.weightMove)))} or more below R.`);

// %% [markdown]
// ## Theorem 2: the network with bias
// The lifted data of Section 2.1: first a check that the lift is exact, i.e. g(W, b, xᵢ) = Σ\_r a\_r σ(w̃\_rᵀx̃ᵢ) and
// (1/α)Vᵢᵀ∇ₓg(W, b, xᵢ) = Ṽᵢᵀ∇\_x̃ g̃ (central differences of g in x along v\_{i,j}, no lift involved), and that
// its Gram matrix (Monte Carlo over (w, b) with the parameter derivatives of (10)-(11)) is H∞ of the lifted data.
// Then the flow (12) for a few widths, with Theorem 2's bound exp(−λ\* t) for the λ\* of the lifted data, on a slower
// target f\* (u\_q ~ N(0, 0.3² I)): loss (11) multiplies the derivative residuals by 1/α = 2k.

// %%
const { alpha, beta } = A.biasConstants(k);
// A slower target (u_q ~ N(0, 0.3² I)) for the flows with bias: loss (11) divides h by α = 1/(2k), and with the
// main target the widths we can afford leave the lazy regime (shown below).
const biasTargets = A.sineTargets(data, A.sineTarget(d, 3, 0.3, new N.SeededRandom(settings.seed + 1)));
const lift = A.liftWithBias(data, biasTargets);
const liftedData = lift.data;
const liftedTargets = lift.targets!;
const biasNet = Net.initialiseReluNet(20, d + 1, new N.SeededRandom(settings.seed + 6));
const plainPart: Net.ReluNet = { m: biasNet.m, d: d, a: biasNet.a, W: Float64Array.from({ length: biasNet.m * d }, (_, q) => biasNet.W[Math.floor(q / d) * (d + 1) + (q % d)]) };
const biases = Float64Array.from({ length: biasNet.m }, (_, r) => biasNet.W[r * (d + 1) + d]);
const liftedOut = Net.networkOutputs(biasNet, liftedData);
const direct = data.x.flatMap((xi) => [Net.biasNetworkValue(plainPart, biases, xi, alpha, beta)]);
const directDerivatives = data.x.flatMap((xi, i) => data.frames[i].map((v) => N.centralGradient((s) => Net.biasNetworkValue(plainPart, biases, xi.map((c, t) => c + s[0] * v[t]), alpha, beta), [0], N.FD_STEP)[0] / alpha));
nb.derivations.check({
  id: "thm2-lift-exact", source: "Cocola & Hand, Sec. 2.1, eqs. 10-11",
  claim: "g(W, b, x) = Σ_r a_r σ(αw_rᵀx + βb_r) with loss (11) is the network (4) on x̃ = (αx, β), Ṽ = (V; 0), targets (y, h/α)",
  method: "g and (1/α)Vᵢᵀ∇ₓg by central differences in x (width 20, main data) against the lifted network's outputs; relative difference",
  measured: N.relativeDifference([...direct, ...directDerivatives], [...liftedOut.f, ...liftedOut.F]), expected: 0, tolerance: N.FD_GRADIENT_RELATIVE,
});
const biasMc = await cachedRun("cocola-hand-bias-gram-mc", { samples: settings.gramSamples, seed: settings.seed, x: data.x, frames: data.frames, alpha: alpha, beta: beta }, (config) =>
  A.monteCarloGram({ x: config.x, frames: config.frames }, config.samples, new N.SeededRandom(config.seed + 7), { alpha: config.alpha, beta: config.beta }),
);
nb.derivations.check({
  id: "thm2-gram-is-lifted-H", source: "Cocola & Hand, Thm 2 (\"follows readily from the analysis\")",
  claim: "the Gram matrix of the flow (12) is H∞ of the lifted data (x̃, Ṽ)",
  method: `Monte Carlo over (w, b) ~ N(0, I) × N(0, 1), ${settings.gramSamples} draws, columns from the parameter derivatives of (10)-(11); worst |z| against gramInfinity(lifted)`,
  measured: A.worstGramZ(biasMc.record.results, A.gramInfinity(liftedData)), expected: 0, tolerance: N.MC_SIGMAS,
});

// %%
const liftedSpectrum = A.symmetricEigenvalues(A.gramInfinity(liftedData));
const liftedLambda = liftedSpectrum[0];
const liftedStep = 0.25 / liftedSpectrum[liftedSpectrum.length - 1];
const thm2Jobs: FlowJob[] = settings.biasWidths.flatMap((m) => seeds.map((seed) => ({ label: "bias", m, seed: seed + 7 * m, derivativeWeight: 1 })));
const thm2Run = await cachedRun("cocola-hand-theorem2-flows", flowConfig(thm2Jobs, liftedData, liftedTargets, liftedLambda, liftedStep), runFlows);
console.log(`Theorem 2 flows ${thm2Run.record.runId}: ${thm2Run.fromCache ? "read from the cache" : "computed"} (${thm2Run.record.wallTimeSeconds.toFixed(1)} s when computed); λ* (bias) = ${liftedLambda.toExponential(3)}, δ/(200n²) = ${A.theorem2Bound(A.separationHatDelta1(data), n, k).toExponential(3)}`);
const biasRuns = thm2Run.record.results;
const biasWidest = Math.max(...settings.biasWidths);
nb.derivations.check({
  id: "thm2-rate-bound-widening", source: "Cocola & Hand, Thm 2",
  claim: "for the network with bias, ‖e(t)‖² + ‖S(t)‖² ≤ exp(−λ* t)(‖e(0)‖² + ‖S(0)‖²) (S scaled by 1/α) once m is wide enough; below that width, the bound holds for longer as m grows",
  method: `gradient descent on the lifted data (η = ${liftedStep.toExponential(2)}) to t = ${settings.flowTime}/λ*, m in {${settings.biasWidths.join(", ")}}; Spearman rank correlation of m with λ* t of the first record above the bound`,
  measured: widening(biasRuns, liftedLambda), relation: ">", expected: 0, tolerance: 0,
});
nb.derivations.check({
  id: "thm2-crossings-follow-jumps", source: "Cocola & Hand, Thm 2 (eq. 14 erratum)",
  claim: "with bias too, a crossing of the bound while λmin(H(t)) ≥ λ*/2 follows a rise of the loss (a jump of S)",
  method: `fraction of such first crossings over the ${biasRuns.length} runs with bias that come right after a rise of ‖e‖² + ‖S‖² (1 when none crosses)`,
  measured: crossingsAfterRise(biasRuns, liftedLambda).fraction, expected: 1, tolerance: 0,
});
const liftedRadius = (r: (typeof biasRuns)[number]) => A.lemma4Radius(n, k, r.m, liftedLambda, Math.sqrt(r.trace.valueResidual[0]) + Math.sqrt(r.trace.derivativeResidual[0]));
await showFigure(cocolaHandFigure(flowRows(biasRuns, liftedLambda, liftedRadius, (r) => r.seed === seeds[0] + 7 * r.m), flowPanels, "appB0-theorem2", `Theorem 2: the network with bias (α = 1/(2k), β = √(1 − α²)) on the main data, slower target`));

// %% [markdown]
// For contrast, the same flow with bias on the main target (derivative targets h/α four times those of the
// Theorem 1 runs), one seed at the widest width of the profile.

// %%
const mainLift = A.liftWithBias(data, targets);
const contrastRun = await cachedRun("cocola-hand-theorem2-main-target", flowConfig([{ label: "bias, main target", m: biasWidest, seed: seeds[0] + 7 * biasWidest, derivativeWeight: 1 }], mainLift.data, mainLift.targets!, liftedLambda, liftedStep), runFlows);
const contrast = contrastRun.record.results[0];
const violation = contrast.trace.t.find((t, q) => q > 0 && (contrast.trace.valueResidual[q] + contrast.trace.derivativeResidual[q]) > Math.exp(-liftedLambda * t) * (contrast.trace.valueResidual[0] + contrast.trace.derivativeResidual[0]));
showMarkdown(md`Main target, m = ${biasWidest}: largest ratio of the residual to Theorem 2's bound ${boundRatio(contrast.trace, liftedLambda)}, ` +
  (violation === undefined ? "never above the bound." : md`first above it at λ* t = ${violation * liftedLambda}; `) +
  md`λmin(H(t)) falls from ${contrast.trace.gramMin[0]} to ${Math.min(...contrast.trace.gramMin)} (λ* = ${liftedLambda}) and maxₜ‖H(t) − H(0)‖_F = ${worst(contrast.trace.gramDrift)} against λ*/4 = ${liftedLambda / 4}: this width is far from the lazy regime the proof needs.`);

// %% [markdown]
// ## Item 5: does the Sobolev flow fit the values faster than L² training?
// The same initialisations trained on ½‖e‖² alone (standard training, Gram matrix H∞\_L2, rate λ₀ ≥ λ\*) and on the
// directional Sobolev loss, with the same step η (stable for both: λmax(H∞\_L2) ≤ λmax(H∞)). Compared: the time
// at which ‖e(t)‖² first falls to 10⁻² of its start, and the late decay rate of ‖e(t)‖² (least squares over the
// second half of the run) against 2λ₀ and 2λ\*, on the main data and on further random data sets and targets.

// %%
const fitSets = Array.from({ length: settings.fitSets }, (_, q) => {
  const set = q === 0 ? data : A.sphereData(n, d, k, new N.SeededRandom(settings.seed + 50 + q));
  const goal = q === 0 ? targets : A.sineTargets(set, targetOf(d, settings.seed + 60 + q));
  const eigen = A.symmetricEigenvalues(A.gramInfinity(set));
  return { label: `data ${q + 1}`, set, goal, lambdaStar: eigen[0], lambdaZero: A.lambdaZeroL2(set), step: 0.25 / eigen[eigen.length - 1] };
});
type FitRun = FlowRun & { set: (typeof fitSets)[number] };
const fitRuns: FitRun[] = [];
for (const f of fitSets) {
  const jobs: FlowJob[] = settings.fitWidths.flatMap((m) => seeds.flatMap((seed) => [1, 0].map((c) => ({ label: f.label, m, seed: seed + 3 * m, derivativeWeight: c }))));
  const run = await cachedRun("cocola-hand-value-fit-flows", flowConfig(jobs, f.set, f.goal, f.lambdaStar, f.step), runFlows);
  fitRuns.push(...run.record.results.map((r) => ({ ...r, set: f })));
}
const FIT_FRACTION = 1e-2;
const pairs = fitRuns.filter((r) => r.derivativeWeight === 1).map((s) => ({ sobolev: s, l2: fitRuns.find((r) => r.derivativeWeight === 0 && r.label === s.label && r.m === s.m && r.seed === s.seed)! }));
/** When ‖e‖² first reaches `level` of its start; Infinity when it never does within the run. */
const reachTime = (r: FitRun, level: number) => { const t = F.timeToFraction(r.trace.t, r.trace.valueResidual, level); return Number.isNaN(t) ? Infinity : t; };
const valueTime = (r: FitRun) => reachTime(r, FIT_FRACTION);
const lateRate = (r: FitRun, values: number[]) => F.logDecayRate(r.trace.t, values, r.trace.t[r.trace.t.length - 1] / 2, Infinity);
// Not a statement of either paper but the question of issue 15, item 5, so an experiment claim (with its interval
// over the paired runs) rather than a derivation check: the paper's acceleration, asked of Cocola & Hand's flow.
const runLength = Math.max(...pairs.flatMap((p) => [p.sobolev.trace.t[p.sobolev.trace.t.length - 1], p.l2.trace.t[p.l2.trace.t.length - 1]]));
const censor = (t: number): number | null => (Number.isFinite(t) ? t : null);
nb.experiments.check({
  id: "b0-sobolev-fits-values-faster", source: "Oh et al.'s acceleration, asked of Cocola & Hand's network and flow",
  claim: "Sobolev training fits the values faster: under the Sobolev flow ‖e(t)‖² reaches 10⁻² of its start before it does under L² training",
  method: `time for ‖e‖² to reach 10⁻² of its start, Sobolev / L², geometric mean over ${pairs.length} paired runs (${settings.fitSets} data sets × m ∈ {${settings.fitWidths}} × ${settings.seeds} seeds, same initialisation and step), 95 % t-interval; a run that never gets there counts at the flow's length; scale 1: neither paper trains this flow for a length to compare with`,
  ...claimEvidence(pairedRatio(pairs.map((p) => censor(valueTime(p.sobolev))), pairs.map((p) => censor(valueTime(p.l2))), { censoredAt: runLength }), 1),
  relation: "<", expected: 1, tolerance: 0,
}, { onFail: "record" });

// %%
showTable("appB0-value-fit", pairs.map((p) => ({
  data: p.sobolev.label, m: p.sobolev.m, seed: p.sobolev.seed, "λ*": sig(p.sobolev.set.lambdaStar), "λ₀": sig(p.sobolev.set.lambdaZero),
  "t(‖e‖² = 10⁻²) Sobolev": sig(valueTime(p.sobolev)), "t(‖e‖² = 10⁻²) L²": sig(valueTime(p.l2)),
  "t(‖e‖² = 10⁻¹) Sobolev": sig(reachTime(p.sobolev, 0.1)), "t(‖e‖² = 10⁻¹) L²": sig(reachTime(p.l2, 0.1)),
  "late rate of ‖e‖², Sobolev": sig(lateRate(p.sobolev, p.sobolev.trace.valueResidual)), "late rate of ‖e‖², L²": sig(lateRate(p.l2, p.l2.trace.valueResidual)),
  "2λ*": sig(2 * p.sobolev.set.lambdaStar), "2λ₀": sig(2 * p.sobolev.set.lambdaZero),
})));
const widestFit = Math.max(...settings.fitWidths);
const fitRows: CocolaHandRow[] = pairs.filter((p) => p.sobolev.m === widestFit && p.sobolev.seed === seeds[0] + 3 * widestFit).flatMap((p) => [
  ...[p.sobolev, p.l2].flatMap((r) => r.trace.t.map((t, q) => ({ panel: "value residual", series: `${r.label}, ${r.derivativeWeight ? "Sobolev" : "L²"}`, group: r.label, style: (r.derivativeWeight ? "sobolev" : "l2") as "sobolev" | "l2", x: t * p.sobolev.set.lambdaStar, y: r.trace.valueResidual[q] / r.trace.valueResidual[0] }))),
  ...p.sobolev.trace.t.map((t, q) => ({ panel: "combined residual", series: `${p.sobolev.label}, Sobolev`, group: p.sobolev.label, style: "sobolev" as const, x: t * p.sobolev.set.lambdaStar, y: (p.sobolev.trace.valueResidual[q] + p.sobolev.trace.derivativeResidual[q]) / (p.sobolev.trace.valueResidual[0] + p.sobolev.trace.derivativeResidual[0]) })),
]);
const unitTimes = Array.from({ length: 31 }, (_, q) => (q * settings.flowTime) / 30);
fitRows.push(...unitTimes.map((s) => ({ panel: "combined residual", series: "exp(−λ* t) (Thm 1)", group: "", style: "bound" as const, x: s, y: Math.exp(-s) })));
await showFigure(cocolaHandFigure(fitRows, [
  { title: "value residual", xTitle: "λ* t", yTitle: "‖e(t)‖² / ‖e(0)‖²", yLog: true },
  { title: "combined residual", xTitle: "λ* t", yTitle: "(‖e‖² + ‖S‖²)(t) / start", yLog: true },
], "appB0-value-fit", `Item 5: value residual under L² (dashed) and Sobolev (solid) training, m = ${widestFit}, first seed`));

// %% [markdown]
// ## Reading the results
// Rendered from the runs and the claim rows above.

// %%
{
  const rows = nb.derivations.checks;
  const valueRow = nb.experiments.checks.find((r) => r.id === "b0-sobolev-fits-values-faster")!;
  const valueClaim = String(valueRow.verdict);
  const timeRatios = pairs.map((p) => valueTime(p.sobolev) / valueTime(p.l2));
  const earlyFirst = fraction(pairs, (p) => reachTime(p.sobolev, 0.1) < reachTime(p.l2, 0.1));
  const rateRatios = pairs.map((p) => lateRate(p.sobolev, p.sobolev.trace.valueResidual) / lateRate(p.l2, p.l2.trace.valueResidual));
  const gapRatios = fitSets.map((f) => f.lambdaStar / f.lambdaZero);
  showMarkdown([
    md`Derivation checks of this notebook: ${verdictCounts(rows)} of ${rows.length}.`,
    "",
    md`λ* of the main data is ${lambdaStar}; Proposition 1 guarantees ${A.proposition1Bound(data)} and, with a bias, λ* = ${liftedLambda} against Theorem 2's ${A.theorem2Bound(A.separationHatDelta1(data), n, k)}. ` +
      "The printed bounds hold everywhere but are far from tight. The flows decay faster than exp(−λ* t) until the residual meets the level of the jumps of S at sign changes, which eq. (14) leaves out; there the loss rises now and then and the bound is crossed, later for wider networks.",
    "",
    md`Item 5. On the ${pairs.length} paired runs, the Sobolev flow needs ${Math.min(...timeRatios)} to ${Math.max(...timeRatios)} times the L² flow's time to bring ‖e‖² to 10⁻² of its start, ` +
      md`and its late decay rate of ‖e‖² is ${Math.min(...rateRatios)} to ${Math.max(...rateRatios)} times L²'s (λ*/λ₀ = ${Math.min(...gapRatios)} to ${Math.max(...gapRatios)} on these data). ` +
      md`Over the first decade (10⁻¹) the Sobolev flow is ahead on ${formatValue(100 * earlyFirst, 2)} % of the runs. ` +
      valueClaim === "fails"
        ? "So in the regime of Cocola & Hand's theorem the Sobolev flow does not fit the values faster than L² training: what it guarantees is the decay of the combined residual, at the smaller rate λ* ≤ λ₀. The acceleration the paper reports is not predicted by this theory; it has to come from elsewhere (the population setting of its Section 2, or the step sizes and optimisers of its experiments)."
        : md`The claim that the Sobolev flow fits the values faster ${valueClaim === "holds" ? "holds" : "is inconclusive"} on these runs (time ratio ${Number(valueRow.measured)}, 95 % interval ${Number(valueRow.low)} to ${Number(valueRow.high)}); what the theorem guarantees is the decay of the combined residual, at the rate λ* ≤ λ₀.`,
  ].join("\n"));
}

// %% [markdown]
// Slips of the text that no computation can decide, for the record: Theorem 2 asks for m = Ω(n⁶k⁴γ²/(λ₀⁴δ³)) with
// an undefined λ₀ (λ\* is meant), and writes b ∈ ℝᵈ for the m biases; Lemma 5 names the points x₁, …, x\_d; in
// Section 3.2 the Markov step turns the term 2δ into 2n²/m where dividing by δ gives 2n² (the proof needs the event
// maxᵣ‖w\_r(τ₀) − w\_r(0)‖ ≤ R handled apart, not bounded in expectation); Lemma 3's √δ is not what Markov's
// inequality gives (δ), although the printed statement holds on every width above.
