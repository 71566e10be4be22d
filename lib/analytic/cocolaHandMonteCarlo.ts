/**
 * Monte Carlo estimates of H∞ (Cocola & Hand, Definition 1) and of its analogue for the network with bias
 * (Section 2.1), independent of the closed form in cocolaHandGram.ts: draw w ~ N(0, I) (and b ~ N(0, 1)), read the
 * activation pattern sᵢ = σ′(pre-activation at xᵢ), and average the entries of Ω(w)ᵀΩ(w) = sᵢsⱼ · uₚᵀu_q, where the
 * columns uₚ are the parameter derivatives of the outputs written out from eqs. (4), (10), (11):
 * - no bias: ∂f/∂w = σ′ x, ∂(Vᵀ∇ₓf)/∂w = σ′ V;
 * - with bias (parameters (w, b)): ∂g/∂(w, b) = σ′ (αx, β), ∂((1/α)Vᵀ∇ₓg)/∂(w, b) = σ′ (V, 0).
 * Each entry's standard error is that of a mean of 0/1 products times |uₚᵀu_q|.
 */
import { dot } from "../numeric/linalg.js";
import type { SeededRandom } from "../numeric/random.js";
import { dataShape, type DirectionalInputs } from "./cocolaHandData.js";

export interface GramEstimate {
  /** Monte Carlo mean of Ω(w)ᵀΩ(w), n(k+1) square. */
  readonly mean: number[][];
  /** Its standard error, entrywise. */
  readonly standardError: number[][];
  readonly samples: number;
}

/**
 * Estimates E[Ω(w)ᵀΩ(w)] from `samples` draws; with `bias` = {alpha, beta} the pre-activation is αwᵀx + βb and
 * the columns are those of the network with bias (10) under loss (11).
 */
export function monteCarloGram(data: DirectionalInputs, samples: number, rng: SeededRandom, bias?: { alpha: number; beta: number }): GramEstimate {
  const { n, d, k } = dataShape(data);
  if (!(Number.isInteger(samples) && samples >= 2)) throw new Error(`monteCarloGram: need an integer samples ≥ 2, got ${samples}`);
  const both = Array.from({ length: n }, () => new Float64Array(n));
  const w = new Float64Array(d);
  const s = new Uint8Array(n);
  for (let draw = 0; draw < samples; draw++) {
    rng.fillGaussian(w);
    const b = bias ? rng.gaussian() : 0;
    for (let i = 0; i < n; i++) {
      let z = 0;
      for (let t = 0; t < d; t++) z += w[t] * data.x[i][t];
      s[i] = (bias ? bias.alpha * z + bias.beta * b : z) > 0 ? 1 : 0;
    }
    for (let i = 0; i < n; i++) if (s[i]) for (let j = 0; j < n; j++) if (s[j]) both[i][j] += 1;
  }
  const alpha = bias ? bias.alpha : 1;
  const betaSquared = bias ? bias.beta * bias.beta : 0;
  const size = n * (k + 1);
  const point = (p: number): number => (p < n ? p : Math.floor((p - n) / k));
  const inner = (p: number, q: number): number => {
    if (p < n && q < n) return alpha * alpha * dot(data.x[p], data.x[q]) + betaSquared;
    if (p < n) return alpha * dot(data.x[p], data.frames[point(q)][(q - n) % k]);
    if (q < n) return alpha * dot(data.x[q], data.frames[point(p)][(p - n) % k]);
    return dot(data.frames[point(p)][(p - n) % k], data.frames[point(q)][(q - n) % k]);
  };
  const mean: number[][] = [];
  const standardError: number[][] = [];
  for (let p = 0; p < size; p++) {
    mean.push([]);
    standardError.push([]);
    for (let q = 0; q < size; q++) {
      const frequency = both[point(p)][point(q)] / samples;
      const g = inner(p, q);
      mean[p].push(frequency * g);
      // A pair never (or always) active together has a sample deviation of 0; one count's worth is the floor.
      standardError[p].push(Math.max(Math.sqrt((frequency * (1 - frequency)) / (samples - 1)), 1 / samples) * Math.abs(g));
    }
  }
  return { mean, standardError, samples };
}

/** Worst |estimate − closed| / standard error over the entries (those with uₚᵀu_q = 0 are exactly 0 in both). */
export function worstGramZ(estimate: GramEstimate, closed: readonly (readonly number[])[]): number {
  let worst = 0;
  estimate.mean.forEach((row, p) => row.forEach((v, q) => {
    const se = estimate.standardError[p][q];
    if (se > 0) worst = Math.max(worst, Math.abs(v - closed[p][q]) / se);
  }));
  return worst;
}
