/**
 * Training data for the function-regression experiments: the points where a target is sampled and its
 * value, gradient and Hessian there, with the derivatives either exact (the target's closed forms) or
 * approximated from the sampled values alone, as Appendix C.2 does "without derivative information":
 * central finite differences on a uniform grid, Chebyshev spectral differentiation on a Chebyshev grid, or,
 * for a target periodic on its domain, Fourier spectral differentiation on a periodic grid.
 *
 * References
 * [1] The paper, Appendix C.2 (Fig. 7): a 100 x 100 uniform grid for finite differences, a 101 x 101
 *     Chebyshev grid for spectral differentiation.
 * [2] Trefethen, Spectral Methods in MATLAB (SIAM 2000), ch. 6-7 (lib/differentiation).
 */
import {
  applyMatrix,
  chebyshevDiffMatrixOn,
  chebyshevGrid2d,
  chebyshevPartial2d,
  chebyshevPointsOn,
  finiteDifferenceDerivative,
  finiteDifferencePartial2d,
  fourierDerivative,
  fourierPartial2d,
  type Partial2d,
} from "../differentiation/index.js";
import { uniformGrid, uniformSamples, type TargetFunction } from "../data/index.js";
import { SeededRandom } from "../numeric/random.js";

/**
 * Where the target is sampled: uniform random points, a uniform grid (endpoints included), a Chebyshev
 * (Gauss–Lobatto) grid, or a periodic grid (a + j (b − a)/P, j = 0..P − 1: the right endpoint is the first point's copy).
 */
export type SampleLayout =
  | { readonly kind: "uniform"; readonly count: number; readonly seed: number }
  | { readonly kind: "grid"; readonly perAxis: number }
  | { readonly kind: "chebyshev"; readonly perAxis: number }
  | { readonly kind: "periodic"; readonly perAxis: number };

/** How the target's derivatives are obtained (finite differences need a grid, Chebyshev a Chebyshev grid, Fourier a periodic grid). */
export const DERIVATIVE_SOURCES = ["exact", "finite-difference", "chebyshev", "fourier"] as const;
export type DerivativeSource = (typeof DERIVATIVE_SOURCES)[number];

/** Target samples in float64: value[i] = f(points[i]), and derivatives up to the order asked for. */
export interface TargetSamples {
  readonly points: number[][];
  readonly value: number[];
  readonly gradient?: number[][];
  /** gradientWeight[i][a]: the weight of entry (i, a) in the gradient term (lib/losses/sobolev.ts); absent means all 1. */
  readonly gradientWeight?: number[][];
  readonly hessian?: number[][][];
}

/**
 * What finite differences do at a grid's edges: "one-sided" gives every point a gradient (second-order one-sided
 * stencils at the edges, lib/differentiation/finiteDifferences.ts); "dropped" keeps ∂_a only where the central
 * stencil along axis a exists, as the authors' Fig. 7 code does (Differentiation/train.py:38-50, matrix.py:3-15).
 */
export type FiniteDifferenceEdges = "one-sided" | "dropped";

/**
 * ω_ia = n/|M_a| where point i is interior along axis a (M_a), 0 elsewhere, on a uniform grid of `perAxis` points
 * per axis in the row-major order of uniformGrid: mean_i Σ_a ω_ia e_ia² is then Σ_a mean_{i ∈ M_a} e_ia².
 */
export function interiorGradientWeights(perAxis: number, dimension: number): number[][] {
  if (!Number.isInteger(perAxis) || perAxis < 3) throw new Error(`interiorGradientWeights: a grid needs at least 3 points per axis to have an interior, got ${perAxis}`);
  const n = perAxis ** dimension;
  const interior = (perAxis - 2) * perAxis ** (dimension - 1);
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: dimension }, (_, a) => {
      const index = Math.floor(i / perAxis ** (dimension - 1 - a)) % perAxis;
      return index === 0 || index === perAxis - 1 ? 0 : n / interior;
    }),
  );
}

const NEEDS: Record<Exclude<DerivativeSource, "exact">, SampleLayout["kind"]> = { "finite-difference": "grid", chebyshev: "chebyshev", fourier: "periodic" };

/** The points a + j (b − a)/P, j = 0..P − 1, of a periodic grid, row-major for d = 2. */
function periodicPoints(domain: readonly (readonly [number, number])[], perAxis: number): number[][] {
  if (!Number.isInteger(perAxis) || perAxis < 2) throw new Error(`targetSamples: a periodic grid needs perAxis >= 2, got ${perAxis}`);
  const axes = domain.map(([a, b]) => Array.from({ length: perAxis }, (_, j) => a + ((b - a) * j) / perAxis));
  return axes.length === 1 ? axes[0].map((x) => [x]) : axes[0].flatMap((x) => axes[1].map((y) => [x, y]));
}

function layoutPoints(target: TargetFunction, layout: SampleLayout): number[][] {
  const domain = target.domain;
  if (layout.kind === "uniform") return uniformSamples(domain, layout.count, new SeededRandom(layout.seed));
  if (layout.kind === "grid") return uniformGrid(domain, layout.perAxis);
  if (layout.kind === "periodic") return periodicPoints(domain, layout.perAxis);
  const n = layout.perAxis - 1;
  if (target.dimension === 1) return chebyshevPointsOn(n, domain[0][0], domain[0][1]).map((x) => [x]);
  return chebyshevGrid2d(n, n, [domain[0], domain[1]]).points.map((p) => [...p]);
}

/** A partial derivative of the sampled values on the layout's grid, by the approximate source (module comment). */
function approximatePartial(target: TargetFunction, layout: SampleLayout, source: DerivativeSource, values: number[], which: Partial2d): number[] {
  const P = layout.kind === "uniform" ? 0 : layout.perAxis;
  const domain = target.domain;
  if (target.dimension === 1) {
    const order = which.length as 1 | 2;
    const [a, b] = domain[0];
    if (source === "fourier") return fourierDerivative(values, b - a, order);
    return source === "chebyshev" ? applyMatrix(chebyshevDiffMatrixOn(P - 1, a, b, order), values) : finiteDifferenceDerivative(values, (b - a) / (P - 1), order);
  }
  if (source === "chebyshev") return chebyshevPartial2d(chebyshevGrid2d(P - 1, P - 1, [domain[0], domain[1]]), values, which);
  if (source === "fourier") return fourierPartial2d(values, [P, P], [domain[0][1] - domain[0][0], domain[1][1] - domain[1][0]], which);
  const spacing = domain.map(([a, b]) => (b - a) / (P - 1)) as [number, number];
  return finiteDifferencePartial2d(values, [P, P], spacing, which);
}

/**
 * Samples `target` on `layout` with derivatives up to `order` (0 value, 1 gradient, 2 Hessian) from `source`.
 * @throws Error when the source does not fit the layout or the target's dimension is not 1 or 2 for approximate derivatives
 */
export function targetSamples(target: TargetFunction, layout: SampleLayout, source: DerivativeSource, order: 0 | 1 | 2, edges: FiniteDifferenceEdges = "one-sided"): TargetSamples {
  if (edges !== "one-sided" && edges !== "dropped") throw new Error(`targetSamples: finite-difference edges must be "one-sided" or "dropped", got "${edges}"`);
  if (edges === "dropped" && (source !== "finite-difference" || order !== 1)) {
    throw new Error(`targetSamples: dropping the edges applies to finite-difference gradients (order 1), got ${source} derivatives of order ${order}; use edges "one-sided"`);
  }
  if (!(DERIVATIVE_SOURCES as readonly string[]).includes(source)) {
    throw new Error(`targetSamples: derivatives must come from one of ${DERIVATIVE_SOURCES.join(", ")}, got "${source}"`);
  }
  if (source !== "exact" && NEEDS[source] !== layout.kind) {
    throw new Error(`targetSamples: ${source} derivatives need a "${NEEDS[source]}" layout, got "${layout.kind}"; sample on { kind: "${NEEDS[source]}", perAxis } or use exact derivatives`);
  }
  if (source !== "exact" && target.dimension > 2) throw new Error(`targetSamples: approximate derivatives are implemented in 1-D and 2-D, ${target.name} has d = ${target.dimension}`);
  const points = layoutPoints(target, layout);
  const value = points.map((p) => target.value(p));
  if (order === 0) return { points, value };
  if (source === "exact") {
    const gradient = points.map((p) => target.gradient(p));
    return order === 1 ? { points, value, gradient } : { points, value, gradient, hessian: points.map((p) => target.hessian(p)) };
  }
  const partial = (which: Partial2d): number[] => approximatePartial(target, layout, source, value, which);
  const first = target.dimension === 1 ? [partial("x")] : [partial("x"), partial("y")];
  const gradient = points.map((_, i) => first.map((column) => column[i]));
  if (order === 1) return edges === "dropped" && layout.kind === "grid" ? { points, value, gradient, gradientWeight: interiorGradientWeights(layout.perAxis, target.dimension) } : { points, value, gradient };
  const second = target.dimension === 1 ? [[partial("xx")]] : [[partial("xx"), partial("xy")], [partial("xy"), partial("yy")]];
  return { points, value, gradient, hessian: points.map((_, i) => second.map((row) => row.map((column) => column[i]))) };
}
