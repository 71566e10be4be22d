/**
 * Figure 3 of the paper (Section 3.2, lines 199-209 of the paper's text): a standard MLP,
 * a Fourier-feature network (64 features + 64-64-1) and a 1-64-64-64-1 "SIREN" fitted with the L² and H¹
 * losses to the multi-scale target x + sin(2πx⁴) on [-1, 1] ("fig3"), and, from the earlier version of the paper
 * (its text, line 175, its Fig. 4), to f₁(x) = sin(2πx) + sin(20πx) ("twoFrequency").
 * Schedule: Adam (1e-5) for 25,000 epochs, then L-BFGS (1e-2) for 25,000 epochs (line 203).
 *
 * Everything else follows the authors' published code, Architecture/ at commit e819fd0 (facts with file:line in
 * lib/provenance/fig3.ts): the models of model.py (the MLP and the sine network with kaiming_uniform_ weights,
 * the sine network with ω₀ = 1, the Fourier features a trained layer sin(2π(xW + b)) before a xavier-initialised
 * tanh MLP), the training points linspace(−1, 1, 1000), Adam with PyTorch's ε = 1e-8, and L-BFGS as PyTorch's
 * LBFGS.step(closure) once per epoch: up to 20 fixed-step iterations, history 100, no line search.
 *
 * One run per repeat (ensemble size 1: L-BFGS would couple batched members through its shared direction and
 * stopping tests). The repeats of one (target, architecture, loss) are pooled into one history whose members are
 * the repeats and whose time is their mean training time per evaluation; panels (a, c, e) plot its mean and
 * spread, panels (b, d, f) the time at which its mean first reaches each threshold (lib/train/thresholds.ts).
 */
import type { ThresholdTimeRow } from "../figures/thresholdTimes.js";
import { firstReached, type FitHistory, type ThresholdTime } from "../train/index.js";
import { errorCurveRows, thresholdTimeRows, type ErrorCurveRow } from "./curves.js";

export { pooledHistory } from "./curves.js";
import type { LossName, ModelSpec, RegressionConfig } from "./regression.js";

export const FIG3_TARGETS = ["fig3", "twoFrequency"] as const;
export const FIG3_ARCHITECTURES = ["MLP", "FF", "SIREN"] as const;
export type Fig3Architecture = (typeof FIG3_ARCHITECTURES)[number];
export const FIG3_LOSSES = ["L2", "H1"] as const satisfies readonly LossName[];

export interface Fig3Settings {
  readonly repeats: number;
  /** Points of the training grid linspace(−1, 1, trainingPoints), endpoints included. */
  readonly trainingPoints: number;
  readonly testPoints: number;
  readonly adamEpochs: number;
  readonly adamLearningRate: number;
  /** Adam's ε (PyTorch's default 1e-8 in the authors' code). */
  readonly adamEpsilon: number;
  readonly lbfgsEpochs: number;
  readonly lbfgsLearningRate: number;
  /** Iterations of one L-BFGS epoch: PyTorch's max_iter of one step(closure) (20 by default). */
  readonly lbfgsIterationsPerEpoch: number;
  /** Curvature pairs kept (PyTorch's history_size, 100 by default). */
  readonly lbfgsHistorySize: number;
  readonly evaluateEvery: number;
  readonly thresholds: readonly number[];
  readonly seed: number;
}

/**
 * The model of each architecture, as the authors' Architecture/model.py builds it: the standard MLP 1-64-64-64-1
 * tanh with kaiming_uniform_ weights; the Fourier-feature network a trained 1 → 64 layer sin(2π(xW + b)),
 * W ~ N(0, 1), then 64-64-1 tanh with xavier_uniform_ weights; the "SIREN" 1-64-64-64-1 sin(xW + b) (ω₀ = 1)
 * with kaiming_uniform_ weights. Biases are nn.Linear's default throughout.
 */
export function fig3Model(architecture: Fig3Architecture): ModelSpec {
  if (architecture === "MLP") return { kind: "mlp", widths: [64, 64, 64], activation: "tanh", initialisation: "kaiming-uniform" };
  if (architecture === "FF") return { kind: "trained-fourier-features", features: 64, widths: [64, 64] };
  return { kind: "siren", widths: [64, 64, 64], omega0: 1, initialisation: "kaiming-uniform" };
}

/** Panel titles of the architectures. */
export function fig3PanelName(architecture: Fig3Architecture): string {
  if (architecture === "MLP") return "standard MLP (tanh)";
  return architecture === "FF" ? "Fourier features (trained, sin 2π(Wx + b))" : "SIREN (sin, ω₀ = 1)";
}

/**
 * The run of `repeat` (0-based): model seed seed + repeat, the training grid linspace(−1, 1, trainingPoints)
 * (the same for every run, as in the authors' code), and one test set shared by every run. L² and H¹ share the
 * initialisation of a repeat, so the losses are compared pairwise.
 */
export function fig3Config(settings: Fig3Settings, target: string, architecture: Fig3Architecture, loss: LossName, repeat: number): RegressionConfig {
  if (!Number.isInteger(repeat) || repeat < 0 || repeat >= settings.repeats) {
    throw new Error(`fig3Config: repeat must be an integer in [0, ${settings.repeats}), got ${repeat}`);
  }
  return {
    target,
    model: fig3Model(architecture),
    loss,
    train: { kind: "grid", perAxis: settings.trainingPoints },
    derivatives: "exact",
    testPoints: settings.testPoints,
    testSeed: settings.seed + 7919,
    schedule: [
      { kind: "adam", learningRate: settings.adamLearningRate, epochs: settings.adamEpochs, epsilon: settings.adamEpsilon },
      {
        kind: "lbfgs",
        learningRate: settings.lbfgsLearningRate,
        epochs: settings.lbfgsEpochs,
        lineSearch: "none",
        iterationsPerEpoch: settings.lbfgsIterationsPerEpoch,
        historySize: settings.lbfgsHistorySize,
      },
    ],
    ensembleSize: 1,
    seed: settings.seed + repeat,
    evaluateEvery: settings.evaluateEvery,
  };
}

/** How H¹'s time to one threshold compares with L²'s. */
export interface ThresholdRatio {
  readonly threshold: number;
  readonly l2Seconds: number | null;
  readonly h1Seconds: number | null;
  /** "initialisation": both were at or below it before training (no comparison). */
  readonly reached: "both" | "H1 only" | "L2 only" | "neither" | "initialisation";
  /** H¹ time / L² time when both reached it; 0 when only H¹ did, Infinity when only L² did, NaN otherwise. */
  readonly ratio: number;
}

export function thresholdRatio(l2: ThresholdTime, h1: ThresholdTime): ThresholdRatio {
  const base = { threshold: l2.threshold, l2Seconds: l2.seconds, h1Seconds: h1.seconds };
  if (l2.seconds === null && h1.seconds === null) return { ...base, reached: "neither", ratio: Number.NaN };
  if (l2.seconds === null) return { ...base, reached: "H1 only", ratio: 0 };
  if (h1.seconds === null) return { ...base, reached: "L2 only", ratio: Number.POSITIVE_INFINITY };
  if (l2.epoch === 0 && h1.epoch === 0) return { ...base, reached: "initialisation", ratio: Number.NaN };
  return { ...base, reached: "both", ratio: h1.seconds / l2.seconds };
}

/** One panel pair of Figure 3: one target and one architecture, L² against H¹. */
export interface Fig3Panel {
  readonly target: string;
  readonly architecture: Fig3Architecture;
  readonly curves: ErrorCurveRow[];
  readonly thresholds: ThresholdTimeRow[];
  /** Mean final test error of H¹ over that of L² (claim 1: < 1). */
  readonly finalErrorRatio: number;
  readonly timeRatios: ThresholdRatio[];
  /** The largest ratio over thresholds reached by at least one loss (claim 2: < 1); NaN when none was. */
  readonly worstTimeRatio: number;
}

export function fig3Panel(target: string, architecture: Fig3Architecture, panel: string, l2: FitHistory, h1: FitHistory, thresholds: readonly number[]): Fig3Panel {
  const curves = [...errorCurveRows(l2, panel, "L2"), ...errorCurveRows(h1, panel, "H1")];
  const final = (h: FitHistory): number => {
    const errors = h.testError[h.testError.length - 1];
    return errors.reduce((a, b) => a + b, 0) / errors.length;
  };
  const [l2Times, h1Times] = [firstReached(l2, thresholds), firstReached(h1, thresholds)];
  const timeRatios = thresholds.map((_, i) => thresholdRatio(l2Times[i], h1Times[i]));
  const compared = timeRatios.filter((r) => r.reached === "both" || r.reached === "H1 only" || r.reached === "L2 only");
  return {
    target,
    architecture,
    curves,
    thresholds: [...thresholdTimeRows(l2, thresholds, panel, "L2"), ...thresholdTimeRows(h1, thresholds, panel, "H1")],
    finalErrorRatio: final(h1) / final(l2),
    timeRatios,
    worstTimeRatio: compared.length === 0 ? Number.NaN : Math.max(...compared.map((r) => r.ratio)),
  };
}
