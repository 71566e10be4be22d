/**
 * Seeded float64 Monte Carlo means of the per-sample autodiff gradients of the K-node losses, x ~ N(0, I_d):
 * an independent check of which closed form in kNode.ts is "the expected gradient".
 *
 * Per sample, with r = g(x; W) - g(x; W*), 1_j = 1[w_j.x > 0], 1*_j = 1[w*_j.x > 0] and the indicator's
 * derivative taken as zero (as autodiff does):
 *   grad_{w_j} of r^2 / 2                       = r 1_j x,
 *   grad_{w_j} of |sum 1_k w_k - sum 1*_k w*_k|^2 / 2 = 1_j (sum_k 1_k w_k - sum_k 1*_k w*_k).
 * Both estimates are flattened row by row (entry j d + i is component i of row j).
 */
import type { SeededRandom } from "../numeric/random.js";
import type { NetworkRows } from "./kNode.js";
import type { MonteCarloEstimate } from "./singleReluMonteCarlo.js";

/** Monte Carlo means of the autodiff gradients of L and of J, each flattened to length K d. */
export interface KNodeGradientEstimates {
  readonly L: MonteCarloEstimate;
  readonly J: MonteCarloEstimate;
}

/**
 * Mean per-sample autodiff gradients of L and J over n draws (Welford's running mean and variance).
 *
 * @param W - student rows (K x d); @param WStar - teacher rows (K' x d)
 * @param n - number of samples, >= 2
 * @param rng - seeded generator (advanced by the call)
 */
export function monteCarloKNodeGradients(W: NetworkRows, WStar: NetworkRows, n: number, rng: SeededRandom): KNodeGradientEstimates {
  if (W.length === 0 || WStar.length === 0) throw new Error(`monteCarloKNodeGradients: need rows, got ${W.length} and ${WStar.length}`);
  const d = W[0].length;
  if ([...W, ...WStar].some((row) => row.length !== d)) {
    throw new Error(`monteCarloKNodeGradients: every row must have length d = ${d}`);
  }
  if (!Number.isInteger(n) || n < 2) throw new Error(`monteCarloKNodeGradients: n must be an integer >= 2, got ${n}`);
  const K = W.length;
  const m = K * d;
  const x = new Float64Array(d);
  const active = new Float64Array(K);
  const field = new Float64Array(d);
  const sample = [new Float64Array(m), new Float64Array(m)];
  const mean = [new Float64Array(m), new Float64Array(m)];
  const squares = [new Float64Array(m), new Float64Array(m)];
  const project = (row: readonly number[]): number => row.reduce((s, v, i) => s + v * x[i], 0);
  for (let s = 1; s <= n; s++) {
    rng.fillGaussian(x);
    let residual = 0;
    field.fill(0);
    W.forEach((row, j) => {
      const p = project(row);
      active[j] = p > 0 ? 1 : 0;
      if (p > 0) {
        residual += p;
        for (let i = 0; i < d; i++) field[i] += row[i];
      }
    });
    for (const row of WStar) {
      const p = project(row);
      if (p > 0) {
        residual -= p;
        for (let i = 0; i < d; i++) field[i] -= row[i];
      }
    }
    for (let j = 0; j < K; j++) {
      for (let i = 0; i < d; i++) {
        sample[0][j * d + i] = active[j] * residual * x[i];
        sample[1][j * d + i] = active[j] * field[i];
      }
    }
    for (let e = 0; e < 2; e++) {
      for (let i = 0; i < m; i++) {
        const delta = sample[e][i] - mean[e][i];
        mean[e][i] += delta / s;
        squares[e][i] += delta * (sample[e][i] - mean[e][i]);
      }
    }
  }
  const finish = (e: number): MonteCarloEstimate => ({
    mean: Array.from(mean[e]),
    standardError: Array.from(squares[e], (m2) => Math.sqrt(m2 / (n - 1) / n)),
    n,
  });
  return { L: finish(0), J: finish(1) };
}
