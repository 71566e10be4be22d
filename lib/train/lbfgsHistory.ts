/**
 * The limited-memory inverse-Hessian approximation of L-BFGS: the last m curvature pairs
 * (s_i, y_i) = (x_{i+1} − x_i, ∇f_{i+1} − ∇f_i) and the product −H_k ∇f_k by the two-loop recursion.
 *
 * H_k is m BFGS updates [1, eq. (6.17)] of H_k⁰ = γ_k I with γ_k = s_{k−1}ᵀy_{k−1} / y_{k−1}ᵀy_{k−1}
 * [1, eq. (7.20)]; the two-loop recursion [1, Alg. 7.4] applies it to a vector in O(mn) without forming it.
 *
 * References
 * [1] J. Nocedal, S. J. Wright, Numerical Optimization, 2nd ed., Springer 2006, §6.1, §7.2.
 * [2] PyTorch torch.optim.LBFGS (history_size = 10 by default; skips pairs with yᵀs ≤ 1e-10).
 */
import { decodeFloat64, encodeFloat64 } from "./exactNumbers.js";
import { axpyDot, axpyScaleDot, dot, norm2 } from "./vector.js";

/** The pairs of an LbfgsHistory, exact (base64 float64, exactNumbers.ts) and JSON-serialisable, oldest first. */
export interface LbfgsHistorySnapshot {
  readonly size: number;
  readonly curvatureTest: "relative" | "absolute";
  readonly s: string[];
  readonly y: string[];
  readonly rho: string;
}

/**
 * A pair is kept only when sᵀy > CURVATURE_COSINE · |s| |y|. BFGS keeps H positive definite exactly when
 * sᵀy > 0, the curvature condition [1, eq. (6.7)]; otherwise −H∇f need not be a descent direction. The
 * strong Wolfe conditions imply it in exact arithmetic, but it can fail without a line search, on
 * nonconvex pieces, or by rounding, and a tiny positive sᵀy makes ρ = 1/sᵀy huge and H nearly singular.
 * Skipping such pairs (as PyTorch does with an absolute threshold [2]) keeps H well defined; the relative
 * form makes the test independent of the scale of x and f.
 */
export const CURVATURE_COSINE = 1e-10;

/** PyTorch's absolute curvature test: a pair is kept only when sᵀy > 1e-10 [2]. */
export const TORCH_CURVATURE_THRESHOLD = 1e-10;

/** Curvature pairs of L-BFGS [1, §7.2]; a fixed-size queue that drops the oldest pair. */
export class LbfgsHistory {
  readonly size: number;
  private readonly s: Float64Array[] = [];
  private readonly y: Float64Array[] = [];
  private readonly rho: number[] = [];
  /** y_{k−1}ᵀy_{k−1} of the newest pair, for γ_k [1, eq. (7.20)]: computed once per pair instead of once per direction. */
  private newestYy = Number.NaN;

  /**
   * @param size - m, the number of pairs kept; a positive integer (PyTorch's history_size, default 10 [2]).
   * @param curvatureTest - "relative" (default, CURVATURE_COSINE) or "absolute" (PyTorch's sᵀy > 1e-10 [2]).
   */
  constructor(size: number, readonly curvatureTest: "relative" | "absolute" = "relative") {
    if (!Number.isInteger(size) || size < 1) throw new Error(`LbfgsHistory: size must be a positive integer, got ${size}`);
    if (curvatureTest !== "relative" && curvatureTest !== "absolute") throw new Error(`LbfgsHistory: curvatureTest must be "relative" or "absolute", got ${String(curvatureTest)}`);
    this.size = size;
  }

  /** Number of pairs currently stored (≤ size). */
  get length(): number {
    return this.s.length;
  }

  /** The stored pairs, exactly, for a checkpoint (restore() takes them back). */
  snapshot(): LbfgsHistorySnapshot {
    return { size: this.size, curvatureTest: this.curvatureTest, s: this.s.map(encodeFloat64), y: this.y.map(encodeFloat64), rho: encodeFloat64(this.rho) };
  }

  /** Replaces the pairs by a snapshot's; it must come from a history of the same size and curvature test. */
  restore(snapshot: LbfgsHistorySnapshot): void {
    if (snapshot.size !== this.size || snapshot.curvatureTest !== this.curvatureTest) {
      throw new Error(`LbfgsHistory.restore: the snapshot is of a history of size ${snapshot.size} (${snapshot.curvatureTest}), this one has size ${this.size} (${this.curvatureTest}); the checkpoint belongs to another schedule: delete it`);
    }
    const rho = decodeFloat64(snapshot.rho, "LbfgsHistory.restore rho");
    if (snapshot.s.length !== rho.length || snapshot.y.length !== rho.length || rho.length > this.size) {
      throw new Error(`LbfgsHistory.restore: ${snapshot.s.length} s, ${snapshot.y.length} y and ${rho.length} ρ values do not form at most ${this.size} pairs; the checkpoint is damaged: delete it`);
    }
    this.clear();
    this.s.push(...snapshot.s.map((v) => decodeFloat64(v, "LbfgsHistory.restore s")));
    this.y.push(...snapshot.y.map((v) => decodeFloat64(v, "LbfgsHistory.restore y")));
    this.rho.push(...rho);
    if (rho.length > 0) this.newestYy = dot(this.y[rho.length - 1], this.y[rho.length - 1]);
  }

  /** Forgets every pair: H returns to the identity. */
  clear(): void {
    this.s.length = 0;
    this.y.length = 0;
    this.rho.length = 0;
    this.newestYy = Number.NaN;
  }

  /**
   * Adds the pair (s, y) unless it violates the curvature test sᵀy > CURVATURE_COSINE·|s||y| (see there), or,
   * with curvatureTest "absolute", sᵀy > TORCH_CURVATURE_THRESHOLD.
   * The arrays are stored, not copied. Returns whether the pair was kept.
   */
  push(s: Float64Array, y: Float64Array): boolean {
    if (s.length !== y.length) throw new Error(`LbfgsHistory.push: s and y must have equal lengths, got ${s.length} and ${y.length}`);
    const sy = dot(s, y);
    const threshold = this.curvatureTest === "absolute" ? TORCH_CURVATURE_THRESHOLD : CURVATURE_COSINE * norm2(s) * norm2(y);
    if (!(sy > threshold)) return false;
    if (this.s.length === this.size) {
      this.s.shift();
      this.y.shift();
      this.rho.shift();
    }
    this.s.push(s);
    this.y.push(y);
    this.rho.push(1 / sy);
    this.newestYy = dot(y, y);
    return true;
  }

  /**
   * The quasi-Newton direction d = −H_k g by the two-loop recursion [1, Alg. 7.4]:
   *   q = g;  for i = k−1 … k−m:  α_i = ρ_i s_iᵀq,  q ← q − α_i y_i;
   *   r = γ_k q  [1, eq. (7.20)];  for i = k−m … k−1:  β = ρ_i y_iᵀr,  r ← r + (α_i − β) s_i;  d = −r.
   * With no pairs stored, H = I and d = −g.
   *
   * @param gradient - g, length n (the length of the stored pairs)
   * @returns a new vector −H_k g of length n
   */
  direction(gradient: Float64Array): Float64Array {
    const m = this.s.length;
    if (m > 0 && gradient.length !== this.s[0].length) {
      throw new Error(`LbfgsHistory.direction: gradient must have length ${this.s[0].length} like the stored pairs, got ${gradient.length}`);
    }
    const q = Float64Array.from(gradient);
    const n = q.length;
    if (m === 0) {
      for (let j = 0; j < n; j++) q[j] = -q[j];
      return q;
    }
    // Each pass over the vectors applies one update and, element by element as it goes, accumulates the inner product
    // the next update needs (vector.ts axpyDot): q ← q − α_i y_i with s_{i−1}ᵀq in the first loop, r ← r + (α_i − β_i) s_i
    // with y_{i+1}ᵀr in the second. Every element sees the same operations in the same order as in the two loops
    // written apart, and the sums still run in index order, so the direction is the same to the last bit, in half the
    // passes over memory: this recursion, 4m passes over n-vectors, was two thirds of an L-BFGS epoch of Fig. 3.
    // (q − a·y equals q + (−a)·y exactly: negation is exact.)
    const { s, y, rho } = this;
    const alpha = new Float64Array(m);
    let a = rho[m - 1] * dot(s[m - 1], q);
    for (let i = m - 1; i >= 1; i--) {
      alpha[i] = a;
      a = rho[i - 1] * axpyDot(q, -a, y[i], s[i - 1]);
    }
    alpha[0] = a;
    // The last update of the first loop, then r = γ_k q [1, eq. (7.20)], in one pass with y_0ᵀr for the second loop.
    let c = alpha[0] - rho[0] * axpyScaleDot(q, -a, y[0], 1 / (rho[m - 1] * this.newestYy), y[0]);
    for (let i = 0; i < m - 1; i++) c = alpha[i + 1] - rho[i + 1] * axpyDot(q, c, s[i], y[i + 1]);
    const last = s[m - 1];
    for (let j = 0; j < n; j++) q[j] = -(q[j] + c * last[j]);
    return q;
  }
}
