/**
 * One function-regression run of Sections 3.2 and Appendix C.2 as a typed, cacheable config: a target, a
 * model ensemble (S seeds trained together), a loss (L2, H1 or H2 with the target's derivatives from a given
 * source), an optimiser schedule, and the test error of every member against epochs and training time.
 */
import * as tf from "@tensorflow/tfjs";
import { targetsByName } from "../data/index.js";
import { h1Weights, h2Weights, l2Weights, sobolevLoss, type SobolevBatch, type SobolevWeights } from "../losses/index.js";
import { meanSquaredErrorPerMember } from "../losses/testError.js";
import { fourierFeatures, mlp, siren, trainedFourierFeatures, type ActivationName, type Initialisation, type SirenInitialisation, type SobolevModel } from "../models/index.js";
import { fit, type FitHistory, type OptimizerSchedule } from "../train/index.js";
import { targetSamples, type DerivativeSource, type FiniteDifferenceEdges, type SampleLayout, type TargetSamples } from "./targetData.js";

/**
 * A model of lib/models. Optional fields default to the library's defaults (and are then absent from the
 * cached config, so runs recorded before they existed keep their keys); "trained-fourier-features" is the
 * authors' Fig. 3 network (trainedFourierFeatures.ts).
 */
export type ModelSpec =
  | { readonly kind: "mlp"; readonly widths: readonly number[]; readonly activation: ActivationName; readonly initialisation?: Initialisation }
  | { readonly kind: "fourier-features"; readonly scale: number; readonly features: number; readonly widths: readonly number[] }
  | { readonly kind: "trained-fourier-features"; readonly features: number; readonly widths: readonly number[] }
  | { readonly kind: "siren"; readonly widths: readonly number[]; readonly omega0?: number; readonly initialisation?: SirenInitialisation };

export const LOSSES = ["L2", "H1", "H2"] as const;
export type LossName = (typeof LOSSES)[number];

export interface RegressionConfig {
  /** A name of targetsByName (lib/data/targets.ts). */
  readonly target: string;
  readonly model: ModelSpec;
  readonly loss: LossName;
  /** Where the training data is sampled, and where its derivatives come from (L2 uses values only). */
  readonly train: SampleLayout;
  readonly derivatives: DerivativeSource;
  /** Finite differences at the grid's edges (targetData.ts); absent means "one-sided", our default. */
  readonly finiteDifferenceEdges?: FiniteDifferenceEdges;
  /** Also record each member's MSE at the training points (history.trainingError), the curve the authors plot in Fig. 7. */
  readonly recordTrainingError?: boolean;
  /** Test points: uniform random in the target's domain from SeededRandom(testSeed), the same for every model seed. */
  readonly testPoints: number;
  readonly testSeed: number;
  readonly schedule: OptimizerSchedule;
  /** S members with seeds seed, seed + 1, ..., seed + S - 1. */
  readonly ensembleSize: number;
  readonly seed: number;
  readonly evaluateEvery: number;
}

export interface RegressionResult {
  readonly description: string;
  readonly trainingPoints: number;
  readonly history: FitHistory;
}

const WEIGHTS: Record<LossName, () => SobolevWeights> = { L2: l2Weights, H1: () => h1Weights(), H2: () => h2Weights() };

export function buildModel(spec: ModelSpec, inputDimension: number, ensembleSize: number, seed: number): SobolevModel {
  switch (spec.kind) {
    case "mlp":
      return mlp({ inputDimension, widths: spec.widths, activation: spec.activation, initialisation: spec.initialisation, ensembleSize, seed });
    case "fourier-features":
      return fourierFeatures({ inputDimension, scale: spec.scale, features: spec.features, widths: spec.widths, ensembleSize, seed });
    case "trained-fourier-features":
      return trainedFourierFeatures({ inputDimension, features: spec.features, widths: spec.widths, ensembleSize, seed });
    case "siren":
      return siren({ inputDimension, widths: spec.widths, omega0: spec.omega0, initialisation: spec.initialisation, ensembleSize, seed });
    default:
      throw new Error(`buildModel: model kind must be mlp, fourier-features, trained-fourier-features or siren, got ${JSON.stringify(spec)}`);
  }
}

/** The samples as tensors of a Sobolev batch (float32). */
export function sobolevBatch(samples: TargetSamples): SobolevBatch {
  const d = samples.points[0].length;
  return {
    x: tf.tensor2d(samples.points.flat(), [samples.points.length, d]),
    value: tf.tensor1d(samples.value),
    ...(samples.gradient ? { gradient: tf.tensor2d(samples.gradient.flat(), [samples.points.length, d]) } : {}),
    ...(samples.gradientWeight ? { gradientWeight: tf.tensor2d(samples.gradientWeight.flat(), [samples.points.length, d]) } : {}),
    ...(samples.hessian ? { hessian: tf.tensor3d(samples.hessian.flat(2), [samples.points.length, d, d]) } : {}),
  };
}

/** Trains `config` (module comment); `label` names it in progress lines and errors. */
export function runRegression(config: RegressionConfig, label: string): RegressionResult {
  const target = targetsByName[config.target];
  if (target === undefined) throw new Error(`runRegression: unknown target "${config.target}"; known: ${Object.keys(targetsByName).join(", ")}`);
  if (!(LOSSES as readonly string[]).includes(config.loss)) throw new Error(`runRegression: loss must be one of ${LOSSES.join(", ")}, got "${config.loss}"`);
  const weights = WEIGHTS[config.loss]();
  const order = (weights.length - 1) as 0 | 1 | 2;
  const train = sobolevBatch(targetSamples(target, config.train, config.derivatives, order, config.finiteDifferenceEdges));
  const test = sobolevBatch(targetSamples(target, { kind: "uniform", count: config.testPoints, seed: config.testSeed }, "exact", 0));
  const model = buildModel(config.model, target.dimension, config.ensembleSize, config.seed);
  try {
    const history = fit({
      label,
      variables: model.variables,
      loss: () => sobolevLoss(model, train, weights),
      schedule: config.schedule,
      evaluate: () => meanSquaredErrorPerMember(model, test.x, test.value),
      evaluateEvery: config.evaluateEvery,
      ...(config.recordTrainingError === true ? { evaluateTraining: () => meanSquaredErrorPerMember(model, train.x, train.value) } : {}),
    });
    return { description: model.description, trainingPoints: train.x.shape[0], history };
  } finally {
    model.dispose();
    for (const t of [train.x, train.value, train.gradient, train.gradientWeight, train.hessian, test.x, test.value]) t?.dispose();
  }
}
