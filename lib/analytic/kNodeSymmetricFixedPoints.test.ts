import { test } from "node:test";
import assert from "node:assert/strict";
import { Matrix } from "ml-matrix";
import { assertClose } from "../numeric/assertClose.js";
import { centralJacobian } from "../numeric/finiteDifferences.js";
import { eigenvalues } from "../numeric/linalg.js";
import { CLEARLY_NONZERO, DETECTABLE_PERTURBATION, EIGEN_RELATIVE, IDENTITY_RELATIVE } from "../numeric/tolerances.js";
import {
  KINKED_FD_RELATIVE,
  KINKED_FD_STEP,
  KINKED_ONE_SIDED_RELATIVE,
  KINKED_ONE_SIDED_STEP,
  ROOT_ABSOLUTE,
} from "../numeric/tolerancesKNode.js";
import { reducedFieldPrinted, type SobolevFlow } from "./kNodeSymmetric.js";
import {
  diagonalFixedPoint,
  diagonalRatePrinted,
  diagonalSaddlePrinted,
  directionalDerivativeH1,
  eigenvaluesLinearisationL2,
  eigenvaluesM3Printed,
  jacobianF4F5Printed,
  linearisationL2,
  matrixM3Printed,
  oneSidedLinearisationH1,
} from "./kNodeSymmetricFixedPoints.js";

const KS = [2, 3, 4, 5, 6, 7, 8];
const FLOWS: readonly SobolevFlow[] = ["L2", "H1"];

/** -(one-sided Jacobian) of a reduced field at (1, 0): central in x, forward (side +1) or backward (-1) in y. */
function oneSidedMinusJacobian(K: number, flow: SobolevFlow, side: 1 | -1): Matrix {
  const h = KINKED_ONE_SIDED_STEP;
  const f = (x: number, y: number): [number, number] => reducedFieldPrinted(K, x, y, flow);
  const [xp, xm, y1, y0] = [f(1 + h, 0), f(1 - h, 0), f(1, side * h), f(1, 0)];
  return new Matrix([0, 1].map((k) => [-(xp[k] - xm[k]) / (2 * h), (-(y1[k] - y0[k]) / h) * side]));
}

test("(1, 0) is a fixed point of the reduced L2 and H1 flows for K = 2..8", () => {
  for (const K of KS) for (const flow of FLOWS) assertClose(reducedFieldPrinted(K, 1, 0, flow), [0, 0], { absolute: IDENTITY_RELATIVE }, `K=${K}, ${flow}`);
});

test("Theorem 2.12 (3): the diagonal is invariant and the fixed points found by bisection equal the printed x*_L2 and x*_H1", () => {
  for (const K of KS) {
    for (const flow of FLOWS) {
      for (const x of [0.2, 0.6, 1]) {
        const [xdot, ydot] = reducedFieldPrinted(K, x, x, flow);
        assertClose(xdot, ydot, { absolute: IDENTITY_RELATIVE }, `K=${K}, ${flow}, x=${x}: xdot = ydot on the diagonal`);
      }
      assertClose(diagonalFixedPoint(K, flow), diagonalSaddlePrinted(K, flow), { absolute: ROOT_ABSOLUTE }, `K=${K}, ${flow}: saddle`);
    }
  }
});

test("a DETECTABLE_PERTURBATION of the printed saddle formula fails the root check", () => {
  const K = 5;
  const theta0 = Math.acos(1 / Math.sqrt(K));
  const perturbed = (Math.sqrt(K - 1) - (1 + DETECTABLE_PERTURBATION) * theta0 + Math.PI) / (Math.PI * K);
  assert.throws(() => assertClose(diagonalFixedPoint(K, "L2"), perturbed, { absolute: ROOT_ABSOLUTE }, "perturbed x*_L2"), /not close/);
});

test("eqs. (20)-(21) hold exactly on the diagonal: xdot(x, x) = -(K/2)(x - x*_L2) and -K (x - x*_H1)", () => {
  for (const K of KS) {
    for (const flow of FLOWS) {
      for (const x of [0.1, 0.45, 0.8]) {
        const expected = -diagonalRatePrinted(K, flow) * (x - diagonalSaddlePrinted(K, flow));
        assertClose(reducedFieldPrinted(K, x, x, flow)[0], expected, { relative: IDENTITY_RELATIVE }, `K=${K}, ${flow}, x=${x}`);
      }
    }
  }
});

test("the diagonal fixed points are saddles: attracting along the diagonal, the flow leaves it into Omega (Lemma B.2 (3))", () => {
  for (const K of KS) {
    for (const flow of FLOWS) {
      const xStar = diagonalFixedPoint(K, flow);
      for (const epsilon of [1e-3, 1e-2]) {
        const [xdot, ydot] = reducedFieldPrinted(K, xStar + epsilon, xStar, flow);
        assert.ok(xdot - ydot > 0, `K=${K}, ${flow}, epsilon=${epsilon}: x - y should grow, got ${xdot - ydot}`);
      }
    }
  }
});

test("M3 as printed in the proof has eigenvalues 1/4, (K+1)/4 and eigenvectors (K-1, -1), (1, 1); the statement's pi/2, pi(K+1)/2 are 2 pi times those", () => {
  for (const K of KS) {
    const M3 = matrixM3Printed(K);
    assertClose(eigenvalues(M3).real, eigenvaluesM3Printed(K, "proof"), { relative: EIGEN_RELATIVE }, `K=${K}: eig M3`);
    const statement = eigenvaluesM3Printed(K, "statement");
    assertClose(statement.map((v) => v / (2 * Math.PI)), eigenvaluesM3Printed(K, "proof"), { relative: IDENTITY_RELATIVE }, `K=${K}: statement / (2 pi)`);
    assertClose(M3.mmul(Matrix.columnVector([K - 1, -1])).to1DArray(), [(K - 1) / 4, -1 / 4], { relative: IDENTITY_RELATIVE }, `K=${K}: M3 v1`);
    assertClose(M3.mmul(Matrix.columnVector([1, 1])).to1DArray(), [(K + 1) / 4, (K + 1) / 4], { relative: IDENTITY_RELATIVE }, `K=${K}: M3 v2`);
  }
});

test("the L2 flow of eq. (16) is differentiable at (1, 0) with -Jacobian linearisationL2(K), not the printed M3", () => {
  for (const K of KS) {
    // The field is C^1 but not C^2 at (1, 0) (a |y| y term), so central differences err by O(h): KINKED_FD_*.
    const minusJacobian = new Matrix(centralJacobian((z) => reducedFieldPrinted(K, z[0], z[1], "L2"), [1, 0], KINKED_FD_STEP)).mul(-1);
    assertClose(minusJacobian, linearisationL2(K), { relative: KINKED_FD_RELATIVE }, `K=${K}: -J of eq. (16)`);
    assert.throws(() => assertClose(minusJacobian, matrixM3Printed(K), { relative: KINKED_FD_RELATIVE }, `K=${K}: M3`), /not close/);
    const perturbed = linearisationL2(K).add(new Matrix([[DETECTABLE_PERTURBATION, 0], [0, 0]]));
    assert.throws(() => assertClose(minusJacobian, perturbed, { relative: KINKED_FD_RELATIVE }, `K=${K}: perturbed`), /not close/);
    // The printed partials of f4, f5 (= 2 pi xdot, 2 pi ydot): the off-diagonal ones hold, the diagonal ones miss
    // -(K-1) and -1, the Hessian cross moments E[1[x_j > 0] x_j] E[1[x_k > 0] x_k] = 1/(2 pi) times 2 pi.
    const gap = Matrix.sub(jacobianF4F5Printed(K), linearisationL2(K).mul(-2 * Math.PI));
    assertClose(gap, new Matrix([[K - 1, 0], [0, 1]]), { relative: IDENTITY_RELATIVE }, `K=${K}: printed - true partials`);
  }
});

test("eigenvaluesLinearisationL2 gives the eigenvalues of M_L, of the central-difference -Jacobian of eq. (16), and 1/4 + 1/(2 pi), 3/4 + 1/(2 pi) for K = 2", () => {
  for (const K of KS) {
    const closed = eigenvaluesLinearisationL2(K);
    assertClose(closed, [...eigenvalues(linearisationL2(K)).real].sort((a, b) => a - b), { relative: EIGEN_RELATIVE }, `K=${K}: eig M_L`);
    const minusJacobian = new Matrix(centralJacobian((z) => reducedFieldPrinted(K, z[0], z[1], "L2"), [1, 0], KINKED_FD_STEP)).mul(-1);
    assertClose(closed, [...eigenvalues(minusJacobian).real].sort((a, b) => a - b), { relative: KINKED_FD_RELATIVE }, `K=${K}: eig of -J of eq. (16)`);
    assert.throws(() => assertClose(closed, eigenvaluesM3Printed(K, "proof"), { relative: KINKED_FD_RELATIVE }, `K=${K}: eig M3`), /not close/);
  }
  assertClose(eigenvaluesLinearisationL2(2), [0.25 + 1 / (2 * Math.PI), 0.75 + 1 / (2 * Math.PI)], { relative: IDENTITY_RELATIVE }, "K=2");
  assert.throws(() => eigenvaluesLinearisationL2(1), /K must be an integer >= 2/);
});

test("the H1 flow of eq. (17) has different one-sided Jacobians in y at (1, 0): it is not differentiable there", () => {
  for (const K of KS) {
    for (const [side, name] of [[1, "y>=0"], [-1, "y<=0"]] as const) {
      assertClose(oneSidedMinusJacobian(K, "H1", side), oneSidedLinearisationH1(K, name), { relative: KINKED_ONE_SIDED_RELATIVE }, `K=${K}: H1 from ${name}`);
    }
    const jump = oneSidedMinusJacobian(K, "H1", 1).get(0, 1) - oneSidedMinusJacobian(K, "H1", -1).get(0, 1);
    assertClose(jump, Math.sqrt(K - 1) / Math.PI, { relative: KINKED_ONE_SIDED_RELATIVE }, `K=${K}: jump of d xdot / dy`);
    assert.ok(jump > CLEARLY_NONZERO);
    // The L2 flow has no such jump.
    assertClose(oneSidedMinusJacobian(K, "L2", 1), oneSidedMinusJacobian(K, "L2", -1), { relative: KINKED_ONE_SIDED_RELATIVE }, `K=${K}: L2 smooth`);
  }
});

test("inside Omega the H1 linearisation is neither 2 M3 (printed) nor twice the L2 one", () => {
  for (const K of KS) {
    const fromInside = oneSidedMinusJacobian(K, "H1", 1);
    assert.throws(() => assertClose(fromInside, matrixM3Printed(K).mul(2), { relative: KINKED_ONE_SIDED_RELATIVE }, `K=${K}: 2 M3`), /not close/);
    assert.throws(() => assertClose(fromInside, linearisationL2(K).mul(2), { relative: KINKED_ONE_SIDED_RELATIVE }, `K=${K}: 2 M_L`), /not close/);
    const gap = Matrix.sub(linearisationL2(K).mul(2), oneSidedLinearisationH1(K, "y>=0"));
    const expected = new Matrix([[(K - 1) / (2 * Math.PI), -Math.sqrt(K - 1) / (2 * Math.PI)], [0, 0]]);
    assertClose(gap, expected, { absolute: IDENTITY_RELATIVE }, `K=${K}: 2 M_L - M_H^+`);
  }
});

test("the H1 flow's directional derivatives at (1, 0) match directionalDerivativeH1 along several directions", () => {
  const h = KINKED_ONE_SIDED_STEP;
  for (const K of [2, 4, 8]) {
    for (const angle of [0.3, 1.9, 2.8, 4.0, 5.5]) {
      const [dx, dy] = [Math.cos(angle), Math.sin(angle)];
      const f = reducedFieldPrinted(K, 1 + h * dx, h * dy, "H1").map((v) => v / h);
      assertClose(f, directionalDerivativeH1(K, dx, dy), { relative: KINKED_ONE_SIDED_RELATIVE }, `K=${K}, direction ${angle}`);
    }
  }
});

test("the linearisations are stable: the eigenvalues of linearisationL2 and of the one-sided H1 matrix are real and positive", () => {
  for (const K of KS) {
    for (const M of [linearisationL2(K), oneSidedLinearisationH1(K, "y>=0")]) {
      const eig = eigenvalues(M);
      assert.ok(eig.imaginary.every((v) => v === 0) && eig.real.every((v) => v > 0), `K=${K}: eigenvalues ${eig.real}, ${eig.imaginary}`);
    }
  }
});

test("the fixed-point helpers check their arguments", () => {
  assert.throws(() => matrixM3Printed(1), /K must be an integer >= 2/);
  assert.throws(() => diagonalFixedPoint(3, "L2", 0.9, 1), /change sign/);
});
