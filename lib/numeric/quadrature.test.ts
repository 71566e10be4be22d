import { test } from "node:test";
import assert from "node:assert/strict";
import { allTestPairs } from "../analytic/singleReluFixtures.js";
import { paperGradientJ, populationGradientL, populationLossJ, populationLossL } from "../analytic/singleRelu.js";
import { assertClose, relativeDifference } from "./assertClose.js";
import { dot, norm, scale } from "./linalg.js";
import { fieldExpectation, gaussianPlane, gaussLegendreRule, planeExpectation, planeExpectations, radialGaussRule, radialMoment } from "./quadrature.js";
import { DETECTABLE_PERTURBATION } from "./tolerances.js";
import { GAUSS_RULE_RELATIVE, QUADRATURE_RELATIVE } from "./tolerancesFlows.js";

const relu = (t: number): number => (t > 0 ? t : 0);

/** Pairs from the shared fixtures plus the degenerate angles theta = 0 and theta = pi and a tiny angle. */
function pairs(): { label: string; w: number[]; wStar: number[] }[] {
  return [
    ...allTestPairs(),
    { label: "theta = 0", w: [0.6, -0.8, 0.0], wStar: [1.2, -1.6, 0.0] },
    { label: "theta = pi", w: [0.6, 0.8], wStar: [-0.9, -1.2] },
    { label: "theta = 1e-9", w: [1, 0, 0, 0], wStar: [1.3, 1.3e-9, 0, 0] },
  ];
}

test("gaussLegendreRule(n) integrates x^k over [-1, 1] exactly for k <= 2n - 1, n odd and even", () => {
  for (const n of [1, 2, 5, 10, 24]) {
    const { nodes, weights } = gaussLegendreRule(n);
    for (let k = 0; k <= 2 * n - 1; k++) {
      const got = nodes.reduce((s, x, i) => s + weights[i] * x ** k, 0);
      assertClose(got, k % 2 === 0 ? 2 / (k + 1) : 0, { relative: GAUSS_RULE_RELATIVE }, `n = ${n}, x^${k}`);
    }
  }
});

test("radialMoment(k) = int_0^inf r^(k+1) e^(-r^2/2) dr: 1, sqrt(pi/2), 2, 3 sqrt(pi/2), 8", () => {
  const s = Math.sqrt(Math.PI / 2);
  assertClose([0, 1, 2, 3, 4].map(radialMoment), [1, s, 2, 3 * s, 8], { relative: GAUSS_RULE_RELATIVE }, "moments");
});

test("radialGaussRule(n) integrates r^k against r e^(-r^2/2) exactly for every k <= 2n - 1, odd k included", () => {
  for (const n of [1, 3, 8, 16, 40]) {
    const { nodes, weights } = radialGaussRule(n);
    assert.ok(nodes.every((r, i) => r > 0 && (i === 0 || r > nodes[i - 1])), `n = ${n}: nodes positive and ascending`);
    for (let k = 0; k <= 2 * n - 1; k++) {
      const got = nodes.reduce((s, r, i) => s + weights[i] * r ** k, 0);
      assertClose(got / radialMoment(k), 1, { relative: GAUSS_RULE_RELATIVE }, `n = ${n}, r^${k}`);
    }
    // A Gauss rule is not exact at degree 2n (its error there, 1.5e-6 for n = 8, shrinks fast with n): the check
    // above would catch a rule of lower degree.
    if (n <= 8) {
      const beyond = nodes.reduce((s, r, i) => s + weights[i] * r ** (2 * n), 0) / radialMoment(2 * n);
      assert.ok(Math.abs(beyond - 1) > 1e3 * GAUSS_RULE_RELATIVE, `n = ${n}: not exact at degree 2n`);
    }
  }
});

test("planeExpectation gives E[1] = 1, E[(w.x)^2] = |w|^2, E[(w.x)(w*.x)] = w.w* and E[|x|^2] = d", () => {
  for (const { label, w, wStar } of pairs()) {
    const plane = gaussianPlane(w, wStar);
    const [one, pp, pq, qq, r2] = planeExpectations(plane, 5, (x, out) => {
      out[0] = 1;
      out[1] = x.p * x.p;
      out[2] = x.p * x.q;
      out[3] = x.q * x.q;
      out[4] = x.y1 * x.y1 + x.y2 * x.y2;
    });
    const expected = [1, dot(w, w), dot(w, wStar), dot(wStar, wStar), w.length];
    assertClose([one, pp, pq, qq, r2 + plane.complementDimension], expected, { relative: QUADRATURE_RELATIVE }, label);
  }
});

test("planeExpectation reproduces the arc-cosine kernels E[relu(w.x) relu(w*.x)] and P(w.x > 0, w*.x > 0)", () => {
  for (const { label, w, wStar } of pairs()) {
    const plane = gaussianPlane(w, wStar);
    const t = plane.theta;
    const a = norm(w);
    const b = norm(wStar);
    const product = planeExpectation(plane, (x) => relu(x.p) * relu(x.q));
    assertClose(product, (a * b * (Math.sin(t) + (Math.PI - t) * Math.cos(t))) / (2 * Math.PI), { relative: QUADRATURE_RELATIVE }, `${label}: E[relu relu]`);
    const both = planeExpectation(plane, (x) => (x.p > 0 && x.q > 0 ? 1 : 0));
    assertClose(both, (Math.PI - t) / (2 * Math.PI), { relative: QUADRATURE_RELATIVE }, `${label}: P(both > 0)`);
  }
});

test("planeExpectation handles |x|^2 through E|z|^2 = d - 2: E[relu(w.x)^2 |x|^2] = |w|^2 (d + 2) / 2", () => {
  for (const { label, w, wStar } of pairs()) {
    const plane = gaussianPlane(w, wStar);
    const [inPlane, reluSquared] = planeExpectations(plane, 2, (x, out) => {
      out[0] = relu(x.p) ** 2 * (x.y1 ** 2 + x.y2 ** 2);
      out[1] = relu(x.p) ** 2;
    });
    const got = inPlane + plane.complementDimension * reluSquared;
    assertClose(got, (dot(w, w) * (w.length + 2)) / 2, { relative: QUADRATURE_RELATIVE }, label);
  }
});

test("populationLossL and populationLossJ agree with quadrature of the per-sample losses", () => {
  for (const { label, w, wStar } of pairs()) {
    const plane = gaussianPlane(w, wStar);
    const ww = dot(w, w);
    const ss = dot(wStar, wStar);
    const ws = dot(w, wStar);
    const [lossL, lossJ] = planeExpectations(plane, 2, (x, out) => {
      out[0] = (relu(x.p) - relu(x.q)) ** 2 / 2;
      const a = x.p > 0 ? 1 : 0;
      const b = x.q > 0 ? 1 : 0;
      out[1] = (a * ww + b * ss - 2 * a * b * ws) / 2;
    });
    assertClose([lossL, lossJ], [populationLossL(w, wStar), populationLossJ(w, wStar)], { relative: QUADRATURE_RELATIVE }, label);
    const perturbed = populationLossL(w, wStar) * (1 + DETECTABLE_PERTURBATION);
    assert.ok(Math.abs(perturbed - lossL) > 1e3 * QUADRATURE_RELATIVE * Math.max(1, lossL), `${label}: a perturbed L is caught`);
  }
});

test("fieldExpectation of the per-sample autodiff gradients gives populationGradientL and paperGradientJ", () => {
  for (const { label, w, wStar } of pairs().filter((pair) => !pair.label.startsWith("theta"))) {
    const plane = gaussianPlane(w, wStar);
    const gradientL = fieldExpectation(plane, (x, out) => {
      out[0] = x.p > 0 ? x.p - relu(x.q) : 0;
      out[1] = 0;
      out[2] = 0;
    });
    assertClose(gradientL, populationGradientL(w, wStar), { relative: QUADRATURE_RELATIVE }, `${label}: E[grad_w per-sample L]`);
    const gradientJ = fieldExpectation(plane, (x, out) => {
      out[0] = 0;
      out[1] = x.p > 0 ? 1 : 0;
      out[2] = x.p > 0 && x.q > 0 ? -1 : 0;
    });
    assertClose(gradientJ, paperGradientJ(w, wStar), { relative: QUADRATURE_RELATIVE }, `${label}: E[grad_w per-sample J]`);
    const perturbed = paperGradientJ(w, wStar).map((g, i) => g + DETECTABLE_PERTURBATION * w[i]);
    assert.ok(relativeDifference(perturbed, gradientJ) > 1e3 * QUADRATURE_RELATIVE, `${label}: a perturbed grad J is caught`);
  }
});

test("fieldExpectation of relu(w.x) x is w/2, in span{w, w*}, for every dimension", () => {
  for (const { label, w, wStar } of pairs()) {
    const got = fieldExpectation(gaussianPlane(w, wStar), (x, out) => {
      out[0] = relu(x.p);
      out[1] = 0;
      out[2] = 0;
    });
    assertClose(got, scale(0.5, w), { relative: QUADRATURE_RELATIVE }, label);
  }
});

test("gaussianPlane rejects mismatched or zero vectors with a message naming the problem", () => {
  assert.throws(() => gaussianPlane([1, 0], [1, 0, 0]), /same length/);
  assert.throws(() => gaussianPlane([0, 0], [1, 0]), /nonzero/);
  assert.throws(() => radialGaussRule(0), /n must be an integer/);
});
