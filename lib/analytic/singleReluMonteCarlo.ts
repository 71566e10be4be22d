/**
 * Seeded float64 Monte Carlo estimates of the single-ReLU population losses and of the mean per-sample
 * autodiff gradients, x ~ N(0, I_d): independent checks of the closed forms in singleRelu.ts.
 *
 * Per-sample quantities, with r(t) = max(0, t) and the indicator's derivative taken as zero (as autodiff does):
 *   loss L:       (r(w.x) - r(w*.x))^2 / 2
 *   loss J:       |1[w.x > 0] w - 1[w*.x > 0] w*|^2 / 2
 *   gradient L:   (r(w.x) - r(w*.x)) 1[w.x > 0] x
 *   gradient J:   1[w.x > 0] (1[w.x > 0] w - 1[w*.x > 0] w*)  =  1[w.x > 0] (w - 1[w*.x > 0] w*)
 */
import { dot } from "../numeric/linalg.js";
import type { SeededRandom } from "../numeric/random.js";

/** Sample means and their standard errors sqrt(sample variance / n), componentwise. */
export interface MonteCarloEstimate {
  readonly mean: number[];
  readonly standardError: number[];
  readonly n: number;
}

/**
 * Welford's running mean and variance of vector samples, componentwise. `sample(x, w.x, w*.x, out)` writes
 * one m-dimensional sample into `out`; x is a reused buffer holding one draw of N(0, I_d).
 */
function estimate(
  caller: string,
  w: readonly number[],
  wStar: readonly number[],
  n: number,
  rng: SeededRandom,
  m: number,
  sample: (x: Float64Array, wx: number, wStarX: number, out: Float64Array) => void,
): MonteCarloEstimate {
  if (w.length !== wStar.length || w.length === 0) {
    throw new Error(`${caller}: w and wStar must have the same length >= 1, got ${w.length} and ${wStar.length}`);
  }
  if (!Number.isInteger(n) || n < 2) throw new Error(`${caller}: n must be an integer >= 2, got ${n}`);
  const d = w.length;
  const x = new Float64Array(d);
  const value = new Float64Array(m);
  const mean = new Float64Array(m);
  const squares = new Float64Array(m);
  for (let k = 1; k <= n; k++) {
    rng.fillGaussian(x);
    let wx = 0;
    let wStarX = 0;
    for (let i = 0; i < d; i++) {
      wx += w[i] * x[i];
      wStarX += wStar[i] * x[i];
    }
    sample(x, wx, wStarX, value);
    for (let i = 0; i < m; i++) {
      const delta = value[i] - mean[i];
      mean[i] += delta / k;
      squares[i] += delta * (value[i] - mean[i]);
    }
  }
  return { mean: Array.from(mean), standardError: Array.from(squares, (m2) => Math.sqrt(m2 / (n - 1) / n)), n };
}

const relu = (t: number): number => (t > 0 ? t : 0);

/** Mean of (r(w.x) - r(w*.x))^2 / 2 over n draws: estimates populationLossL (a length-1 estimate). */
export function monteCarloLossL(w: readonly number[], wStar: readonly number[], n: number, rng: SeededRandom): MonteCarloEstimate {
  return estimate("monteCarloLossL", w, wStar, n, rng, 1, (_x, wx, wStarX, out) => {
    out[0] = (relu(wx) - relu(wStarX)) ** 2 / 2;
  });
}

/** Mean of |1[w.x > 0] w - 1[w*.x > 0] w*|^2 / 2 over n draws: estimates populationLossJ (length 1). */
export function monteCarloLossJ(w: readonly number[], wStar: readonly number[], n: number, rng: SeededRandom): MonteCarloEstimate {
  const ww = dot(w, w);
  const wStarWStar = dot(wStar, wStar);
  const wWStar = dot(w, wStar);
  return estimate("monteCarloLossJ", w, wStar, n, rng, 1, (_x, wx, wStarX, out) => {
    const a = wx > 0 ? 1 : 0;
    const b = wStarX > 0 ? 1 : 0;
    out[0] = (a * ww + b * wStarWStar - 2 * a * b * wWStar) / 2;
  });
}

/** Mean of the per-sample autodiff gradient of L, (r(w.x) - r(w*.x)) 1[w.x > 0] x: estimates populationGradientL. */
export function monteCarloGradientL(w: readonly number[], wStar: readonly number[], n: number, rng: SeededRandom): MonteCarloEstimate {
  return estimate("monteCarloGradientL", w, wStar, n, rng, w.length, (x, wx, wStarX, out) => {
    const factor = wx > 0 ? wx - relu(wStarX) : 0;
    for (let i = 0; i < x.length; i++) out[i] = factor * x[i];
  });
}

/**
 * Mean of the per-sample autodiff gradient of J, 1[w.x > 0] (w - 1[w*.x > 0] w*): estimates paperGradientJ,
 * which is not the gradient of populationLossJ (see exactGradientJ).
 */
export function monteCarloGradientJ(w: readonly number[], wStar: readonly number[], n: number, rng: SeededRandom): MonteCarloEstimate {
  return estimate("monteCarloGradientJ", w, wStar, n, rng, w.length, (_x, wx, wStarX, out) => {
    const a = wx > 0 ? 1 : 0;
    const b = wStarX > 0 ? a : 0;
    for (let i = 0; i < out.length; i++) out[i] = a * w[i] - b * wStar[i];
  });
}
