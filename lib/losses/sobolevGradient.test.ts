/**
 * The project's gradient check (DESIGN.md: every derivative loss, every activation): the tfjs parameter
 * gradient of sobolevLoss, one reverse pass through the forward-propagated input derivatives, equals the
 * float64 central-difference gradient of the reference loss (lib/models/referenceMlp.ts), coordinate by
 * coordinate, for every model of the test zoo and the L2, H1 and H2 losses (and the H1, H2 semi-norm terms
 * alone, and H1 with per-entry gradient weights, the authors' interior-only finite-difference loss); and the check fails when the
 * φ″ J_i J_j term of the Hessian propagation is dropped.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { selectBackend } from "../backend/index.js";
import { activation, type Activation } from "../models/activations.js";
import { LayeredNetwork } from "../models/layeredNetwork.js";
import { denseStackInit, denseStackSpecs } from "../models/mlp.js";
import { pointsAwayFromKinks, TEST_SEED, TEST_WIDTHS, testModels } from "../models/testing.js";
import { GRADIENT_CHECK_RELATIVE, KINK_MARGIN, PARAMETER_FD_STEP } from "../models/tolerances.js";
import { SeededRandom } from "../numeric/random.js";
import { h1Weights, h2Weights, l2Weights } from "./sobolev.js";
import { disposeBatch, gradientCheckError, memberGradient, referenceGradient, targetBatch, withGradientWeights } from "./testing.js";

await selectBackend();

type Batch = ReturnType<typeof targetBatch>;
const unweighted = (batch: Batch): Batch => batch;
/**
 * The three losses, the H1 and H2 semi-norm terms alone (whose gradients the value term could hide), and H1 with
 * per-entry gradient weights (the authors' interior-only finite-difference loss of Fig. 7).
 */
const LOSSES = [
  ["L2", l2Weights(), unweighted], ["H1", h1Weights(), unweighted], ["H2", h2Weights(), unweighted],
  ["|·|H1 only", [0, 1], unweighted], ["|·|H2 only", [0, 0, 1], unweighted], ["H1 with gradient entries weighted", h1Weights(), withGradientWeights],
] as const;
const ENSEMBLE = 2;
const POINTS = 6;

for (const { label, make, piecewiseLinear } of testModels()) {
  for (const [lossName, weights, batchOf] of LOSSES) {
    // A piecewise-linear network has ∇²u = 0 wherever it is differentiable: its H2 term alone is constant.
    if (piecewiseLinear && lossName === "|·|H2 only") continue;
    test(`the tfjs ${lossName} parameter gradient of ${label} equals central differences of the float64 reference loss, for each member`, (t) => {
      const model = make(ENSEMBLE, 2);
      const members = Array.from({ length: ENSEMBLE }, (_, s) => model.snapshot(s));
      const { arrays, tensors } = batchOf(targetBatch(pointsAwayFromKinks(members, POINTS, 2, TEST_SEED + 3, KINK_MARGIN)));
      const errors = members.map((layers, s) => {
        const got = memberGradient(model, tensors, weights, s);
        const expected = referenceGradient(layers, model.parameters(s), arrays, weights, PARAMETER_FD_STEP);
        const error = gradientCheckError(got, expected);
        assert.ok(error <= GRADIENT_CHECK_RELATIVE, `${label} ${lossName} member ${s}: gradient check error ${error} > ${GRADIENT_CHECK_RELATIVE}\n  got:      [${Array.from(got)}]\n  expected: [${Array.from(expected)}]`);
        return error;
      });
      t.diagnostic(`gradient check error (max over members): ${Math.max(...errors).toExponential(2)}`);
      disposeBatch(tensors);
      model.dispose();
    });
  }
}

/** tanh with φ″ reported as identically zero: the forward pass then drops φ″ J_z,i J_z,j from every Hessian. */
function tanhWithoutCurvature(): Activation {
  const tanh = activation("tanh");
  return { ...tanh, jet: (z, order) => ({ ...tanh.jet(z, order), second: null }) };
}

test("the gradient check detects a dropped φ″ J J term: tanh H2 with it omitted fails, yet matches a reference omitting it too", (t) => {
  const sizes = [2, ...TEST_WIDTHS, 1];
  const initial = [denseStackInit(new SeededRandom(TEST_SEED), sizes, "pytorch")];
  const model = new LayeredNetwork("mutated tanh MLP", 2, denseStackSpecs(sizes, tanhWithoutCurvature()), initial);
  const layers = model.snapshot(0);
  const { arrays, tensors } = targetBatch(pointsAwayFromKinks([layers], POINTS, 2, TEST_SEED + 3, KINK_MARGIN));
  const got = memberGradient(model, tensors, h2Weights(), 0);
  const correct = referenceGradient(layers, model.parameters(0), arrays, h2Weights(), PARAMETER_FD_STEP);
  const mutated = referenceGradient(layers, model.parameters(0), arrays, h2Weights(), PARAMETER_FD_STEP, { omitCurvatureTerm: true });
  const error = gradientCheckError(got, correct);
  t.diagnostic(`gradient check error with the term dropped: ${error.toExponential(2)}`);
  assert.ok(error > 10 * GRADIENT_CHECK_RELATIVE, `dropping φ″ J J should fail the check by far, got error ${error}`);
  assert.ok(gradientCheckError(got, mutated) <= GRADIENT_CHECK_RELATIVE, "the mutated model matches the mutated reference");
  disposeBatch(tensors);
  model.dispose();
});
