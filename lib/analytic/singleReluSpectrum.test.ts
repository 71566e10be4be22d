import { test } from "node:test";
import assert from "node:assert/strict";
import { Matrix } from "ml-matrix";
import { assertClose } from "../numeric/assertClose.js";
import { conditionNumber, dot, eigenvalues, norm, scale } from "../numeric/linalg.js";
import { BOUNDARY_MARGIN, CLEARLY_NONZERO, DETECTABLE_PERTURBATION, EIGEN_RELATIVE } from "../numeric/tolerances.js";
import { allTestPairs, type LabelledPair } from "./singleReluFixtures.js";
import { reluGeometry, teacherStudentPair } from "./singleReluGeometry.js";
import { exactHessianH, hessianHPaper, hessianL, inPlaneDirection } from "./singleReluHessians.js";
import {
  conditionNumberExactH,
  conditionNumberH,
  conditionNumberL,
  convexityBoundH,
  convexityBoundL,
  eigenvaluesExactHessianH,
  eigenvaluesHessianHPaper,
  eigenvaluesHessianL,
  inRegionS,
  inRegionSPrime,
  type SingleReluSpectrum,
} from "./singleReluSpectrum.js";

type MatrixOf = (w: number[], wStar: number[]) => Matrix;
type SpectrumOf = (w: number[], wStar: number[]) => SingleReluSpectrum;

/** ml-matrix eigenvalues of A, checked real, sorted increasingly (signed). */
function sortedRealEigenvalues(A: Matrix, what: string): number[] {
  const eigs = eigenvalues(A);
  assertClose(eigs.imaginary, eigs.imaginary.map(() => 0), { absolute: EIGEN_RELATIVE }, `${what}: imaginary parts`);
  return eigs.real.slice().sort((x, y) => x - y);
}

/** A unit vector orthogonal to u and v (d >= 3): the last coordinate vector, Gram-Schmidt against v and e. */
function bulkVector({ w, wStar }: LabelledPair): number[] {
  const { v } = reluGeometry(w, wStar);
  let z: number[] = w.map((_, i) => (i === w.length - 1 ? 1 : 0));
  for (const b of [v, inPlaneDirection(w, wStar)]) {
    const zb = dot(z, b);
    z = z.map((x, i) => x - zb * b[i]);
  }
  return scale(1 / norm(z), z);
}

function checkSpectrum(matrixOf: MatrixOf, spectrumOf: SpectrumOf, name: string): void {
  for (const pair of allTestPairs()) {
    const { label, w, wStar } = pair;
    const A = matrixOf(w, wStar);
    const spectrum = spectrumOf(w, wStar);
    assertClose(spectrum.values, sortedRealEigenvalues(A, `${label}: ${name}`), { relative: EIGEN_RELATIVE }, `${label}: ${name} eigenvalues`);
    for (const { value, eigenvector } of [spectrum.alongV, spectrum.inPlane]) {
      const image = A.mmul(Matrix.columnVector(eigenvector)).to1DArray();
      assertClose(image, eigenvector.map((x) => value * x), { relative: EIGEN_RELATIVE }, `${label}: ${name} eigenpair ${value}`);
    }
    if (w.length >= 3) {
      const z = bulkVector(pair);
      const image = A.mmul(Matrix.columnVector(z)).to1DArray();
      assertClose(image, z.map((x) => spectrum.bulk.value * x), { relative: EIGEN_RELATIVE }, `${label}: ${name} bulk eigenvector`);
    }
  }
}

test("eigenvaluesHessianL (1/2, 1/2 - 2 alpha s^2, 1/2 - alpha s^2 x (d-2)) matches ml-matrix eigenpairs of hessianL", () => {
  checkSpectrum(hessianL, eigenvaluesHessianL, "hess L");
});

test("eigenvaluesHessianHPaper (1, 1 - 3 alpha s^2, 1 - alpha s^2 x (d-2)) matches ml-matrix eigenpairs of hessianHPaper", () => {
  checkSpectrum(hessianHPaper, eigenvaluesHessianHPaper, "paper hess H");
});

test("eigenvaluesExactHessianH (1, 1 - 4 alpha s^2, 1 + alpha cos 2theta x (d-2)) matches ml-matrix eigenpairs of exactHessianH", () => {
  checkSpectrum(exactHessianH, eigenvaluesExactHessianH, "exact hess H");
});

test("the multiplicity-(d-2) eigenvalue of hessianL is 1/2 - alpha sin^2 theta, not the printed 1/2 - sin^2 theta", () => {
  const { w, wStar } = teacherStudentPair(7, 0.7, 1.3);
  const { alpha, sinTheta } = reluGeometry(w, wStar);
  const computed = sortedRealEigenvalues(hessianL(w, wStar), "hess L, d = 7");
  const bulk = 0.5 - alpha * sinTheta ** 2;
  assert.equal(computed.filter((x) => Math.abs(x - bulk) < EIGEN_RELATIVE).length, 5, "1/2 - alpha s^2 has multiplicity 5");
  const printed = 0.5 - sinTheta ** 2;
  const distance = Math.min(...computed.map((x) => Math.abs(x - printed)));
  assert.ok(distance > CLEARLY_NONZERO, `printed bulk ${printed} is ${distance} away from every eigenvalue of ${computed}`);
});

test("conditionNumberL and conditionNumberH equal |lambda|max / |lambda|min of hessianL and hessianHPaper inside S", () => {
  let checked = 0;
  for (const { label, w, wStar } of allTestPairs()) {
    if (!inRegionS(w, wStar)) continue;
    checked++;
    assertClose(conditionNumberL(w, wStar), conditionNumber(eigenvalues(hessianL(w, wStar))), { relative: EIGEN_RELATIVE }, `${label}: kappa L`);
    assertClose(conditionNumberH(w, wStar), conditionNumber(eigenvalues(hessianHPaper(w, wStar))), { relative: EIGEN_RELATIVE }, `${label}: kappa H`);
  }
  assert.ok(checked >= 8, `only ${checked} test pairs lie in S`);
});

test("the printed kappa inequality of Theorem 2.5's statement is reversed: kappa(H) = 1/(1 - 3 alpha s^2) < 1/(1 - 4 alpha s^2) = kappa(L)", () => {
  for (const { label, w, wStar } of allTestPairs()) {
    if (!inRegionS(w, wStar)) continue;
    const { alpha, sinTheta } = reluGeometry(w, wStar);
    const x = alpha * sinTheta ** 2;
    const kappaH = conditionNumber(eigenvalues(hessianHPaper(w, wStar)));
    const kappaL = conditionNumber(eigenvalues(hessianL(w, wStar)));
    // The statement prints kappa(H) = 1/(1 - 4x) and kappa(L) = 1/(1 - 3x), and claims the first is smaller.
    const statementKappaH = 1 / (1 - 4 * x);
    const statementKappaL = 1 / (1 - 3 * x);
    assert.ok(!(statementKappaH < statementKappaL), `${label}: the printed inequality 1/(1-4x) < 1/(1-3x) is false for x = ${x}`);
    assert.ok(Math.abs(kappaH - statementKappaH) > CLEARLY_NONZERO, `${label}: eigenvalues give kappa(H) = ${kappaH}, not ${statementKappaH}`);
    assertClose(kappaH, statementKappaL, { relative: EIGEN_RELATIVE }, `${label}: kappa(H) is the statement's kappa(L)`);
    assertClose(kappaL, statementKappaH, { relative: EIGEN_RELATIVE }, `${label}: kappa(L) is the statement's kappa(H)`);
    assert.ok(kappaH < kappaL, `${label}: the proof's conclusion kappa(H) < kappa(L) holds`);
  }
});

test("conditionNumberExactH equals |lambda|max / |lambda|min of exactHessianH", () => {
  for (const { label, w, wStar } of allTestPairs()) {
    assertClose(conditionNumberExactH(w, wStar), conditionNumber(eigenvalues(exactHessianH(w, wStar))), { relative: EIGEN_RELATIVE }, `${label}: kappa exact H`);
  }
});

test("kappa(exactHessianH) = kappa(hessianL) max(1, 1 + alpha cos 2theta): never better, worse in d >= 3 when theta < pi/4", () => {
  let worse = 0;
  for (const { label, w, wStar } of allTestPairs()) {
    if (!inRegionS(w, wStar)) continue;
    const { alpha, theta } = reluGeometry(w, wStar);
    const factor = w.length === 2 ? 1 : Math.max(1, 1 + alpha * Math.cos(2 * theta));
    const kappaExactH = conditionNumber(eigenvalues(exactHessianH(w, wStar)));
    assertClose(kappaExactH, conditionNumberL(w, wStar) * factor, { relative: EIGEN_RELATIVE }, `${label}: kappa exact H`);
    if (factor > 1) worse++;
  }
  assert.ok(worse > 0, "some test pair has d >= 3 and theta < pi/4");
  // Near the teacher direction the bulk eigenvalue 1 + alpha cos 2theta grows like 1/theta (the kink of J).
  const { w, wStar } = teacherStudentPair(3, 0.01, 1);
  assert.ok(conditionNumberExactH(w, wStar) > 10, "kappa of the exact Hessian blows up as theta -> 0");
});

test("Remark 2.7: lambda_min(hessianL) > 0 exactly on S and lambda_min(hessianHPaper) > 0 exactly on S'", () => {
  let inSPrimeNotS = 0;
  for (let i = 1; i < 40; i++) {
    for (const ratio of [0.5, 1, 2, 3, 5]) {
      const { w, wStar } = teacherStudentPair(3, (i * Math.PI) / 40, ratio);
      const { sinTheta } = reluGeometry(w, wStar);
      const minL = sortedRealEigenvalues(hessianL(w, wStar), "hess L")[0];
      const minH = sortedRealEigenvalues(hessianHPaper(w, wStar), "paper hess H")[0];
      const label = `theta = ${i} pi / 40, ratio = ${ratio}`;
      if (Math.abs(sinTheta - convexityBoundL(w, wStar)) > BOUNDARY_MARGIN) assert.equal(minL > 0, inRegionS(w, wStar), `${label}: S`);
      if (Math.abs(sinTheta - convexityBoundH(w, wStar)) > BOUNDARY_MARGIN) assert.equal(minH > 0, inRegionSPrime(w, wStar), `${label}: S'`);
      if (inRegionSPrime(w, wStar) && !inRegionS(w, wStar)) inSPrimeNotS++;
    }
  }
  assert.ok(inSPrimeNotS > 0, "the sweep reaches S' \\ S");
});

test("the exact Hessian of L + J is positive definite on S only, not on the larger S' of Remark 2.7", () => {
  for (let i = 1; i < 40; i++) {
    for (const ratio of [0.5, 1, 2, 3, 5]) {
      const { w, wStar } = teacherStudentPair(3, (i * Math.PI) / 40, ratio);
      if (Math.abs(reluGeometry(w, wStar).sinTheta - convexityBoundL(w, wStar)) < BOUNDARY_MARGIN) continue;
      const minExact = sortedRealEigenvalues(exactHessianH(w, wStar), "exact hess H")[0];
      assert.equal(minExact > 0, inRegionS(w, wStar), `theta = ${i} pi / 40, ratio = ${ratio}`);
    }
  }
});

test("the eigenvalue checks detect a DETECTABLE_PERTURBATION change of alpha in each closed form", () => {
  for (const { label, w, wStar } of allTestPairs()) {
    const cases: [Matrix, SingleReluSpectrum, number][] = [
      [hessianL(w, wStar), eigenvaluesHessianL(w, wStar), 0.5],
      [hessianHPaper(w, wStar), eigenvaluesHessianHPaper(w, wStar), 1],
      [exactHessianH(w, wStar), eigenvaluesExactHessianH(w, wStar), 1],
    ];
    for (const [A, spectrum, shift] of cases) {
      // Every closed-form eigenvalue is shift + alpha * (something); alpha -> (1 + delta) alpha.
      const perturbed = spectrum.values.map((x) => shift + (1 + DETECTABLE_PERTURBATION) * (x - shift));
      assert.throws(() => assertClose(perturbed, sortedRealEigenvalues(A, label), { relative: EIGEN_RELATIVE }, `${label}: perturbed`));
    }
  }
});
