import { test } from "node:test";
import assert from "node:assert/strict";
import { assertClose } from "../numeric/assertClose.js";
import { eigenvalues } from "../numeric/linalg.js";
import { CONVERGED_DISTANCE, DECAY_RATE_RELATIVE, RK4_DIAGONAL_ABSOLUTE } from "../numeric/tolerancesKNode.js";
import { decayRate, diagonalSolution, distanceToTeacher, reducedFlowTrajectory } from "./kNodeFlow.js";
import { diagonalSaddlePrinted, eigenvaluesM3Printed, linearisationL2, oneSidedLinearisationH1 } from "./kNodeSymmetricFixedPoints.js";

const KS = [2, 3, 4, 5, 6, 7, 8];
/** Starting points in Omega (and one on its edge y = 0). */
const STARTS: readonly [number, number][] = [[0.9, 0.05], [0.3, 0.2], [0.99, 0.9], [0.6, 0]];

test("Theorem 2.12 (1): from points of Omega the reduced H1 flow (and the L2 flow) reach (1, 0), K = 2..8", () => {
  for (const K of KS) {
    for (const flow of ["L2", "H1"] as const) {
      for (const start of STARTS) {
        const trajectory = reducedFlowTrajectory(K, start, flow, { tEnd: 60 });
        const distance = distanceToTeacher(trajectory.states[trajectory.states.length - 1]);
        assert.ok(distance < CONVERGED_DISTANCE, `K=${K}, ${flow}, start (${start}): distance ${distance} at t = 60`);
        assert.ok(trajectory.states.every(([x, y]) => y >= 0 && x > y), `K=${K}, ${flow}, start (${start}): left Omega`);
      }
    }
  }
});

test("Theorem 2.12 (3): on the diagonal x(t) = x* + (x(0) - x*) exp(-rate t), not the printed (x(0) - x*) exp(-rate t)", () => {
  for (const K of [2, 5, 8]) {
    for (const flow of ["L2", "H1"] as const) {
      const x0 = 0.9;
      const trajectory = reducedFlowTrajectory(K, [x0, x0], flow, { tEnd: 2, step: 0.001 });
      trajectory.times.forEach((t, k) => {
        const [x, y] = trajectory.states[k];
        if (k % 500 === 0) {
          assertClose([x, y], [diagonalSolution(K, flow, x0, t), diagonalSolution(K, flow, x0, t)], { absolute: RK4_DIAGONAL_ABSOLUTE }, `K=${K}, ${flow}, t=${t}`);
        }
      });
      const tEnd = trajectory.times[trajectory.times.length - 1];
      const rate = flow === "L2" ? K / 2 : K;
      const printedLiteral = (x0 - diagonalSaddlePrinted(K, flow)) * Math.exp(-rate * tEnd);
      assert.throws(() => assertClose(trajectory.states[trajectory.states.length - 1][0], printedLiteral, { absolute: RK4_DIAGONAL_ABSOLUTE }, "literal"), /not close/);
    }
  }
});

test("the decay rate near (1, 0) is the smallest eigenvalue of linearisationL2 (L2) and of the one-sided H1 matrix (H1), not 1/4 and 1/2", () => {
  for (const K of KS) {
    for (const flow of ["L2", "H1"] as const) {
      const M = flow === "L2" ? linearisationL2(K) : oneSidedLinearisationH1(K, "y>=0");
      const slowest = eigenvalues(M).real[0];
      const printed = (flow === "L2" ? 1 : 2) * eigenvaluesM3Printed(K, "proof")[0];
      for (const start of STARTS.slice(0, 2)) {
        const rate = decayRate(reducedFlowTrajectory(K, start, flow, { tEnd: 60 }));
        assertClose(rate, slowest, { relative: DECAY_RATE_RELATIVE }, `K=${K}, ${flow}, start (${start})`);
        assert.throws(() => assertClose(rate, printed, { relative: DECAY_RATE_RELATIVE }, `K=${K}, ${flow}: printed`), /not close/);
      }
    }
  }
});

test("the H1 flow decays faster than the L2 flow near (1, 0), by a factor between 1 and 2, not the factor 2 of Theorem 2.12 (2)", () => {
  for (const K of KS) {
    const ratio = eigenvalues(oneSidedLinearisationH1(K, "y>=0")).real[0] / eigenvalues(linearisationL2(K)).real[0];
    assert.ok(ratio > 1 && ratio < 2, `K=${K}: rate ratio ${ratio}`);
  }
});

test("decayRate checks its window", () => {
  const trajectory = reducedFlowTrajectory(2, [0.9, 0.05], "L2", { tEnd: 1 });
  assert.throws(() => decayRate(trajectory), /need >= 3 states/);
  assert.throws(() => decayRate(trajectory, { minDistance: 1, maxDistance: 0.5 }), /minDistance < maxDistance/);
});
