/**
 * Monte Carlo estimates of the population gradients by TensorFlow.js automatic differentiation, as Appendix C.1
 * of the paper computes them for Figure 6 (paper lines 725-727):
 *   (1/(2N)) sum_j grad_w ||D_x g(x_j; w) - D_x g(x_j; w*)||^2,   x_j ~ N(0, I_d),
 * for the single ReLU node g = relu(w.x) (J: D_x = grad_x) and the ReLU^2 node g = relu(w.x)^2 (I1: D_x = identity,
 * I2: D_x = grad_x, I3: D_x = the Hessian in x, Frobenius norm). Every derivative, in x and in w, is tfjs autodiff
 * (tf.grad nested two or three deep); nothing here writes a derivative by hand. The 1/2 is on every term, as in
 * the proof of Theorem 2.11 (singleReluSquared.ts).
 *
 * What autodiff returns: relu's gradient is step(t) and step's gradient is zero, so the per-sample gradient is
 * the one with "the indicator's derivative taken as zero" [1]. Its mean is
 *   J:  paperGradientJ (the gradient of the population J adds the indicator's jump term: exactGradientJ),
 *   I1: reluSquaredGradientI1 (the printed one, line 501, has |w*| where |w*|^2 belongs),
 *   I2: reluSquaredGradientI2 (printed correctly, line 521),
 *   I3: reluSquaredGradientI3Printed (line 533; the gradient of the population I3 adds jumpTermI3).
 * DESIGN.md warns that tfjs higher-order gradients are wrong for ops whose gradient reuses their saved output
 * (tfjs issue 3252); relu, square and matMul reuse their inputs only, and autodiffEstimators.test.ts compares
 * every estimator with the per-sample formulas of singleReluSquared.ts and singleReluMonteCarlo.ts.
 *
 * Sampling: x is drawn on the JavaScript side by SeededRandom.gaussian(), d draws per sample in order (the
 * stream singleReluMonteCarlo.ts reads for the same seed), rounded to float32. Each block's sum of per-sample
 * gradients is one tfjs gradient of the block's summed loss, in float32, added to a float64 accumulator.
 *
 * The Hessian in x: rows are independent, so row k of the Hessian of sample j is the x-gradient of
 * (grad_x g)_k at x_j. One backward pass gives all rows: each sample is copied d times, copy k keeps only
 * component k of its x-gradient, and the x-gradient of the sum over copies is the stacked Hessian.
 *
 * The file holds the whole C.1 study (estimator, draws, runs, error curves and their slopes), hence its length.
 *
 * References
 * [1] singleReluMonteCarlo.ts and singleReluSquared.ts (per-sample gradients, indicator derivative zero).
 * [2] Efron & Stein, "The jackknife estimate of variance", Ann. Statist. 9 (1981); Efron, The Jackknife, the
 *     Bootstrap and Other Resampling Plans, SIAM 1982, ch. 3.
 */
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../backend/index.js";
import { add, norm, scale } from "../numeric/linalg.js";
import { SeededRandom } from "../numeric/random.js";
import { progress } from "../progress.js";
import { exactGradientJ, paperGradientJ } from "./singleRelu.js";
import { reluSquaredGradientI1, reluSquaredGradientI1Printed, reluSquaredGradientI2, reluSquaredGradientI3, reluSquaredGradientI3Printed } from "./singleReluSquared.js";

/** The four population gradients of Figure 6. */
export const AUTODIFF_GRADIENTS = ["J", "I1", "I2", "I3"] as const;
export type AutodiffGradient = (typeof AUTODIFF_GRADIENTS)[number];

/** A node g(x; w) evaluated on the rows of x: [n, d] -> [n]. */
type Node = (x: tf.Tensor2D, w: tf.Tensor1D) => tf.Tensor1D;

const preActivation = (x: tf.Tensor2D, w: tf.Tensor1D): tf.Tensor1D => tf.reshape(tf.matMul(x, tf.reshape(w, [-1, 1])), [-1]);
const reluNode: Node = (x, w) => tf.relu(preActivation(x, w));
const reluSquaredNode: Node = (x, w) => tf.square(tf.relu(preActivation(x, w)));

/** grad_x g at every row of x, [n, d], by autodiff (rows do not interact, so one gradient of the sum gives all). */
function inputGradient(node: Node, x: tf.Tensor2D, w: tf.Tensor1D): tf.Tensor2D {
  return tf.grad((rows: tf.Tensor) => tf.sum(node(rows as tf.Tensor2D, w)))(x) as tf.Tensor2D;
}

/** The Hessian of g in x at every row of x, [n, d, d], by autodiff of inputGradient (module comment). */
function inputHessian(node: Node, x: tf.Tensor2D, w: tf.Tensor1D): tf.Tensor3D {
  const [n, d] = x.shape;
  // Broadcasting multiplies, not tf.tile: WASM's Tile kernel is a scalar loop (70% of the time when it was used).
  const copies = tf.reshape(tf.mul(tf.expandDims(x, 1), tf.ones([1, d, 1])), [n * d, d]);
  const identity = tf.expandDims(tf.eye(d), 0);
  const selectedSum = (c: tf.Tensor): tf.Scalar => tf.sum(tf.mul(tf.reshape(inputGradient(node, c as tf.Tensor2D, w), [n, d, d]), identity));
  return tf.reshape(tf.grad(selectedSum)(copies), [n, d, d]);
}

/** Sum over the rows of x of ½ ||D_x g(x; w) - D_x g(x; w*)||^2 for one gradient of Figure 6 (module comment). */
function summedLoss(which: AutodiffGradient, x: tf.Tensor2D, w: tf.Tensor1D, wStar: tf.Tensor1D): tf.Scalar {
  const half = (difference: tf.Tensor): tf.Scalar => tf.mul(0.5, tf.sum(tf.square(difference)));
  switch (which) {
    case "J":
      return half(tf.sub(inputGradient(reluNode, x, w), inputGradient(reluNode, x, wStar)));
    case "I1":
      return half(tf.sub(reluSquaredNode(x, w), reluSquaredNode(x, wStar)));
    case "I2":
      return half(tf.sub(inputGradient(reluSquaredNode, x, w), inputGradient(reluSquaredNode, x, wStar)));
    case "I3":
      return half(tf.sub(inputHessian(reluSquaredNode, x, w), inputHessian(reluSquaredNode, x, wStar)));
  }
}

function checkPair(caller: string, w: readonly number[], wStar: readonly number[]): void {
  if (w.length !== wStar.length || w.length === 0) {
    throw new Error(`${caller}: w and wStar must have the same length >= 1, got ${w.length} and ${wStar.length}`);
  }
}

function checkGradients(caller: string, gradients: readonly string[]): void {
  const unknown = gradients.filter((g) => !(AUTODIFF_GRADIENTS as readonly string[]).includes(g));
  if (unknown.length > 0) throw new Error(`${caller}: gradients must be among ${AUTODIFF_GRADIENTS.join(", ")}, got ${unknown.join(", ")}`);
}

/**
 * sum_j grad_w ½ ||D_x g(x_j; w) - D_x g(x_j; w*)||^2 over the rows x_j of `x` ([n, d]) by tfjs autodiff, in
 * float32. The backend must be selected (await selectBackend()). Returns a length-d Float32Array.
 */
export function autodiffGradientSum(which: AutodiffGradient, w: readonly number[], wStar: readonly number[], x: tf.Tensor2D): Float32Array {
  checkPair("autodiffGradientSum", w, wStar);
  checkGradients("autodiffGradientSum", [which]);
  if (x.rank !== 2 || x.shape[1] !== w.length) {
    throw new Error(`autodiffGradientSum: x must have shape [n, ${w.length}], got [${x.shape.join(", ")}]`);
  }
  const gradient = tf.tidy(() => {
    const teacher = tf.tensor1d(wStar as number[]);
    return tf.grad((v: tf.Tensor) => summedLoss(which, x, v as tf.Tensor1D, teacher))(tf.tensor1d(w as number[]));
  });
  try {
    return gradient.dataSync() as Float32Array;
  } finally {
    gradient.dispose();
  }
}

/** Largest block of samples, [rows, d], and of stacked Hessian rows, [rows d, d], in float32 elements. */
export const SAMPLE_BLOCK_ELEMENTS = 2 ** 20;
export const HESSIAN_BLOCK_ELEMENTS = 2 ** 22;

/**
 * The mean per-sample autodiff gradient over n draws x ~ N(0, I_d) from `rng`, for each of `gradients` (all four
 * on the same draws): blocks of at most SAMPLE_BLOCK_ELEMENTS numbers (I3 in sub-blocks of at most
 * HESSIAN_BLOCK_ELEMENTS Hessian entries), float32 block sums, float64 accumulation. `onBlock(done)` is
 * awaited after each block with the number of samples drawn so far (the event loop runs, so output shows).
 */
export async function autodiffMonteCarloGradients(
  w: readonly number[],
  wStar: readonly number[],
  n: number,
  rng: SeededRandom,
  options: { gradients?: readonly AutodiffGradient[]; onBlock?: (done: number) => void } = {},
): Promise<Record<AutodiffGradient, number[]>> {
  checkPair("autodiffMonteCarloGradients", w, wStar);
  if (!Number.isInteger(n) || n < 1) throw new Error(`autodiffMonteCarloGradients: n must be a positive integer, got ${n}`);
  const gradients = options.gradients ?? AUTODIFF_GRADIENTS;
  checkGradients("autodiffMonteCarloGradients", gradients);
  await selectBackend();
  const d = w.length;
  const sums = new Map(gradients.map((g) => [g, new Float64Array(d)]));
  const blockRows = Math.max(1, Math.floor(SAMPLE_BLOCK_ELEMENTS / d));
  const hessianRows = Math.max(1, Math.floor(HESSIAN_BLOCK_ELEMENTS / (d * d)));
  for (let done = 0; done < n; ) {
    const rows = Math.min(blockRows, n - done);
    const values = new Float32Array(rows * d);
    for (let i = 0; i < values.length; i++) values[i] = rng.gaussian();
    const x = tf.tensor2d(values, [rows, d]);
    try {
      for (const [g, sum] of sums) {
        const step = g === "I3" ? hessianRows : rows;
        for (let start = 0; start < rows; start += step) {
          const block = step >= rows ? x : tf.slice(x, [start, 0], [Math.min(step, rows - start), d]);
          const part = autodiffGradientSum(g, w, wStar, block);
          if (block !== x) block.dispose();
          for (let i = 0; i < d; i++) sum[i] += part[i];
        }
      }
    } finally {
      x.dispose();
    }
    done += rows;
    options.onBlock?.(done);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return Object.fromEntries([...sums].map(([g, sum]) => [g, Array.from(sum, (s) => s / n)])) as Record<AutodiffGradient, number[]>;
}

/**
 * A pair (w, w*) as Appendix C.1 draws it (paper line 719): w* ~ N(0, I_d), and w = w* + e with e uniform in
 * the ball ||e|| <= ||w*|| (direction uniform on the sphere, radius ||w*|| U^(1/d)), so ||w - w*|| <= ||w*||.
 */
export function appendixC1Pair(d: number, rng: SeededRandom): { w: number[]; wStar: number[] } {
  if (!Number.isInteger(d) || d < 1) throw new Error(`appendixC1Pair: d must be a positive integer, got ${d}`);
  const wStar = rng.gaussianVector(d);
  const direction = rng.gaussianVector(d);
  const radius = norm(wStar) * rng.uniform() ** (1 / d);
  return { w: add(wStar, scale(radius / norm(direction), direction)), wStar };
}

/** One dimension of Figure 6: independent runs of N samples for each N in `samples`, `repeats` pairs. */
export interface Figure6Config {
  readonly dimension: number;
  /** Increasing sample sizes N. */
  readonly samples: readonly number[];
  readonly repeats: number;
  readonly seed: number;
  /** The gradients to estimate (all four by default): I3's Hessians cost d times the others per sample. */
  readonly gradients?: readonly AutodiffGradient[];
}

export interface Figure6Run {
  readonly dimension: number;
  readonly samples: number[];
  /** pairs[r]: the pair of repeat r (appendixC1Pair). */
  readonly pairs: { w: number[]; wStar: number[] }[];
  /** estimates[g][r][k]: the autodiff estimate of gradient g for pair r from samples[k] fresh draws (the config's gradients only). */
  readonly estimates: Partial<Record<AutodiffGradient, number[][][]>>;
}

/** The seed of repeat r's stream for samples[k] (k < 99), and (k = 99) of its pair: distinct for d < 1000, r < 100. */
function streamSeed(config: Figure6Config, r: number, k: number): number {
  return ((config.seed * 1000 + config.dimension) * 100 + r) * 100 + k;
}

/**
 * Runs one dimension of Figure 6: for each repeat r a pair (w, w*) (appendixC1Pair), and for each N an
 * independent stream of N draws, estimated by autodiffMonteCarloGradients. Prints progress under `label`.
 */
export async function figure6Run(config: Figure6Config, label = `Figure 6, d = ${config.dimension}`): Promise<Figure6Run> {
  const { dimension: d, samples, repeats } = config;
  const gradients = config.gradients ?? AUTODIFF_GRADIENTS;
  checkGradients("figure6Run", gradients);
  if (!Number.isInteger(repeats) || repeats < 1 || repeats > 99) throw new Error(`figure6Run: repeats must be an integer in 1..99, got ${repeats}`);
  if (samples.length === 0 || samples.length > 98 || samples.some((n, k) => !Number.isInteger(n) || n < 1 || (k > 0 && n <= samples[k - 1]))) {
    throw new Error(`figure6Run: samples must be 1 to 98 increasing positive integers, got [${samples.join(", ")}]`);
  }
  if (!Number.isInteger(d) || d < 1 || d >= 1000) throw new Error(`figure6Run: dimension must be an integer in 1..999, got ${d}`);
  const total = repeats * samples.reduce((a, b) => a + b, 0);
  const report = progress(label, total);
  const pairs = Array.from({ length: repeats }, (_, r) => appendixC1Pair(d, new SeededRandom(streamSeed(config, r, 99))));
  const estimates: Figure6Run["estimates"] = Object.fromEntries(gradients.map((g) => [g, pairs.map(() => [] as number[][])]));
  let done = 0;
  for (const [r, { w, wStar }] of pairs.entries()) {
    for (const [k, n] of samples.entries()) {
      const means = await autodiffMonteCarloGradients(w, wStar, n, new SeededRandom(streamSeed(config, r, k)), {
        gradients,
        onBlock: (inRun) => report.tick(done + inRun, `repeat ${r + 1}/${repeats}, N = ${n}`),
      });
      done += n;
      for (const g of gradients) estimates[g]?.[r].push(means[g]);
    }
  }
  return { dimension: d, samples: [...samples], pairs, estimates };
}

/** A closed form that an autodiff estimate is compared with. */
export interface AnalyticGradient {
  readonly formula: string;
  /** "printed": as the paper prints it; "alternative": what the paper's formula is or should be instead. */
  readonly role: "printed" | "alternative";
  /** True for the formula that equals the expectation of the autodiff estimate (module comment). */
  readonly meanOfAutodiff: boolean;
  readonly gradient: (w: readonly number[], wStar: readonly number[]) => number[];
}

/** For each gradient of Figure 6, the printed formula and (where it differs) the other candidate (module comment). */
export const FIGURE6_FORMULAS: Record<AutodiffGradient, readonly AnalyticGradient[]> = {
  J: [
    { formula: "∇J printed (Thm 2.10 proof)", role: "printed", meanOfAutodiff: true, gradient: paperGradientJ },
    { formula: "∇ of the population J", role: "alternative", meanOfAutodiff: false, gradient: exactGradientJ },
  ],
  I1: [
    { formula: "∇I1 printed (line 501)", role: "printed", meanOfAutodiff: false, gradient: reluSquaredGradientI1Printed },
    { formula: "∇I1 with |w*|² (corrected)", role: "alternative", meanOfAutodiff: true, gradient: reluSquaredGradientI1 },
  ],
  I2: [{ formula: "∇I2 printed (line 521)", role: "printed", meanOfAutodiff: true, gradient: reluSquaredGradientI2 }],
  I3: [
    { formula: "∇I3 printed (line 533)", role: "printed", meanOfAutodiff: true, gradient: reluSquaredGradientI3Printed },
    { formula: "∇ of the population I3", role: "alternative", meanOfAutodiff: false, gradient: reluSquaredGradientI3 },
  ],
};

/** (1/d) ||estimate - analytic||^2: the squared error of one estimate, per component. */
export function meanSquaredError(estimate: readonly number[], analytic: readonly number[]): number {
  if (estimate.length !== analytic.length) {
    throw new Error(`meanSquaredError: lengths differ, estimate ${estimate.length}, analytic ${analytic.length}`);
  }
  return estimate.reduce((total, e, i) => total + (e - analytic[i]) ** 2, 0) / estimate.length;
}

/**
 * One point of Figure 6. mse: (1/d)||estimate - formula||^2 averaged over the repeats, the paper's quantity;
 * relativeMse: ||estimate - formula||^2 / ||formula||^2 averaged over the repeats. Pairs drawn as in the paper
 * differ much in size (||grad I|| grows like ||w||^3), so the plain average is ruled by the largest pair and
 * has few degrees of freedom; the relative one weighs every pair equally. Both fall as 1/N for an unbiased
 * estimator. Slopes are fitted to relativeMse.
 */
export interface Figure6Point {
  gradient: AutodiffGradient;
  formula: string;
  role: "printed" | "alternative";
  dimension: number;
  samples: number;
  repeats: number;
  mse: number;
  relativeMse: number;
}

/** One curve of Figure 6 before averaging over repeats r, at samples[k]. */
interface Figure6Curve extends AnalyticGradient {
  gradientName: AutodiffGradient;
  run: Figure6Run;
  /** errors[r][k] = (1/d)||estimate - formula||^2 */
  errors: number[][];
  /** relative[r][k] = ||estimate - formula||^2 / ||formula||^2 */
  relative: number[][];
  /** Mean over r of ||formula - E[estimate]||^2 / ||formula||^2: where relativeMse levels off (0 if unbiased). */
  plateau: number;
}

function figure6Curves(runs: readonly Figure6Run[]): Figure6Curve[] {
  return runs.flatMap((run) =>
    AUTODIFF_GRADIENTS.flatMap((g) => {
      const estimates = run.estimates[g];
      if (estimates === undefined) return [];
      return FIGURE6_FORMULAS[g].map((formula) => {
        const analytic = run.pairs.map(({ w, wStar }) => formula.gradient(w, wStar));
        const errors = analytic.map((v, r) => run.samples.map((_, k) => meanSquaredError(estimates[r][k], v)));
        const squaredNorms = analytic.map((v) => meanSquaredError(v, v.map(() => 0)));
        const relative = errors.map((row, r) => row.map((e) => e / squaredNorms[r]));
        const mean = FIGURE6_FORMULAS[g].find((f) => f.meanOfAutodiff) as AnalyticGradient;
        const plateau = run.pairs.reduce((a, { w, wStar }, r) => a + meanSquaredError(analytic[r], mean.gradient(w, wStar)) / squaredNorms[r], 0) / run.pairs.length;
        return { ...formula, gradientName: g, run, errors, relative, plateau };
      });
    }),
  );
}

/** Column means of values[r][k] over the repeats r, leaving out repeat `skip` (none by default). */
function meanOverRepeats(values: number[][], skip = -1): number[] {
  const kept = values.filter((_, r) => r !== skip);
  return kept[0].map((_, k) => kept.reduce((a, row) => a + row[k], 0) / kept.length);
}

/** The error curves of Figure 6 from runs (one per dimension), for every formula of FIGURE6_FORMULAS. */
export function figure6Points(runs: readonly Figure6Run[]): Figure6Point[] {
  return figure6Curves(runs).flatMap((curve) => {
    const mse = meanOverRepeats(curve.errors);
    const relativeMse = meanOverRepeats(curve.relative);
    return curve.run.samples.map((n, k) => ({
      gradient: curve.gradientName, formula: curve.formula, role: curve.role, dimension: curve.run.dimension,
      samples: n, repeats: curve.errors.length, mse: mse[k], relativeMse: relativeMse[k],
    }));
  });
}

/**
 * Least-squares fit of log10 y = intercept + slope log10 x (y ~ x^slope), with the standard error of the slope,
 * sqrt(residual variance / sum (log10 x - mean)^2), residual variance over n - 2 degrees of freedom (NaN for n = 2).
 * Needs at least two distinct x and all x, y > 0.
 */
export function logLogFit(x: readonly number[], y: readonly number[]): { slope: number; intercept: number; standardError: number } {
  if (x.length !== y.length || x.length < 2) throw new Error(`logLogFit: need two equally long arrays of length >= 2, got ${x.length} and ${y.length}`);
  if (![...x, ...y].every((value) => value > 0)) throw new Error(`logLogFit: every x and y must be positive, got x = [${x.join(", ")}], y = [${y.join(", ")}]`);
  const lx = x.map(Math.log10);
  const ly = y.map(Math.log10);
  const mx = lx.reduce((a, b) => a + b, 0) / lx.length;
  const my = ly.reduce((a, b) => a + b, 0) / ly.length;
  const sxx = lx.reduce((a, v) => a + (v - mx) ** 2, 0);
  if (sxx === 0) throw new Error("logLogFit: x must take at least two distinct values");
  const slope = lx.reduce((a, v, i) => a + (v - mx) * (ly[i] - my), 0) / sxx;
  const intercept = my - slope * mx;
  const residuals = lx.reduce((a, v, i) => a + (ly[i] - intercept - slope * v) ** 2, 0);
  return { slope, intercept, standardError: x.length > 2 ? Math.sqrt(residuals / (x.length - 2) / sxx) : Number.NaN };
}

/**
 * The fitted slope of log relativeMse against log N of one curve of Figure 6, with its jackknife standard error over
 * the repeats [2]: sqrt((R - 1)/R sum_r (slope without repeat r - their mean)^2); NaN when R < 2.
 */
export interface Figure6Slope {
  gradient: AutodiffGradient;
  formula: string;
  role: "printed" | "alternative";
  dimension: number;
  slope: number;
  slopeStandardError: number;
  samplesRange: string;
  repeats: number;
  relativeMseAtLargestN: number;
  /** Where relativeMse levels off: mean over pairs of ||formula - E[autodiff estimate]||^2 / ||formula||^2. */
  predictedPlateau: number;
}

/** The slope of every curve of Figure 6 (logLogFit of relativeMse against N, Figure6Point), in figure6Points order. */
export function figure6Slopes(runs: readonly Figure6Run[]): Figure6Slope[] {
  return figure6Curves(runs).map((curve) => {
    const samples = curve.run.samples;
    const relativeMse = meanOverRepeats(curve.relative);
    const slope = logLogFit(samples, relativeMse).slope;
    const repeats = curve.relative.length;
    let slopeStandardError = Number.NaN;
    if (repeats >= 2) {
      const leaveOneOut = curve.relative.map((_, r) => logLogFit(samples, meanOverRepeats(curve.relative, r)).slope);
      const mean = leaveOneOut.reduce((a, b) => a + b, 0) / repeats;
      slopeStandardError = Math.sqrt(((repeats - 1) / repeats) * leaveOneOut.reduce((a, v) => a + (v - mean) ** 2, 0));
    }
    return {
      gradient: curve.gradientName,
      formula: curve.formula,
      role: curve.role,
      dimension: curve.run.dimension,
      slope,
      slopeStandardError,
      samplesRange: `${samples[0]}-${samples[samples.length - 1]}`,
      repeats,
      relativeMseAtLargestN: relativeMse[relativeMse.length - 1],
      predictedPlateau: curve.plateau,
    };
  });
}
