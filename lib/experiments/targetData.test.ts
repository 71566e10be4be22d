import assert from "node:assert/strict";
import { test } from "node:test";
import { ackley, fig2, fig3, type TargetFunction } from "../data/index.js";
import { maxAbsDifference } from "../numeric/assertClose.js";
import { interiorGradientWeights, targetSamples } from "./targetData.js";

/** Largest error of approximate derivatives against the exact ones at the same points, scaled by the exact size. */
function relativeError(approximate: number[][] | number[][][], exact: number[][] | number[][][]): number {
  const a = approximate.flat(2) as number[];
  const e = exact.flat(2) as number[];
  return maxAbsDifference(a, e) / e.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
}

test("Chebyshev derivatives of fig2 on a 61 x 61 Chebyshev grid match the exact gradient and Hessian to 1e-6 (spectral accuracy)", () => {
  const exact = targetSamples(fig2, { kind: "chebyshev", perAxis: 61 }, "exact", 2);
  const spectral = targetSamples(fig2, { kind: "chebyshev", perAxis: 61 }, "chebyshev", 2);
  assert.deepEqual(spectral.points, exact.points);
  assert.ok(relativeError(spectral.gradient!, exact.gradient!) < 1e-6, `gradient error ${relativeError(spectral.gradient!, exact.gradient!)}`);
  assert.ok(relativeError(spectral.hessian!, exact.hessian!) < 1e-4, `Hessian error ${relativeError(spectral.hessian!, exact.hessian!)}`);
});

test("finite-difference gradients on a uniform grid converge at second order: halving h divides the error by about 4", () => {
  const error = (perAxis: number): number => {
    const fd = targetSamples(fig2, { kind: "grid", perAxis }, "finite-difference", 1);
    const exact = targetSamples(fig2, { kind: "grid", perAxis }, "exact", 1);
    return relativeError(fd.gradient!, exact.gradient!);
  };
  const ratio = error(201) / error(401);
  assert.ok(ratio > 3.5 && ratio < 4.5, `error ratio ${ratio}`);
});

test("1-D targets get Chebyshev and finite-difference derivatives too, and Ackley's gradient from a 101 x 101 Chebyshev grid is close away from its cone", () => {
  const spectral = targetSamples(fig3, { kind: "chebyshev", perAxis: 121 }, "chebyshev", 2);
  const exact = targetSamples(fig3, { kind: "chebyshev", perAxis: 121 }, "exact", 2);
  assert.ok(relativeError(spectral.gradient!, exact.gradient!) < 1e-6, `fig3 gradient error ${relativeError(spectral.gradient!, exact.gradient!)}`);
  const fd = targetSamples(fig3, { kind: "grid", perAxis: 2001 }, "finite-difference", 1);
  const fdExact = targetSamples(fig3, { kind: "grid", perAxis: 2001 }, "exact", 1);
  assert.ok(relativeError(fd.gradient!, fdExact.gradient!) < 1e-3, `fig3 FD gradient error ${relativeError(fd.gradient!, fdExact.gradient!)}`);
  const cheb = targetSamples(ackley, { kind: "chebyshev", perAxis: 101 }, "chebyshev", 1);
  const far = cheb.points.map((p, i) => [p, i] as const).filter(([p]) => Math.hypot(p[0], p[1]) > 0.5).map(([, i]) => i);
  const ackleyError = maxAbsDifference(far.flatMap((i) => cheb.gradient![i]), far.flatMap((i) => ackley.gradient(cheb.points[i])));
  assert.ok(ackleyError < 0.5, `Ackley gradient error away from the origin ${ackleyError}`);
});

/** A target periodic on its domain [-1, 1]²: sin(πx) cos(2πy) + cos(πx). */
const periodic: TargetFunction = {
  name: "periodic test target", dimension: 2, domain: [[-1, 1], [-1, 1]],
  value: ([x, y]) => Math.sin(Math.PI * x) * Math.cos(2 * Math.PI * y) + Math.cos(Math.PI * x),
  gradient: ([x, y]) => [Math.PI * Math.cos(Math.PI * x) * Math.cos(2 * Math.PI * y) - Math.PI * Math.sin(Math.PI * x), -2 * Math.PI * Math.sin(Math.PI * x) * Math.sin(2 * Math.PI * y)],
  hessian: ([x, y]) => {
    const xx = -(Math.PI ** 2) * Math.sin(Math.PI * x) * Math.cos(2 * Math.PI * y) - Math.PI ** 2 * Math.cos(Math.PI * x);
    const xy = -2 * Math.PI ** 2 * Math.cos(Math.PI * x) * Math.sin(2 * Math.PI * y);
    return [[xx, xy], [xy, -4 * Math.PI ** 2 * Math.sin(Math.PI * x) * Math.cos(2 * Math.PI * y)]];
  },
};

test("Fourier derivatives of a periodic target on a 16 x 16 periodic grid equal the exact gradient and Hessian to rounding", () => {
  const spectral = targetSamples(periodic, { kind: "periodic", perAxis: 16 }, "fourier", 2);
  const exact = targetSamples(periodic, { kind: "periodic", perAxis: 16 }, "exact", 2);
  assert.equal(spectral.points.length, 256);
  assert.deepEqual(spectral.points[1], [-1, -0.875], "the right endpoint is left out: it repeats the left one");
  assert.ok(relativeError(spectral.gradient!, exact.gradient!) < 1e-12, `gradient error ${relativeError(spectral.gradient!, exact.gradient!)}`);
  assert.ok(relativeError(spectral.hessian!, exact.hessian!) < 1e-12, `Hessian error ${relativeError(spectral.hessian!, exact.hessian!)}`);
  assert.throws(() => targetSamples(periodic, { kind: "grid", perAxis: 16 }, "fourier", 1), /fourier derivatives need a "periodic" layout, got "grid"/);
});

test("targetSamples refuses a derivative source that does not fit the layout, naming the fix", () => {
  assert.throws(() => targetSamples(fig2, { kind: "uniform", count: 10, seed: 1 }, "chebyshev", 1), /chebyshev derivatives need a "chebyshev" layout, got "uniform"/);
  assert.throws(() => targetSamples(fig2, { kind: "chebyshev", perAxis: 10 }, "finite-difference", 1), /finite-difference derivatives need a "grid" layout/);
  assert.throws(() => targetSamples(fig2, { kind: "grid", perAxis: 10 }, "spline" as never, 1), /must come from one of exact, finite-difference, chebyshev, fourier, got "spline"/);
});

test("dropped finite-difference edges weight ∂_a by n/|M_a| exactly where the central stencil along axis a exists, so the weighted mean is Σ_a mean over M_a", () => {
  const P = 6;
  const samples = targetSamples(fig2, { kind: "grid", perAxis: P }, "finite-difference", 1, "dropped");
  const oneSided = targetSamples(fig2, { kind: "grid", perAxis: P }, "finite-difference", 1);
  assert.deepEqual(samples.gradient, oneSided.gradient, "the gradient itself is unchanged");
  assert.equal(oneSided.gradientWeight, undefined);
  const n = P * P;
  const interior = (P - 2) * P;
  samples.points.forEach((p, i) => {
    const [ix, iy] = [Math.floor(i / P), i % P];
    assert.deepEqual(p, oneSided.points[i]);
    assert.deepEqual(samples.gradientWeight![i], [ix === 0 || ix === P - 1 ? 0 : n / interior, iy === 0 || iy === P - 1 ? 0 : n / interior], `point ${i} = (${ix}, ${iy})`);
  });
  const e = samples.points.map((_, i) => [Math.sin(i), Math.cos(3 * i)]);
  const weighted = e.reduce((sum, row, i) => sum + row.reduce((t, v, a) => t + samples.gradientWeight![i][a] * v * v, 0), 0) / n;
  const explicit = [0, 1].reduce((sum, a) => {
    const kept = e.filter((_, i) => { const index = a === 0 ? Math.floor(i / P) : i % P; return index > 0 && index < P - 1; });
    return sum + kept.reduce((t, row) => t + row[a] ** 2, 0) / kept.length;
  }, 0);
  assert.ok(Math.abs(weighted - explicit) < 1e-12, `${weighted} vs ${explicit}`);
  assert.deepEqual(interiorGradientWeights(4, 1), [[0], [2], [2], [0]], "1-D: the two end points are dropped");
});

test("dropping edges is refused where it has no meaning, naming the fix", () => {
  assert.throws(() => targetSamples(fig2, { kind: "chebyshev", perAxis: 8 }, "chebyshev", 1, "dropped"), /dropping the edges applies to finite-difference gradients \(order 1\), got chebyshev derivatives of order 1; use edges "one-sided"/);
  assert.throws(() => targetSamples(fig2, { kind: "grid", perAxis: 8 }, "finite-difference", 2, "dropped"), /of order 2/);
  assert.throws(() => targetSamples(fig2, { kind: "grid", perAxis: 8 }, "finite-difference", 1, "clamped" as never), /edges must be "one-sided" or "dropped", got "clamped"/);
  assert.throws(() => interiorGradientWeights(2, 2), /at least 3 points per axis/);
});
