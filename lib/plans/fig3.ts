/**
 * The runs of Figure 3 (notebooks/3.2-architectures-fig3.ts): the settings of each profile and one run per target,
 * architecture, loss and repeat. The optimiser settings are the authors' (Architecture/fusion_config.yaml and
 * PyTorch's defaults); the `long` profile runs a tenth of their 25,000 Adam and 25,000 L-BFGS epochs with 5 of their
 * 20 repeats (cost: figures/long-cost.md).
 */
import { runRegression, type LossName, type RegressionConfig, type RegressionResult } from "../experiments/regression.js";
import { FIG3_ARCHITECTURES, FIG3_LOSSES, FIG3_TARGETS, fig3Config, type Fig3Architecture, type Fig3Settings } from "../experiments/section3_2_fig3.js";
import { byProfile, type Profile, type ProfileValues } from "../profile.js";
import type { RunRequest } from "../runs/plan.js";
import { regressionCost } from "./regressionCost.js";

/** The paper's epochs and Adam learning rate for Figure 3 (Sec 3.2). */
export const FIG3_PAPER = { adamEpochs: 25_000, adamLearningRate: 1e-5, lbfgsEpochs: 25_000 } as const;
export const FIG3_THRESHOLDS: readonly number[] = [1e-1, 1e-2, 1e-3, 1e-4, 1e-5];

/** The authors' optimiser settings (PyTorch defaults: Adam ε, LBFGS max_iter and history_size). */
const common = {
  trainingPoints: 1000, testPoints: 100, adamLearningRate: FIG3_PAPER.adamLearningRate, adamEpsilon: 1e-8, lbfgsLearningRate: 1e-2,
  lbfgsIterationsPerEpoch: 20, lbfgsHistorySize: 100, thresholds: FIG3_THRESHOLDS, seed: 0,
};

export const FIG3_SETTINGS: ProfileValues<Fig3Settings> = {
  smoke: { ...common, trainingPoints: 200, repeats: 1, adamEpochs: 2, lbfgsEpochs: 2, evaluateEvery: 1 },
  quick: { ...common, repeats: 5, adamEpochs: 12, lbfgsEpochs: 12, evaluateEvery: 1 },
  long: { ...common, repeats: 5, adamEpochs: FIG3_PAPER.adamEpochs / 10, lbfgsEpochs: FIG3_PAPER.lbfgsEpochs / 10, evaluateEvery: 25 },
  paper: { ...common, repeats: 20, ...FIG3_PAPER, evaluateEvery: 100 },
};

export interface Fig3Run extends RunRequest<RegressionConfig, RegressionResult> {
  readonly target: string;
  readonly architecture: Fig3Architecture;
  readonly loss: LossName;
  readonly repeat: number;
}

/** Every run of Figure 3 in `profile`: target, architecture, loss, then repeat. */
export function fig3Runs(profile?: Profile): Fig3Run[] {
  const settings = byProfile(FIG3_SETTINGS, profile);
  return FIG3_TARGETS.flatMap((target) =>
    FIG3_ARCHITECTURES.flatMap((architecture) =>
      FIG3_LOSSES.flatMap((loss) =>
        Array.from({ length: settings.repeats }, (_, repeat) => {
          const label = `Fig. 3, ${target}, ${architecture}, ${loss}, repeat ${repeat + 1}/${settings.repeats}`;
          const config = fig3Config(settings, target, architecture, loss, repeat);
          return { experiment: "section3.2-fig3", config, compute: (c: RegressionConfig) => runRegression(c, label), label, cost: regressionCost(config, settings.trainingPoints), target, architecture, loss, repeat };
        }),
      ),
    ),
  );
}
