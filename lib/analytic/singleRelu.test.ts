import { test } from "node:test";
import assert from "node:assert/strict";
import { assertClose, relativeDifference } from "../numeric/assertClose.js";
import { centralGradient } from "../numeric/finiteDifferences.js";
import { norm, scale, sub } from "../numeric/linalg.js";
import {
  DETECTABLE_PERTURBATION,
  FD_GRADIENT_RELATIVE,
  FD_ONE_SIDED_RELATIVE,
  FD_STEP,
  IDENTITY_RELATIVE,
  ONE_SIDED_STEP,
} from "../numeric/tolerances.js";
import {
  exactGradientJ,
  indicatorJumpTermJ,
  paperGradientJ,
  populationGradientL,
  populationLossJ,
  populationLossL,
} from "./singleRelu.js";
import { allTestPairs } from "./singleReluFixtures.js";
import { reluGeometry, teacherStudentPair } from "./singleReluGeometry.js";

test("populationGradientL (Tian) equals the central-difference gradient of populationLossL", () => {
  for (const { label, w, wStar } of allTestPairs()) {
    const fd = centralGradient((x) => populationLossL(x, wStar), w, FD_STEP);
    assertClose(populationGradientL(w, wStar), fd, { relative: FD_GRADIENT_RELATIVE }, `${label}: grad L`);
  }
});

test("exactGradientJ equals the central-difference gradient of populationLossJ", () => {
  for (const { label, w, wStar } of allTestPairs()) {
    const fd = centralGradient((x) => populationLossJ(x, wStar), w, FD_STEP);
    assertClose(exactGradientJ(w, wStar), fd, { relative: FD_GRADIENT_RELATIVE }, `${label}: grad J`);
  }
});

test("paperGradientJ differs from the FD gradient of populationLossJ by exactly the indicator-jump term", () => {
  for (const { label, w, wStar } of allTestPairs()) {
    const fd = centralGradient((x) => populationLossJ(x, wStar), w, FD_STEP);
    const missing = sub(fd, paperGradientJ(w, wStar));
    assertClose(missing, indicatorJumpTermJ(w, wStar), { relative: FD_GRADIENT_RELATIVE }, `${label}: FD grad J - paper grad J`);
    // The missing term has norm |w*| cos(theta) / (2 pi): far above FD noise, so paperGradientJ fails the check.
    const { normWStar, cosTheta } = reluGeometry(w, wStar);
    assertClose(norm(missing), (normWStar * cosTheta) / (2 * Math.PI), { relative: FD_GRADIENT_RELATIVE }, `${label}: its norm`);
    assert.throws(() => assertClose(paperGradientJ(w, wStar), fd, { relative: FD_GRADIENT_RELATIVE }, `${label}: paper grad J`));
  }
});

test("the paper's two forms of grad J agree: (pi - theta)/(2 pi) (w - w*) + theta/(2 pi) w = w/2 - (pi - theta)/(2 pi) w*", () => {
  for (const { label, w, wStar } of allTestPairs()) {
    const { theta } = reluGeometry(w, wStar);
    const printed = sub(scale((Math.PI - theta) / (2 * Math.PI), sub(w, wStar)), scale(-theta / (2 * Math.PI), w));
    assertClose(paperGradientJ(w, wStar), printed, { relative: IDENTITY_RELATIVE }, `${label}: paper grad J`);
  }
});

test("populationLossJ equals populationLossL + |w| |w*| sin(theta) / (2 pi), a cone along the line through w*", () => {
  for (const { label, w, wStar } of allTestPairs()) {
    const { normW, normWStar, sinTheta } = reluGeometry(w, wStar);
    const expected = populationLossL(w, wStar) + (normW * normWStar * sinTheta) / (2 * Math.PI);
    assertClose(populationLossJ(w, wStar), expected, { relative: IDENTITY_RELATIVE }, `${label}: J - L`);
  }
});

test("J is not differentiable at w = w*: its one-sided slopes across the teacher direction differ by |w*|/pi", () => {
  const { wStar } = teacherStudentPair(3, 0, 1.4);
  const h = ONE_SIDED_STEP;
  const across = (t: number): number[] => [wStar[0], t, 0];
  const slopeRight = (populationLossJ(across(h), wStar) - populationLossJ(across(0), wStar)) / h;
  const slopeLeft = (populationLossJ(across(0), wStar) - populationLossJ(across(-h), wStar)) / h;
  // J(w* + t e2) ~ |w*| |t| / (2 pi): a kink of size |w*| / pi at the minimiser.
  assertClose(slopeRight - slopeLeft, 1.4 / Math.PI, { relative: FD_ONE_SIDED_RELATIVE }, "jump of the slope of J across w*");
  // L is smooth there: its one-sided slopes agree to O(h).
  const lossL = (t: number): number => populationLossL(across(t), wStar);
  assertClose((lossL(h) - lossL(0)) / h, (lossL(0) - lossL(-h)) / h, { absolute: FD_ONE_SIDED_RELATIVE }, "L has no kink at w*");
});

test("the gradient checks detect a DETECTABLE_PERTURBATION change of a coefficient", () => {
  for (const { label, w, wStar } of allTestPairs()) {
    const fdL = centralGradient((x) => populationLossL(x, wStar), w, FD_STEP);
    const perturbedL = populationGradientL(w, wStar).map((g, i) => g + DETECTABLE_PERTURBATION * w[i]);
    assert.ok(relativeDifference(perturbedL, fdL) > 10 * FD_GRADIENT_RELATIVE, `${label}: perturbed grad L caught`);
    const fdJ = centralGradient((x) => populationLossJ(x, wStar), w, FD_STEP);
    const perturbedJ = exactGradientJ(w, wStar).map((g, i) => g + DETECTABLE_PERTURBATION * wStar[i]);
    assert.ok(relativeDifference(perturbedJ, fdJ) > 10 * FD_GRADIENT_RELATIVE, `${label}: perturbed grad J caught`);
  }
});

test("both losses vanish at w = w* and grad L vanishes there", () => {
  const wStar = [0.3, -1.2, 0.8];
  assertClose([populationLossL(wStar, wStar), populationLossJ(wStar, wStar)], [0, 0], { absolute: IDENTITY_RELATIVE }, "losses");
  assertClose(populationGradientL(wStar, wStar), [0, 0, 0], { absolute: IDENTITY_RELATIVE }, "grad L");
});

test("the indicator-jump term only speeds up the decay of V = |w - w*|^2: -(w - w*).term = -|w*|^2 sin(theta) cos(theta) / (2 pi)", () => {
  for (const { label, w, wStar } of allTestPairs()) {
    const { normWStar, sinTheta, cosTheta } = reluGeometry(w, wStar);
    const term = indicatorJumpTermJ(w, wStar);
    const rate = -sub(w, wStar).reduce((s, x, i) => s + x * term[i], 0);
    assertClose(rate, -(normWStar ** 2 * sinTheta * cosTheta) / (2 * Math.PI), { relative: IDENTITY_RELATIVE }, `${label}: extra dV/dt`);
    assert.ok(rate < 0, `${label}: extra dV/dt is negative for theta < pi/2`);
  }
});
