import { test } from "node:test";
import assert from "node:assert/strict";
import { Matrix } from "ml-matrix";
import { add, conditionNumber, dot, eigenvalues, norm, outer, scale, sub, symmetricPart } from "./linalg.js";
import { assertClose } from "./assertClose.js";
import { EIGEN_RELATIVE, IDENTITY_RELATIVE } from "./tolerances.js";

test("vector helpers compute dot, norm, scale, add, sub and outer", () => {
  assert.equal(dot([1, 2, 3], [4, -5, 6]), 12);
  assert.equal(norm([3, 4]), 5);
  assert.deepEqual(scale(2, [1, -1]), [2, -2]);
  assert.deepEqual(add([1, 2], [3, 4]), [4, 6]);
  assert.deepEqual(sub([1, 2], [3, 4]), [-2, -2]);
  assert.deepEqual(outer([1, 2], [3, 4, 5]).to2DArray(), [
    [3, 4, 5],
    [6, 8, 10],
  ]);
  assert.throws(() => dot([1], [1, 2]), /equal lengths, got 1 and 2/);
});

test("eigenvalues of a non-symmetric upper-triangular matrix are its diagonal, sorted by modulus", () => {
  const A = new Matrix([
    [3, 1, 7, -2],
    [0, -0.5, 4, 1],
    [0, 0, 2, 9],
    [0, 0, 0, -5],
  ]);
  const eigs = eigenvalues(A);
  assertClose(eigs.real, [-0.5, 2, 3, -5], { relative: EIGEN_RELATIVE }, "real parts");
  assertClose(eigs.imaginary, [0, 0, 0, 0], { absolute: EIGEN_RELATIVE }, "imaginary parts");
  assertClose(eigs.modulus, [0.5, 2, 3, 5], { relative: EIGEN_RELATIVE }, "moduli");
  assertClose(conditionNumber(eigs), 10, { relative: EIGEN_RELATIVE }, "kappa = 5 / 0.5");
});

test("eigenvalues returns the complex pair of a rotation-scaling block", () => {
  // [[a, -b], [b, a]] has eigenvalues a +- i b.
  const eigs = eigenvalues(new Matrix([
    [1, -2, 0],
    [2, 1, 0],
    [0, 0, 0.5],
  ]));
  assertClose(eigs.modulus, [0.5, Math.sqrt(5), Math.sqrt(5)], { relative: EIGEN_RELATIVE }, "moduli");
  assertClose(eigs.imaginary.slice(1).sort(), [-2, 2], { relative: EIGEN_RELATIVE }, "imaginary parts");
});

test("symmetricPart returns (A + A^T) / 2", () => {
  const A = new Matrix([
    [1, 2],
    [4, 3],
  ]);
  assertClose(symmetricPart(A), new Matrix([
    [1, 3],
    [3, 3],
  ]), { absolute: IDENTITY_RELATIVE }, "symmetric part");
});
