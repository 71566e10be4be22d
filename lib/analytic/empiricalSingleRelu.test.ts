import { test } from "node:test";
import assert from "node:assert/strict";
import { Matrix } from "ml-matrix";
import { gaussianSamples } from "../data/sampling.js";
import { referenceSobolevLoss } from "../losses/referenceSobolevLoss.js";
import { singleNode } from "../models/singleNode.js";
import { assertClose, maxAbsDifference } from "../numeric/assertClose.js";
import { centralGradient, centralJacobian } from "../numeric/finiteDifferences.js";
import { SeededRandom } from "../numeric/random.js";
import { CLEARLY_NONZERO, FD_EXACT_QUADRATIC_RELATIVE, IDENTITY_RELATIVE, MC_SIGMAS } from "../numeric/tolerances.js";
import { appendixC1Pair } from "./autodiffEstimators.js";
import { centralDifferenceRounding, empiricalGradientSingleRelu, empiricalHessianSingleRelu, empiricalLossSingleRelu, kinkFreeStep } from "./empiricalSingleRelu.js";

const WEIGHTS = { L2: [0.5], H1: [0.5, 0.5], "H1 [1/2, 1]": [0.5, 1] } as const;

function setting(d: number, n: number, seed: number) {
  const rng = new SeededRandom(seed);
  return { ...appendixC1Pair(d, rng), xs: gaussianSamples(d, n, rng) };
}

test("empiricalLossSingleRelu is the float64 reference Sobolev loss of the single node against the teacher's values and input gradients", () => {
  const { w, wStar, xs } = setting(4, 50, 1);
  const model = singleNode({ inputDimension: 4, seed: 0, initialWeights: [w] });
  const q = xs.map((x) => x.reduce((s, xi, i) => s + xi * wStar[i], 0));
  const batch = { x: xs, value: q.map((t) => Math.max(t, 0)), gradient: q.map((t) => (t > 0 ? wStar : wStar.map(() => 0))) };
  const layers = model.snapshot(0).map((layer) => ({ ...layer, weights: Float64Array.from(w) }));
  for (const [name, weights] of Object.entries(WEIGHTS)) {
    assertClose(empiricalLossSingleRelu(w, wStar, xs, weights), referenceSobolevLoss(layers, batch, weights), { relative: IDENTITY_RELATIVE }, `${name} loss`);
  }
  model.dispose();
});

test("empiricalGradientSingleRelu equals central differences of the loss with a kink-free step (the loss is quadratic there)", () => {
  for (const [d, seed] of [[2, 2], [5, 3], [10, 4]]) {
    const { w, wStar, xs } = setting(d, 400, seed);
    const h = kinkFreeStep(w, xs);
    for (const [name, weights] of Object.entries(WEIGHTS)) {
      const fd = centralGradient((v) => empiricalLossSingleRelu(v, wStar, xs, weights), w, h);
      assertClose(empiricalGradientSingleRelu(w, wStar, xs, weights), fd, { relative: FD_EXACT_QUADRATIC_RELATIVE }, `d=${d} ${name} gradient, h = ${h}`);
    }
  }
});

test("empiricalHessianSingleRelu equals central differences of the gradient with a kink-free step (the gradient is linear there)", () => {
  for (const [d, seed] of [[2, 5], [5, 6], [10, 7]]) {
    const { w, wStar, xs } = setting(d, 400, seed);
    const h = kinkFreeStep(w, xs);
    for (const [name, weights] of Object.entries(WEIGHTS)) {
      const fd = new Matrix(centralJacobian((v) => empiricalGradientSingleRelu(v, wStar, xs, weights), w, h));
      assertClose(empiricalHessianSingleRelu(w, xs, weights), fd, { relative: FD_EXACT_QUADRATIC_RELATIVE }, `d=${d} ${name} Hessian, h = ${h}`);
    }
  }
});

test("the finite-difference check detects a Hessian that drops the gradient term's identity", () => {
  const { w, wStar, xs } = setting(5, 400, 8);
  const fd = new Matrix(centralJacobian((v) => empiricalGradientSingleRelu(v, wStar, xs, WEIGHTS.H1), w, kinkFreeStep(w, xs)));
  assert.ok(maxAbsDifference(empiricalHessianSingleRelu(w, xs, WEIGHTS.L2), fd) > CLEARLY_NONZERO);
});

test("as N grows the empirical Hessian tends to (w0 + w1) I, within Monte Carlo error", () => {
  const n = 20_000;
  const { w, xs } = setting(3, n, 9);
  // Each entry is a mean of n terms 2 w0 1[wᵀx > 0] x_i x_k with variance at most 4 w0² E[x_i² x_k²] ≤ 12 w0².
  const [w0, w1] = WEIGHTS.H1;
  const bound = (MC_SIGMAS * Math.sqrt(12) * w0) / Math.sqrt(n);
  const deviation = maxAbsDifference(empiricalHessianSingleRelu(w, xs, WEIGHTS.H1), Matrix.eye(3).mul(w0 + w1));
  assert.ok(deviation < bound, `max |∇²E − (w0 + w1) I| = ${deviation}, bound ${bound}`);
});

test("the empirical single-ReLU functions reject mismatched shapes and bad weights, saying what they expected", () => {
  const { w, wStar, xs } = setting(3, 5, 10);
  assert.throws(() => empiricalLossSingleRelu(w, wStar.slice(1), xs, [1]), /empiricalLossSingleRelu: w and w\* must have the same length, got 3 and 2/);
  assert.throws(() => empiricalGradientSingleRelu(w, wStar, [[1, 2]], [1]), /every x_j must have length 3, got length 2 at j = 0/);
  assert.throws(() => empiricalHessianSingleRelu(w, xs, [1, 1, 1]), /weights must be \[w0\] or \[w0, w1\], finite and non-negative, got \[1, 1, 1\]/);
  assert.throws(() => kinkFreeStep(w, []), /kinkFreeStep: need at least one sample x_j, got none/);
});

test("centralDifferenceRounding covers the rounding of the kink-free gradient and Hessian checks at N = 10⁴, d = 10", () => {
  const n = 10_000;
  const { w, wStar, xs } = setting(10, n, 11);
  const h = kinkFreeStep(w, xs);
  for (const [name, weights] of Object.entries(WEIGHTS)) {
    const gradient = empiricalGradientSingleRelu(w, wStar, xs, weights);
    const size = Math.max(1, ...gradient.map(Math.abs));
    const fdGradient = centralGradient((v) => empiricalLossSingleRelu(v, wStar, xs, weights), w, h);
    const gradientTolerance = centralDifferenceRounding(empiricalLossSingleRelu(w, wStar, xs, weights), n, h) / size;
    assertClose(gradient, fdGradient, { relative: Math.max(FD_EXACT_QUADRATIC_RELATIVE, gradientTolerance) }, `${name} gradient, h = ${h}`);
    const fdHessian = new Matrix(centralJacobian((v) => empiricalGradientSingleRelu(v, wStar, xs, weights), w, h));
    const hessianTolerance = centralDifferenceRounding(size, n, h);
    assertClose(empiricalHessianSingleRelu(w, xs, weights), fdHessian, { relative: Math.max(FD_EXACT_QUADRATIC_RELATIVE, hessianTolerance) }, `${name} Hessian, h = ${h}`);
  }
});
