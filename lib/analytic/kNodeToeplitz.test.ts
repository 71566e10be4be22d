import { test } from "node:test";
import assert from "node:assert/strict";
import { Matrix } from "ml-matrix";
import { assertClose } from "../numeric/assertClose.js";
import { centralJacobian } from "../numeric/finiteDifferences.js";
import { eigenvalues, norm } from "../numeric/linalg.js";
import { SeededRandom } from "../numeric/random.js";
import { CLEARLY_NONZERO, DETECTABLE_PERTURBATION, EIGEN_RELATIVE, IDENTITY_RELATIVE } from "../numeric/tolerances.js";
import { KINKED_FD_RELATIVE, KINKED_FD_STEP, KINKED_ONE_SIDED_RELATIVE, KINKED_ONE_SIDED_STEP } from "../numeric/tolerancesKNode.js";
import { reducedFieldPrinted, symmetricStudent } from "./kNodeSymmetric.js";
import { linearisationL2 } from "./kNodeSymmetricFixedPoints.js";
import {
  toeplitzDirectionalDerivative,
  toeplitzFamilyDefect,
  toeplitzFieldPrinted29,
  toeplitzFieldW1,
  toeplitzLinearPart,
  toeplitzMatrixPrinted,
  toeplitzStudent,
} from "./kNodeToeplitz.js";

const KS = [3, 4, 5, 6, 7, 8];
const e1 = (K: number): number[] => Array.from({ length: K }, (_, i) => (i === 0 ? 1 : 0));

/** A generic Toeplitz student near the teacher: t = e_1 + small seeded noise. */
function genericT(K: number): number[] {
  const rng = new SeededRandom(900 + K);
  return e1(K).map((v) => v + 0.25 * (rng.uniform() - 0.3));
}

/** A symmetric circulant t (t_j = t_{K+2-j}, 1-based), which makes T(t) circulant. */
function circulantT(K: number): number[] {
  const t = genericT(K);
  return t.map((v, i) => (i === 0 ? v : 0.5 * (t[i] + t[K - i])));
}

test("the Toeplitz family contains eq. (3) and for K = 2 its w_1 flow is the reduced flow of eqs. (16)-(17)", () => {
  for (const K of [2, ...KS]) {
    const t = [0.7, ...new Array<number>(K - 1).fill(0.2)];
    assert.deepEqual(toeplitzStudent(t), symmetricStudent(K, 0.7, 0.2));
  }
  for (const flow of ["L2", "H1"] as const) {
    assertClose(toeplitzFieldW1([0.8, 0.15], flow), reducedFieldPrinted(2, 0.8, 0.15, flow), { relative: IDENTITY_RELATIVE }, `K=2, ${flow}`);
  }
});

test("t = e_1 (the teacher) is a fixed point of the w_1 flow of eq. (28) for K = 3..8", () => {
  for (const K of KS) for (const flow of ["L2", "H1"] as const) assertClose(toeplitzFieldW1(e1(K), flow), new Array<number>(K).fill(0), { absolute: IDENTITY_RELATIVE }, `K=${K}, ${flow}`);
});

test("for K >= 3 the full flow leaves the Toeplitz family at generic t; it stays when T(t) is circulant or K = 2", () => {
  for (const K of KS) {
    for (const flow of ["L2", "H1"] as const) {
      const generic = toeplitzFamilyDefect(genericT(K), flow);
      assert.ok(generic > CLEARLY_NONZERO, `K=${K}, ${flow}: defect ${generic} at generic t should be clearly nonzero`);
      const circulant = toeplitzFamilyDefect(circulantT(K), flow);
      assert.ok(circulant <= IDENTITY_RELATIVE, `K=${K}, ${flow}: defect ${circulant} at circulant t should vanish`);
    }
  }
  assert.ok(toeplitzFamilyDefect([0.8, 0.15], "H1") <= IDENTITY_RELATIVE);
});

test("eq. (29) as printed equals eq. (15) when all rows have equal norm (circulant t), not at generic Toeplitz t (K >= 3)", () => {
  for (const K of KS) {
    for (const flow of ["L2", "H1"] as const) {
      assertClose(toeplitzFieldPrinted29(circulantT(K), flow), toeplitzFieldW1(circulantT(K), flow), { relative: IDENTITY_RELATIVE }, `K=${K}, ${flow}: circulant`);
      const t = [0.8, 0.3, ...new Array<number>(K - 2).fill(0.05)];
      const gap = Math.max(...toeplitzFieldPrinted29(t, flow).map((v, i) => Math.abs(v - toeplitzFieldW1(t, flow)[i])));
      assert.ok(gap > CLEARLY_NONZERO, `K=${K}, ${flow}: eq. (29) - eq. (15) = ${gap}`);
    }
  }
});

test("the printed M of eq. (35) has eigenvalues (K+1)/4 once and 1/4 (K-1 times)", () => {
  for (const K of KS) {
    const expected = [...new Array<number>(K - 1).fill(0.25), (K + 1) / 4];
    assertClose(eigenvalues(toeplitzMatrixPrinted(K)).real, expected, { relative: EIGEN_RELATIVE }, `K=${K}`);
  }
});

test("the L2 w_1 flow at t = e_1 has -Jacobian toeplitzLinearPart(K, L2), not the printed M of eq. (35)", () => {
  for (const K of KS) {
    const minusJacobian = new Matrix(centralJacobian((t) => toeplitzFieldW1(t, "L2"), e1(K), KINKED_FD_STEP)).mul(-1);
    assertClose(minusJacobian, toeplitzLinearPart(K, "L2"), { relative: KINKED_FD_RELATIVE }, `K=${K}: -J`);
    assert.throws(() => assertClose(minusJacobian, toeplitzMatrixPrinted(K), { relative: KINKED_FD_RELATIVE }, `K=${K}: M`), /not close/);
    const perturbed = toeplitzLinearPart(K, "L2").add(Matrix.eye(K).mul(DETECTABLE_PERTURBATION));
    assert.throws(() => assertClose(minusJacobian, perturbed, { relative: KINKED_FD_RELATIVE }, `K=${K}: perturbed`), /not close/);
    // Eq. (29) agrees with eq. (15) to first order at the teacher (the row norms all equal t_1 + O(|dt|^2)).
    const printed29 = new Matrix(centralJacobian((t) => toeplitzFieldPrinted29(t, "L2"), e1(K), KINKED_FD_STEP)).mul(-1);
    assertClose(printed29, toeplitzLinearPart(K, "L2"), { relative: KINKED_FD_RELATIVE }, `K=${K}: -J of eq. (29)`);
  }
});

test("the L2 linear part's eigenvalues are those of linearisationL2(K), 1/4 + 1/(2 pi) (floor((K-2)/2) times) and 1/2 + 1/(2 pi) (floor((K-1)/2) times)", () => {
  for (const K of KS) {
    const eig = eigenvalues(toeplitzLinearPart(K, "L2"));
    assert.ok(eig.imaginary.every((v) => v === 0), `K=${K}: complex eigenvalues ${eig.imaginary}`);
    const expected = [
      ...eigenvalues(linearisationL2(K)).real,
      ...new Array<number>(Math.floor((K - 2) / 2)).fill(0.25 + 1 / (2 * Math.PI)),
      ...new Array<number>(Math.floor((K - 1) / 2)).fill(0.5 + 1 / (2 * Math.PI)),
    ].sort((a, b) => a - b);
    assertClose(eig.real, expected, { relative: EIGEN_RELATIVE }, `K=${K}: spectrum`);
  }
});

test("the H1 w_1 flow has a kink at the teacher: one-sided directional derivatives match toeplitzDirectionalDerivative and D(h) + D(-h) = -|h_2..K|/pi e_1", () => {
  const rng = new SeededRandom(77);
  const step = KINKED_ONE_SIDED_STEP;
  for (const K of KS) {
    for (let trial = 0; trial < 3; trial++) {
      const h = rng.gaussianVector(K);
      const along = (sign: number): number[] => toeplitzFieldW1(e1(K).map((v, i) => v + sign * step * h[i]), "H1").map((v) => v / step);
      assertClose(along(1), toeplitzDirectionalDerivative(h, "H1"), { relative: KINKED_ONE_SIDED_RELATIVE }, `K=${K}, trial ${trial}: D(h)`);
      const sum = along(1).map((v, i) => v + along(-1)[i]);
      const expected = e1(K).map((v) => (-v * norm(h.slice(1))) / Math.PI);
      assertClose(sum, expected, { relative: KINKED_ONE_SIDED_RELATIVE }, `K=${K}, trial ${trial}: D(h) + D(-h)`);
      assert.ok(Math.abs(sum[0]) > CLEARLY_NONZERO);
    }
  }
});

test("the H1 linear part is 2 A_L - (K-1)/(2 pi) e_1 e_1^T, not 2 M (eq. (36))", () => {
  for (const K of KS) {
    const expected = toeplitzLinearPart(K, "L2").mul(2);
    expected.set(0, 0, expected.get(0, 0) - (K - 1) / (2 * Math.PI));
    assertClose(toeplitzLinearPart(K, "H1"), expected, { relative: IDENTITY_RELATIVE }, `K=${K}`);
    assert.throws(() => assertClose(toeplitzLinearPart(K, "H1"), toeplitzMatrixPrinted(K).mul(2), { relative: KINKED_ONE_SIDED_RELATIVE }, `K=${K}: 2 M`), /not close/);
  }
});

test("the Toeplitz functions check their arguments", () => {
  assert.throws(() => toeplitzStudent([1]), /length K >= 2/);
  assert.throws(() => toeplitzMatrixPrinted(1), /K must be an integer >= 2/);
});
