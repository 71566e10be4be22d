// %% [markdown]
// # 3.2 Sobolev acceleration for various activations (Figure 2)
//
// Section 3.2 of the paper: "The target is f(x, y) = sin(10(x + y)) + (x − y)² − 1.5x + 2.5y + 1 on
// (x, y) ∈ [1, 4] × [−3, 4]. A 2-64-64-64-1 network is trained with Adam (1e-4) for 50,000 epochs, repeated 50 times
// with independent initializations. We compare ReLU, Leaky ReLU, GeLU, Tanh, and Sine. Figure 2 shows that Sobolev
// losses (H¹, H²) accelerate convergence for all activations, with the strongest effect for Sine." The earlier
// version of the paper adds ReLU² and says "the H² loss function enhances training specifically for the sine
// activation function"; both are checked here.
//
// The losses are `sobolevLoss` of `lib/losses` with weights 1: L² = mean (u − f)², H¹ adds mean ‖∇u − ∇f‖², H² adds
// mean ‖∇²u − ∇²f‖²_F, with the target's exact derivatives. The network's input gradient and Hessian are computed by
// ordinary tensor ops (an adjoint sweep and forward propagation), not by nested `tf.grad`, which is silently wrong
// for tanh; every loss × activation has its parameter gradient checked against central differences in
// `lib/models/*.test.ts` and `lib/losses/*.test.ts`.

// %% [markdown]
// ## Settings
// The paper does not say how many training points it uses nor how the test error is measured; here the training
// points are uniform random in the rectangle and the test error is the MSE on 2,000 other uniform random points.
// `paper`: 1,024 training points, Adam 1e-4, 50,000 epochs, 50 seeds. `quick` keeps the network, the losses and
// Adam but trains on 512 points for 3,000 epochs with a learning rate of 1e-3 and 2 seeds, so that six activations
// × three losses finish in about ten minutes on two CPU cores. Its learning rate times epochs (3) is of the order of
// the paper's (5); a first, shorter quick setting (256 points, 800 epochs: 0.8) ended with H¹ and H² behind L² for
// every activation: the derivative terms (|∇f| up to ~25) dominate the loss early, and 256 points do not resolve
// sin 10(x + y) on this rectangle (the L² test error rose again while training went on). In a probe with 256 points
// and 3,000 epochs, H¹ overtook L² for tanh and sine but not for ReLU.
// `smoke` only checks the plumbing.

// %%
import * as E from "../dist/lib/experiments/index.js";
import { byProfile } from "../dist/lib/profile.js";
import { showFigure, showTable } from "../dist/lib/plot/index.js";
import { errorCurvesFigure } from "../dist/lib/figures/index.js";
import { cachedRun } from "../dist/lib/runs/index.js";
import type { ActivationName } from "../dist/lib/models/index.js";

const settings = byProfile({
  smoke: { points: 64, learningRate: 1e-3, epochs: 10, seeds: 1, evaluateEvery: 5 },
  quick: { points: 512, learningRate: 1e-3, epochs: 3000, seeds: 2, evaluateEvery: 100 },
  paper: { points: 1024, learningRate: 1e-4, epochs: 50_000, seeds: 50, evaluateEvery: 500 },
});
const activations: ActivationName[] = ["relu", "leakyRelu", "gelu", "tanh", "sine", "relu2"];
const losses: E.LossName[] = ["L2", "H1", "H2"];
const ACTIVATION_TITLES: Record<ActivationName, string> = { relu: "ReLU", leakyRelu: "Leaky ReLU", gelu: "GeLU", tanh: "Tanh", sine: "Sine", relu2: "ReLU² (earlier version)" };
console.log(`${settings.points} training points, Adam ${settings.learningRate}, ${settings.epochs} epochs, ${settings.seeds} seeds`);

// %% [markdown]
// ## The runs
// One cached run per activation and loss; the seeds of a run train together as an ensemble (member k has seed k,
// the same initialisation for L², H¹ and H²).

// %%
const curveRows: E.ErrorCurveRow[] = [];
for (const act of activations) {
  for (const loss of losses) {
    const config: E.RegressionConfig = {
      target: "fig2", model: { kind: "mlp", widths: [64, 64, 64], activation: act }, loss: loss,
      train: { kind: "uniform", count: settings.points, seed: 1 }, derivatives: "exact", testPoints: 2000, testSeed: 2,
      schedule: [{ kind: "adam", learningRate: settings.learningRate, epochs: settings.epochs }],
      ensembleSize: settings.seeds, seed: 0, evaluateEvery: settings.evaluateEvery,
    };
    const { record, fromCache } = await cachedRun("section3.2-fig2", config, (c) => E.runRegression(c, `Fig. 2, ${act}, ${loss}`));
    const h = record.results.history;
    console.log(`${act} ${loss}: ${fromCache ? "cached" : `trained in ${record.wallTimeSeconds.toFixed(0)} s`}, ${(1000 * h.seconds[h.seconds.length - 1] / settings.epochs).toFixed(1)} ms per epoch`);
    curveRows.push(...E.errorCurveRows(h, ACTIVATION_TITLES[act], loss));
  }
}

// %% [markdown]
// ## Figure 2
// Mean test MSE over the seeds against epochs (band: smallest to largest seed), L² dashed.

// %%
await showFigure(errorCurvesFigure(curveRows, "fig2", "Figure 2: test MSE against epochs for L2, H1 and H2 training, by activation"));
const final = (act: ActivationName, loss: E.LossName): number => E.finalMeanError(curveRows, ACTIVATION_TITLES[act], loss);
showTable("fig2-final-errors", activations.map((act) => ({
  activation: ACTIVATION_TITLES[act], ...Object.fromEntries(losses.map((l) => [`${l} final MSE`, final(act, l).toExponential(2)])),
  "H1/L2": (final(act, "H1") / final(act, "L2")).toFixed(3), "H2/L2": (final(act, "H2") / final(act, "L2")).toFixed(3),
})));

// %% [markdown]
// ## The claims, measured
// "Accelerates convergence" is measured as the ratio of the final mean test MSEs (after the same number of epochs):
// below 1 means the Sobolev loss got further. A claim our runs do not support is recorded as `fails` in
// `figures/experiment-claims.csv` and discussed below.

// %%
for (const act of activations) {
  for (const loss of ["H1", "H2"] as const) {
    nb.experiments.check({
      id: `fig2-${loss}-beats-L2-${act}`, source: act === "relu2" ? "earlier version, Fig. 3" : "Sec 3.2, Fig 2",
      claim: `${loss} training converges faster than L2 (${ACTIVATION_TITLES[act]})`,
      method: `final mean test MSE ratio ${loss}/L2 after ${settings.epochs} epochs, ${settings.seeds} seeds, ${settings.points} points`,
      measured: final(act, loss) / final(act, "L2"), relation: "<", expected: 1, tolerance: 0,
    }, { onFail: "record" });
  }
}
const gain = (act: ActivationName): number => final(act, "L2") / Math.min(final(act, "H1"), final(act, "H2"));
const strongest = activations.filter((a) => a !== "relu2").reduce((best, a) => (gain(a) > gain(best) ? a : best));
console.log(activations.map((a) => `${ACTIVATION_TITLES[a]}: L2/best Sobolev = ${gain(a).toFixed(2)}`).join("\n"));
nb.experiments.check({
  id: "fig2-strongest-for-sine", source: "Sec 3.2, Fig 2", claim: "the strongest effect is for Sine",
  method: `largest L2/min(H1, H2) final-MSE ratio among ReLU, Leaky ReLU, GeLU, Tanh, Sine is Sine's (measured: sine's ratio / the largest other; ${ACTIVATION_TITLES[strongest]} is largest)`,
  measured: gain("sine") / Math.max(...activations.filter((a) => a !== "sine" && a !== "relu2").map(gain)), relation: ">", expected: 1, tolerance: 0,
}, { onFail: "record" });
nb.experiments.check({
  id: "fig2-H2-helps-sine", source: "earlier version, Fig. 3", claim: "the H2 loss enhances training specifically for the sine activation",
  method: "final mean test MSE ratio H2/H1 for Sine", measured: final("sine", "H2") / final("sine", "H1"), relation: "<", expected: 1, tolerance: 0,
}, { onFail: "record" });

// %% [markdown]
// ## Reading the results (quick profile: 512 points, 3,000 epochs at Adam 1e-3, 2 seeds)
// **H¹ ends below L² for GeLU (0.50 × L²'s final MSE), Tanh (0.092 ×) and Sine (0.010 ×)**, the acceleration the
// paper reports, and strongest for Sine (its L²/best-Sobolev ratio is 9 times the next activation's): those claims
// hold. **For ReLU, Leaky ReLU and ReLU², H¹ ends above L² (1.38, 1.43 and 1.54 ×)**: those claims fail in our run.
// None of these three networks learned the oscillation with either loss (final MSE 0.53 to 1.0, around the power
// 0.5 of sin 10(x + y)); their input gradients are piecewise constant (ReLU, Leaky ReLU) or piecewise linear
// (ReLU²), a poor match for ∇f = 10 cos 10(x + y) + ... at this width and this early in training.
//
// **H² is worse than L² for every activation but Sine** (GeLU 5.6 ×, Tanh 120 ×, ReLU² 36 ×; for ReLU and Leaky
// ReLU, whose Hessian in x is zero, the H² term is a constant and their runs follow H¹'s, apart from float32
// rounding that grows over 3,000 steps: 1.36 and 1.44 ×). With all weights 1 the Hessian term
// (|∇²f| up to 200) dominates the loss; the paper gives no weights. For Sine, H² ends below L² (0.42 ×) but far
// above H¹ (41 ×): the earlier version's "H² enhances training specifically for the sine activation" holds against
// L² and fails against H¹, which is how the check reads it (recorded as fails).
//
// These are the verdicts of a run with 6 % of the paper's epochs at ten times its learning rate and 2 of its 50
// seeds; the paper profile (`PROFILE=paper`) runs its own numbers.
