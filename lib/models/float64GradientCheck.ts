/**
 * The parameter-gradient check of the conv-model tests (denoising autoencoder, image classifier): the tfjs gradient
 * g's directional derivative g·v against the central difference (L(θ + h v) − L(θ − h v)) / 2h of a float64
 * reference loss, along each variable's own normalised gradient (so |g·v| = ‖g_i‖ is never small by chance) and
 * along one seeded random unit direction.
 */
import assert from "node:assert/strict";
import { SeededRandom } from "../numeric/random.js";

/**
 * Asserts |g·v − fd| ≤ tolerance·|fd| for every direction v (module comment).
 * @param gradient - the tfjs gradient per variable, as numbers
 * @param theta - the variables' values in float64 (shapes of the directions)
 * @param lossAt - the float64 reference loss at θ + step·v
 * @param label - prefixes the assertion messages
 */
export function assertDirectionalDerivatives(
  gradient: readonly ArrayLike<number>[],
  theta: readonly Float64Array[],
  lossAt: (step: number, v: Float64Array[]) => number,
  options: { seed: number; step: number; tolerance: number; label: string },
): void {
  const rng = new SeededRandom(options.seed);
  const random = theta.map((w) => Float64Array.from(w, () => rng.gaussian()));
  const randomNorm = Math.hypot(...random.flatMap((r) => Array.from(r)));
  const directions: { what: string; v: Float64Array[] }[] = [
    ...gradient.map((g, i) => {
      const norm = Math.hypot(...Array.from(g));
      return { what: `variable ${i} along its gradient`, v: theta.map((w, j) => (j === i ? Float64Array.from(g, (value) => value / norm) : new Float64Array(w.length))) };
    }),
    { what: "a random direction", v: random.map((r) => r.map((value) => value / randomNorm)) },
  ];
  for (const { what, v } of directions) {
    const fd = (lossAt(options.step, v) - lossAt(-options.step, v)) / (2 * options.step);
    const ad = gradient.reduce((sum, g, i) => sum + Array.from(g).reduce((s, value, m) => s + value * v[i][m], 0), 0);
    const error = Math.abs(ad - fd) / Math.abs(fd);
    assert.ok(error <= options.tolerance, `${options.label}${what}: g·v = ${ad}, central difference ${fd}, relative difference ${error}, tolerance ${options.tolerance}`);
  }
}
