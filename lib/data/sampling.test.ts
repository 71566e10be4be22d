import { test } from "node:test";
import assert from "node:assert/strict";
import { assertWithinStandardErrors } from "../numeric/assertClose.js";
import { SeededRandom } from "../numeric/random.js";
import { MC_SIGMAS } from "../numeric/tolerances.js";
import { gaussianSamples, uniformGrid, uniformSamples } from "./sampling.js";

const BOX = [[1, 4], [-3, 4]] as const;

test("uniformSamples returns n points inside the box, reproducibly for a seed", () => {
  const points = uniformSamples(BOX, 500, new SeededRandom(1));
  assert.equal(points.length, 500);
  for (const [x, y] of points) assert.ok(x >= 1 && x < 4 && y >= -3 && y < 4, `[${x}, ${y}] outside the box`);
  assert.deepEqual(uniformSamples(BOX, 5, new SeededRandom(1)), points.slice(0, 5));
});

test("uniformSamples has the uniform mean (a + b)/2 per coordinate within Monte Carlo error", () => {
  const n = 4000;
  const points = uniformSamples(BOX, n, new SeededRandom(2));
  const mean = [0, 1].map((k) => points.reduce((s, p) => s + p[k], 0) / n);
  const standardError = BOX.map(([a, b]) => (b - a) / Math.sqrt(12 * n));
  assertWithinStandardErrors(mean, standardError, [2.5, 0.5], MC_SIGMAS, "uniform means");
});

test("uniformGrid lists [x_i, y_j] row-major with endpoints included", () => {
  const grid = uniformGrid(BOX, [4, 3]);
  assert.deepEqual(grid, [
    [1, -3], [1, 0.5], [1, 4],
    [2, -3], [2, 0.5], [2, 4],
    [3, -3], [3, 0.5], [3, 4],
    [4, -3], [4, 0.5], [4, 4],
  ]);
  assert.equal(uniformGrid([[0, 1], [0, 1], [0, 1]], 3).length, 27);
});

test("gaussianSamples has mean 0 and variance 1 per coordinate within Monte Carlo error", () => {
  const [d, n] = [3, 4000];
  const points = gaussianSamples(d, n, new SeededRandom(3));
  assert.equal(points.length, n);
  assert.ok(points.every((p) => p.length === d));
  const mean = [0, 1, 2].map((k) => points.reduce((s, p) => s + p[k], 0) / n);
  const meanSquare = [0, 1, 2].map((k) => points.reduce((s, p) => s + p[k] ** 2, 0) / n);
  // Var(z) = 1 and Var(z^2) = 2 for z ~ N(0, 1).
  assertWithinStandardErrors(mean, Array(d).fill(1 / Math.sqrt(n)), [0, 0, 0], MC_SIGMAS, "Gaussian means");
  assertWithinStandardErrors(meanSquare, Array(d).fill(Math.sqrt(2 / n)), [1, 1, 1], MC_SIGMAS, "Gaussian second moments");
});

test("sampling functions reject bad arguments with messages naming them", () => {
  assert.throws(() => uniformSamples([[1, 0]], 3, new SeededRandom(0)), /uniformSamples: domain\[0\] must satisfy low < high/);
  assert.throws(() => uniformGrid(BOX, 1), /uniformGrid: pointsPerAxis\[0\] must be an integer ≥ 2, got 1/);
  assert.throws(() => gaussianSamples(0, 3, new SeededRandom(0)), /gaussianSamples: d must be an integer ≥ 1, got 0/);
});
