/**
 * Target functions of the paper's function-regression experiments, with exact gradients and Hessians in
 * float64 (for H^1 and H^2 losses and for checking numerical derivatives against them).
 *
 * Line numbers refer to the plain text of the paper [1] (DESIGN.md, "The paper's text").
 *   fig2     Section 3.2, line 195:     sin(10(x + y)) + (x - y)^2 - 1.5x + 2.5y + 1 on [1, 4] x [-3, 4]
 *   fig3     Section 3.2, line 197:     x + sin(2π x^4) on [-1, 1] (from [2])
 *   twoFrequency  earlier version [4], line 171: sin(2πx) + sin(20πx) on [-1, 1] (its f1, Fig. 4 there)
 *   ackley   Appendix C.2, line 736:    -20 exp(-0.2 sqrt(0.5(x^2 + y^2))) - exp(0.5(cos 2πx + cos 2πy)) + e + 20
 *                                       on [-2, 2]^2 (from [3])
 *
 * References
 * [1] "Sobolev Acceleration for Neural Networks" (the paper this repository accompanies).
 * [2] Wang, Wang & Perdikaris, "On the eigenvector bias of Fourier feature networks", CMAME 384 (2021)
 *     (reference [47] of the paper).
 * [3] Czarnecki et al., "Sobolev training for neural networks", NeurIPS 2017 (reference [23] of the paper).
 * [4] The earlier version of [1] (its text: DESIGN.md, "The paper's text").
 */

/** A scalar target on a box, with value, exact gradient and exact Hessian. */
export interface TargetFunction {
  readonly name: string;
  readonly dimension: number;
  readonly domain: readonly (readonly [number, number])[];
  value(x: readonly number[]): number;
  gradient(x: readonly number[]): number[];
  hessian(x: readonly number[]): number[][];
}

function checkPoint(name: string, method: string, x: readonly number[], dimension: number): void {
  if (x.length !== dimension) throw new Error(`${name}.${method}: x must have length ${dimension}, got ${x.length}`);
}

/** Builds a TargetFunction whose methods check the length of x before calling the formulas. */
function target(
  name: string,
  domain: readonly (readonly [number, number])[],
  formulas: Pick<TargetFunction, "value" | "gradient" | "hessian">,
): TargetFunction {
  const dimension = domain.length;
  return {
    name,
    dimension,
    domain,
    value: (x) => (checkPoint(name, "value", x, dimension), formulas.value(x)),
    gradient: (x) => (checkPoint(name, "gradient", x, dimension), formulas.gradient(x)),
    hessian: (x) => (checkPoint(name, "hessian", x, dimension), formulas.hessian(x)),
  };
}

/**
 * Fig. 2 target (Section 3.2, line 195 of [1]): f(x, y) = sin(10(x + y)) + (x - y)^2 - 1.5x + 2.5y + 1 on
 * [1, 4] x [-3, 4]. With s = x + y, d = x - y:
 *   ∇f = (10 cos 10s + 2d - 1.5, 10 cos 10s - 2d + 2.5),
 *   ∇²f = -100 sin(10s) [[1, 1], [1, 1]] + [[2, -2], [-2, 2]].
 */
export const fig2: TargetFunction = target("fig2", [[1, 4], [-3, 4]], {
  value: ([x, y]) => Math.sin(10 * (x + y)) + (x - y) ** 2 - 1.5 * x + 2.5 * y + 1,
  gradient: ([x, y]) => {
    const c = 10 * Math.cos(10 * (x + y));
    return [c + 2 * (x - y) - 1.5, c - 2 * (x - y) + 2.5];
  },
  hessian: ([x, y]) => {
    const s = -100 * Math.sin(10 * (x + y));
    return [[s + 2, s - 2], [s - 2, s + 2]];
  },
});

/**
 * Fig. 3 target (Section 3.2, line 197 of [1], from [2]): f(x) = x + sin(2π x^4) on [-1, 1].
 *   f' = 1 + 8π x^3 cos(2π x^4),   f'' = 24π x^2 cos(2π x^4) - 64π^2 x^6 sin(2π x^4).
 */
export const fig3: TargetFunction = target("fig3", [[-1, 1]], {
  value: ([x]) => x + Math.sin(2 * Math.PI * x ** 4),
  gradient: ([x]) => [1 + 8 * Math.PI * x ** 3 * Math.cos(2 * Math.PI * x ** 4)],
  hessian: ([x]) => {
    const phase = 2 * Math.PI * x ** 4;
    return [[24 * Math.PI * x ** 2 * Math.cos(phase) - 64 * Math.PI ** 2 * x ** 6 * Math.sin(phase)]];
  },
});

/**
 * Two-frequency target f1(x) = sin(2πx) + sin(20πx) on [-1, 1], the first multi-scale target of the earlier
 * version of the paper [4] (line 171, its Fig. 4); the current version [1] keeps only x + sin(2π x^4) for Fig. 3.
 *   f' = 2π cos(2πx) + 20π cos(20πx),   f'' = -4π^2 sin(2πx) - 400π^2 sin(20πx).
 */
export const twoFrequency: TargetFunction = target("twoFrequency", [[-1, 1]], {
  value: ([x]) => Math.sin(2 * Math.PI * x) + Math.sin(20 * Math.PI * x),
  gradient: ([x]) => [2 * Math.PI * Math.cos(2 * Math.PI * x) + 20 * Math.PI * Math.cos(20 * Math.PI * x)],
  hessian: ([x]) => [[-4 * Math.PI ** 2 * Math.sin(2 * Math.PI * x) - 400 * Math.PI ** 2 * Math.sin(20 * Math.PI * x)]],
});

/**
 * The 2-D Ackley function (Appendix C.2, line 736 of [1], from [3]) on [-2, 2]^2:
 *   f = -20 exp(-0.2 ρ) - C + e + 20,   ρ = sqrt(0.5(x^2 + y^2)),   C = exp(0.5(cos 2πx + cos 2πy)).
 * With E = exp(-0.2 ρ) and g = 2E/ρ (so that ∂/∂x of -20 exp(-0.2 ρ) is g x):
 *   ∇f = g (x, y) + π C (sin 2πx, sin 2πy),
 *   ∇²f = g I + (g'(ρ) / (2ρ)) (x, y)(x, y)^T + π^2 C [[2 cos 2πx - sin^2 2πx, -sin 2πx sin 2πy],
 *                                                        [-sin 2πx sin 2πy, 2 cos 2πy - sin^2 2πy]],
 *   g'(ρ) = -2E (1 + 0.2 ρ) / ρ^2.
 * Singular at the origin: near 0, f ≈ 4ρ + O(ρ^2) is a cone, so ∇f → 2√2 (cos θ, sin θ) depends on the
 * direction of approach and the Hessian grows like 1/ρ. Decision: gradient([0, 0]) returns [0, 0], the
 * minimum-norm element of the (Clarke) subdifferential and the mean of the directional limits, so
 * derivative samples on grids containing the origin (e.g. Chebyshev grids of even degree) stay finite;
 * hessian([0, 0]) throws, because no finite value is meaningful there.
 */
export const ackley: TargetFunction = target("ackley", [[-2, 2], [-2, 2]], {
  value: ([x, y]) =>
    -20 * Math.exp(-0.2 * Math.sqrt(0.5 * (x * x + y * y))) -
    Math.exp(0.5 * (Math.cos(2 * Math.PI * x) + Math.cos(2 * Math.PI * y))) +
    Math.E +
    20,
  gradient: ([x, y]) => {
    const rho = Math.sqrt(0.5 * (x * x + y * y));
    const g = rho === 0 ? 0 : (2 * Math.exp(-0.2 * rho)) / rho; // subgradient 0 at the origin (doc comment)
    const C = Math.exp(0.5 * (Math.cos(2 * Math.PI * x) + Math.cos(2 * Math.PI * y)));
    return [g * x + Math.PI * C * Math.sin(2 * Math.PI * x), g * y + Math.PI * C * Math.sin(2 * Math.PI * y)];
  },
  hessian: ([x, y]) => {
    const rho = Math.sqrt(0.5 * (x * x + y * y));
    if (rho === 0) throw new Error("ackley.hessian: the Hessian is unbounded (~1/|x|) at the origin, got x = [0, 0]");
    const E = Math.exp(-0.2 * rho);
    const g = (2 * E) / rho;
    const radial = (-2 * E * (1 + 0.2 * rho)) / (rho * rho) / (2 * rho);
    const C = Math.exp(0.5 * (Math.cos(2 * Math.PI * x) + Math.cos(2 * Math.PI * y)));
    const [sx, sy] = [Math.sin(2 * Math.PI * x), Math.sin(2 * Math.PI * y)];
    const p2 = Math.PI ** 2 * C;
    const xy = radial * x * y - p2 * sx * sy;
    return [
      [g + radial * x * x + p2 * (2 * Math.cos(2 * Math.PI * x) - sx * sx), xy],
      [xy, g + radial * y * y + p2 * (2 * Math.cos(2 * Math.PI * y) - sy * sy)],
    ];
  },
});

/** All targets by name: fig2, fig3, twoFrequency, ackley. */
export const targetsByName: Readonly<Record<string, TargetFunction>> = { fig2, fig3, twoFrequency, ackley };
