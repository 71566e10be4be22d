import { test } from "node:test";
import assert from "node:assert/strict";
import { SeededRandom } from "../numeric/random.js";
import { EIGEN_RELATIVE, IDENTITY_RELATIVE, MC_SIGMAS } from "../numeric/tolerances.js";
import { liftWithBias, sphereData } from "./cocolaHandData.js";
import {
  activationOverlap, gramInfinity, gramInfinityL2, lambdaStar, lambdaZeroL2, lemma2Width, proposition1Bound, symmetricEigenvalues, theorem2Bound,
} from "./cocolaHandGram.js";
import { separationHatDelta1 } from "./cocolaHandData.js";
import { monteCarloGram, worstGramZ } from "./cocolaHandMonteCarlo.js";

test("activationOverlap is (π − ∠(a, b))/(2π): ½ for a = b, ¼ for orthogonal a, b, 0 for a = −b", () => {
  const a = [0.6, 0.8, 0];
  assert.ok(Math.abs(activationOverlap(a, a) - 0.5) <= IDENTITY_RELATIVE);
  assert.ok(Math.abs(activationOverlap(a, [0, 0, 2]) - 0.25) <= IDENTITY_RELATIVE);
  assert.ok(Math.abs(activationOverlap(a, a.map((v) => -v))) <= IDENTITY_RELATIVE);
});

test("gramInfinity is E[Ω(w)ᵀΩ(w)]: every entry within MC_SIGMAS standard errors of a Monte Carlo mean", () => {
  const data = sphereData(4, 5, 2, new SeededRandom(3));
  const z = worstGramZ(monteCarloGram(data, 50_000, new SeededRandom(4)), gramInfinity(data));
  assert.ok(z <= MC_SIGMAS, `worst |z| ${z}`);
});

test("a wrong H∞ (value block scaled by 1.02) is caught by the Monte Carlo comparison", () => {
  const data = sphereData(4, 5, 2, new SeededRandom(3));
  const wrong = gramInfinity(data).map((row, p) => row.map((v, q) => (p < 4 && q < 4 ? 1.02 * v : v)));
  assert.ok(worstGramZ(monteCarloGram(data, 200_000, new SeededRandom(4)), wrong) > MC_SIGMAS);
});

test("with a bias the Monte Carlo Gram matrix of (10)-(11) is H∞ of the lifted data", () => {
  const data = sphereData(3, 4, 1, new SeededRandom(5));
  const alpha = 0.5;
  const z = worstGramZ(monteCarloGram(data, 50_000, new SeededRandom(6), { alpha, beta: Math.sqrt(1 - alpha * alpha) }), gramInfinity(liftWithBias(data).data));
  assert.ok(z <= MC_SIGMAS, `worst |z| ${z}`);
});

test("H∞_L2 is the leading n × n block of H∞, so λ* ≤ λ₀ (Cauchy interlacing)", () => {
  for (let seed = 0; seed < 5; seed++) {
    const data = sphereData(6, 5, 2, new SeededRandom(seed));
    assert.deepEqual(gramInfinityL2(data), gramInfinity(data).slice(0, 6).map((row) => row.slice(0, 6)));
    assert.ok(lambdaStar(data) <= lambdaZeroL2(data) * (1 + EIGEN_RELATIVE));
  }
});

test("Proposition 1's and Theorem 2's bounds lie below λ* of random sphere data", () => {
  for (let seed = 0; seed < 5; seed++) {
    const data = sphereData(5, 6, 2, new SeededRandom(10 + seed));
    assert.ok(proposition1Bound(data) > 0 && proposition1Bound(data) <= lambdaStar(data));
    assert.ok(theorem2Bound(separationHatDelta1(data), 5, 2) <= lambdaStar(liftWithBias(data).data));
  }
});

test("lemma2Width makes the matrix Chernoff bound p·exp(−(¼)²λ*/(2L)), L = n(k+1)/m, equal to δ", () => {
  const [n, k, lambda, delta] = [7, 3, 0.05, 0.1];
  const m = lemma2Width(n, k, lambda, delta);
  const p = n * (k + 1);
  assert.ok(Math.abs(p * Math.exp(-((1 / 16) * lambda) / (2 * (p / m))) / delta - 1) <= IDENTITY_RELATIVE);
});

test("symmetricEigenvalues returns the eigenvalues of a symmetric matrix in ascending order", () => {
  const eigen = symmetricEigenvalues([[2, 1], [1, 2]]);
  assert.ok(Math.abs(eigen[0] - 1) <= IDENTITY_RELATIVE && Math.abs(eigen[1] - 3) <= IDENTITY_RELATIVE);
});
