/**
 * The runs of Figure 2 (notebooks/3.2-activations-fig2.ts): the settings of each profile and one run per activation
 * and loss, whose seeds train together as an ensemble. The figure is not in the authors' repository, so the `long`
 * profile takes the paper's text (Adam 1e-4, 1,024 points): a tenth of its 50,000 epochs, with 5 of its 50 seeds
 * (cost: figures/long-cost.md).
 */
import { runRegression, type LossName, type RegressionConfig, type RegressionResult } from "../experiments/regression.js";
import type { ActivationName } from "../models/index.js";
import { byProfile, type Profile, type ProfileValues } from "../profile.js";
import type { RunRequest } from "../runs/plan.js";
import { regressionCost } from "./regressionCost.js";

/** The paper's Adam learning rate, epochs and seeds for Figure 2 (Sec 3.2). */
export const FIG2_PAPER = { learningRate: 1e-4, epochs: 50_000, seeds: 50 } as const;

export interface Fig2Settings {
  readonly points: number;
  readonly learningRate: number;
  readonly epochs: number;
  readonly seeds: number;
  readonly evaluateEvery: number;
}

export const FIG2_SETTINGS: ProfileValues<Fig2Settings> = {
  smoke: { points: 64, learningRate: 1e-3, epochs: 10, seeds: 1, evaluateEvery: 5 },
  quick: { points: 512, learningRate: 1e-3, epochs: 1500, seeds: 5, evaluateEvery: 100 },
  long: { points: 1024, learningRate: FIG2_PAPER.learningRate, epochs: 5000, seeds: 5, evaluateEvery: 250 },
  paper: { points: 1024, learningRate: FIG2_PAPER.learningRate, epochs: FIG2_PAPER.epochs, seeds: FIG2_PAPER.seeds, evaluateEvery: 500 },
};

export const FIG2_ACTIVATIONS: readonly ActivationName[] = ["relu", "leakyRelu", "gelu", "tanh", "sine", "relu2"];
export const FIG2_LOSSES: readonly LossName[] = ["L2", "H1", "H2"];

/** The run of one activation and loss under `settings`. */
export function fig2Config(settings: Fig2Settings, activation: ActivationName, loss: LossName): RegressionConfig {
  return {
    target: "fig2", model: { kind: "mlp", widths: [64, 64, 64], activation }, loss,
    train: { kind: "uniform", count: settings.points, seed: 1 }, derivatives: "exact", testPoints: 2000, testSeed: 2,
    schedule: [{ kind: "adam", learningRate: settings.learningRate, epochs: settings.epochs }],
    ensembleSize: settings.seeds, seed: 0, evaluateEvery: settings.evaluateEvery,
  };
}

export interface Fig2Run extends RunRequest<RegressionConfig, RegressionResult> {
  readonly activation: ActivationName;
  readonly loss: LossName;
}

/** Every run of Figure 2 in `profile`, activation by activation. */
export function fig2Runs(profile?: Profile): Fig2Run[] {
  const settings = byProfile(FIG2_SETTINGS, profile);
  return FIG2_ACTIVATIONS.flatMap((activation) =>
    FIG2_LOSSES.map((loss) => {
      const label = `Fig. 2, ${activation}, ${loss}`;
      const config = fig2Config(settings, activation, loss);
      return { experiment: "section3.2-fig2", config, compute: (c: RegressionConfig) => runRegression(c, label), label, cost: regressionCost(config, settings.points), activation, loss };
    }),
  );
}
