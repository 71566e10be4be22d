import { test } from "node:test";
import assert from "node:assert/strict";
import { assertClose, relativeDifference } from "../numeric/assertClose.js";
import { centralGradient, centralJacobian } from "../numeric/finiteDifferences.js";
import { SeededRandom } from "../numeric/random.js";
import { FD_STEP, IDENTITY_RELATIVE } from "../numeric/tolerances.js";
import { uniformSamples } from "./sampling.js";
import { ackley, fig2, fig3, targetsByName, twoFrequency } from "./targets.js";
import type { TargetFunction } from "./targets.js";
import { ACKLEY_SINGULARITY_RADIUS, TARGET_FD_RELATIVE } from "./tolerances.js";

const POINTS_PER_TARGET = 25;

/** Seeded random points of the target's domain, away from Ackley's singular origin. */
function testPoints(target: TargetFunction, seed: number): number[][] {
  const points = uniformSamples(target.domain, POINTS_PER_TARGET, new SeededRandom(seed));
  return points.filter((x) => target !== ackley || Math.hypot(...x) > ACKLEY_SINGULARITY_RADIUS);
}

for (const [index, target] of Object.values(targetsByName).entries()) {
  test(`${target.name}.gradient equals central differences of ${target.name}.value at random points of its domain`, () => {
    for (const x of testPoints(target, 100 + index)) {
      assertClose(target.gradient(x), centralGradient((p) => target.value(p), x, FD_STEP), { relative: TARGET_FD_RELATIVE }, `${target.name} gradient at [${x}]`);
    }
  });

  test(`${target.name}.hessian equals central differences of ${target.name}.gradient and is symmetric`, () => {
    for (const x of testPoints(target, 200 + index)) {
      const H = target.hessian(x);
      assertClose(H.flat(), centralJacobian((p) => target.gradient(p), x, FD_STEP).flat(), { relative: TARGET_FD_RELATIVE }, `${target.name} Hessian at [${x}]`);
      assert.deepEqual(H, H[0].map((_, j) => H.map((row) => row[j])), `${target.name} Hessian symmetric at [${x}]`);
    }
  });
}

test("the FD check detects a gradient of fig2 that drops the derivative of the -1.5x term", () => {
  for (const x of testPoints(fig2, 300)) {
    const [gx, gy] = fig2.gradient(x);
    const wrong = [gx + 1.5, gy];
    const difference = relativeDifference(centralGradient((p) => fig2.value(p), x, FD_STEP), wrong);
    assert.ok(difference > TARGET_FD_RELATIVE, `difference ${difference} at [${x}] must exceed ${TARGET_FD_RELATIVE}`);
  }
});

test("targets evaluate their formulas: fig2(1, 0), fig3(1), twoFrequency(1/4), and ackley(0, 0) = 0", () => {
  assertClose(fig2.value([1, 0]), Math.sin(10) + 1 - 1.5 + 1, { relative: IDENTITY_RELATIVE }, "fig2(1, 0)");
  assertClose(fig3.value([1]), 1 + Math.sin(2 * Math.PI), { relative: IDENTITY_RELATIVE }, "fig3(1)");
  assertClose(twoFrequency.value([0.25]), Math.sin(Math.PI / 2) + Math.sin(5 * Math.PI), { relative: IDENTITY_RELATIVE }, "twoFrequency(1/4)");
  assert.equal(ackley.value([0, 0]), 0, "Ackley's global minimum is 0 at the origin");
});

test("ackley.gradient at the origin is the zero subgradient and ackley.hessian there throws", () => {
  assert.deepEqual(ackley.gradient([0, 0]), [0, 0]);
  assert.throws(() => ackley.hessian([0, 0]), /ackley.hessian: the Hessian is unbounded/);
  // Directional limits differ (a cone): just off the origin along +x the gradient is 2√2 e_x, up to the
  // smooth term π C sin(2π 1e-9) ≈ 5e-8 (relative 2e-8).
  const g = ackley.gradient([1e-9, 0]);
  assertClose(g, [2 * Math.SQRT2, 0], { relative: TARGET_FD_RELATIVE }, "gradient at (1e-9, 0)");
});

test("targets report their dimension and domain and reject points of the wrong length", () => {
  assert.deepEqual([fig2.dimension, fig3.dimension, twoFrequency.dimension, ackley.dimension], [2, 1, 1, 2]);
  assert.deepEqual(fig2.domain, [[1, 4], [-3, 4]]);
  assert.deepEqual(ackley.domain, [[-2, 2], [-2, 2]]);
  assert.throws(() => fig2.gradient([1]), /fig2.gradient: x must have length 2, got 1/);
});
