/**
 * The empirical L2 and H1 losses of one ReLU node g(x; w) = σ(wᵀx) against a teacher g(x; w*) on N fixed
 * inputs x_j (Section 3.1, paper line 191), with their gradient and Hessian in w, in float64 from the
 * per-sample formulas. With p_j = wᵀx_j, q_j = w*ᵀx_j and ∇ₓg(x; w) = 1[wᵀx > 0] w:
 *
 *   E(w)  = w0 (1/N) Σ_j (σ(p_j) − σ(q_j))² + w1 (1/N) Σ_j ‖1[p_j > 0] w − 1[q_j > 0] w*‖²,
 *   ∇E(w) = 2w0 (1/N) Σ_j (σ(p_j) − σ(q_j)) 1[p_j > 0] x_j + 2w1 (1/N) Σ_j 1[p_j > 0] (w − 1[q_j > 0] w*),
 *   ∇²E(w) = (1/N) Σ_j 1[p_j > 0] (2w0 x_j x_jᵀ + 2w1 I)          (wherever no p_j = 0),
 *
 * weights [w0] (L2) or [w0, w1] (H1) multiplying means, the convention of lib/losses/sobolev.ts. The paper's
 * (1/2N) Σ_j (g − g*)² + ‖∇g − ∇g*‖² is [1/2, 1/2] when its sum is read over both terms (the index j is in
 * both), [1/2, 1] when it is read over the first only.
 *
 * E is piecewise quadratic in w with kinks on the hyperplanes wᵀx_j = 0; ∇²E is its Hessian between kinks,
 * which is what automatic differentiation returns (σ″ = 0). It is not the population Hessian of Theorem 2.5:
 * as N → ∞ it tends to E[1[wᵀx > 0] (2w0 x xᵀ + 2w1 I)] = (w0 + w1) I, while the population Hessian keeps the
 * jump terms that samples crossing a kink contribute.
 */
import { Matrix } from "ml-matrix";

function checkArguments(caller: string, w: readonly number[], xs: readonly (readonly number[])[], weights: readonly number[], wStar?: readonly number[]): void {
  if (xs.length === 0) throw new Error(`${caller}: need at least one sample x_j, got none`);
  const d = w.length;
  if (wStar !== undefined && wStar.length !== d) throw new Error(`${caller}: w and w* must have the same length, got ${d} and ${wStar.length}`);
  const bad = xs.findIndex((x) => x.length !== d);
  if (bad >= 0) throw new Error(`${caller}: every x_j must have length ${d}, got length ${xs[bad].length} at j = ${bad}`);
  if (weights.length < 1 || weights.length > 2 || !weights.every((c) => Number.isFinite(c) && c >= 0)) {
    throw new Error(`${caller}: weights must be [w0] or [w0, w1], finite and non-negative, got [${weights.join(", ")}]`);
  }
}

const dotRow = (a: readonly number[], b: readonly number[]): number => a.reduce((sum, ai, i) => sum + ai * b[i], 0);
const relu = (t: number): number => (t > 0 ? t : 0);

/**
 * E(w) of the module comment.
 * @param w, wStar - student and teacher, length d; @param xs - N samples of length d; @param weights - [w0] or [w0, w1]
 */
export function empiricalLossSingleRelu(w: readonly number[], wStar: readonly number[], xs: readonly (readonly number[])[], weights: readonly number[]): number {
  checkArguments("empiricalLossSingleRelu", w, xs, weights, wStar);
  const [w0, w1 = 0] = weights;
  let value = 0;
  let gradient = 0;
  for (const x of xs) {
    const p = dotRow(w, x);
    const q = dotRow(wStar, x);
    value += (relu(p) - relu(q)) ** 2;
    if (w1 > 0) gradient += w.reduce((sum, wi, i) => sum + ((p > 0 ? wi : 0) - (q > 0 ? wStar[i] : 0)) ** 2, 0);
  }
  return (w0 * value + w1 * gradient) / xs.length;
}

/** ∇E(w) of the module comment, length d. */
export function empiricalGradientSingleRelu(w: readonly number[], wStar: readonly number[], xs: readonly (readonly number[])[], weights: readonly number[]): number[] {
  checkArguments("empiricalGradientSingleRelu", w, xs, weights, wStar);
  const [w0, w1 = 0] = weights;
  const g = new Array<number>(w.length).fill(0);
  for (const x of xs) {
    const p = dotRow(w, x);
    if (p <= 0) continue;
    const q = dotRow(wStar, x);
    const residual = 2 * w0 * (p - relu(q));
    for (let i = 0; i < w.length; i++) g[i] += residual * x[i] + 2 * w1 * (w[i] - (q > 0 ? wStar[i] : 0));
  }
  return g.map((gi) => gi / xs.length);
}

/** ∇²E(w) of the module comment (d x d), valid wherever no wᵀx_j = 0. */
export function empiricalHessianSingleRelu(w: readonly number[], xs: readonly (readonly number[])[], weights: readonly number[]): Matrix {
  checkArguments("empiricalHessianSingleRelu", w, xs, weights);
  const [w0, w1 = 0] = weights;
  const d = w.length;
  const h = new Float64Array(d * d);
  let active = 0;
  for (const x of xs) {
    if (dotRow(w, x) <= 0) continue;
    active++;
    for (let i = 0; i < d; i++) for (let k = i; k < d; k++) h[i * d + k] += x[i] * x[k];
  }
  const n = xs.length;
  return Matrix.from1DArray(d, d, Array.from({ length: d * d }, (_, ik) => {
    const [i, k] = [Math.floor(ik / d), ik % d];
    return (2 * w0 * h[Math.min(i, k) * d + Math.max(i, k)] + (i === k ? 2 * w1 * active : 0)) / n;
  }));
}

/**
 * A step h such that moving any one coordinate of w by ±h crosses no kink: h = ½ min_j |wᵀx_j| / max_j ‖x_j‖_∞.
 * Central differences of ∇E (piecewise linear) with this step are exact up to rounding.
 */
export function kinkFreeStep(w: readonly number[], xs: readonly (readonly number[])[]): number {
  checkArguments("kinkFreeStep", w, xs, [1]);
  const margin = xs.reduce((m, x) => Math.min(m, Math.abs(dotRow(w, x))), Infinity);
  const reach = xs.reduce((m, x) => x.reduce((mx, xi) => Math.max(mx, Math.abs(xi)), m), 0);
  return (0.5 * margin) / reach;
}

/**
 * The absolute rounding error to expect of a central difference (f(w + h e) − f(w − h e)) / 2h when f is a mean
 * of N float64 terms of size ≲ |f|: each evaluation is off by about √N ε |f| (the terms' and the sum's rounding
 * errors add like a random walk; Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed., §4.2), so the
 * quotient by about √N ε |f| / h. Returned with a factor 10 of margin. With a kink-free step h ~ 10⁻⁵ and
 * N = 10⁴ it exceeds FD_EXACT_QUADRATIC_RELATIVE (lib/numeric/tolerances.ts, made for N = 1 and h = 10⁻⁵).
 *
 * @param size - |f| at w (for a gradient's differences: its largest entry); @param samples - N; @param h - step
 */
export function centralDifferenceRounding(size: number, samples: number, h: number): number {
  return (10 * Math.sqrt(samples) * Number.EPSILON * Math.abs(size)) / h;
}
