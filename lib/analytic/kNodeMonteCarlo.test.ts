import { test } from "node:test";
import assert from "node:assert/strict";
import { assertWithinStandardErrors } from "../numeric/assertClose.js";
import { SeededRandom } from "../numeric/random.js";
import { MC_SIGMAS } from "../numeric/tolerances.js";
import { kNodeExactGradientJ, kNodeExpectedGradientJ, kNodeGradientL, kNodePaperGradientH, orthonormalTeacher } from "./kNode.js";
import { monteCarloKNodeGradients } from "./kNodeMonteCarlo.js";
import { symmetricStudent } from "./kNodeSymmetric.js";

const SAMPLES = 100_000;

/** A generic student near the orthonormal teacher (K = 3), and a point of the family of eq. (3) (K = 4). */
const STUDENTS = [
  { label: "K=3 generic", W: [[0.9, 0.3, -0.2], [0.1, 0.7, 0.4], [-0.3, 0.2, 1.2]], WStar: orthonormalTeacher(3) },
  { label: "K=4 family (x, y) = (0.7, 0.2)", W: symmetricStudent(4, 0.7, 0.2), WStar: orthonormalTeacher(4) },
];

test("eq. (15), L line: kNodeGradientL is the mean per-sample autodiff gradient of L within MC_SIGMAS standard errors", () => {
  const rng = new SeededRandom(515);
  for (const { label, W, WStar } of STUDENTS) {
    const { L } = monteCarloKNodeGradients(W, WStar, SAMPLES, rng);
    assertWithinStandardErrors(L.mean, L.standardError, kNodeGradientL(W, WStar).flat(), MC_SIGMAS, `${label}: grad L`);
  }
});

test("eq. (15), H line: the printed field is the mean per-sample autodiff gradient of H; the exact gradient of J is not the autodiff mean", () => {
  const rng = new SeededRandom(516);
  for (const { label, W, WStar } of STUDENTS) {
    const { L, J } = monteCarloKNodeGradients(W, WStar, SAMPLES, rng);
    assertWithinStandardErrors(J.mean, J.standardError, kNodeExpectedGradientJ(W, WStar).flat(), MC_SIGMAS, `${label}: E autodiff grad J`);
    // H = L + J per sample, so the autodiff mean of H is L.mean + J.mean; bound its error by the sum of the two errors.
    const meanH = L.mean.map((v, i) => v + J.mean[i]);
    const errorH = L.standardError.map((v, i) => v + J.standardError[i]);
    assertWithinStandardErrors(meanH, errorH, kNodePaperGradientH(W, WStar).flat(), MC_SIGMAS, `${label}: printed grad H`);
    assert.throws(
      () => assertWithinStandardErrors(J.mean, J.standardError, kNodeExactGradientJ(W, WStar).flat(), MC_SIGMAS, `${label}: exact grad J`),
      /not within/,
    );
  }
});

test("monteCarloKNodeGradients is reproducible from the seed and checks its arguments", () => {
  const { W, WStar } = STUDENTS[0];
  assert.deepEqual(monteCarloKNodeGradients(W, WStar, 500, new SeededRandom(9)), monteCarloKNodeGradients(W, WStar, 500, new SeededRandom(9)));
  assert.throws(() => monteCarloKNodeGradients(W, WStar, 1, new SeededRandom(9)), /n must be an integer >= 2/);
  assert.throws(() => monteCarloKNodeGradients([[1, 0]], WStar, 10, new SeededRandom(9)), /length d = 2/);
});
