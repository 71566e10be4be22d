// %% [markdown]
// # C.2 Sobolev training with approximated derivatives (Figure 7)
//
// Appendix C.2 of the paper trains a 2-64-64-64-1 tanh network on the Ackley function
// f(x, y) = −20 exp(−0.2 √(0.5(x² + y²))) − exp(0.5(cos 2πx + cos 2πy)) + e + 20 on [−2, 2]² with Adam (1e-4), and
// compares four losses: L², H¹ with the exact gradient, H¹ with the gradient from central finite differences on a
// 100 × 100 uniform grid, and H¹ with the gradient from Chebyshev spectral differentiation on a 101 × 101
// Chebyshev grid. Its claims: the Chebyshev H¹ reaches "error levels almost equivalent to those in the exact
// derivative case" and converged "slightly faster than the exact derivative case"; finite differences converge
// about as fast as exact H¹ "but cannot achieve the same error"; the Chebyshev H¹ reaches 1e-3 and 1e-4 "without
// significantly increasing computation time compared to the L² loss" and 1e-5 "considerably faster".
//
// Every loss here is `sobolevLoss` of `lib/losses`: mean (u − f)² + mean ‖∇u − ∇f‖², with ∇u propagated forward
// through the layers (its parameter gradient is checked against central differences for every activation in
// `lib/models/*.test.ts`). The target's derivatives come from `targetSamples` (`lib/experiments/targetData.ts`):
// exact closed forms, grid finite differences or Chebyshev differentiation matrices (`lib/differentiation`), all
// checked against the exact gradient below.

// %% [markdown]
// ## Settings
// The paper gives neither the number of epochs, nor the number of seeds, nor the test points, nor where the L² and
// exact H¹ losses are sampled. Here L², exact H¹ and finite-difference H¹ share the uniform grid (the finite
// differences need it); the Chebyshev H¹ is trained on the Chebyshev grid, which is what the method requires.
// Test points are uniform random in the square. `paper`: the paper's grids and learning rate, 20,000 epochs, 5 seeds.
// `quick` keeps the network and Adam but uses 32 × 32 and 33 × 33 grids, a learning rate of 1e-3 and 4,000 epochs
// with 2 seeds, so that the four losses train in about five minutes on two CPU cores; its thresholds (1e-2, 1e-3,
// 1e-4) are ten times coarser than the paper's, which the shortened runs do not reach. A first quick setting of
// 2,000 epochs stopped while the runs on the Chebyshev grid were still on a plateau near MSE 2 (L² on that grid
// too), which they leave after about 1,500 to 2,000 epochs; the runs on the uniform grid have no such plateau.
// `smoke` only checks the plumbing.

// %%
import * as E from "../dist/lib/experiments/index.js";
import { ackley } from "../dist/lib/data/index.js";
import { byProfile } from "../dist/lib/profile.js";
import { showFigure, showTable } from "../dist/lib/plot/index.js";
import { errorCurvesFigure, thresholdTimesFigure, type ThresholdTimeRow } from "../dist/lib/figures/index.js";
import { cachedRun } from "../dist/lib/runs/index.js";

const settings = byProfile({
  smoke: { grid: 12, learningRate: 1e-3, epochs: 20, seeds: 2, evaluateEvery: 10, thresholds: [3, 1, 0.3] },
  quick: { grid: 32, learningRate: 1e-3, epochs: 4000, seeds: 2, evaluateEvery: 100, thresholds: [1e-2, 1e-3, 1e-4] },
  paper: { grid: 100, learningRate: 1e-4, epochs: 20_000, seeds: 5, evaluateEvery: 200, thresholds: [1e-3, 1e-4, 1e-5] },
});
const uniform: E.SampleLayout = { kind: "grid", perAxis: settings.grid };
const chebyshev: E.SampleLayout = { kind: "chebyshev", perAxis: settings.grid + 1 };
const variants = [
  { series: "L2", loss: "L2", train: uniform, derivatives: "exact" },
  { series: "H1 exact", loss: "H1", train: uniform, derivatives: "exact" },
  { series: "H1 finite differences", loss: "H1", train: uniform, derivatives: "finite-difference" },
  { series: "H1 Chebyshev", loss: "H1", train: chebyshev, derivatives: "chebyshev" },
] as const;
console.log(`grids ${settings.grid}² (uniform) and ${settings.grid + 1}² (Chebyshev); Adam ${settings.learningRate}, ${settings.epochs} epochs, ${settings.seeds} seeds`);

// %% [markdown]
// ## The approximated derivatives
// How close are the finite-difference and Chebyshev gradients of the sampled Ackley values to the exact gradient,
// at their own grid points? Ackley has a cone at the origin (its gradient jumps there), which limits both
// methods near it; the table gives the error over all points and away from the origin (‖x‖ > 0.5).

// %%
const gradientError = (layout: E.SampleLayout, source: E.DerivativeSource, farOnly: boolean): number => {
  const approximate = E.targetSamples(ackley, layout, source, 1);
  const exact = E.targetSamples(ackley, layout, "exact", 1);
  const kept = approximate.points.map((p, i) => ({ p: p, i: i })).filter((q) => !farOnly || Math.hypot(q.p[0], q.p[1]) > 0.5);
  const scale = Math.max(...exact.gradient!.flat().map(Math.abs));
  return Math.max(...kept.flatMap((q) => approximate.gradient![q.i].map((g, k) => Math.abs(g - exact.gradient![q.i][k])))) / scale;
};
const derivativeErrors = [
  { method: "finite differences", grid: `${settings.grid}² uniform`, all: gradientError(uniform, "finite-difference", false), far: gradientError(uniform, "finite-difference", true) },
  { method: "Chebyshev", grid: `${settings.grid + 1}² Chebyshev`, all: gradientError(chebyshev, "chebyshev", false), far: gradientError(chebyshev, "chebyshev", true) },
];
showTable("appC2-derivative-errors", derivativeErrors.map((r) => ({ method: r.method, grid: r.grid, "max relative error": r.all.toExponential(2), "away from the origin": r.far.toExponential(2) })));

// %% [markdown]
// ## The runs
// One cached run per loss; each trains all seeds together as an ensemble (member k has seed k).

// %%
const runs = [];
for (const v of variants) {
  const config: E.RegressionConfig = {
    target: "ackley", model: { kind: "mlp", widths: [64, 64, 64], activation: "tanh" }, loss: v.loss, train: v.train, derivatives: v.derivatives,
    testPoints: 2000, testSeed: 2024, schedule: [{ kind: "adam", learningRate: settings.learningRate, epochs: settings.epochs }],
    ensembleSize: settings.seeds, seed: 0, evaluateEvery: settings.evaluateEvery,
  };
  const { record, fromCache } = await cachedRun("appc2-figure7", config, (c) => E.runRegression(c, `Fig. 7, ${v.series}`));
  console.log(`${v.series}: ${record.results.description}, ${record.results.trainingPoints} training points, ${fromCache ? "read from the cache" : `trained in ${record.wallTimeSeconds.toFixed(0)} s`}`);
  runs.push({ series: v.series, result: record.results });
}

// %% [markdown]
// ## Figure 7
// Left: mean test MSE over the seeds (band: smallest to largest) against epochs. Right: training time (evaluation
// excluded) until the mean test MSE first reaches each threshold.

// %%
const curveRows = runs.flatMap((r) => E.errorCurveRows(r.result.history, "Ackley, tanh 2-64-64-64-1", r.series));
await showFigure(errorCurvesFigure(curveRows, "fig7", "Figure 7 (left): test MSE on the Ackley function for L2 and H1 with exact, finite-difference and Chebyshev derivatives"));
const timeRows: ThresholdTimeRow[] = runs.flatMap((r) => E.thresholdTimeRows(r.result.history, settings.thresholds, "time to reach the test MSE", r.series));
await showFigure(thresholdTimesFigure(timeRows, "fig7-times", "Figure 7 (right): training time to reach each test MSE"));
const secondsPerEpoch = (series: string): number => {
  const h = runs.find((r) => r.series === series)!.result.history;
  return h.seconds[h.seconds.length - 1] / h.epochs[h.epochs.length - 1];
};
showTable("appC2-summary", runs.map((r) => ({
  loss: r.series, "final mean test MSE": E.finalMeanError(curveRows, curveRows[0].panel, r.series).toExponential(2),
  "ms per epoch": (1000 * secondsPerEpoch(r.series)).toFixed(1),
  ...Object.fromEntries(timeRows.filter((t) => t.series === r.series).map((t) => [`s to ${t.threshold}`, t.seconds === "" ? "not reached" : Number(t.seconds).toFixed(1)])),
})));

// %% [markdown]
// ## The claims, measured
// Each claim becomes a row of `figures/experiment-claims.csv` with the value our runs give. A claim our runs do
// not support is recorded as `fails` and discussed below; nothing is tuned to make it hold.

// %%
const panel = curveRows[0].panel;
const final = (series: string): number => E.finalMeanError(curveRows, panel, series);
const timeTo = (series: string, threshold: number): number => {
  const t = timeRows.find((row) => row.series === series && row.threshold === threshold)!;
  return t.seconds === "" ? Infinity : Number(t.seconds);
};
const timeRatio = (threshold: number): number => {
  const [chebyshevSeconds, l2Seconds] = [timeTo("H1 Chebyshev", threshold), timeTo("L2", threshold)];
  if (l2Seconds === Infinity) return chebyshevSeconds === Infinity ? Number.NaN : 0;
  return chebyshevSeconds / l2Seconds;
};
const last = settings.thresholds[settings.thresholds.length - 1];
nb.experiments.check({
  id: "fig7-chebyshev-matches-exact", source: "App. C.2, Fig. 7", claim: "H1 with Chebyshev derivatives achieves error levels almost equivalent to exact H1",
  method: `final mean test MSE ratio Chebyshev/exact after ${settings.epochs} epochs, ${settings.seeds} seeds; "almost equivalent" read as within a factor 2`,
  measured: final("H1 Chebyshev") / final("H1 exact"), relation: "<", expected: 2, tolerance: 0,
}, { onFail: "record" });
nb.experiments.check({
  id: "fig7-chebyshev-faster-than-exact", source: "App. C.2, Fig. 7", claim: "H1 with Chebyshev derivatives converged slightly faster than exact H1 (for this target)",
  method: `final mean test MSE ratio Chebyshev/exact after ${settings.epochs} epochs: below 1 when the Chebyshev runs got further`,
  measured: final("H1 Chebyshev") / final("H1 exact"), relation: "<", expected: 1, tolerance: 0,
}, { onFail: "record" });
nb.experiments.check({
  id: "fig7-fd-worse-than-exact", source: "App. C.2, Fig. 7", claim: "H1 with finite differences cannot achieve the same error as exact H1",
  method: `final mean test MSE ratio finite differences/exact after ${settings.epochs} epochs`, measured: final("H1 finite differences") / final("H1 exact"), relation: ">", expected: 1, tolerance: 0,
}, { onFail: "record" });
nb.experiments.check({
  id: "fig7-chebyshev-beats-fd", source: "App. C.2, Fig. 7", claim: "Chebyshev differentiation gives a lower error than finite differences",
  method: "final mean test MSE ratio Chebyshev/finite differences", measured: final("H1 Chebyshev") / final("H1 finite differences"), relation: "<", expected: 1, tolerance: 0,
}, { onFail: "record" });
nb.experiments.check({
  id: "fig7-h1-beats-l2", source: "App. C.2, Fig. 7", claim: "exact H1 training reaches a lower test error than L2",
  method: "final mean test MSE ratio exact H1/L2", measured: final("H1 exact") / final("L2"), relation: "<", expected: 1, tolerance: 0,
}, { onFail: "record" });
nb.experiments.check({
  id: "fig7-chebyshev-faster-to-smallest-threshold", source: "App. C.2, Fig. 7 (right)", claim: `H1 with Chebyshev derivatives reaches the smallest error level considerably faster than L2 (here ${last})`,
  method: `training seconds to a mean test MSE ≤ ${last}, ratio Chebyshev/L2 (Infinity if Chebyshev never reached it, 0 if only Chebyshev did)`,
  measured: timeRatio(last),
  relation: "<", expected: 1, tolerance: 0,
}, { onFail: "record" });
for (const threshold of settings.thresholds.slice(0, 2)) {
  nb.experiments.check({
    id: `fig7-chebyshev-time-to-${threshold}`, source: "App. C.2, Fig. 7 (right)",
    claim: `H1 with Chebyshev derivatives reaches the larger error levels without significantly increasing computation time compared to L2 (here ${threshold})`,
    method: `training seconds to a mean test MSE ≤ ${threshold}, ratio Chebyshev/L2, "not significantly more" read as below 1.5 (0 if only Chebyshev reached it, Infinity if only L2 did, NaN if neither)`,
    measured: timeRatio(threshold), relation: "<", expected: 1.5, tolerance: 0,
  }, { onFail: "record" });
}

// %% [markdown]
// ## Reading the results (quick profile: 32² and 33² grids, 4,000 epochs at Adam 1e-3, 2 seeds)
// - **Exact H¹ against L²**: exact H¹ ends at a test MSE of 6.7·10⁻⁵, 165 times below L² (1.1·10⁻²), and reaches
//   10⁻², 10⁻³ and 10⁻⁴ after 21, 31 and 55 s of training; L² reaches none of them in 4,000 epochs.
// - **Finite differences** learn as fast at first (10⁻² after 21 s) but level off at 4.3·10⁻³, 64 times exact H¹:
//   "cannot achieve the same error" holds. Their gradient error on the 32² grid is 22 % of the gradient's size.
// - **Chebyshev** ends at 9.3·10⁻⁴: 4.7 times below finite differences (holds) and 10⁻² and 10⁻³ are reached where
//   L² reaches neither (the time claims for those levels hold, ratio 0), **but 14 times above exact H¹**: "almost
//   equivalent" and "slightly faster than exact" fail in our run, and 10⁻⁴ is reached by neither Chebyshev nor
//   L² (NaN, fails). The runs on the Chebyshev grid spend their first 1,500 to 2,000 epochs on a plateau near
//   MSE 2, which L² on the same grid shows too, so the lag comes from where the points are (clustered at the
//   edges: the interior spacing of 33 Chebyshev points on [−2, 2] is 0.2, against 0.13 on the uniform grid), not
//   from the derivatives, whose error (8 % away from the origin's cone) is below the finite differences'.
// - Cost: an H¹ epoch takes about 1.8 times an L² epoch here (17 against 9.6 ms), whatever the derivative source.
//
// The paper's 101² Chebyshev grid resolves the interior three times finer; `PROFILE=paper` runs it.
