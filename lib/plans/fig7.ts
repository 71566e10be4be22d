/**
 * The runs of Figure 7 (notebooks/C.2-approximated-derivatives.ts): the settings of each profile and one run per
 * series (L², exact H¹, H¹ from finite differences, H¹ from Chebyshev derivatives), whose seeds train together as
 * an ensemble. Grids and network are the authors' (Differentiation/): the `long` profile runs their 101² Chebyshev
 * and 100² uniform grids with Adam 1e-4 for a tenth of their 200,000 epochs, 5 seeds (cost: figures/long-cost.md).
 */
import { runRegression, type LossName, type RegressionConfig, type RegressionResult } from "../experiments/regression.js";
import type { DerivativeSource, FiniteDifferenceEdges, SampleLayout } from "../experiments/targetData.js";
import { byProfile, type Profile, type ProfileValues } from "../profile.js";
import type { RunRequest } from "../runs/plan.js";
import { regressionCost } from "./regressionCost.js";

/** The authors' code's training length (Differentiation/config.yaml), the reference of `scale`. */
export const FIG7_AUTHORS_EPOCHS = 200_000;
/** The authors' network: four hidden tanh layers of 64 (the paper's text says three). */
export const FIG7_HIDDEN_WIDTHS: readonly number[] = [64, 64, 64, 64];

export interface Fig7Settings {
  /** The uniform grid has grid² points, the Chebyshev grid (grid + 1)². */
  readonly grid: number;
  readonly learningRate: number;
  readonly epochs: number;
  readonly seeds: number;
  readonly evaluateEvery: number;
  readonly thresholds: readonly number[];
}

export const FIG7_SETTINGS: ProfileValues<Fig7Settings> = {
  smoke: { grid: 12, learningRate: 1e-3, epochs: 20, seeds: 2, evaluateEvery: 10, thresholds: [3, 1, 0.3] },
  quick: { grid: 32, learningRate: 1e-3, epochs: 2000, seeds: 5, evaluateEvery: 100, thresholds: [1e-2, 1e-3, 1e-4] },
  long: { grid: 100, learningRate: 1e-4, epochs: FIG7_AUTHORS_EPOCHS / 10, seeds: 5, evaluateEvery: 200, thresholds: [1e-3, 1e-4, 1e-5] },
  paper: { grid: 100, learningRate: 1e-4, epochs: 20_000, seeds: 5, evaluateEvery: 200, thresholds: [1e-3, 1e-4, 1e-5] },
};

export interface Fig7Variant {
  readonly series: string;
  readonly loss: LossName;
  readonly train: SampleLayout;
  readonly derivatives: DerivativeSource;
  readonly edges?: FiniteDifferenceEdges;
}

/** The four series on `settings`' grids: L², exact H¹ and Chebyshev H¹ on the Chebyshev grid, FD H¹ on the uniform one. */
export function fig7Variants(settings: Fig7Settings): Fig7Variant[] {
  const uniform: SampleLayout = { kind: "grid", perAxis: settings.grid };
  const chebyshev: SampleLayout = { kind: "chebyshev", perAxis: settings.grid + 1 };
  return [
    { series: "L2", loss: "L2", train: chebyshev, derivatives: "exact" },
    { series: "H1 exact", loss: "H1", train: chebyshev, derivatives: "exact" },
    { series: "H1 finite differences", loss: "H1", train: uniform, derivatives: "finite-difference", edges: "dropped" },
    { series: "H1 Chebyshev", loss: "H1", train: chebyshev, derivatives: "chebyshev" },
  ];
}

export interface Fig7Run extends RunRequest<RegressionConfig, RegressionResult> {
  readonly series: string;
}

/** Every run of Figure 7 in `profile`, series by series. */
export function fig7Runs(profile?: Profile): Fig7Run[] {
  const settings = byProfile(FIG7_SETTINGS, profile);
  return fig7Variants(settings).map((v) => {
    const config: RegressionConfig = {
      target: "ackley", model: { kind: "mlp", widths: FIG7_HIDDEN_WIDTHS, activation: "tanh" }, loss: v.loss, train: v.train, derivatives: v.derivatives,
      ...(v.edges !== undefined ? { finiteDifferenceEdges: v.edges } : {}), recordTrainingError: true, testPoints: 2000, testSeed: 2024,
      schedule: [{ kind: "adam", learningRate: settings.learningRate, epochs: settings.epochs }],
      ensembleSize: settings.seeds, seed: 0, evaluateEvery: settings.evaluateEvery,
    };
    const label = `Fig. 7, ${v.series}`;
    const points = v.train.kind === "grid" || v.train.kind === "chebyshev" ? v.train.perAxis ** 2 : 0;
    return { experiment: "appc2-figure7", config, compute: (c: RegressionConfig) => runRegression(c, label), label, cost: regressionCost(config, points), series: v.series };
  });
}
