import { test } from "node:test";
import assert from "node:assert/strict";
import type { Matrix } from "ml-matrix";
import { assertClose, assertWithinStandardErrors, relativeDifference } from "../numeric/assertClose.js";
import { centralGradient } from "../numeric/finiteDifferences.js";
import { dot, eigenvalues, norm, scale, sub } from "../numeric/linalg.js";
import { fieldExpectation, gaussianPlane, planeExpectation, planeExpectations } from "../numeric/quadrature.js";
import type { PlanePoint } from "../numeric/quadrature.js";
import { SeededRandom } from "../numeric/random.js";
import { DETECTABLE_PERTURBATION, EIGEN_RELATIVE, FD_GRADIENT_RELATIVE, FD_STEP, IDENTITY_RELATIVE, MC_SIGMAS } from "../numeric/tolerances.js";
import { QUADRATURE_RELATIVE } from "../numeric/tolerancesFlows.js";
import { allTestPairs } from "./singleReluFixtures.js";
import { matrixM2 } from "./singleReluFlow.js";
import { randomStudentNearTeacher, reluGeometry, teacherStudentPair } from "./singleReluGeometry.js";
import {
  arcCosineJ,
  expectationFI1Printed,
  expectationFI2Printed,
  gramEntries,
  jumpTermI3,
  perSampleGradientsReluSquared,
  perSampleLossesReluSquared,
  printedRatesReluSquared,
  reluSquaredGradientI1,
  reluSquaredGradientI1Printed,
  reluSquaredGradientI2,
  reluSquaredGradientI3,
  reluSquaredGradientI3Printed,
  reluSquaredLossI1,
  reluSquaredLossI2,
  reluSquaredLossI3,
  reluSquaredMatrixM,
  reluSquaredMatrixM2,
  reluSquaredMatrixMCorrected,
  reluSquaredMatrixMI3,
} from "./singleReluSquared.js";

const losses = [reluSquaredLossI1, reluSquaredLossI2, reluSquaredLossI3] as const;

/** E[per-sample autodiff gradient of I_j] by plane quadrature (j = 0, 1, 2 for I1, I2, I3). */
function meanPerSampleGradient(w: number[], wStar: number[], j: 0 | 1 | 2): number[] {
  const gram = gramEntries(w, wStar);
  return fieldExpectation(gaussianPlane(w, wStar), (x: PlanePoint, out) => {
    const g = perSampleGradientsReluSquared(x.p, x.q, gram)[j];
    out[0] = g.x;
    out[1] = g.w;
    out[2] = g.wStar;
  });
}

const fdGradient = (w: number[], wStar: number[], j: 0 | 1 | 2): number[] => centralGradient((x) => losses[j](x, wStar), w, FD_STEP);

/** 300 random (w, w*) in the ball |w - w*| < 0.999 |w*|, d = 3 and 5, sin theta >= 1e-3. */
function ballSamples(): { w: number[]; wStar: number[] }[] {
  const rng = new SeededRandom(2110);
  return Array.from({ length: 300 }, (_, k) => randomStudentNearTeacher(k % 2 === 0 ? 3 : 5, rng, { minSinTheta: 1e-3, maxRelativeDistance: 0.999 }));
}

test("arcCosineJ(n) gives E[relu(w.x)^n relu(w*.x)^n] = |w|^n |w*|^n J_n(theta) / (2 pi) for n = 0, 1, 2", () => {
  for (const { label, w, wStar } of allTestPairs()) {
    const plane = gaussianPlane(w, wStar);
    const a = norm(w);
    const b = norm(wStar);
    for (const n of [0, 1, 2] as const) {
      const got = planeExpectation(plane, (x) => (x.p > 0 && x.q > 0 ? (x.p * x.q) ** n : 0));
      assertClose(got, ((a * b) ** n * arcCosineJ(n, plane.theta)) / (2 * Math.PI), { relative: QUADRATURE_RELATIVE }, `${label}: J_${n}`);
    }
  }
});

test("the closed forms of I1, I2, I3 equal quadrature of the per-sample losses; the statement's I3 (no 1/2) is twice the proof's", () => {
  for (const { label, w, wStar } of allTestPairs()) {
    const gram = gramEntries(w, wStar);
    const got = planeExpectations(gaussianPlane(w, wStar), 3, (x, out) => out.set(perSampleLossesReluSquared(x.p, x.q, gram)));
    const closed = losses.map((loss) => loss(w, wStar));
    assertClose(got, closed, { relative: QUADRATURE_RELATIVE }, `${label}: I1, I2, I3`);
    assertClose(reluSquaredLossI3(w, wStar, "statement"), 2 * closed[2], { relative: IDENTITY_RELATIVE }, `${label}: statement I3`);
    assert.ok(relativeDifference(closed[0] * (1 + DETECTABLE_PERTURBATION), got[0]) > 1e3 * QUADRATURE_RELATIVE, `${label}: perturbed I1 caught`);
  }
});

test("the printed expectations E F(v, w) of lines 499 and 519 agree with quadrature", () => {
  for (const { label, w: v, wStar: w } of allTestPairs()) {
    const plane = gaussianPlane(v, w);
    const fI1 = fieldExpectation(plane, (x, out) => {
      out[0] = x.p > 0 && x.q > 0 ? x.p * x.q * x.q : 0;
      out[1] = 0;
      out[2] = 0;
    });
    assertClose(fI1, expectationFI1Printed(v, w), { relative: QUADRATURE_RELATIVE }, `${label}: line 499`);
    const vw = dot(v, w);
    const fI2 = fieldExpectation(plane, (x, out) => {
      const both = x.p > 0 && x.q > 0;
      out[0] = both ? x.q * vw : 0;
      out[1] = 0;
      out[2] = both ? x.q * x.p : 0;
    });
    assertClose(fI2, expectationFI2Printed(v, w), { relative: QUADRATURE_RELATIVE }, `${label}: line 519`);
  }
});

test("grad I1 is the gradient of I1 and the mean per-sample autodiff gradient; the printed one (|w*| for |w*|^2, line 501) is neither", () => {
  for (const { label, w, wStar } of allTestPairs()) {
    const exact = reluSquaredGradientI1(w, wStar);
    assertClose(exact, fdGradient(w, wStar, 0), { relative: FD_GRADIENT_RELATIVE }, `${label}: FD`);
    assertClose(exact, meanPerSampleGradient(w, wStar, 0), { relative: QUADRATURE_RELATIVE }, `${label}: E[autodiff]`);
    const { normWStar: b, theta } = reluGeometry(w, wStar);
    const G = Math.PI - theta + Math.sin(theta) * Math.cos(theta);
    // printed - exact = (b^2 - b) G / pi w: zero only when |w*| = 1.
    const difference = sub(reluSquaredGradientI1Printed(w, wStar), exact);
    assertClose(difference, scale(((b * b - b) * G) / Math.PI, w), { relative: IDENTITY_RELATIVE }, `${label}: printed - exact`);
    if (Math.abs(b - 1) > 0.01) assert.ok(relativeDifference(reluSquaredGradientI1Printed(w, wStar), exact) > 1e3 * FD_GRADIENT_RELATIVE, `${label}: printed differs`);
  }
});

test("grad I2 as printed (line 521) is both the gradient of I2 and the mean per-sample autodiff gradient", () => {
  for (const { label, w, wStar } of allTestPairs()) {
    const printed = reluSquaredGradientI2(w, wStar);
    assertClose(printed, fdGradient(w, wStar, 1), { relative: FD_GRADIENT_RELATIVE }, `${label}: FD`);
    assertClose(printed, meanPerSampleGradient(w, wStar, 1), { relative: QUADRATURE_RELATIVE }, `${label}: E[autodiff]`);
    const perturbed = printed.map((g, i) => g + DETECTABLE_PERTURBATION * wStar[i]);
    assert.ok(relativeDifference(perturbed, fdGradient(w, wStar, 1)) > 10 * FD_GRADIENT_RELATIVE, `${label}: perturbed caught`);
  }
});

test("grad I3 as printed (line 533) is the mean per-sample autodiff gradient, not the gradient of I3: the indicator jump adds jumpTermI3", () => {
  for (const { label, w, wStar } of allTestPairs()) {
    const printed = reluSquaredGradientI3Printed(w, wStar);
    assertClose(printed, meanPerSampleGradient(w, wStar, 2), { relative: QUADRATURE_RELATIVE }, `${label}: E[autodiff]`);
    const fd = fdGradient(w, wStar, 2);
    assertClose(reluSquaredGradientI3(w, wStar), fd, { relative: FD_GRADIENT_RELATIVE }, `${label}: exact vs FD`);
    assert.ok(relativeDifference(printed, fd) > 1e3 * FD_GRADIENT_RELATIVE, `${label}: printed is not the FD gradient`);
    const { normW: a, normWStar: b, cosTheta } = reluGeometry(w, wStar);
    assertClose(norm(jumpTermI3(w, wStar)), (2 / Math.PI) * a * b * b * cosTheta ** 2, { relative: IDENTITY_RELATIVE }, `${label}: |jump term|`);
    // Statement convention (no 1/2): the FD gradient doubles.
    const fdStatement = centralGradient((x) => reluSquaredLossI3(x, wStar, "statement"), w, FD_STEP);
    assertClose(fdStatement, scale(2, reluSquaredGradientI3(w, wStar)), { relative: FD_GRADIENT_RELATIVE }, `${label}: statement convention`);
  }
});

test("Monte Carlo of the per-sample autodiff gradients of I1 and I3 matches the quadrature means, and misses the exact grad I3", () => {
  const { w, wStar } = teacherStudentPair(3, 0.7, 1.3);
  const gram = gramEntries(w, wStar);
  const rng = new SeededRandom(311);
  const n = 20000;
  const sums = [new Float64Array(3), new Float64Array(3)];
  const squares = [new Float64Array(3), new Float64Array(3)];
  for (let k = 0; k < n; k++) {
    const x = rng.gaussianVector(3);
    const gradients = perSampleGradientsReluSquared(dot(w, x), dot(wStar, x), gram);
    [gradients[0], gradients[2]].forEach((g, m) => {
      for (let i = 0; i < 3; i++) {
        const value = g.x * x[i] + g.w * w[i] + g.wStar * wStar[i];
        sums[m][i] += value;
        squares[m][i] += value * value;
      }
    });
  }
  const mean = sums.map((s) => Array.from(s, (v) => v / n));
  const standardError = squares.map((s, m) => Array.from(s, (v, i) => Math.sqrt((v / n - mean[m][i] ** 2) / (n - 1))));
  assertWithinStandardErrors(mean[0], standardError[0], reluSquaredGradientI1(w, wStar), MC_SIGMAS, "MC grad I1");
  assertWithinStandardErrors(mean[1], standardError[1], reluSquaredGradientI3Printed(w, wStar), MC_SIGMAS, "MC grad I3 (printed)");
  assert.throws(() => assertWithinStandardErrors(mean[1], standardError[1], reluSquaredGradientI3(w, wStar), MC_SIGMAS, "exact"));
});

test("Theorem 2.11: -(w - w*).grad I_j < 0 for j = 1, 2, 3 at 300 random points of the ball, with the true and the autodiff gradients", () => {
  for (const { w, wStar } of ballSamples()) {
    const d = sub(w, wStar);
    const fields = [reluSquaredGradientI1, reluSquaredGradientI2, reluSquaredGradientI3, reluSquaredGradientI3Printed];
    for (const field of fields) {
      const rate = -dot(d, field(w, wStar));
      assert.ok(rate < 0, `${field.name}: ${rate} at w = [${w}], w* = [${wStar}]`);
    }
  }
});

test("with the printed grad I1 (line 501) the sign claim of Theorem 2.11 fails at some points of the ball", () => {
  const failures = ballSamples().filter(({ w, wStar }) => -dot(sub(w, wStar), reluSquaredGradientI1Printed(w, wStar)) >= 0);
  assert.ok(failures.length > 0, "some points have -(w - w*).printed grad I1 >= 0");
});

test("line 523's M2 form and line 537's expanded form are right; line 523's expanded form drops a |w||w*| and line 537's M form has an extra factor 2", () => {
  for (const { label, w, wStar } of allTestPairs()) {
    const d = sub(w, wStar);
    const printed = printedRatesReluSquared(w, wStar);
    const rateI2 = -dot(d, reluSquaredGradientI2(w, wStar));
    const rateI3 = -dot(d, reluSquaredGradientI3Printed(w, wStar));
    assertClose(printed.i2MatrixForm, rateI2, { relative: IDENTITY_RELATIVE }, `${label}: line 523 M2 form`);
    assertClose(printed.i3Expanded, rateI3, { relative: IDENTITY_RELATIVE }, `${label}: line 537 expanded`);
    const { normW: a, normWStar: b, theta, cosTheta: c } = reluGeometry(w, wStar);
    const G1 = Math.sin(theta) + 2 * (Math.PI - theta) * c;
    // Line 523 has "- G1 |w| |w*| cos theta" where "- G1 |w|^2 |w*|^2 cos theta" belongs.
    const fixedI2 = printed.i2Expanded - (2 / Math.PI) * G1 * c * (a * b - a * a * b * b);
    assertClose(fixedI2, rateI2, { relative: IDENTITY_RELATIVE }, `${label}: line 523 expanded, corrected`);
    // Line 537: -(4/pi)(pi (a^2 - w.w*)^2 + (w.w*) q(M) / 2) is right; the printed form lacks the 1/2.
    const ww = dot(w, wStar);
    const qM = (M: Matrix): number => M.get(0, 0) * b * b + 2 * M.get(0, 1) * a * b + M.get(1, 1) * a * a;
    const fixedI3 = -(4 / Math.PI) * (Math.PI * (a * a - ww) ** 2 + (ww * qM(reluSquaredMatrixMI3(theta))) / 2);
    assertClose(fixedI3, rateI3, { relative: IDENTITY_RELATIVE }, `${label}: line 537 M form, corrected`);
    assert.ok(Math.abs(printed.i3MatrixForm - rateI3) > 1e3 * IDENTITY_RELATIVE * Math.abs(rateI3), `${label}: line 537 M form as printed is off`);
  }
});

test("both printed forms of -(w - w*).grad I1 (line 503) are wrong; -(1/pi)(3 pi (a^2 - a b)^2 + a b q(Mc)) is right", () => {
  for (const { label, w, wStar } of allTestPairs()) {
    const rate = -dot(sub(w, wStar), reluSquaredGradientI1(w, wStar));
    const printed = printedRatesReluSquared(w, wStar);
    const { normW: a, normWStar: b, theta } = reluGeometry(w, wStar);
    const M = reluSquaredMatrixMCorrected(theta);
    const corrected = -(1 / Math.PI) * (3 * Math.PI * (a * a - a * b) ** 2 + a * b * (M.get(0, 0) * b * b + 2 * M.get(0, 1) * a * b + M.get(1, 1) * a * a));
    assertClose(corrected, rate, { relative: IDENTITY_RELATIVE }, `${label}: corrected I1 form`);
    for (const [name, value] of [["expanded", printed.i1Expanded], ["matrix form", printed.i1MatrixForm]] as const) {
      assert.ok(Math.abs(value - rate) > 1e-3 * Math.max(1, Math.abs(rate)), `${label}: printed ${name} ${value} vs ${rate}`);
    }
  }
});

test("M of line 507 is NOT PSD on all of [0, pi/2) as claimed (indefinite for theta > 1.04159); Mc, M2 (line 527) and M (line 541) are", () => {
  const det = (M: Matrix): number => M.get(0, 0) * M.get(1, 1) - M.get(0, 1) ** 2;
  assert.ok(det(reluSquaredMatrixM(1.0415)) > 0 && det(reluSquaredMatrixM(1.0417)) < 0, "det M changes sign at 1.04159");
  assert.ok(Math.min(...eigenvalues(reluSquaredMatrixM(1.2)).real) < -0.4, "M at theta = 1.2 has eigenvalue -0.425");
  for (let k = 0; k < 400; k++) {
    const theta = (k * Math.PI) / 2 / 400;
    for (const [name, M] of [["Mc", reluSquaredMatrixMCorrected(theta)], ["M2", reluSquaredMatrixM2(theta)], ["M(I3)", reluSquaredMatrixMI3(theta)]] as const) {
      const smallest = Math.min(...eigenvalues(M).real);
      assert.ok(smallest >= -EIGEN_RELATIVE * 40, `${name} at theta = ${theta}: smallest eigenvalue ${smallest}`);
    }
    assertClose(reluSquaredMatrixMI3(theta).to1DArray(), matrixM2(theta).to1DArray(), { relative: IDENTITY_RELATIVE }, "M(I3) = M2 of Theorem 2.10");
  }
});
