import { test } from "node:test";
import assert from "node:assert/strict";
import { sineTarget, sineTargets, sphereData } from "../analytic/cocolaHandData.js";
import { featureGram, gramInfinity, symmetricEigenvalues } from "../analytic/cocolaHandGram.js";
import { cloneReluNet, directionalSobolevGradient, initialiseReluNet, residualsOf } from "../models/directionalReluNet.js";
import { SeededRandom } from "../numeric/random.js";
import { IDENTITY_RELATIVE } from "../numeric/tolerances.js";
import { directionalSobolevFlow, logDecayRate, timeToFraction } from "./directionalSobolevFlow.js";
import { residualStep } from "./residualJumps.js";

const data = sphereData(5, 5, 2, new SeededRandom(21));
const targets = sineTargets(data, sineTarget(5, 2, 1, new SeededRandom(22)));
const spectrum = symmetricEigenvalues(gramInfinity(data));

test("a width-2000 flow keeps Theorem 1's bound exp(−λ* t) up to t = 2/λ*", () => {
  const trace = directionalSobolevFlow(initialiseReluNet(2000, 5, new SeededRandom(23)), data, targets, { step: 0.25 / spectrum[spectrum.length - 1], time: 2 / spectrum[0], derivativeWeight: 1, records: 10 });
  const start = trace.valueResidual[0] + trace.derivativeResidual[0];
  trace.t.forEach((t, q) => assert.ok(trace.valueResidual[q] + trace.derivativeResidual[q] <= Math.exp(-spectrum[0] * t) * start, `t = ${t}`));
});

test("the flow records ‖H(t) − H(0)‖_F = 0 and λmin(H(0)) at t = 0", () => {
  const trace = directionalSobolevFlow(initialiseReluNet(50, 5, new SeededRandom(24)), data, targets, { step: 0.1, time: 1, derivativeWeight: 1, records: 2, featureGram: featureGram(data) });
  assert.equal(trace.gramDrift[0], 0);
  assert.equal(trace.t.length, 3);
});

test("logDecayRate recovers the rate of an exponential and timeToFraction its crossing time (NaN when never reached)", () => {
  const t = Array.from({ length: 50 }, (_, q) => q / 5);
  const values = t.map((s) => 3 * Math.exp(-0.7 * s));
  assert.ok(Math.abs(logDecayRate(t, values, 0, Infinity) - 0.7) <= IDENTITY_RELATIVE);
  assert.equal(timeToFraction(t, values, Math.exp(-0.7 * 2)), 2);
  assert.ok(Number.isNaN(timeToFraction(t, values, 1e-9)));
});

test("residualStep: a step changes (e, S) by −ηH(e, S) minus the jump of the units that changed sign, exactly", () => {
  let net = initialiseReluNet(30, 5, new SeededRandom(25));
  let sawJump = false;
  for (let q = 0; q < 200; q++) {
    const s = residualStep(net, data, targets, 0.25 / spectrum[spectrum.length - 1]);
    const scale = Math.hypot(...s.predicted);
    assert.ok(Math.hypot(...s.change.map((v, p) => v - s.predicted[p] + s.jump[p])) <= 1e-10 * scale, `step ${q}`);
    if (s.signChanges === 0) assert.ok(s.jump.every((v) => v === 0));
    else sawJump ||= s.jump.some((v) => v !== 0);
    net = s.next;
  }
  assert.ok(sawJump, "no step changed a sign: the test would not see the jump term");
});

test("directionalSobolevFlow rejects a non-positive step with a message naming it", () => {
  assert.throws(() => directionalSobolevFlow(initialiseReluNet(5, 5, new SeededRandom(1)), data, targets, { step: 0, time: 1, derivativeWeight: 1, records: 2 }), /step = 0/);
});

test("the flow's fused step follows residualsOf and directionalSobolevGradient (the public formulas) step by step", () => {
  const start = initialiseReluNet(40, 5, new SeededRandom(26));
  const eta = 0.05;
  const trace = directionalSobolevFlow(start, data, targets, { step: eta, time: 10 * eta, derivativeWeight: 1, records: 10 });
  const net = cloneReluNet(start);
  for (let q = 0; q <= 10; q++) {
    const r = residualsOf(net, data, targets);
    const value = r.slice(0, 5).reduce((s, v) => s + v * v, 0);
    assert.ok(Math.abs(value - trace.valueResidual[q]) <= 1e-12 * Math.max(1, value), `step ${q}: ${value} vs ${trace.valueResidual[q]}`);
    directionalSobolevGradient(net, data, r, 1).forEach((g, p) => { net.W[p] -= eta * g; });
  }
});
