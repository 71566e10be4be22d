import { test } from "node:test";
import assert from "node:assert/strict";
import { assertClose } from "../numeric/assertClose.js";
import { centralGradient } from "../numeric/finiteDifferences.js";
import { SeededRandom } from "../numeric/random.js";
import { KINKED_FD_RELATIVE } from "../numeric/tolerancesKNode.js";
import { CLEARLY_NONZERO, DETECTABLE_PERTURBATION, FD_GRADIENT_RELATIVE, FD_STEP, IDENTITY_RELATIVE } from "../numeric/tolerances.js";
import { kNodeLossH, kNodeLossL } from "./kNode.js";
import {
  REDUCED_FLOW_GRADIENTS,
  inOmega,
  reducedFieldExactH,
  reducedFieldFromGradient,
  reducedFieldPrinted,
  symmetricFamilyAngles,
  symmetricFamilyDefect,
  symmetricStudent,
} from "./kNodeSymmetric.js";
import { angleBetween } from "./singleReluGeometry.js";

const KS = [2, 3, 4, 5, 6, 7, 8];

/** Seeded points of Omega = {0 < x <= 1, 0 <= y <= 1, x > y} with x - y >= 0.05 and y >= 0.02. */
function omegaPoints(K: number, count = 4): [number, number][] {
  const rng = new SeededRandom(700 + K);
  const points: [number, number][] = [];
  while (points.length < count) {
    const x = 0.1 + 0.9 * rng.uniform();
    const y = 0.02 + (x - 0.07) * rng.uniform();
    if (inOmega(x, y)) points.push([x, y]);
  }
  return points;
}

test("Lemma B.1: the printed cosines give the angles between the rows of eq. (3) and the teacher", () => {
  for (const K of KS) {
    for (const [x, y] of omegaPoints(K)) {
      const W = symmetricStudent(K, x, y);
      const e = symmetricStudent(K, 1, 0);
      const { alpha, theta, phi, phiStar } = symmetricFamilyAngles(K, x, y);
      const label = `K=${K}, (x, y) = (${x}, ${y})`;
      assertClose(alpha, 1 / Math.hypot(...W[0]), { relative: IDENTITY_RELATIVE }, `${label}: alpha`);
      assertClose([theta, phi, phiStar], [angleBetween(W[0], e[0]), angleBetween(W[0], W[1]), angleBetween(W[0], e[1])], { absolute: IDENTITY_RELATIVE }, `${label}: angles`);
      assertClose(Math.cos(phi), alpha * alpha * (2 * x * y + (K - 2) * y * y), { absolute: IDENTITY_RELATIVE }, `${label}: cos phi, first form`);
    }
  }
});

test("Lemma B.1 (1) and (3) hold in Omega: phi, phi* <= pi/2, theta < arccos(1/sqrt K), phi* > phi (y > 0), phi* > theta", () => {
  for (const K of KS) {
    for (const [x, y] of omegaPoints(K, 20)) {
      const { theta, phi, phiStar } = symmetricFamilyAngles(K, x, y);
      const label = `K=${K}, (x, y) = (${x}, ${y})`;
      assert.ok(phi <= Math.PI / 2 && phiStar <= Math.PI / 2, `${label}: phi = ${phi}, phi* = ${phiStar}`);
      assert.ok(theta < Math.acos(1 / Math.sqrt(K)), `${label}: theta = ${theta}`);
      assert.ok(phiStar > phi && phiStar > theta, `${label}: phi* = ${phiStar}, phi = ${phi}, theta = ${theta}`);
    }
    const onAxis = symmetricFamilyAngles(K, 0.6, 0);
    assertClose(onAxis.phiStar - onAxis.phi, 0, { absolute: IDENTITY_RELATIVE }, `K=${K}: phi* = phi on y = 0`);
  }
});

test("eqs. (16)-(17) as printed are the full K-node field of eq. (15) read off at w_1, for K = 2..8", () => {
  for (const K of KS) {
    for (const [x, y] of omegaPoints(K)) {
      for (const flow of ["L2", "H1"] as const) {
        const full = reducedFieldFromGradient(K, x, y, REDUCED_FLOW_GRADIENTS[flow]);
        assertClose(reducedFieldPrinted(K, x, y, flow), full, { relative: IDENTITY_RELATIVE }, `K=${K}, (${x}, ${y}), ${flow}`);
      }
    }
  }
});

test("the family of eq. (3) is invariant: the full field at W = x I + y (1 1^T - I) has the same form (L2, printed H1, exact H1)", () => {
  for (const K of KS) {
    for (const [x, y] of omegaPoints(K)) {
      for (const name of ["L2", "H1", "H1exact"] as const) {
        const defect = symmetricFamilyDefect(K, x, y, REDUCED_FLOW_GRADIENTS[name]);
        assert.ok(defect <= IDENTITY_RELATIVE, `K=${K}, (${x}, ${y}), ${name}: distance from the family ${defect}`);
      }
    }
  }
});

test("the reduced L2 flow is -(dL/dx / K, dL/dy / (K (K-1))) of L on the family; the printed H1 flow is not that of H, the exact one is", () => {
  for (const K of [2, 3, 5, 8]) {
    for (const [x, y] of omegaPoints(K, 2)) {
      const label = `K=${K}, (${x}, ${y})`;
      const metric = (g: number[]): number[] => [-g[0] / K, -g[1] / (K * (K - 1))];
      const gradL = centralGradient((z) => kNodeLossL(symmetricStudent(K, z[0], z[1]), symmetricStudent(K, 1, 0)), [x, y], FD_STEP);
      assertClose(reducedFieldPrinted(K, x, y, "L2"), metric(gradL), { relative: FD_GRADIENT_RELATIVE }, `${label}: L2`);
      const gradH = metric(centralGradient((z) => kNodeLossH(symmetricStudent(K, z[0], z[1]), symmetricStudent(K, 1, 0)), [x, y], FD_STEP));
      assertClose(reducedFieldExactH(K, x, y), gradH, { relative: FD_GRADIENT_RELATIVE }, `${label}: exact H1`);
      assert.throws(() => assertClose(reducedFieldPrinted(K, x, y, "H1"), gradH, { relative: FD_GRADIENT_RELATIVE }, `${label}: printed H1`), /not close/);
    }
  }
});

test("the projection check detects a DETECTABLE_PERTURBATION of the factor 2 in eq. (17)", () => {
  const [K, x, y] = [4, 0.7, 0.2];
  const printed = reducedFieldPrinted(K, x, y, "H1");
  const l2 = reducedFieldPrinted(K, x, y, "L2");
  // m = 2 + delta: field_m = c (x, y)/(2 pi) - m B/(2 pi) is affine in m, so field_{2+delta} = field_2 + delta (field_2 - field_1).
  const perturbed = printed.map((v, i) => v + DETECTABLE_PERTURBATION * (printed[i] - l2[i]));
  const full = reducedFieldFromGradient(K, x, y, REDUCED_FLOW_GRADIENTS.H1);
  assert.throws(() => assertClose(perturbed, full, { relative: IDENTITY_RELATIVE }, "perturbed eq. (17)"), /not close/);
});

test("Lemma B.2 (1), (2): on y = 0 the H1 field gives -2 pi ydot = -pi (x - 1) >= 0, on x = 1 the printed f2 and f2 < 0", () => {
  for (const K of KS) {
    for (const x of [0.2, 0.5, 0.9]) {
      const f1 = 2 * Math.PI * reducedFieldPrinted(K, x, 0, "H1")[1];
      assertClose(f1, -Math.PI * (x - 1), { relative: IDENTITY_RELATIVE }, `K=${K}, x=${x}: f1`);
    }
    for (const y of [0.05, 0.3, 0.6, 0.95]) {
      const { alpha, theta, phi, phiStar } = symmetricFamilyAngles(K, 1, y);
      const printedF2 = -(K - 1) * (-alpha * Math.sin(phiStar) + Math.sin(phi) + 2 * (Math.PI - phi) * y) + alpha * Math.sin(theta) - 2 * theta;
      const f2 = 2 * Math.PI * reducedFieldPrinted(K, 1, y, "H1")[0];
      assertClose(printedF2, f2, { relative: IDENTITY_RELATIVE }, `K=${K}, y=${y}: f2`);
      assert.ok(f2 < 0, `K=${K}, y=${y}: f2 = ${f2} should be < 0`);
    }
  }
});

test("Lemma B.2 (3): the printed right-hand side of f3 is <(f4, f5), (1, -1)> >= 0, not the printed <(-f4, f5), (1, -1)>", () => {
  for (const K of KS) {
    for (const [y, epsilon] of [[0.1, 0.01], [0.3, 0.05], [0.5, 0.2]]) {
      const x = y + epsilon;
      const { alpha, theta, phi, phiStar } = symmetricFamilyAngles(K, x, y);
      const rhs = 2 * phiStar - 2 * theta - 2 * epsilon * phi + ((K - 1) * (alpha * Math.sin(phiStar) - Math.sin(phi)) + alpha * Math.sin(theta)) * epsilon;
      const [f4, f5] = reducedFieldPrinted(K, x, y, "H1").map((v) => 2 * Math.PI * v);
      const label = `K=${K}, (${x}, ${y})`;
      assertClose(rhs, f4 - f5, { relative: IDENTITY_RELATIVE }, `${label}: f3 = f4 - f5`);
      assert.ok(rhs >= 0, `${label}: f3 = ${rhs}`);
      assert.ok(Math.abs(rhs - (-f4 - f5)) > CLEARLY_NONZERO, `${label}: printed definition -f4 - f5 = ${-f4 - f5} should differ`);
    }
  }
});

test("the exact-gradient H1 flow jumps across y = 0, the printed one does not", () => {
  const [K, x, h] = [4, 0.7, 1e-9];
  const jump = reducedFieldExactH(K, x, h)[1] - reducedFieldExactH(K, x, -h)[1];
  assert.ok(Math.abs(jump) > CLEARLY_NONZERO, `jump of ydot across y = 0: ${jump}`);
  const printedJump = reducedFieldPrinted(K, x, h, "H1")[1] - reducedFieldPrinted(K, x, -h, "H1")[1];
  assert.ok(Math.abs(printedJump) < KINKED_FD_RELATIVE, `printed ydot jump ${printedJump}`);
});

test("the symmetric-family functions check their arguments", () => {
  assert.throws(() => symmetricStudent(1, 0.5, 0.1), /K must be an integer >= 2/);
  assert.throws(() => symmetricFamilyAngles(3, 0, 0), /nonzero/);
});
