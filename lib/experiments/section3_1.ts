/**
 * Section 3.1 of the paper (lines 189-193, Figure 1): empirical risk minimisation with SGD for one ReLU node,
 * student g(x; w) = σ(wᵀx) and teacher g(x; w*), with ‖w − w*‖ < ‖w*‖ and N Gaussian inputs x ~ N(0, I_d).
 * One run per (loss, learning rate, batch size): panel (a) sweeps learning rates at one batch size, panel (c)
 * batch sizes at one learning rate. Each run records, at log-spaced SGD steps, the error ‖w − w*‖², the
 * empirical L2 loss, and the condition number of the Hessian of the empirical training loss (panels b, d;
 * lib/analytic/empiricalSingleRelu.ts) next to that of the population Hessians of Theorem 2.5, eq. (2).
 *
 * Losses are lib/losses/sobolev.ts's with weights L2 = [1/2], H1 = [1/2, 1/2]: the paper's
 * (1/2N) Σ_j [(g − g*)² + ‖∇ₓg − ∇ₓg*‖²], its sum read over both terms (the population H = L + J of Section 2).
 * The teacher's input gradient is exact: ∇ₓg(x; w*) = 1[w*ᵀx > 0] w*. Mini-batches: a seeded shuffle per
 * epoch (the same for every run of one config, so L2 and H1 see the same batches), the last batch of an epoch
 * smaller when B does not divide N. Our own loop rather than lib/train's `fit`, which evaluates once per
 * epoch: log-log curves need evaluations at log-spaced steps inside the first epoch.
 */
import * as tf from "@tensorflow/tfjs";
import { appendixC1Pair } from "../analytic/autodiffEstimators.js";
import { empiricalHessianSingleRelu, empiricalLossSingleRelu } from "../analytic/empiricalSingleRelu.js";
import { eigenvaluesHessianHPaper, eigenvaluesHessianL } from "../analytic/singleReluSpectrum.js";
import { gaussianSamples } from "../data/sampling.js";
import { sobolevLoss, type SobolevBatch } from "../losses/index.js";
import { singleNode } from "../models/index.js";
import { conditionNumber, eigenvalues } from "../numeric/linalg.js";
import { SeededRandom } from "../numeric/random.js";
import { progress } from "../progress.js";

export interface Section31Config {
  readonly dimension: number;
  /** N, the number of training inputs. */
  readonly samples: number;
  /** Panel (a): learning rates, at batch size `batchSize`. */
  readonly learningRates: readonly number[];
  readonly batchSize: number;
  /** Panel (c): batch sizes, at learning rate `batchLearningRate`. */
  readonly batchSizes: readonly number[];
  readonly batchLearningRate: number;
  /** Training length of every run, in epochs (passes over the N inputs). */
  readonly epochs: number;
  /** Evaluations per decade of SGD steps (log-spaced), plus step 0 and the last step. */
  readonly evaluationsPerDecade: number;
  readonly seed: number;
}

export const SECTION31_LOSSES = ["L2", "H1"] as const;
export type Section31Loss = (typeof SECTION31_LOSSES)[number];
/**
 * tfjs training gradient (float32) against the float64 per-sample gradient, relative to max(1, ‖g‖∞): a mean
 * of N ≤ 10⁴ per-sample terms of size O(‖w*‖ ‖x‖²) summed in float32 (≲ √N u ≈ 6e-6 of the sum, u = 2⁻²⁴),
 * plus w rounded to float32. Measured 1e-7 to 3e-7 at N = 10⁴, d = 10; a wrong weight is off by O(1).
 */
export const TRAINING_GRADIENT_RELATIVE = 1e-4;

/** Weights of sobolevLoss for the paper's losses (module comment). */
export const SECTION31_WEIGHTS: Record<Section31Loss, readonly number[]> = { L2: [0.5], H1: [0.5, 0.5] };

export interface Section31Point {
  readonly step: number;
  /** step · B / N */
  readonly epoch: number;
  /** ‖w − w*‖² */
  readonly error: number;
  /** (1/2N) Σ (g(x_j; w) − g(x_j; w*))², the L2 loss, for both runs */
  readonly lossL2: number;
  /** κ of the Hessian of this run's empirical training loss at w */
  readonly conditionEmpirical: number;
  /** κ of Theorem 2.5's eq. (2) matrix of this run's loss (∇²L or ∇²H) at w; 1 in the limit θ → 0 */
  readonly conditionPopulation: number;
}

export interface Section31Curve {
  readonly loss: Section31Loss;
  readonly learningRate: number;
  readonly batchSize: number;
  readonly points: Section31Point[];
}

export interface Section31Results {
  readonly w: number[];
  readonly wStar: number[];
  readonly curves: Section31Curve[];
}

/** The pair and the inputs of a config: w, w* as appendixC1Pair draws them, then N inputs rounded to float32. */
export function section31Data(config: Section31Config): { w: number[]; wStar: number[]; xs: number[][] } {
  const rng = new SeededRandom(config.seed);
  const { w, wStar } = appendixC1Pair(config.dimension, rng);
  const xs = gaussianSamples(config.dimension, config.samples, rng).map((x) => x.map(Math.fround));
  return { w, wStar, xs };
}

/** The training batch of all N inputs as tensors: teacher values and (for H1) exact teacher input gradients. */
export function teacherBatch(wStar: readonly number[], xs: readonly (readonly number[])[]): Required<Pick<SobolevBatch, "x" | "value" | "gradient">> {
  const d = wStar.length;
  const q = xs.map((x) => x.reduce((s, xi, i) => s + xi * wStar[i], 0));
  return {
    x: tf.tensor2d(xs.flat(), [xs.length, d]),
    value: tf.tensor1d(q.map((qj) => Math.max(qj, 0))),
    gradient: tf.tensor2d(q.flatMap((qj) => (qj > 0 ? wStar : wStar.map(() => 0))), [xs.length, d]),
  };
}

/** The gradient in w of sobolevLoss (tfjs, float32) at w on all of `xs`: what one full-batch SGD step uses. */
export function trainingGradient(w: readonly number[], wStar: readonly number[], xs: readonly (readonly number[])[], weights: readonly number[]): number[] {
  const model = singleNode({ inputDimension: w.length, seed: 0, initialWeights: [w] });
  const batch = teacherBatch(wStar, xs);
  try {
    const { grads } = tf.variableGrads(() => sobolevLoss(model, batch, weights), model.variables);
    const values = Array.from(grads[model.variables[0].name].dataSync());
    tf.dispose(grads);
    return values;
  } finally {
    model.dispose();
    tf.dispose([batch.x, batch.value, batch.gradient]);
  }
}

/** Steps 0, the rounded 10^(k/perDecade) up to `total`, and `total`. */
export function logSpacedSteps(total: number, perDecade: number): number[] {
  const steps = new Set([0, total]);
  for (let k = 0; 10 ** (k / perDecade) <= total; k++) steps.add(Math.round(10 ** (k / perDecade)));
  return [...steps].sort((a, b) => a - b);
}

function checkConfig(c: Section31Config): void {
  const positiveInteger = (name: string, v: number, min = 1) => {
    if (!Number.isInteger(v) || v < min) throw new Error(`runSection31: ${name} must be an integer >= ${min}, got ${v}`);
  };
  positiveInteger("dimension", c.dimension, 2);
  positiveInteger("samples", c.samples);
  positiveInteger("epochs", c.epochs);
  positiveInteger("evaluationsPerDecade", c.evaluationsPerDecade);
  positiveInteger("seed", c.seed, 0);
  for (const b of [c.batchSize, ...c.batchSizes]) positiveInteger("every batch size", b);
  if (![c.batchLearningRate, ...c.learningRates].every((lr) => Number.isFinite(lr) && lr > 0)) {
    throw new Error(`runSection31: learning rates must be positive, got [${c.learningRates.join(", ")}] and ${c.batchLearningRate}`);
  }
}

const kappa = (values: readonly number[]): number => {
  const moduli = values.map(Math.abs);
  const k = Math.max(...moduli) / Math.min(...moduli);
  return Number.isFinite(k) ? k : 1;
};

/** Trains all runs of `config` (module comment) and returns their curves as plain JSON. */
export function runSection31(config: Section31Config): Section31Results {
  checkConfig(config);
  const { w, wStar, xs } = section31Data(config);
  const runs = [...config.learningRates.map((lr) => [lr, config.batchSize]), ...config.batchSizes.map((b) => [config.batchLearningRate, b])]
    .filter(([lr, b], i, all) => all.findIndex(([lr2, b2]) => lr2 === lr && b2 === b) === i)
    .flatMap(([learningRate, batchSize]) => SECTION31_LOSSES.map((loss) => ({ loss, learningRate, batchSize })));
  const all = teacherBatch(wStar, xs);
  const N = config.samples;
  const curves: Section31Curve[] = [];
  try {
    for (const run of runs) {
      const label = `Sec 3.1, ${run.loss}, lr ${run.learningRate}, batch ${run.batchSize}`;
      const weights = SECTION31_WEIGHTS[run.loss];
      const population = run.loss === "L2" ? eigenvaluesHessianL : eigenvaluesHessianHPaper;
      const stepsPerEpoch = Math.ceil(N / run.batchSize);
      const total = config.epochs * stepsPerEpoch;
      const checkpoints = new Set(logSpacedSteps(total, config.evaluationsPerDecade));
      const model = singleNode({ inputDimension: config.dimension, seed: config.seed, initialWeights: [w] });
      const optimizer = tf.train.sgd(run.learningRate);
      const shuffle = new SeededRandom(config.seed + 1);
      const report = progress(label, total);
      const points: Section31Point[] = [];
      const evaluate = (step: number): void => {
        const current = Array.from(model.parameters(0));
        const error = current.reduce((s, wi, i) => s + (wi - wStar[i]) ** 2, 0);
        if (!Number.isFinite(error)) throw new Error(`${label}: ‖w − w*‖² became ${error} at step ${step}; the run diverged, lower the learning rate.`);
        const conditionEmpirical = conditionNumber(eigenvalues(empiricalHessianSingleRelu(current, xs, weights)));
        const lossL2 = empiricalLossSingleRelu(current, wStar, xs, SECTION31_WEIGHTS.L2);
        points.push({ step, epoch: (step * run.batchSize) / N, error, lossL2, conditionEmpirical, conditionPopulation: kappa(population(current, wStar).values) });
      };
      try {
        evaluate(0);
        let order = new Int32Array(0);
        for (let step = 1; step <= total; step++) {
          const k = (step - 1) % stepsPerEpoch;
          if (k === 0) order = shuffle.permutation(N);
          tf.tidy(() => {
            const index = tf.tensor1d(order.subarray(k * run.batchSize, Math.min(N, (k + 1) * run.batchSize)), "int32");
            const batch: SobolevBatch = { x: tf.gather(all.x, index), value: tf.gather(all.value, index), ...(run.loss === "H1" ? { gradient: tf.gather(all.gradient, index) } : {}) };
            optimizer.minimize(() => sobolevLoss(model, batch, weights), false, model.variables);
          });
          if (checkpoints.has(step)) {
            evaluate(step);
            report.tick(step, `‖w − w*‖² ${points[points.length - 1].error.toExponential(2)}`);
          }
        }
      } finally {
        optimizer.dispose();
        model.dispose();
      }
      curves.push({ ...run, points });
    }
  } finally {
    tf.dispose([all.x, all.value, all.gradient]);
  }
  return { w, wStar, curves };
}

/** L2 against H1 for one (learning rate, batch size): what the claims of Section 3.1 compare. */
export interface Section31Comparison {
  readonly learningRate: number;
  readonly batchSize: number;
  /** In panel (a) (a learning rate of the sweep at `batchSize`), panel (c), or both. */
  readonly panels: ("a" | "c")[];
  readonly initialError: number;
  readonly finalError: Record<Section31Loss, number>;
  /** √(initial error · the larger final error): midway, on a log scale, between where both start and end. */
  readonly thresholdError: number;
  /** SGD steps to bring ‖w − w*‖² down to thresholdError, log-linear interpolation between evaluations. */
  readonly stepsToThreshold: Record<Section31Loss, number>;
  /** stepsToThreshold H1 / L2: below 1 when H1 converges faster. */
  readonly accelerationRatio: number;
  /** finalError H1 / L2. */
  readonly finalErrorRatio: number;
  /** Largest and geometric-mean ratio κ(H1)/κ(L2) over the evaluations after step 0 (same steps for both runs). */
  readonly conditionRatio: { readonly max: number; readonly mean: number };
  readonly populationConditionRatio: { readonly max: number; readonly mean: number };
}

function stepsToReach(points: readonly Section31Point[], threshold: number): number {
  const i = points.findIndex((p) => p.error <= threshold);
  if (i <= 0) return i === 0 ? 0 : Number.POSITIVE_INFINITY;
  const [a, b] = [points[i - 1], points[i]];
  return a.step + ((b.step - a.step) * Math.log(a.error / threshold)) / Math.log(a.error / b.error);
}

function ratioStatistics(l2: readonly number[], h1: readonly number[]): { max: number; mean: number } {
  const ratios = l2.map((k, i) => h1[i] / k).slice(1);
  return { max: Math.max(...ratios), mean: Math.exp(ratios.reduce((s, r) => s + Math.log(r), 0) / ratios.length) };
}

/** One comparison per (learning rate, batch size) of `results`, in the order the runs were made. */
export function section31Comparisons(config: Section31Config, results: Section31Results): Section31Comparison[] {
  const comparisons: Section31Comparison[] = [];
  for (const l2 of results.curves.filter((c) => c.loss === "L2")) {
    const h1 = results.curves.find((c) => c.loss === "H1" && c.learningRate === l2.learningRate && c.batchSize === l2.batchSize);
    if (h1 === undefined) throw new Error(`section31Comparisons: no H1 run for lr ${l2.learningRate}, batch ${l2.batchSize}`);
    const initialError = l2.points[0].error;
    const finalError = { L2: l2.points[l2.points.length - 1].error, H1: h1.points[h1.points.length - 1].error };
    const thresholdError = Math.sqrt(initialError * Math.max(finalError.L2, finalError.H1));
    const stepsToThreshold = { L2: stepsToReach(l2.points, thresholdError), H1: stepsToReach(h1.points, thresholdError) };
    const panels = [
      ...(config.learningRates.includes(l2.learningRate) && l2.batchSize === config.batchSize ? ["a" as const] : []),
      ...(config.batchSizes.includes(l2.batchSize) && l2.learningRate === config.batchLearningRate ? ["c" as const] : []),
    ];
    comparisons.push({
      learningRate: l2.learningRate, batchSize: l2.batchSize, panels, initialError, finalError, thresholdError, stepsToThreshold,
      accelerationRatio: stepsToThreshold.H1 / stepsToThreshold.L2,
      finalErrorRatio: finalError.H1 / finalError.L2,
      conditionRatio: ratioStatistics(l2.points.map((p) => p.conditionEmpirical), h1.points.map((p) => p.conditionEmpirical)),
      populationConditionRatio: ratioStatistics(l2.points.map((p) => p.conditionPopulation), h1.points.map((p) => p.conditionPopulation)),
    });
  }
  return comparisons;
}
