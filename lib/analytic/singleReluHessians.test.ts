import { test } from "node:test";
import assert from "node:assert/strict";
import { Matrix } from "ml-matrix";
import { assertClose, maxAbsDifference, relativeDifference } from "../numeric/assertClose.js";
import { centralJacobian } from "../numeric/finiteDifferences.js";
import { outer } from "../numeric/linalg.js";
import {
  CLEARLY_NONZERO,
  DETECTABLE_PERTURBATION,
  FD_JACOBIAN_RELATIVE,
  FD_STEP,
  IDENTITY_RELATIVE,
} from "../numeric/tolerances.js";
import { exactGradientJ, paperGradientJ, populationGradientL } from "./singleRelu.js";
import { allTestPairs } from "./singleReluFixtures.js";
import { reluGeometry } from "./singleReluGeometry.js";
import {
  exactHessianH,
  exactHessianJ,
  hessianHPaper,
  hessianHPaperAppendixPrint,
  hessianL,
  hessianLAppendixPrint,
  inPlaneDirection,
  jacobianPaperGradientJ,
} from "./singleReluHessians.js";

type Field = (w: number[], wStar: number[]) => number[];
const sumFields = (f: Field, g: Field): Field => (w, wStar) => {
  const a = f(w, wStar);
  const b = g(w, wStar);
  return a.map((x, i) => x + b[i]);
};
const fdJacobian = (field: Field, w: number[], wStar: number[]): Matrix =>
  new Matrix(centralJacobian((x) => field(x, wStar), w, FD_STEP));

test("hessianL equals the central-difference Jacobian of populationGradientL", () => {
  for (const { label, w, wStar } of allTestPairs()) {
    assertClose(hessianL(w, wStar), fdJacobian(populationGradientL, w, wStar), { relative: FD_JACOBIAN_RELATIVE }, `${label}: hess L`);
  }
});

test("hessianL is symmetric", () => {
  for (const { label, w, wStar } of allTestPairs()) {
    const H = hessianL(w, wStar);
    assertClose(H, H.transpose(), { relative: IDENTITY_RELATIVE }, `${label}: hess L vs its transpose`);
  }
});

test("hessianLAppendixPrint (v v^T for v u^T) disagrees with the FD Jacobian by -alpha cos(theta) v u^T (I - v v^T)", () => {
  for (const { label, w, wStar } of allTestPairs()) {
    const fd = fdJacobian(populationGradientL, w, wStar);
    const { u, v, alpha, cosTheta, normW, normWStar } = reluGeometry(w, wStar);
    const misprint = Matrix.sub(hessianLAppendixPrint(w, wStar), fd);
    const expected = outer(v, u).mmul(Matrix.sub(Matrix.eye(w.length), outer(v, v))).mul(-alpha * cosTheta);
    assertClose(misprint, expected, { relative: FD_JACOBIAN_RELATIVE }, `${label}: appendix print - FD`);
    // Its Frobenius (= spectral, rank one) norm is alpha cos(theta) sin(theta) = |w*| cos(theta) / (2 pi |w|), far above FD noise.
    assert.ok(expected.norm("frobenius") > CLEARLY_NONZERO, `${label}: misprint is visible`);
    assertClose(expected.norm("frobenius"), (normWStar * cosTheta) / (2 * Math.PI * normW), { relative: IDENTITY_RELATIVE }, `${label}: size`);
    const hessianHMisprint = Matrix.sub(hessianHPaperAppendixPrint(w, wStar), hessianHPaper(w, wStar));
    assertClose(hessianHMisprint, expected, { relative: IDENTITY_RELATIVE }, `${label}: same misprint in H`);
  }
});

test("jacobianPaperGradientJ equals the central-difference Jacobian of paperGradientJ and is not symmetric", () => {
  for (const { label, w, wStar } of allTestPairs()) {
    const J = jacobianPaperGradientJ(w, wStar);
    assertClose(J, fdJacobian(paperGradientJ, w, wStar), { relative: FD_JACOBIAN_RELATIVE }, `${label}: Jacobian of paper grad J`);
    // J - J^T = alpha cos(theta) (v u^T - u v^T): Frobenius norm sqrt(2) alpha cos(theta) sin(theta).
    const { alpha, cosTheta, sinTheta } = reluGeometry(w, wStar);
    assertClose(Matrix.sub(J, J.transpose()).norm("frobenius"), Math.SQRT2 * alpha * cosTheta * sinTheta, { relative: IDENTITY_RELATIVE }, `${label}: asymmetry`);
  }
});

test("hessianHPaper equals the central-difference Jacobian of populationGradientL + paperGradientJ", () => {
  for (const { label, w, wStar } of allTestPairs()) {
    const fd = fdJacobian(sumFields(populationGradientL, paperGradientJ), w, wStar);
    assertClose(hessianHPaper(w, wStar), fd, { relative: FD_JACOBIAN_RELATIVE }, `${label}: paper hess H`);
    assertClose(hessianHPaper(w, wStar), Matrix.add(hessianL(w, wStar), jacobianPaperGradientJ(w, wStar)), { relative: IDENTITY_RELATIVE }, `${label}: sum form`);
  }
});

test("hessianHPaper is not symmetric, so it is not the Hessian of any loss", () => {
  for (const { label, w, wStar } of allTestPairs()) {
    const H = hessianHPaper(w, wStar);
    const { alpha, cosTheta, sinTheta } = reluGeometry(w, wStar);
    const asymmetry = maxAbsDifference(H, H.transpose());
    assert.ok(asymmetry > CLEARLY_NONZERO, `${label}: max |H - H^T| = ${asymmetry} should be clearly nonzero`);
    assertClose(Matrix.sub(H, H.transpose()).norm("frobenius"), Math.SQRT2 * alpha * cosTheta * sinTheta, { relative: IDENTITY_RELATIVE }, `${label}: asymmetry`);
  }
});

test("exactHessianJ equals the central-difference Jacobian of exactGradientJ", () => {
  for (const { label, w, wStar } of allTestPairs()) {
    assertClose(exactHessianJ(w, wStar), fdJacobian(exactGradientJ, w, wStar), { relative: FD_JACOBIAN_RELATIVE }, `${label}: hess J`);
  }
});

test("exactHessianH equals the central-difference Jacobian of the exact gradient of L + J and is symmetric", () => {
  for (const { label, w, wStar } of allTestPairs()) {
    const H = exactHessianH(w, wStar);
    const fd = fdJacobian(sumFields(populationGradientL, exactGradientJ), w, wStar);
    assertClose(H, fd, { relative: FD_JACOBIAN_RELATIVE }, `${label}: hess H`);
    assertClose(H, H.transpose(), { relative: IDENTITY_RELATIVE }, `${label}: symmetry`);
  }
});

test("exactHessianH = hessianL + exactHessianJ = 2 hessianL + alpha Q, Q the projector onto span{u, v}^perp", () => {
  for (const { label, w, wStar } of allTestPairs()) {
    const { v, alpha } = reluGeometry(w, wStar);
    const e = inPlaneDirection(w, wStar);
    const Q = Matrix.eye(w.length).sub(outer(v, v)).sub(outer(e, e));
    const H = exactHessianH(w, wStar);
    assertClose(H, Matrix.add(hessianL(w, wStar), exactHessianJ(w, wStar)), { relative: IDENTITY_RELATIVE }, `${label}: L + J`);
    assertClose(H, hessianL(w, wStar).mul(2).add(Q.mul(alpha)), { relative: IDENTITY_RELATIVE }, `${label}: 2L + alpha Q`);
  }
});

test("exactHessianH differs from hessianHPaper by more than FD noise", () => {
  for (const { label, w, wStar } of allTestPairs()) {
    const gap = relativeDifference(hessianHPaper(w, wStar), exactHessianH(w, wStar));
    assert.ok(gap > CLEARLY_NONZERO, `${label}: relative gap ${gap}`);
  }
});

test("the Hessian checks detect a DETECTABLE_PERTURBATION change of alpha", () => {
  for (const { label, w, wStar } of allTestPairs()) {
    const fdL = fdJacobian(populationGradientL, w, wStar);
    // alpha -> (1 + delta) alpha scales hessianL - I/2 by (1 + delta).
    const perturbedL = Matrix.sub(hessianL(w, wStar), Matrix.eye(w.length).mul(0.5)).mul(1 + DETECTABLE_PERTURBATION).add(Matrix.eye(w.length).mul(0.5));
    assert.throws(() => assertClose(perturbedL, fdL, { relative: FD_JACOBIAN_RELATIVE }, `${label}: perturbed hess L`));
    const fdH = fdJacobian(sumFields(populationGradientL, exactGradientJ), w, wStar);
    const perturbedH = Matrix.sub(exactHessianH(w, wStar), Matrix.eye(w.length)).mul(1 + DETECTABLE_PERTURBATION).add(Matrix.eye(w.length));
    assert.throws(() => assertClose(perturbedH, fdH, { relative: FD_JACOBIAN_RELATIVE }, `${label}: perturbed hess H`));
  }
});

test("eq. (2) formulas return NaN where sin theta = 0 (alpha is undefined there)", () => {
  const H = hessianL([2, 0, 0], [1, 0, 0]);
  assert.ok(H.to1DArray().some(Number.isNaN));
});
