import { test } from "node:test";
import assert from "node:assert/strict";
import { centralGradient } from "../numeric/finiteDifferences.js";
import { dot, norm } from "../numeric/linalg.js";
import { SeededRandom } from "../numeric/random.js";
import { FD_GRADIENT_RELATIVE, FD_STEP, IDENTITY_RELATIVE } from "../numeric/tolerances.js";
import { biasConstants, liftWithBias, separationDelta1, sineTarget, sineTargets, sineTargetValue, sphereData, tiltDelta2 } from "./cocolaHandData.js";

test("sphereData gives unit points and orthonormal frames that satisfy Assumption 1 (δ₂ < 1/k, δ₁ > 0)", () => {
  const data = sphereData(10, 6, 3, new SeededRandom(1));
  for (let i = 0; i < 10; i++) {
    assert.ok(Math.abs(norm(data.x[i]) - 1) <= IDENTITY_RELATIVE);
    data.frames[i].forEach((u, a) => data.frames[i].forEach((v, b) => assert.ok(Math.abs(dot(u, v) - (a === b ? 1 : 0)) <= IDENTITY_RELATIVE)));
  }
  assert.ok(tiltDelta2(data) < 1 / 3 && separationDelta1(data) > 0);
});

test("sphereData rejects d < k + 1 with a message that names the fix", () => {
  assert.throws(() => sphereData(3, 2, 2, new SeededRandom(1)), /d ≥ k \+ 1/);
});

test("sineTargets' hᵢ are the central differences of f* along each column of Vᵢ", () => {
  const data = sphereData(4, 5, 2, new SeededRandom(2));
  const target = sineTarget(5, 3, 1.5, new SeededRandom(3));
  const { y, h } = sineTargets(data, target);
  data.x.forEach((xi, i) => {
    assert.ok(Math.abs(y[i] - sineTargetValue(target, xi)) <= IDENTITY_RELATIVE);
    data.frames[i].forEach((v, j) => {
      const fd = centralGradient((s) => sineTargetValue(target, xi.map((c, t) => c + s[0] * v[t])), [0], FD_STEP)[0];
      assert.ok(Math.abs(fd - h[i * 2 + j]) <= FD_GRADIENT_RELATIVE, `point ${i}, direction ${j}: ${fd} vs ${h[i * 2 + j]}`);
    });
  });
});

test("liftWithBias keeps unit norm, makes δ₂ ≤ α = 1/(2k) and divides h by α", () => {
  const data = sphereData(5, 4, 2, new SeededRandom(4));
  const { data: lifted, targets } = liftWithBias(data, { y: [1, 2, 3, 4, 5], h: new Array(10).fill(1) });
  const { alpha } = biasConstants(2);
  lifted.x.forEach((x) => assert.ok(Math.abs(norm(x) - 1) <= IDENTITY_RELATIVE));
  assert.ok(tiltDelta2(lifted) <= alpha);
  assert.ok(targets!.h.every((v) => Math.abs(v - 1 / alpha) <= IDENTITY_RELATIVE));
});
