import { test } from "node:test";
import assert from "node:assert/strict";
import { selectBackend } from "../backend/index.js";
import { assertClose } from "../numeric/assertClose.js";
import { centralGradient, centralJacobian } from "../numeric/finiteDifferences.js";
import { FD_GRADIENT_RELATIVE, FD_JACOBIAN_RELATIVE, FD_STEP, IDENTITY_RELATIVE } from "../numeric/tolerances.js";
import { referenceForward, withParameters } from "./referenceMlp.js";
import { pointsAwayFromKinks, TEST_SEED, testModels } from "./testing.js";
import { KINK_MARGIN } from "./tolerances.js";

await selectBackend();

for (const { label, make } of testModels()) {
  for (const d of [1, 2]) {
    test(`referenceForward (${label}, d = ${d}): its gradient and Hessian equal central differences of its value and gradient`, () => {
      const model = make(1, d);
      const layers = model.snapshot(0);
      model.dispose();
      for (const x of pointsAwayFromKinks([layers], 3, d, TEST_SEED + d, KINK_MARGIN)) {
        const jet = referenceForward(layers, x);
        const fdGradient = centralGradient((y) => referenceForward(layers, y).value, x, FD_STEP);
        assertClose(jet.gradient, fdGradient, { relative: FD_GRADIENT_RELATIVE }, `${label} at [${x}]: gradient`);
        const fdHessian = centralJacobian((y) => referenceForward(layers, y).gradient, x, FD_STEP);
        jet.hessian.forEach((row, i) => assertClose(row, fdHessian[i], { relative: FD_JACOBIAN_RELATIVE }, `${label} at [${x}]: Hessian row ${i}`));
        jet.hessian.forEach((row, i) => assertClose(row, jet.hessian.map((r) => r[i]), { relative: IDENTITY_RELATIVE }, `${label}: Hessian symmetric`));
      }
    });
  }
}

test("referenceForward with omitCurvatureTerm fails the Hessian check for tanh (the check sees a dropped term)", () => {
  const tanh = testModels().find((m) => m.label === "MLP tanh")!.make(1, 2);
  const layers = tanh.snapshot(0);
  tanh.dispose();
  const x = [0.4, -0.8];
  const mutated = referenceForward(layers, x, { omitCurvatureTerm: true });
  const fdHessian = centralJacobian((y) => referenceForward(layers, y).gradient, x, FD_STEP);
  assert.throws(() => assertClose(mutated.hessian[0], fdHessian[0], { relative: FD_JACOBIAN_RELATIVE }, "mutated Hessian row 0"), /not close/);
});

test("withParameters round-trips a model's parameters and rejects a vector of the wrong length", () => {
  const model = testModels().find((m) => m.label === "Fourier features")!.make(2, 2);
  const layers = model.snapshot(1);
  const parameters = model.parameters(1);
  model.dispose();
  const rebuilt = withParameters(layers, parameters);
  assert.deepEqual(referenceForward(rebuilt, [0.3, 0.2]), referenceForward(layers, [0.3, 0.2]));
  assert.throws(() => withParameters(layers, parameters.subarray(1)), /withParameters: the layers have \d+ trainable parameters, got \d+/);
});
