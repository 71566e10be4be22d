// %% [markdown]
// # 3.2 Sobolev acceleration for various architectures (Figure 3)
//
// Section 3.2 of the paper: "For the multi-scale target f(x) = x + sin(2πx⁴) on [−1, 1] [47], we train a 64-64-1
// Fourier feature network (64 random features) and a 1-64-64-64-1 SIREN. Using Adam (1e−5) for 25,000 epochs
// followed by L-BFGS (1e−2) for 25,000 epochs [48], Sobolev training consistently improves the approximation of
// oscillatory behavior (see Figure 3 (a), (c), and (e)). Figure 3 (b), (d), and (f) report the actual wall-clock
// time required to reach specified error thresholds for the standard MLP, Fourier feature networks, and SIREN,
// respectively. The panels clearly show that H¹ training attains the same accuracy in substantially less time
// than L² training, thereby highlighting the Sobolev acceleration."
//
// The earlier version of the paper (its Section 3.2 and Fig. 4) also fits f₁(x) = sin(2πx) + sin(20πx) on [−1, 1];
// we run the same experiment on it (figure `fig3-f1`). Test error is the mean squared error of the values at 100
// uniform random test points (the same for every run); time is training time only, evaluation excluded
// (`lib/train/fit.ts`), measured on this machine's backend (printed above).

// %% [markdown]
// ## Settings
// - Models (`lib/experiments/section3_2_fig3.ts`): the standard MLP is 1-64-64-64-1 with **tanh** (the paper names
//   no activation; tanh is that of Wang et al. [47], whose target this is); the Fourier-feature network maps x to
//   64 features [cos 2πBx, sin 2πBx], B ~ N(0, σ²), then 128-64-64-1 tanh; SIREN is 1-64-64-64-1 with ω₀ = 30.
// - **σ is not given by the paper.** We take σ = 5: on [−1, 1] it is Tancik et al.'s typical σ = 10 for
//   coordinates in [0, 1], and it resolves the 10 cycles per unit of sin(20πx). In a single-seed trial
//   (100 Adam 1e−3 + 100 L-BFGS epochs) σ = 5 gave the best L² error on f₁ and one within a factor 2 of σ = 1's
//   on x + sin(2πx⁴) (σ = 1 fails on f₁, σ = 10 is worse on both); σ was chosen on L² alone. That trial also showed the H¹/L² comparison for the
//   Fourier-feature network depends on σ: with σ = 1 H¹ ended far lower on both targets, with σ = 10 far higher.
// - Data: 1000 uniform random training points per repeat (values for L², values and exact derivatives for H¹,
//   the same points for both losses), 100 test points, H¹ = L² + the derivative term with weight 1.
// - One run per repeat and loss (L-BFGS's line search couples batched ensemble members); one L-BFGS epoch is
//   one full-batch L-BFGS iteration with its strong-Wolfe line search (history 10).
// - Thresholds of panels (b, d, f): 1e−1, 1e−2, 1e−3, 1e−4, 1e−5 (the paper's Fig. 3 does not list its own; Fig. 7
//   uses 1e−3, 1e−4, 1e−5). The time to a threshold is read off the mean-over-repeats curve: the mean training
//   time of the first evaluation whose mean test error is at or below it.
//
// Profiles. `paper`: the paper's numbers (Adam 1e−5 for 25,000 epochs, L-BFGS 1e−2 for 25,000, 1000 points,
// 100 test points, 20 repeats, evaluation every 100 epochs). `quick` (2 to 6 minutes here, by load) differs in:
// **Adam 1e−3 for 75 epochs then L-BFGS 1e−2 for 75 epochs, 3 repeats**, evaluation every 5 epochs. Adam's
// learning rate is raised because 75 steps of 1e−5 move no weight by more than 7.5·10⁻⁴: the Adam phase would
// be a no-op (tried: the test error does not move) and the quick run would test L-BFGS alone; 75 × 1e−3 is of the
// order of the paper's 25,000 × 1e−5. `smoke` runs 5 + 5 epochs on 200 points, 1 repeat, only to prove the notebook runs.

// %%
import { byProfile } from "../dist/lib/profile.js";
import { cachedRun } from "../dist/lib/runs/index.js";
import { runRegression, type RegressionResult } from "../dist/lib/experiments/regression.js";
import * as F3 from "../dist/lib/experiments/section3_2_fig3.js";
import { figure3 } from "../dist/lib/figures/index.js";
import { showFigure, showTable } from "../dist/lib/plot/index.js";

const thresholds = [1e-1, 1e-2, 1e-3, 1e-4, 1e-5];
const common = { trainingPoints: 1000, testPoints: 100, lbfgsLearningRate: 1e-2, fourierScale: 5, thresholds: thresholds, seed: 0 };
const settings: F3.Fig3Settings = byProfile<F3.Fig3Settings>({
  smoke: { ...common, trainingPoints: 200, repeats: 1, adamEpochs: 5, adamLearningRate: 1e-3, lbfgsEpochs: 5, evaluateEvery: 1 },
  quick: { ...common, repeats: 3, adamEpochs: 75, adamLearningRate: 1e-3, lbfgsEpochs: 75, evaluateEvery: 5 },
  paper: { ...common, repeats: 20, adamEpochs: 25_000, adamLearningRate: 1e-5, lbfgsEpochs: 25_000, evaluateEvery: 100 },
});
console.log(settings);

// %% [markdown]
// ## The runs
// 2 targets × 3 architectures × 2 losses × the repeats, each one cached run in `data/cache/section3.2-fig3/`
// (a rerun with nothing changed reads them). The total training time per target and loss is printed.

// %%
const histories = new Map<string, RegressionResult["history"][]>();
for (const target of F3.FIG3_TARGETS) {
  for (const architecture of F3.FIG3_ARCHITECTURES) {
    for (const loss of F3.FIG3_LOSSES) {
      const runs: RegressionResult["history"][] = [];
      for (let repeat = 0; repeat < settings.repeats; repeat++) {
        const label = `Fig. 3, ${target}, ${architecture}, ${loss}, repeat ${repeat + 1}/${settings.repeats}`;
        const { record } = await cachedRun("section3.2-fig3", F3.fig3Config(settings, target, architecture, loss, repeat), (c) => runRegression(c, label));
        runs.push(record.results.history);
      }
      histories.set(`${target}|${architecture}|${loss}`, runs);
      console.log(`${target} ${architecture} ${loss}: ${runs.map((h) => h.seconds[h.seconds.length - 1].toFixed(1)).join(", ")} s of training`);
    }
  }
}
const panelsOf = (target: string): F3.Fig3Panel[] => F3.FIG3_ARCHITECTURES.map((a) =>
  F3.fig3Panel(target, a, F3.fig3PanelName(a, settings.fourierScale),
    F3.pooledHistory(histories.get(`${target}|${a}|L2`) ?? []), F3.pooledHistory(histories.get(`${target}|${a}|H1`) ?? []), thresholds));
const panels = F3.FIG3_TARGETS.map((t) => panelsOf(t));

// %% [markdown]
// ## Figure 3: f(x) = x + sin(2πx⁴)
// Top: mean test MSE over the repeats against epochs (band: smallest to largest repeat), L² dashed, H¹ solid; the
// optimiser switches from Adam to L-BFGS halfway. Bottom: training time to first reach each threshold (no bar:
// not reached).

// %%
await showFigure(figure3(panels[0], "fig3", "Figure 3: x + sin(2πx⁴), L² vs H¹ for a standard MLP, Fourier features and SIREN"));

// %% [markdown]
// ## The same for f₁(x) = sin(2πx) + sin(20πx) (earlier version, Fig. 4)

// %%
await showFigure(figure3(panels[1], "fig3-f1", "Figure 3 (earlier version's f₁): sin(2πx) + sin(20πx), L² vs H¹"));

// %% [markdown]
// ## Time to threshold, H¹ against L²
// For each target, architecture and threshold: the times, which loss reached it, and the ratio H¹/L² (0 when only
// H¹ reached it, ∞ when only L² did; thresholds reached by neither, or before training by both, are not compared).

// %%
const ratioRows = panels.flat().flatMap((p) => p.timeRatios.map((r) => ({
  target: p.target, architecture: p.architecture, threshold: r.threshold, reached: r.reached,
  "L2 s": r.l2Seconds === null ? "" : Number(r.l2Seconds.toFixed(2)), "H1 s": r.h1Seconds === null ? "" : Number(r.h1Seconds.toFixed(2)),
  "H1/L2": Number.isNaN(r.ratio) ? "" : r.ratio === Infinity ? "∞" : Number(r.ratio.toFixed(3)),
})));
showTable("fig3-time-ratios", ratioRows);
showTable("fig3-final-errors", panels.flat().map((p) => ({ target: p.target, architecture: p.architecture, "final mean MSE ratio H1/L2": Number(p.finalErrorRatio.toPrecision(3)) })));

// %% [markdown]
// ## The claims, per target and architecture
// (1) "Sobolev training consistently improves the approximation": the mean final test error of H¹ over that of
// L² is below 1. (2) "H¹ training attains the same accuracy in substantially less time than L² training": for
// every threshold reached by at least one loss, the time ratio H¹/L² is below 1; the measured value is the
// largest ratio (0 if only H¹ reached a threshold, ∞ if only L² did, which fails; NaN if no threshold was
// reached by either, which fails too: the runs then support nothing). Both are strict (tolerance 0). A claim our
// runs do not support is recorded as `fails`, not tuned away.

// %%
const describe = (p: F3.Fig3Panel): string => p.timeRatios.map((r) => `${r.threshold.toExponential(0)}: ${r.reached}${r.reached === "both" ? ` ${r.ratio.toFixed(2)}` : ""}`).join("; ");
const schedule = `Adam ${settings.adamLearningRate} × ${settings.adamEpochs} then L-BFGS ${settings.lbfgsLearningRate} × ${settings.lbfgsEpochs}, ${settings.repeats} repeats, ${settings.trainingPoints} points`;
for (const p of panels.flat()) {
  nb.experiments.check({
    id: `fig3-${p.target}-${p.architecture}-final-error`, source: "Sec 3.2, Fig 3",
    claim: `Sobolev training consistently improves the approximation (${p.target}, ${p.architecture})`,
    method: `mean over repeats of the final test MSE (100 points), H1 / L2; ${schedule}`,
    measured: p.finalErrorRatio, expected: 1, tolerance: 0, relation: "<",
  }, { onFail: "record" });
  nb.experiments.check({
    id: `fig3-${p.target}-${p.architecture}-time`, source: "Sec 3.2, Fig 3",
    claim: `H1 training attains the same accuracy in substantially less time than L2 training (${p.target}, ${p.architecture})`,
    method: `largest H1/L2 ratio of training seconds to first reach each threshold with the mean-over-repeats error (0: only H1 reached it, Infinity: only L2); ${describe(p)}; ${schedule}`,
    measured: p.worstTimeRatio, expected: 1, tolerance: 0, relation: "<",
  }, { onFail: "record" });
}

// %% [markdown]
// ## Reading the results (quick profile)
// **In our quick runs the paper's claims do not hold, with one exception: 11 of the 12 checks fail.**
// - Final error (claim 1): H¹/L² is 0.79 for the Fourier-feature network on x + sin(2πx⁴) (holds), but 1.12
//   (MLP), 2.9·10³ (SIREN) on that target and 4.4 (MLP), 8.8 (FF), 3.9·10² (SIREN) on f₁ (all fail). L²-trained
//   SIRENs reach 10⁻⁶ to 10⁻⁵ within 150 epochs; H¹-trained ones stop near 10⁻³ to 10⁻². The tanh MLP learns
//   the oscillations of neither target in 150 epochs (on f₁, L² ends at MSE 0.5, the power of sin 20πx, and H¹
//   above its initial error).
// - Time to threshold (claim 2): wherever both losses reach a threshold, H¹ needs 1.4 to 18 times L²'s training
//   time; at 10⁻³ and below only L² gets there for SIREN, and at 10⁻⁴ for the Fourier-feature network on f₁
//   (ratio ∞).
//   Part of this is the step cost: an H¹ step costs about 1.5 to 2.5 times an L² step here (Adam 10-12 ms
//   against 5-8 ms, an L-BFGS iteration 34-43 ms against 16-22 ms), so H¹ must reach an error in well under
//   L²'s epochs to win on time; in these runs it needs more epochs, not fewer. On f₁ the MLP reaches no threshold with either loss (NaN, recorded as fails:
//   the runs support nothing).
// - Both targets have large derivatives (|f′| up to 1 + 8π ≈ 26 for x + sin(2πx⁴), 22π ≈ 69 for f₁) and H¹'s
//   weight on them is 1, so the derivative term dominates the loss and the value error falls later; the paper's
//   long schedule may let H¹ catch up, which a 150-epoch run cannot show. The H¹ MLP curves jump just after
//   epoch 75, where L-BFGS takes over.
//
// Caveats. The quick profile is 1/333 of the paper's schedule with Adam at 1e−3 instead of 1e−5, and 3 repeats
// instead of 20: these verdicts are about it, not about the paper's profile (about 15 minutes per run here, 240
// runs, i.e. about 2.5 days on this CPU). In exploratory single-seed runs with the paper's Adam 1e−5 (100 Adam + 100 L-BFGS
// epochs, x + sin(2πx⁴), not recomputed here) the final MSE was, L² vs H¹: MLP 4.7·10⁻² vs 1.8·10⁻⁴,
// FF (σ = 5) 1.5·10⁻⁵ vs 2.5·10⁻⁵, SIREN 1.1·10⁻⁵ vs 2.0·10⁻³: H¹ helped the MLP there, not the other two.
// The FF verdict also depends on σ (Settings). Wall-clock times were measured on a 2-core machine shared with
// other jobs, so they are noisy (an earlier quick run under load measured steps 2 to 4 times slower, and ratios
// 2.1 to 28 instead of 1.4 to 18); the verdicts did not change.
