/**
 * Geometry of a student w and a teacher w* for the single ReLU node g(x; w) = max(0, w.x) of Section 2.2:
 * the angle theta between them, the unit vectors u = w* / |w*| and v = w/|w|, and
 * alpha = |w*| / (2 pi |w| sin theta) (Theorem 2.5). Also deterministic and random (w, w*) builders for
 * sweeps and tests.
 *
 * References
 * [1] Kahan, "How futile are mindless assessments of roundoff in floating-point computation?" (2006), p. 47:
 *     angle(x, y) = 2 atan2(| x/|x| - y/|y| |, | x/|x| + y/|y| |), accurate for all angles.
 */
import { add, norm, scale, sub } from "../numeric/linalg.js";
import type { SeededRandom } from "../numeric/random.js";

/** Everything the closed forms of Section 2.2 need about the pair (w, w*). */
export interface SingleReluGeometry {
  /** Dimension d of w and w*. */
  readonly d: number;
  /** |w| and |w*|. */
  readonly normW: number;
  readonly normWStar: number;
  /** theta = angle(w, w*) in [0, pi], with its sine and cosine. */
  readonly theta: number;
  readonly sinTheta: number;
  readonly cosTheta: number;
  /** u = w* / |w*| and v = w/|w|, length d. */
  readonly u: number[];
  readonly v: number[];
  /** alpha = |w*| / (2 pi |w| sin theta) of Theorem 2.5; Infinity when sin theta = 0. */
  readonly alpha: number;
}

/**
 * The geometry of (w, w*): theta by Kahan's formula [1], u, v and alpha of Theorem 2.5.
 *
 * @param w - student weights, length d >= 1, nonzero
 * @param wStar - teacher weights, length d, nonzero
 */
export function reluGeometry(w: readonly number[], wStar: readonly number[]): SingleReluGeometry {
  if (w.length !== wStar.length || w.length === 0) {
    throw new Error(`reluGeometry: w and wStar must have the same length >= 1, got ${w.length} and ${wStar.length}`);
  }
  const normW = norm(w);
  const normWStar = norm(wStar);
  if (!(normW > 0 && Number.isFinite(normW) && normWStar > 0 && Number.isFinite(normWStar))) {
    throw new Error(`reluGeometry: w and wStar must be finite and nonzero, got |w| = ${normW}, |wStar| = ${normWStar}`);
  }
  const u = scale(1 / normWStar, wStar);
  const v = scale(1 / normW, w);
  const theta = 2 * Math.atan2(norm(sub(v, u)), norm(add(v, u)));
  const sinTheta = Math.sin(theta);
  return {
    d: w.length,
    normW,
    normWStar,
    theta,
    sinTheta,
    cosTheta: Math.cos(theta),
    u,
    v,
    alpha: normWStar / (2 * Math.PI * normW * sinTheta),
  };
}

/** theta = angle(w, w*) in [0, pi] (Kahan's formula [1]). */
export function angleBetween(w: readonly number[], wStar: readonly number[]): number {
  return reluGeometry(w, wStar).theta;
}

/**
 * A pair (w, w*) in dimension d with a prescribed angle and norm ratio, for sweeps:
 *   w* = ratio * normW * e1,   w = normW (cos theta e1 + sin theta e2).
 *
 * @param d - dimension, >= 2
 * @param theta - angle between w and w*, in [0, pi]
 * @param ratio - |w*| / |w|, > 0
 * @param normW - |w| (default 1)
 */
export function teacherStudentPair(
  d: number,
  theta: number,
  ratio: number,
  normW = 1,
): { w: number[]; wStar: number[] } {
  if (!Number.isInteger(d) || d < 2) throw new Error(`teacherStudentPair: d must be an integer >= 2, got ${d}`);
  if (!(theta >= 0 && theta <= Math.PI)) throw new Error(`teacherStudentPair: theta must lie in [0, pi], got ${theta}`);
  if (!(ratio > 0 && normW > 0)) throw new Error(`teacherStudentPair: ratio and normW must be > 0, got ${ratio}, ${normW}`);
  const w = new Array<number>(d).fill(0);
  const wStar = new Array<number>(d).fill(0);
  wStar[0] = ratio * normW;
  w[0] = normW * Math.cos(theta);
  w[1] = normW * Math.sin(theta);
  return { w, wStar };
}

/**
 * A random pair with w in the ball |w - w*| < |w*| of Theorems 2.9-2.10 and sin theta bounded below:
 * w* ~ N(0, I_d) rescaled to a norm uniform in [0.5, 2], w = w* + r |w*| z/|z| with z ~ N(0, I_d) and
 * r uniform in [0, maxRelativeDistance), redrawn until sin theta >= minSinTheta.
 *
 * @param d - dimension, >= 2
 * @param rng - seeded generator (advanced by the call)
 * @param options.minSinTheta - lower bound on sin theta (default 0.2)
 * @param options.maxRelativeDistance - bound on |w - w*| / |w*|, in (minSinTheta, 1] (default 0.9)
 */
export function randomStudentNearTeacher(
  d: number,
  rng: SeededRandom,
  options: { minSinTheta?: number; maxRelativeDistance?: number } = {},
): { w: number[]; wStar: number[] } {
  const minSinTheta = options.minSinTheta ?? 0.2;
  const maxRelativeDistance = options.maxRelativeDistance ?? 0.9;
  if (!Number.isInteger(d) || d < 2) throw new Error(`randomStudentNearTeacher: d must be an integer >= 2, got ${d}`);
  if (!(maxRelativeDistance > minSinTheta && maxRelativeDistance <= 1)) {
    throw new Error(
      `randomStudentNearTeacher: need minSinTheta < maxRelativeDistance <= 1, got ${minSinTheta} and ${maxRelativeDistance}`,
    );
  }
  for (;;) {
    const direction = rng.gaussianVector(d);
    const wStar = scale((0.5 + 1.5 * rng.uniform()) / norm(direction), direction);
    const z = rng.gaussianVector(d);
    const w = add(wStar, scale((maxRelativeDistance * rng.uniform() * norm(wStar)) / norm(z), z));
    if (reluGeometry(w, wStar).sinTheta >= minSinTheta) return { w, wStar };
  }
}
