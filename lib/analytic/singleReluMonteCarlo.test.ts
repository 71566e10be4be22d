import { test } from "node:test";
import assert from "node:assert/strict";
import { assertClose, assertWithinStandardErrors } from "../numeric/assertClose.js";
import { dot, norm, sub } from "../numeric/linalg.js";
import { SeededRandom } from "../numeric/random.js";
import { IDENTITY_RELATIVE, MC_SIGMAS } from "../numeric/tolerances.js";
import { exactGradientJ, paperGradientJ, populationGradientL, populationLossJ, populationLossL } from "./singleRelu.js";
import { allTestPairs } from "./singleReluFixtures.js";
import { monteCarloGradientJ, monteCarloGradientL, monteCarloLossJ, monteCarloLossL } from "./singleReluMonteCarlo.js";

const SAMPLES = 200_000;

test("populationLossL matches the Monte Carlo mean of (relu(w.x) - relu(w*.x))^2 / 2 within MC_SIGMAS standard errors", () => {
  const rng = new SeededRandom(2023);
  for (const { label, w, wStar } of allTestPairs()) {
    const l = monteCarloLossL(w, wStar, SAMPLES, rng);
    assertWithinStandardErrors(l.mean, l.standardError, [populationLossL(w, wStar)], MC_SIGMAS, `${label}: L`);
  }
});

test("populationLossJ matches the Monte Carlo mean of |1[w.x > 0] w - 1[w*.x > 0] w*|^2 / 2 within MC_SIGMAS standard errors", () => {
  const rng = new SeededRandom(2024);
  for (const { label, w, wStar } of allTestPairs()) {
    const j = monteCarloLossJ(w, wStar, SAMPLES, rng);
    assertWithinStandardErrors(j.mean, j.standardError, [populationLossJ(w, wStar)], MC_SIGMAS, `${label}: J`);
  }
});

test("populationGradientL is the mean per-sample autodiff gradient of L within MC_SIGMAS standard errors", () => {
  const rng = new SeededRandom(2025);
  for (const { label, w, wStar } of allTestPairs()) {
    const estimate = monteCarloGradientL(w, wStar, SAMPLES, rng);
    assertWithinStandardErrors(estimate.mean, estimate.standardError, populationGradientL(w, wStar), MC_SIGMAS, `${label}: grad L`);
  }
});

test("paperGradientJ is the mean per-sample autodiff gradient of J, and exactGradientJ is not", () => {
  const rng = new SeededRandom(2026);
  for (const { label, w, wStar } of allTestPairs()) {
    const estimate = monteCarloGradientJ(w, wStar, SAMPLES, rng);
    assertWithinStandardErrors(estimate.mean, estimate.standardError, paperGradientJ(w, wStar), MC_SIGMAS, `${label}: paper grad J`);
    assert.throws(
      () => assertWithinStandardErrors(estimate.mean, estimate.standardError, exactGradientJ(w, wStar), MC_SIGMAS, `${label}: exact grad J`),
      /not within/,
    );
  }
});

test("Monte Carlo estimates are reproducible from the seed and their standard errors shrink like 1/sqrt(n)", () => {
  const { w, wStar } = allTestPairs()[4];
  const first = monteCarloGradientJ(w, wStar, 1000, new SeededRandom(3));
  const second = monteCarloGradientJ(w, wStar, 1000, new SeededRandom(3));
  assert.deepEqual(first, second);
  const large = monteCarloGradientJ(w, wStar, 16_000, new SeededRandom(4));
  const ratio = norm(first.standardError) / norm(large.standardError);
  assert.ok(ratio > 3 && ratio < 5, `16x the samples should shrink standard errors ~4x, got ${ratio}`);
  assert.ok(norm(sub(large.mean, paperGradientJ(w, wStar))) < MC_SIGMAS * norm(large.standardError));
});

test("Monte Carlo estimators check their arguments", () => {
  const rng = new SeededRandom(1);
  assert.throws(() => monteCarloGradientL([1, 0], [1], 10, rng), /same length/);
  assert.throws(() => monteCarloLossL([1, 0], [0, 1], 1, rng), /n must be an integer >= 2, got 1/);
});

test("each estimator is the plain mean of its per-sample formula over the same seeded draws", () => {
  const relu = (t: number): number => Math.max(0, t);
  const indicator = (t: number): number => (t > 0 ? 1 : 0);
  // Per-sample formulas written out independently of singleReluMonteCarlo.ts.
  const perSample: [string, typeof monteCarloLossL, (x: number[], w: number[], wStar: number[]) => number[]][] = [
    ["loss L", monteCarloLossL, (x, w, wStar) => [(relu(dot(w, x)) - relu(dot(wStar, x))) ** 2 / 2]],
    ["loss J", monteCarloLossJ, (x, w, wStar) => [norm(sub(w.map((wi) => indicator(dot(w, x)) * wi), wStar.map((si) => indicator(dot(wStar, x)) * si))) ** 2 / 2]],
    ["grad L", monteCarloGradientL, (x, w, wStar) => x.map((xi) => (relu(dot(w, x)) - relu(dot(wStar, x))) * indicator(dot(w, x)) * xi)],
    ["grad J", monteCarloGradientJ, (x, w, wStar) => w.map((wi, i) => indicator(dot(w, x)) * (indicator(dot(w, x)) * wi - indicator(dot(wStar, x)) * wStar[i]))],
  ];
  for (const { label, w, wStar } of allTestPairs()) {
    for (const [name, estimator, sample] of perSample) {
      const n = 500;
      const rng = new SeededRandom(77);
      const samples = Array.from({ length: n }, () => sample(rng.gaussianVector(w.length), w, wStar));
      const mean = samples[0].map((_, i) => samples.reduce((s, row) => s + row[i], 0) / n);
      const standardError = mean.map((m, i) => Math.sqrt(samples.reduce((s, row) => s + (row[i] - m) ** 2, 0) / (n - 1) / n));
      const estimate = estimator(w, wStar, n, new SeededRandom(77));
      assertClose(estimate.mean, mean, { relative: IDENTITY_RELATIVE }, `${label}: ${name} mean`);
      assertClose(estimate.standardError, standardError, { relative: IDENTITY_RELATIVE }, `${label}: ${name} standard error`);
    }
  }
});
