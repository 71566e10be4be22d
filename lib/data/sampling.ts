/**
 * Sample points for regression experiments: uniform in a box, a uniform tensor grid, standard Gaussian.
 *
 * Boxes are lists of [low, high] per input dimension (TargetFunction.domain). Random draws use the seeded
 * generator of lib/numeric/random.ts, so a seed fixes the points on every platform.
 *
 * References
 * [1] Trefethen, Spectral Methods in MATLAB (SIAM 2000), ch. 7: tensor-product grids, meshgrid ordering.
 */
import { SeededRandom } from "../numeric/random.js";

type Box = readonly (readonly [number, number])[];

function checkBox(caller: string, domain: Box): void {
  if (domain.length === 0) throw new Error(`${caller}: domain must have at least one dimension, got 0`);
  domain.forEach(([low, high], axis) => {
    if (!Number.isFinite(low) || !Number.isFinite(high) || !(low < high)) {
      throw new Error(`${caller}: domain[${axis}] must satisfy low < high (finite), got [${low}, ${high}]`);
    }
  });
}

function checkCount(caller: string, name: string, n: number, minimum: number): void {
  if (!Number.isInteger(n) || n < minimum) throw new Error(`${caller}: ${name} must be an integer ≥ ${minimum}, got ${n}`);
}

/**
 * n points drawn independently and uniformly from the box: coordinate k is low_k + (high_k - low_k) u, u ~ U[0, 1).
 *
 * @param domain - [low, high] per dimension (d intervals)
 * @param n - number of points (≥ 0)
 * @param rng - seeded generator (advanced by n d uniform draws, coordinates of a point consecutive)
 * @returns n points, each a length-d array
 */
export function uniformSamples(domain: Box, n: number, rng: SeededRandom): number[][] {
  checkBox("uniformSamples", domain);
  checkCount("uniformSamples", "n", n, 0);
  return Array.from({ length: n }, () => domain.map(([low, high]) => low + (high - low) * rng.uniform()));
}

/**
 * The tensor grid of equispaced points low_k + i (high_k - low_k)/(P_k - 1), i = 0..P_k-1, endpoints included,
 * in row-major order (last coordinate fastest): for d = 2, point i * P_2 + j is [x_i, y_j], the layout of
 * lib/differentiation (values[i * P_2 + j] = f(x_i, y_j)) [1]. Coordinates increase along each axis.
 *
 * @param domain - [low, high] per dimension
 * @param pointsPerAxis - P ≥ 2 for every axis, or one P_k per axis
 * @returns Π_k P_k points, each a length-d array
 */
export function uniformGrid(domain: Box, pointsPerAxis: number | readonly number[]): number[][] {
  checkBox("uniformGrid", domain);
  const counts = typeof pointsPerAxis === "number" ? domain.map(() => pointsPerAxis) : pointsPerAxis;
  if (counts.length !== domain.length) {
    throw new Error(`uniformGrid: pointsPerAxis must have length ${domain.length}, got ${counts.length}`);
  }
  counts.forEach((count, axis) => checkCount("uniformGrid", `pointsPerAxis[${axis}]`, count, 2));
  const axes = domain.map(([low, high], axis) =>
    Array.from({ length: counts[axis] }, (_, i) => (i === counts[axis] - 1 ? high : low + ((high - low) * i) / (counts[axis] - 1))),
  );
  let points: number[][] = [[]];
  for (const axis of axes) points = points.flatMap((prefix) => axis.map((coordinate) => [...prefix, coordinate]));
  return points;
}

/**
 * n independent draws of N(0, I_d) (the data distribution of Assumption 2.3 of the paper).
 *
 * @param d - dimension (≥ 1); @param n - number of points (≥ 0); @param rng - seeded generator
 * @returns n points, each a length-d array
 */
export function gaussianSamples(d: number, n: number, rng: SeededRandom): number[][] {
  checkCount("gaussianSamples", "d", d, 1);
  checkCount("gaussianSamples", "n", n, 0);
  return Array.from({ length: n }, () => rng.gaussianVector(d));
}
