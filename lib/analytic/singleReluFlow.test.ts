import { test } from "node:test";
import assert from "node:assert/strict";
import type { Matrix } from "ml-matrix";
import { assertClose, relativeDifference } from "../numeric/assertClose.js";
import { centralGradient } from "../numeric/finiteDifferences.js";
import { dot, eigenvalues, norm, scale, sub } from "../numeric/linalg.js";
import { integrateDormandPrince, integrateRk4 } from "../numeric/ode.js";
import { SeededRandom } from "../numeric/random.js";
import { DETECTABLE_PERTURBATION, EIGEN_RELATIVE, FD_GRADIENT_RELATIVE, FD_STEP, IDENTITY_RELATIVE } from "../numeric/tolerances.js";
import { FLOW_RATE_RELATIVE, INEQUALITY_SLACK } from "../numeric/tolerancesFlows.js";
import { exactGradientJ, paperGradientJ, populationGradientL } from "./singleRelu.js";
import {
  accelerationRate,
  accelerationRatePeak,
  gradientHExact,
  gradientHPaper,
  lyapunovRate,
  lyapunovV,
  matrixM1,
  matrixM2,
  matrixN1,
  matrixN2,
  matrixN3,
  matrixN4,
  matrixN5,
  normQuadraticForm,
  printedLyapunovRate,
  squaredDistanceGain,
  stepImprovementF,
  stepSizeBoundC,
  theorem210BoundCorrected,
  theorem210BoundPrinted,
} from "./singleReluFlow.js";
import { allTestPairs } from "./singleReluFixtures.js";
import { randomStudentNearTeacher, reluGeometry, teacherStudentPair } from "./singleReluGeometry.js";

/** 400 random (w, w*) with |w - w*| < 0.999 |w*| (the ball of Theorems 2.9-2.11), d = 3 and 6, sin theta >= 1e-3. */
function ballSamples(): { w: number[]; wStar: number[] }[] {
  const rng = new SeededRandom(2910);
  return Array.from({ length: 400 }, (_, k) => randomStudentNearTeacher(k % 2 === 0 ? 3 : 6, rng, { minSinTheta: 1e-3, maxRelativeDistance: 0.999 }));
}

/** a <= b up to rounding (INEQUALITY_SLACK relative to the sizes involved). */
function atMost(a: number, b: number): boolean {
  return a <= b + INEQUALITY_SLACK * Math.max(1, Math.abs(a), Math.abs(b));
}

const negated = (v: readonly number[]): number[] => scale(-1, v);
const thetaGrid = (n: number, end = Math.PI / 2): number[] => Array.from({ length: n }, (_, k) => (k * end) / n);

test("along a trajectory of w' = -grad L, dV/dt = 2 (w - w*).w' = -2 (w - w*).grad L: twice the printed -(w - w*)^T grad L", () => {
  const { w, wStar } = teacherStudentPair(3, 0.7, 1.3);
  const h = 1e-3;
  const forward = integrateRk4((_t, y) => negated(populationGradientL(y, wStar)), w, 0, 2 * h, h);
  const backward = integrateRk4((_t, y) => populationGradientL(y, wStar), w, 0, 2 * h, h);
  const V = (states: number[][], k: number): number => lyapunovV(states[k], wStar);
  // Five-point central difference of V(w(t)) at t = 0 from w(+-h), w(+-2h): error O(h^4).
  const measured = (-V(forward.states, 2) + 8 * V(forward.states, 1) - 8 * V(backward.states, 1) + V(backward.states, 2)) / (12 * h);
  const rate = lyapunovRate(w, wStar, negated(populationGradientL(w, wStar)));
  assertClose(measured, rate, { relative: FLOW_RATE_RELATIVE }, "dV/dt along the L flow");
  assertClose(printedLyapunovRate(w, wStar, populationGradientL(w, wStar)), rate / 2, { relative: IDENTITY_RELATIVE }, "printed = half");
  assert.throws(() => assertClose(measured, printedLyapunovRate(w, wStar, populationGradientL(w, wStar)), { relative: FLOW_RATE_RELATIVE }, "printed"));
});

test("(w - w*).grad L = q(M1) / (4 pi) and (w - w*).paperGradientJ = q(M2) / (4 pi): the proof of Theorem 2.10 drops the 1/(4 pi)", () => {
  for (const { label, w, wStar } of allTestPairs()) {
    const { theta } = reluGeometry(w, wStar);
    const dL = dot(sub(w, wStar), populationGradientL(w, wStar));
    const dJ = dot(sub(w, wStar), paperGradientJ(w, wStar));
    assertClose(dL, normQuadraticForm(matrixM1(theta), w, wStar) / (4 * Math.PI), { relative: IDENTITY_RELATIVE }, `${label}: M1`);
    assertClose(dJ, normQuadraticForm(matrixM2(theta), w, wStar) / (4 * Math.PI), { relative: IDENTITY_RELATIVE }, `${label}: M2`);
    assert.throws(() => assertClose(dL, normQuadraticForm(matrixM1(theta), w, wStar), { relative: IDENTITY_RELATIVE }, "as printed"));
    const perturbed = matrixM2(theta).clone().set(0, 0, matrixM2(theta).get(0, 0) + DETECTABLE_PERTURBATION);
    assert.ok(Math.abs(normQuadraticForm(perturbed, w, wStar) / (4 * Math.PI) - dJ) > 1e6 * IDENTITY_RELATIVE, `${label}: perturbed M2 caught`);
  }
});

test("Theorem 2.9: dV/dt < 0 along w' = -grad L at 400 random points of the ball |w - w*| < |w*|", () => {
  for (const { w, wStar } of ballSamples()) {
    const rate = lyapunovRate(w, wStar, negated(populationGradientL(w, wStar)));
    assert.ok(rate < 0, `dV/dt = ${rate} at w = [${w}], w* = [${wStar}]`);
  }
});

test("Theorem 2.10: along both H fields dV/dt < 0 and dV/dt <= dV/dt along the L flow; the exact field is faster still", () => {
  for (const { w, wStar } of ballSamples()) {
    const rateL = lyapunovRate(w, wStar, negated(populationGradientL(w, wStar)));
    const ratePaper = lyapunovRate(w, wStar, negated(gradientHPaper(w, wStar)));
    const rateExact = lyapunovRate(w, wStar, negated(gradientHExact(w, wStar)));
    assert.ok(ratePaper < 0 && ratePaper < rateL && rateExact <= ratePaper, `at w = [${w}], w* = [${wStar}]: ${rateL}, ${ratePaper}, ${rateExact}`);
  }
});

test("Theorem 2.10's printed bound -(w - w*)^T grad H <= -(w - w*)^T grad L - lambda (|w|^2 + |w*|^2) fails at most points of the ball", () => {
  const samples = ballSamples();
  const fails = (field: typeof gradientHPaper): number =>
    samples.filter(({ w, wStar }) => !atMost(printedLyapunovRate(w, wStar, field(w, wStar)), theorem210BoundPrinted(w, wStar))).length;
  const failuresPaper = fails(gradientHPaper);
  const failuresExact = fails(gradientHExact);
  assert.ok(failuresPaper > samples.length / 2, `paper field: ${failuresPaper} of ${samples.length} violate the printed bound`);
  assert.ok(failuresExact > samples.length / 2, `exact field: ${failuresExact} of ${samples.length} violate the printed bound`);
  // A witness: theta = 0.7, |w| = 1, |w*| = 1.3 (|w - w*| = 0.837 < 1.3).
  const { w, wStar } = teacherStudentPair(3, 0.7, 1.3);
  const lhs = printedLyapunovRate(w, wStar, gradientHPaper(w, wStar));
  const rhs = theorem210BoundPrinted(w, wStar);
  assertClose([lhs, rhs], [-0.5456349948, -3.6509060959], { absolute: 1e-9 }, "printed sides at the witness");
});

test("the corrected bound dV/dt <= -2 (w - w*).grad L - lambda (|w|^2 + |w*|^2) / (2 pi) holds for both H fields and is attained", () => {
  for (const { w, wStar } of ballSamples()) {
    const bound = theorem210BoundCorrected(w, wStar);
    for (const field of [gradientHPaper, gradientHExact]) {
      const rate = lyapunovRate(w, wStar, negated(field(w, wStar)));
      assert.ok(atMost(rate, bound), `dV/dt = ${rate} > bound ${bound} at w = [${w}], w* = [${wStar}]`);
    }
  }
  // Equality for the paper field when (|w*|, |w|) is the eigenvector of lambda_min(M2): the 1/(2 pi) cannot be dropped.
  const theta = 0.9;
  const lambda = accelerationRate(theta);
  const M = matrixM2(theta);
  const ratio = (lambda - M.get(0, 0)) / M.get(0, 1); // |w| / |w*| along the eigenvector
  const { w, wStar } = teacherStudentPair(3, theta, 1 / ratio);
  const rate = lyapunovRate(w, wStar, negated(gradientHPaper(w, wStar)));
  assertClose(rate, theorem210BoundCorrected(w, wStar), { relative: IDENTITY_RELATIVE }, "bound attained");
  assert.ok(rate > theorem210BoundPrinted(w, wStar), "and the printed bound is violated there");
});

test("lambda(theta) of Theorem 2.10 equals lambda_min(M2) (eq. 8) and is >= 0 on [0, pi/2); M1 and M2 are PSD there", () => {
  for (const theta of thetaGrid(200)) {
    const m2 = eigenvalues(matrixM2(theta)).real.sort((x, y) => x - y);
    assertClose(accelerationRate(theta), m2[0], { relative: EIGEN_RELATIVE }, `theta = ${theta}: lambda_min(M2)`);
    assert.ok(accelerationRate(theta) >= -IDENTITY_RELATIVE, `theta = ${theta}: lambda >= 0`);
    const m1 = eigenvalues(matrixM1(theta)).real;
    assert.ok(Math.min(...m1) >= -EIGEN_RELATIVE * 4 * Math.PI, `theta = ${theta}: M1 eigenvalues ${m1}`);
  }
});

test("lambda(theta) is NOT increasing on [0, pi/2) as Section 2.3 claims: it peaks at theta = 1.44410 (lambda = 3.27087) and falls to pi", () => {
  const peak = accelerationRatePeak();
  assertClose([peak.theta, peak.lambda], [1.4441045, 3.2708690], { absolute: 1e-6 }, "peak of lambda");
  assertClose(accelerationRate(Math.PI / 2), Math.PI, { relative: IDENTITY_RELATIVE }, "lambda(pi/2) = pi");
  const slope = (theta: number): number => centralGradient(([t]) => accelerationRate(t), [theta], FD_STEP)[0];
  for (const theta of thetaGrid(400)) {
    if (theta > 1e-3 && theta < peak.theta - 1e-3) assert.ok(slope(theta) > 0, `increasing at theta = ${theta}`);
    if (theta > peak.theta + 1e-3) assert.ok(slope(theta) < 0, `decreasing at theta = ${theta}`);
  }
});

test("Corollary 2.8: eta^2 |grad L|^2, -2 eta grad L.(w - w*), eta^2 |grad H|^2, -2 eta grad H.(w - w*) are the printed N1-N4 forms", () => {
  const eta = 0.37;
  for (const { label, w, wStar } of allTestPairs()) {
    const { theta } = reluGeometry(w, wStar);
    const gL = populationGradientL(w, wStar);
    const gH = gradientHPaper(w, wStar);
    const d = sub(w, wStar);
    const got = [eta ** 2 * dot(gL, gL), -2 * eta * dot(gL, d), eta ** 2 * dot(gH, gH), -2 * eta * dot(gH, d), eta ** 2 * (dot(gL, gL) - dot(gH, gH))];
    const printed = [
      (eta ** 2 / (4 * Math.PI ** 2)) * normQuadraticForm(matrixN1(theta), w, wStar),
      (-eta / (2 * Math.PI)) * normQuadraticForm(matrixN2(theta), w, wStar),
      (eta ** 2 / (4 * Math.PI ** 2)) * normQuadraticForm(matrixN3(theta), w, wStar),
      (-eta / (2 * Math.PI)) * normQuadraticForm(matrixN4(theta), w, wStar),
      (eta ** 2 / (4 * Math.PI ** 2)) * normQuadraticForm(matrixN5(theta), w, wStar),
    ];
    assertClose(got, printed, { relative: IDENTITY_RELATIVE }, `${label}: N1..N5`);
    const perturbedN1 = matrixN1(theta).clone().set(1, 1, Math.PI ** 2 * (1 + DETECTABLE_PERTURBATION));
    const perturbed = (eta ** 2 / (4 * Math.PI ** 2)) * normQuadraticForm(perturbedN1, w, wStar);
    assert.ok(Math.abs(perturbed - got[0]) > 1e3 * IDENTITY_RELATIVE * Math.max(1, got[0]), `${label}: perturbed N1 caught`);
  }
});

test("Corollary 2.8: N2 = M1, N4 = M1 + M2, N5 = N1 - N3; N1-N4 are PSD and N5 is NSD on [0, pi/2)", () => {
  const entries = (M: Matrix): number[] => M.to1DArray();
  for (const theta of thetaGrid(100)) {
    assertClose(entries(matrixN2(theta)), entries(matrixM1(theta)), { relative: IDENTITY_RELATIVE }, `N2 = M1 at ${theta}`);
    assertClose(entries(matrixN4(theta)), entries(matrixM1(theta).add(matrixM2(theta))), { relative: IDENTITY_RELATIVE }, `N4 at ${theta}`);
    assertClose(entries(matrixN5(theta)), entries(matrixN1(theta).sub(matrixN3(theta))), { relative: IDENTITY_RELATIVE }, `N5 at ${theta}`);
    const scaleOf = 4 * Math.PI ** 2;
    for (const [name, M, sign] of [["N1", matrixN1(theta), 1], ["N2", matrixN2(theta), 1], ["N3", matrixN3(theta), 1], ["N4", matrixN4(theta), 1], ["N5", matrixN5(theta), -1]] as const) {
      const eigs = eigenvalues(M).real.map((x) => sign * x);
      assert.ok(Math.min(...eigs) >= -EIGEN_RELATIVE * scaleOf, `${name} at theta = ${theta}: eigenvalues ${eigenvalues(M).real}`);
    }
  }
});

test("Corollary 2.8: C > 0, and for 0 < eta < C the H step lands closer to w* (F > 0); at eta = C, F = 0, so 'eta <= C' needs '<'", () => {
  for (const gradientJ of [paperGradientJ, exactGradientJ]) {
    for (const { w, wStar } of ballSamples().slice(0, 200)) {
      const C = stepSizeBoundC(w, wStar, gradientJ);
      assert.ok(C > 0, `C = ${C}`);
      for (const fraction of [0.01, 0.5, 0.99]) {
        const F = stepImprovementF(w, wStar, fraction * C, gradientJ);
        assert.ok(F > 0 && squaredDistanceGain(w, wStar, fraction * C, gradientJ) > 0, `F = ${F} at eta = ${fraction} C`);
      }
      assert.ok(stepImprovementF(w, wStar, 1.01 * C, gradientJ) < 0, "beyond C the H step is worse");
      assertClose(squaredDistanceGain(w, wStar, C, gradientJ), 0, { absolute: 1e-12 * Math.max(1, lyapunovV(w, wStar)) }, "gain at eta = C");
    }
  }
});

test("Corollary 2.8: C = 4/3 at theta = 0 (as the proof says) for any |w| != |w*|", () => {
  for (const ratio of [0.6, 1.4, 2.5]) {
    const { w, wStar } = teacherStudentPair(4, 0, ratio);
    assertClose(stepSizeBoundC(w, wStar), 4 / 3, { relative: IDENTITY_RELATIVE }, `ratio ${ratio}`);
  }
});

test("gradient flows from the same start: V falls to 1e-6 V(0) sooner under w' = -grad H (paper field) than under w' = -grad L", () => {
  const rng = new SeededRandom(44);
  for (let k = 0; k < 4; k++) {
    const { w, wStar } = randomStudentNearTeacher(3, rng, { minSinTheta: 0.3, maxRelativeDistance: 0.95 });
    const target = 1e-6 * lyapunovV(w, wStar);
    const event = (_t: number, y: readonly number[]): number => lyapunovV(y, wStar) - target;
    const options = { rtol: 1e-9, atol: 1e-12, event };
    const timeL = integrateDormandPrince((_t, y) => negated(populationGradientL(y, wStar)), w, 0, 500, options);
    const timeH = integrateDormandPrince((_t, y) => negated(gradientHPaper(y, wStar)), w, 0, 500, options);
    assert.equal(timeL.stoppedBy, "event");
    assert.equal(timeH.stoppedBy, "event");
    const [tL, tH] = [timeL.times[timeL.times.length - 1], timeH.times[timeH.times.length - 1]];
    assert.ok(tH < tL, `start ${k}: H flow ${tH} vs L flow ${tL}`);
    // Both flows converge to w*, not to another critical point.
    assert.ok(norm(sub(timeH.states[timeH.states.length - 1], wStar)) <= 2e-3 * norm(sub(w, wStar)), `start ${k}: H flow ends near w*`);
  }
});

test("the gradient fields used above are gradients: populationGradientL and gradientHExact match central differences", () => {
  // (grad H exact = grad L + exactGradientJ, both checked against FD of the closed forms in singleRelu.test.ts;
  // here only the sum, as a guard against a wrong import.)
  const { w, wStar } = teacherStudentPair(3, 0.7, 1.3);
  const lossH = (x: number[]): number => {
    const g = reluGeometry(x, wStar);
    const L = g.normW ** 2 / 4 + g.normWStar ** 2 / 4 - (g.normW * g.normWStar * (g.sinTheta + (Math.PI - g.theta) * g.cosTheta)) / (2 * Math.PI);
    return 2 * L + (g.normW * g.normWStar * g.sinTheta) / (2 * Math.PI);
  };
  assertClose(gradientHExact(w, wStar), centralGradient(lossH, w, FD_STEP), { relative: FD_GRADIENT_RELATIVE }, "grad H exact");
  assert.ok(relativeDifference(gradientHPaper(w, wStar), centralGradient(lossH, w, FD_STEP)) > 1e3 * FD_GRADIENT_RELATIVE, "paper field is not grad H");
});
