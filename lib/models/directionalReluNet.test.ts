import { test } from "node:test";
import assert from "node:assert/strict";
import { sineTarget, sineTargets, sphereData } from "../analytic/cocolaHandData.js";
import { featureGram } from "../analytic/cocolaHandGram.js";
import { centralGradient, centralJacobian } from "../numeric/finiteDifferences.js";
import { relativeDifference } from "../numeric/assertClose.js";
import { SeededRandom } from "../numeric/random.js";
import { FD_GRADIENT_RELATIVE, FD_JACOBIAN_RELATIVE, FD_STEP } from "../numeric/tolerances.js";
import { directionalSobolevGradient, directionalSobolevLoss, empiricalGram, initialiseReluNet, networkOutputs, residualsOf, type ReluNet } from "./directionalReluNet.js";

const data = sphereData(5, 4, 2, new SeededRandom(7));
const targets = sineTargets(data, sineTarget(4, 3, 1, new SeededRandom(8)));
const net = initialiseReluNet(12, 4, new SeededRandom(9));
const withWeights = (flat: number[]): ReluNet => ({ ...net, W: Float64Array.from(flat) });

test("initialiseReluNet draws a_r = ±1/√m as in (9)", () => {
  assert.ok([...net.a].every((a) => Math.abs(Math.abs(a) * Math.sqrt(12) - 1) < 1e-15));
});

for (const weight of [1, 0]) {
  test(`directionalSobolevGradient is the gradient of the loss with derivative weight ${weight} (central differences)`, () => {
    const fd = centralGradient((flat) => directionalSobolevLoss(withWeights(flat), data, targets, weight), [...net.W], FD_STEP);
    const exact = directionalSobolevGradient(net, data, residualsOf(net, data, targets), weight);
    assert.ok(relativeDifference([...exact], fd) <= FD_GRADIENT_RELATIVE, `relative difference ${relativeDifference([...exact], fd)}`);
  });
}

test("networkOutputs' F̄ is Vᵢᵀ∇ₓf: central differences of f in x along each frame column", () => {
  const { F } = networkOutputs(net, data);
  data.x.forEach((xi, i) => data.frames[i].forEach((v, j) => {
    const value = (s: number[]) => networkOutputs(net, { x: [xi.map((c, t) => c + s[0] * v[t])], frames: [data.frames[i]] }).f[0];
    assert.ok(Math.abs(centralGradient(value, [0], FD_STEP)[0] - F[i * 2 + j]) <= FD_GRADIENT_RELATIVE);
  }));
});

test("empiricalGram (the blocks A_r, B_r, C_r) equals JJᵀ for the Jacobian J of the outputs in W", () => {
  const J = centralJacobian((flat) => { const o = networkOutputs(withWeights(flat), data); return [...o.f, ...o.F]; }, [...net.W], FD_STEP);
  const jjT = J.map((row) => J.map((other) => row.reduce((s, v, q) => s + v * other[q], 0)));
  assert.ok(relativeDifference(jjT.flat(), empiricalGram(net, data, featureGram(data)).flat()) <= FD_JACOBIAN_RELATIVE);
});

test("networkOutputs names both dimensions when the data do not fit the network", () => {
  assert.throws(() => networkOutputs(initialiseReluNet(3, 7, new SeededRandom(1)), data), /dimension 7.*dimension 4/);
});
