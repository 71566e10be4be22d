import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../backend/index.js";
import { assertClose } from "../numeric/assertClose.js";
import { centralGradient } from "../numeric/finiteDifferences.js";
import { FD_GRADIENT_RELATIVE, FD_STEP } from "../numeric/tolerances.js";
import { ACTIVATIONS, activation } from "./activations.js";
import { ACTIVATION_FLOAT32_RELATIVE } from "./tolerances.js";

await selectBackend();

/** Arguments on [−4, 4], none within 1e-3 of 0 (where ReLU-type φ′, φ″ jump). */
const Z = Array.from({ length: 33 }, (_, i) => -4 + 0.25 * i + 0.0123);

for (const name of ACTIVATIONS) {
  test(`${name}: float64 φ′ and φ″ equal central differences of φ and φ′`, () => {
    const phi = activation(name);
    const fdFirst = Z.map((z) => centralGradient(([t]) => phi.value64(t), [z], FD_STEP)[0]);
    const fdSecond = Z.map((z) => centralGradient(([t]) => phi.first64(t), [z], FD_STEP)[0]);
    assertClose(Z.map(phi.first64), fdFirst, { relative: FD_GRADIENT_RELATIVE }, `${name}: φ′`);
    assertClose(Z.map(phi.second64), fdSecond, { relative: FD_GRADIENT_RELATIVE }, `${name}: φ″`);
  });

  test(`${name}: the tfjs jet (φ, φ′, φ″) equals the float64 functions at float32 accuracy, for every order`, () => {
    const phi = activation(name);
    for (const order of [0, 1, 2] as const) {
      tf.tidy(() => {
        const jet = phi.jet(tf.tensor1d(Z), order);
        assertClose(Array.from(jet.value.dataSync()), Z.map(phi.value64), { relative: ACTIVATION_FLOAT32_RELATIVE }, `${name} order ${order}: φ`);
        assert.equal(jet.first === undefined, order === 0, `${name} order ${order}: φ′ present iff order >= 1`);
        if (jet.first) assertClose(Array.from(jet.first.dataSync()), Z.map(phi.first64), { relative: ACTIVATION_FLOAT32_RELATIVE }, `${name}: φ′`);
        if (order === 2) {
          const second = jet.second === null || jet.second === undefined ? Z.map(() => 0) : Array.from(jet.second.dataSync());
          assertClose(second, Z.map(phi.second64), { relative: ACTIVATION_FLOAT32_RELATIVE }, `${name}: φ″`);
        }
      });
    }
  });
}

test("tf.grad of the tfjs φ′ equals φ″ for every activation: the reverse pass through φ′ is first-order only", () => {
  for (const name of ACTIVATIONS) {
    const phi = activation(name);
    tf.tidy(() => {
      const slope = tf.grad((z: tf.Tensor) => tf.sum(phi.jet(z, 1).first!))(tf.tensor1d(Z));
      assertClose(Array.from(slope.dataSync()), Z.map(phi.second64), { relative: ACTIVATION_FLOAT32_RELATIVE }, `${name}: d/dz of tfjs φ′`);
    });
  }
});

test("LeakyReLU's slope is configurable and shows in its label", () => {
  const phi = activation("leakyRelu", { leakySlope: 0.2 });
  assert.equal(phi.label, "LeakyReLU(0.2)");
  assert.equal(phi.value64(-2), -0.4);
  assert.equal(phi.first64(-2), 0.2);
  assert.equal(activation("leakyRelu").first64(-1), 0.01);
});

test("activation rejects an unknown name and a non-finite slope, naming the valid choices", () => {
  assert.throws(() => activation("sigmoid"), /unknown activation "sigmoid"; expected one of relu, leakyRelu, gelu, tanh, sine, relu2/);
  assert.throws(() => activation("leakyRelu", { leakySlope: Number.NaN }), /leakySlope must be a finite number, got NaN/);
});
