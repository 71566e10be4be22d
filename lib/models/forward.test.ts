import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../backend/index.js";
import { assertClose, relativeDifference } from "../numeric/assertClose.js";
import { referenceForward } from "./referenceMlp.js";
import { memberPointValues, pointsAwayFromKinks, TEST_SEED, testModels } from "./testing.js";
import { FORWARD_FLOAT32_RELATIVE, KINK_MARGIN } from "./tolerances.js";

await selectBackend();

for (const { label, make } of testModels()) {
  for (const S of [1, 3]) {
    test(`forward(x, order) of ${label} (ensemble of ${S}, d = 1 and 2) equals the float64 reference for orders 0, 1 and 2`, (t) => {
      let worst = 0;
      for (const d of [1, 2]) {
        const model = make(S, d);
        const members = Array.from({ length: S }, (_, s) => model.snapshot(s));
        const points = pointsAwayFromKinks(members, 4, d, TEST_SEED + 7 * d, KINK_MARGIN);
        tf.tidy(() => {
          const x = tf.tensor2d(points);
          const outputs = [model.forward(x, 0), model.forward(x, 1), model.forward(x, 2)];
          assert.deepEqual(outputs[2].hessian!.shape, [S, points.length, d, d]);
          members.forEach((layers, s) =>
            points.forEach((p, i) => {
              const expected = referenceForward(layers, p);
              const what = `${label}, member ${s}, x = [${p}]`;
              const compare = (got: number[], want: number[], name: string) => {
                worst = Math.max(worst, relativeDifference(got, want));
                assertClose(got, want, { relative: FORWARD_FLOAT32_RELATIVE }, `${what}: ${name}`);
              };
              outputs.forEach((out, order) => {
                compare(memberPointValues(out.value, s, i), [expected.value], `value (order ${order})`);
                if (out.gradient) compare(memberPointValues(out.gradient, s, i), expected.gradient, `gradient (order ${order})`);
              });
              compare(memberPointValues(outputs[2].hessian!, s, i), expected.hessian.flat(), "Hessian");
            }),
          );
          assert.equal(outputs[0].gradient, undefined, "order 0 has no gradient");
          assert.equal(outputs[1].hessian, undefined, "order 1 has no Hessian");
        });
        model.dispose();
      }
      t.diagnostic(`max relative difference from the float64 reference: ${worst.toExponential(2)}`);
    });
  }
}
