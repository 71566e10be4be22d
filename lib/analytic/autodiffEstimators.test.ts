/**
 * The tfjs autodiff estimators of Appendix C.1 (autodiffEstimators.ts) against the per-sample gradient formulas
 * of singleReluSquared.ts (perSampleGradientsReluSquared) and singleReluMonteCarlo.ts, on the same float32
 * samples, within a float32 bound; then their means against the closed forms within Monte Carlo error.
 *
 * The float32 bound (lib/backend/tolerances.ts): a float32 computation that sums K products has error at most
 * γ_K times the sum of their absolute values. Here K = n (samples summed) + d^2 (the Hessian contraction) +
 * CHAIN (elementwise steps in one per-sample gradient), and the sum of absolute values is bounded per sample
 * by the per-sample gradient written with norms in place of inner products (Cauchy-Schwarz: every partial
 * sum autodiff forms is at most that), summed over samples. A wrong derivative is O(1) times that sum off.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../backend/index.js";
import { assertWithinBound, sumOfProductsFactor } from "../backend/tolerances.js";
import { assertClose, assertWithinStandardErrors } from "../numeric/assertClose.js";
import { dot, norm, sub } from "../numeric/linalg.js";
import { SeededRandom } from "../numeric/random.js";
import { IDENTITY_RELATIVE, MC_SIGMAS } from "../numeric/tolerances.js";
import {
  AUTODIFF_GRADIENTS,
  FIGURE6_FORMULAS,
  appendixC1Pair,
  autodiffGradientSum,
  autodiffMonteCarloGradients,
  figure6Points,
  figure6Run,
  figure6Slopes,
  HESSIAN_BLOCK_ELEMENTS,
  logLogFit,
  meanSquaredError,
  SAMPLE_BLOCK_ELEMENTS,
  type AutodiffGradient,
} from "./autodiffEstimators.js";
import { paperGradientJ } from "./singleRelu.js";
import { monteCarloGradientJ } from "./singleReluMonteCarlo.js";
import { gramEntries, perSampleGradientsReluSquared, reluSquaredGradientI1, reluSquaredGradientI1Printed, reluSquaredGradientI2, reluSquaredGradientI3Printed } from "./singleReluSquared.js";

await selectBackend();

/** Elementwise float32 steps in one per-sample gradient (forward, x-derivatives, w-derivative): generous. */
const CHAIN = 32;

/** n draws of N(0, I_d), read from `rng` as the estimators read them (row by row), rounded to float32. */
function drawSamples(n: number, d: number, rng: SeededRandom): number[][] {
  return Array.from({ length: n }, () => Array.from({ length: d }, () => Math.fround(rng.gaussian())));
}

const relu = (t: number): number => (t > 0 ? t : 0);

/**
 * The float64 per-sample gradient of `which` at x (singleReluMonteCarlo.ts for J, perSampleGradientsReluSquared
 * for I1-I3), and its magnitude bound for the float32 tolerance (module comment).
 */
function perSample(which: AutodiffGradient, x: number[], w: number[], wStar: number[]): { gradient: number[]; magnitude: number[] } {
  const p = dot(w, x);
  const q = dot(wStar, x);
  const [a, b] = [norm(w), norm(wStar)];
  if (which === "J") {
    const active = p > 0 ? 1 : 0;
    const both = active * (q > 0 ? 1 : 0);
    return { gradient: w.map((wi, i) => active * wi - both * wStar[i]), magnitude: w.map((wi, i) => Math.abs(wi) + Math.abs(wStar[i])) };
  }
  const j = { I1: 0, I2: 1, I3: 2 }[which];
  const c = perSampleGradientsReluSquared(p, q, gramEntries(w, wStar))[j];
  const gradient = x.map((xi, i) => c.x * xi + c.w * w[i] + c.wStar * wStar[i]);
  const [rp, rq] = [relu(p), relu(q)];
  const bounds: Record<"I1" | "I2" | "I3", (i: number) => number> = {
    I1: (i) => 2 * (rp * rp + rq * rq) * rp * Math.abs(x[i]),
    I2: (i) => 4 * ((rp * a * a + rq * a * b) * Math.abs(x[i]) + rp * rp * Math.abs(w[i]) + rp * rq * Math.abs(wStar[i])),
    I3: (i) => 8 * (a * a * Math.abs(w[i]) + a * b * Math.abs(wStar[i])),
  };
  return { gradient, magnitude: x.map((_, i) => bounds[which](i)) };
}

/** Float64 sums over samples of the per-sample gradients and of their magnitude bounds. */
function referenceSums(which: AutodiffGradient, xs: number[][], w: number[], wStar: number[]): { sum: number[]; magnitude: number[] } {
  const sum = w.map(() => 0);
  const magnitude = w.map(() => 0);
  for (const x of xs) {
    const s = perSample(which, x, w, wStar);
    s.gradient.forEach((g, i) => (sum[i] += g));
    s.magnitude.forEach((m, i) => (magnitude[i] += m));
  }
  return { sum, magnitude };
}

const float32Bound = (magnitude: number[], n: number, d: number): number[] => magnitude.map((m) => sumOfProductsFactor(n + d * d + CHAIN) * m);

test("autodiffGradientSum equals the summed per-sample gradient formulas (indicator derivative zero) to float32 accuracy, for J, I1, I2, I3 in d = 2, 3, 7", () => {
  for (const d of [2, 3, 7]) {
    const rng = new SeededRandom(600 + d);
    const { w, wStar } = appendixC1Pair(d, rng);
    const xs = drawSamples(257, d, rng);
    const x = tf.tensor2d(xs);
    for (const which of AUTODIFF_GRADIENTS) {
      const got = Array.from(autodiffGradientSum(which, w, wStar, x));
      const expected = referenceSums(which, xs, w, wStar);
      assertWithinBound(got, expected.sum, float32Bound(expected.magnitude, xs.length, d), `d=${d}, grad ${which}: autodiff vs per-sample formula`);
    }
    x.dispose();
  }
  assert.equal(tf.memory().numTensors, 0, "autodiffGradientSum leaks no tensors");
});

test("autodiffMonteCarloGradients reads the sample stream of singleReluMonteCarlo.ts: its J estimate matches monteCarloGradientJ for the same seed", async () => {
  const pair = appendixC1Pair(4, new SeededRandom(41));
  const n = 3000;
  const got = await autodiffMonteCarloGradients(pair.w, pair.wStar, n, new SeededRandom(42), { gradients: ["J"] });
  const expected = monteCarloGradientJ(pair.w, pair.wStar, n, new SeededRandom(42)).mean;
  const magnitude = pair.w.map((wi, i) => Math.abs(wi) + Math.abs(pair.wStar[i]));
  assertWithinBound(got.J, expected, float32Bound(magnitude, n, 4), "mean J gradient, autodiff vs singleReluMonteCarlo");
});

test("autodiffMonteCarloGradients splits samples into blocks and Hessians into sub-blocks without changing the estimate", async () => {
  // d = 40: I3 runs in sub-blocks of HESSIAN_BLOCK_ELEMENTS / d^2 = 2621 rows; d = 120: samples in blocks of 8738 rows.
  for (const [d, n, gradients] of [[40, 3000, AUTODIFF_GRADIENTS], [120, 9000, ["J", "I1", "I2"]]] as const) {
    assert.ok(n > HESSIAN_BLOCK_ELEMENTS / d ** 2 || n > SAMPLE_BLOCK_ELEMENTS / d, `d=${d}: more than one block`);
    const pair = appendixC1Pair(d, new SeededRandom(d));
    let blocks = 0;
    const got = await autodiffMonteCarloGradients(pair.w, pair.wStar, n, new SeededRandom(7 * d), { gradients, onBlock: () => blocks++ });
    assert.equal(blocks, Math.ceil(n / Math.floor(SAMPLE_BLOCK_ELEMENTS / d)), `d=${d}: sample blocks`);
    const xs = drawSamples(n, d, new SeededRandom(7 * d));
    for (const which of gradients) {
      const expected = referenceSums(which, xs, pair.w, pair.wStar);
      const bound = float32Bound(expected.magnitude, n, d).map((b) => b / n);
      assertWithinBound(got[which], expected.sum.map((s) => s / n), bound, `d=${d}, grad ${which}: blocked mean`);
    }
  }
  assert.equal(tf.memory().numTensors, 0, "autodiffMonteCarloGradients leaks no tensors");
});

test("the autodiff means converge to paperGradientJ, the corrected ∇I1, ∇I2 and the printed ∇I3 within MC_SIGMAS standard errors", async () => {
  const n = 20_000;
  for (const d of [2, 5]) {
    const { w, wStar } = appendixC1Pair(d, new SeededRandom(900 + d));
    const means = await autodiffMonteCarloGradients(w, wStar, n, new SeededRandom(901 + d));
    const xs = drawSamples(n, d, new SeededRandom(901 + d));
    const closed: Record<AutodiffGradient, number[]> = {
      J: paperGradientJ(w, wStar),
      I1: reluSquaredGradientI1(w, wStar),
      I2: reluSquaredGradientI2(w, wStar),
      I3: reluSquaredGradientI3Printed(w, wStar),
    };
    for (const which of AUTODIFF_GRADIENTS) {
      const samples = xs.map((x) => perSample(which, x, w, wStar).gradient);
      const standardError = w.map((_, i) => {
        const values = samples.map((s) => s[i]);
        const m = values.reduce((a, v) => a + v, 0) / n;
        return Math.sqrt(values.reduce((a, v) => a + (v - m) ** 2, 0) / (n - 1) / n);
      });
      assertWithinStandardErrors(means[which], standardError, closed[which], MC_SIGMAS, `d=${d}, grad ${which}`);
    }
  }
});

test("autodiffMonteCarloGradients is deterministic: the same pair and seed give the same numbers", async () => {
  const { w, wStar } = appendixC1Pair(3, new SeededRandom(5));
  const first = await autodiffMonteCarloGradients(w, wStar, 500, new SeededRandom(6));
  const second = await autodiffMonteCarloGradients(w, wStar, 500, new SeededRandom(6));
  assert.deepEqual(first, second);
});

test("appendixC1Pair draws w within ||w*|| of w*, reproducibly", () => {
  for (const d of [1, 2, 10, 100]) {
    const { w, wStar } = appendixC1Pair(d, new SeededRandom(d));
    assert.ok(norm(sub(w, wStar)) <= norm(wStar), `d=${d}: ||w - w*|| = ${norm(sub(w, wStar))} > ||w*|| = ${norm(wStar)}`);
    assert.deepEqual(appendixC1Pair(d, new SeededRandom(d)), { w, wStar });
  }
});

test("logLogFit recovers the exponent and constant of a power law, with zero standard error; meanSquaredError is the per-component squared error", () => {
  const x = [100, 316, 1000, 3162, 10000];
  const fit = logLogFit(x, x.map((n) => 3 / n));
  assertClose([fit.slope, fit.intercept, fit.standardError], [-1, Math.log10(3), 0], { absolute: IDENTITY_RELATIVE }, "fit of 3/N");
  assertClose(logLogFit(x, x.map((n) => 2 * n ** 0.5)).slope, 0.5, { absolute: IDENTITY_RELATIVE }, "slope of 2 sqrt(N)");
  // Residuals +-0.1 in log10 at alternate points: standard error sqrt(sum r^2 / (n - 2) / Sxx), computed by hand.
  const noisy = logLogFit([1, 10, 100], [1, 0.1 * 10 ** 0.1, 0.01]);
  assertClose(noisy.standardError, Math.sqrt(((1 / 30) ** 2 * 2 + (2 / 30) ** 2) / 1 / 2), { absolute: IDENTITY_RELATIVE }, "standard error");
  assertClose(meanSquaredError([1, 2, 3, 4], [1, 0, 3, 0]), 5, { absolute: 0 }, "MSE");
});

test("figure6Run, figure6Points and figure6Slopes give one curve per gradient, formula and dimension", async () => {
  const run = await figure6Run({ dimension: 2, samples: [50, 200, 800], repeats: 2, seed: 3 }, "test run");
  const points = figure6Points([run]);
  assert.equal(points.length, 3 * 7, "7 formulas (2 + 2 + 1 + 2) x 3 sample sizes");
  const slopes = figure6Slopes([run]);
  assert.equal(slopes.length, 7);
  assert.ok(slopes.every((s) => Number.isFinite(s.slope) && s.slopeStandardError >= 0 && s.samplesRange === "50-800"), JSON.stringify(slopes));
  const first = points.filter((p) => p.formula === slopes[0].formula);
  assertClose(slopes[0].slope, logLogFit(first.map((p) => p.samples), first.map((p) => p.relativeMse)).slope, { absolute: IDENTITY_RELATIVE }, "slope of the plotted curve");
});

test("figure6Run estimates only the config's gradients, on the same pairs and draws as a run of all four", async () => {
  const config = { dimension: 2, samples: [50, 200], repeats: 2, seed: 3 };
  const all = await figure6Run(config, "test run");
  const onlyI3 = await figure6Run({ ...config, gradients: ["I3"] }, "test run");
  assert.deepEqual(Object.keys(onlyI3.estimates), ["I3"]);
  assert.deepEqual(onlyI3.estimates.I3, all.estimates.I3, "same pairs and sample streams");
  assert.deepEqual([...new Set(figure6Slopes([onlyI3]).map((s) => s.gradient))], ["I3"]);
  await assert.rejects(figure6Run({ ...config, gradients: ["I4" as AutodiffGradient] }), /gradients must be among J, I1, I2, I3, got I4/);
});

test("figure6Slopes gives slope -1 with jackknife standard error 0 when every repeat's error is exactly proportional to 1/N, NaN for one repeat, and the plateau of a biased formula", () => {
  const samples = [100, 1000, 10000];
  const pairs = [1, 2, 3].map((seed) => appendixC1Pair(2, new SeededRandom(seed)));
  // estimate = formula + (1/sqrt(N), 0): squared error per component (1/N)/d for every repeat.
  const shifted = (g: AutodiffGradient) => pairs.map(({ w, wStar }) => samples.map((n) => FIGURE6_FORMULAS[g][0].gradient(w, wStar).map((v, i) => v + (i === 0 ? 1 / Math.sqrt(n) : 0))));
  const estimates = Object.fromEntries(AUTODIFF_GRADIENTS.map((g) => [g, shifted(g)])) as Record<AutodiffGradient, number[][][]>;
  const printed = figure6Slopes([{ dimension: 2, samples, pairs, estimates }]).filter((s) => s.role === "printed");
  for (const s of printed) assertClose([s.slope, s.slopeStandardError], [-1, 0], { absolute: 1e-9 }, `grad ${s.gradient}`);
  const plateaus = Object.fromEntries(figure6Slopes([{ dimension: 2, samples, pairs, estimates }]).map((s) => [s.formula, s.predictedPlateau]));
  assert.equal(plateaus["∇J printed (Thm 2.10 proof)"], 0, "no plateau against the mean of the autodiff estimate");
  const typo = pairs.map(({ w, wStar }) => (norm(sub(reluSquaredGradientI1Printed(w, wStar), reluSquaredGradientI1(w, wStar))) / norm(reluSquaredGradientI1Printed(w, wStar))) ** 2);
  assertClose(plateaus["∇I1 printed (line 501)"], typo.reduce((a, b) => a + b, 0) / pairs.length, { relative: IDENTITY_RELATIVE }, "the printed ∇I1 levels off at its squared relative bias");
  const single = figure6Slopes([{ dimension: 2, samples, pairs: pairs.slice(0, 1), estimates: Object.fromEntries(AUTODIFF_GRADIENTS.map((g) => [g, estimates[g].slice(0, 1)])) as Record<AutodiffGradient, number[][][]> }]);
  assert.ok(single.every((s) => Number.isNaN(s.slopeStandardError)), "one repeat: no standard error");
});

test("the estimators reject mismatched pairs, unknown gradients and bad sample counts, saying what they got", async () => {
  const x = tf.zeros([3, 2]) as tf.Tensor2D;
  assert.throws(() => autodiffGradientSum("J", [1, 2], [1], x), /same length >= 1, got 2 and 1/);
  assert.throws(() => autodiffGradientSum("I4" as AutodiffGradient, [1, 2], [1, 0], x), /among J, I1, I2, I3, got I4/);
  assert.throws(() => autodiffGradientSum("J", [1, 2, 3], [1, 0, 0], x), /shape \[n, 3\], got \[3, 2\]/);
  x.dispose();
  await assert.rejects(autodiffMonteCarloGradients([1], [1], 0, new SeededRandom(1)), /positive integer, got 0/);
  await assert.rejects(figure6Run({ dimension: 2, samples: [10, 5], repeats: 1, seed: 1 }), /increasing positive integers, got \[10, 5\]/);
  assert.throws(() => logLogFit([1, 1], [1, 2]), /two distinct values/);
});
