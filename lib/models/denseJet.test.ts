/**
 * The fused dense layer (denseJet.ts on lib/backend/denseJet.ts's kernels) against the unfused tfjs ops it replaces,
 * in one process on the WASM backend with the native pack: its forward outputs bit for bit, and the gradients of a
 * random linear functional of all its outputs with respect to a, W and b within float32 rounding, for every
 * activation it fuses, every order, one set of points per member and points shared by the members, with and without
 * a bias and a scale ω. The gradient check of the whole loss against float64 central differences of the reference
 * network (lib/losses/sobolevGradient.test.ts) runs on the fused path too, for every activation. Also: what falls
 * back to the unfused ops, and the kernels' errors.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { DENSE_JET, DENSE_JET_ADJOINT, JET_ACTIVATIONS, type JetActivationName } from "../backend/denseJet.js";
import { float32Bits, nativePackOffReason, withoutKernels } from "../backend/nativeTesting.js";
import { normals } from "../backend/testing.js";
import { activation } from "./activations.js";
import { denseJet, fusedDenseJet, type DenseLayer } from "./denseJet.js";
import type { DerivativeOrder } from "./model.js";

const off = await nativePackOffReason();
const skip = off ?? false;

const unfused = <T>(compute: () => T): T => withoutKernels([DENSE_JET], compute);
const bits = (t: tf.Tensor): number[] => float32Bits(t.dataSync() as Float32Array);

interface Case {
  name: JetActivationName;
  S: number;
  sharedPoints: boolean;
  bias: boolean;
  scale: number;
}

const CASES: Case[] = (Object.keys(JET_ACTIVATIONS) as JetActivationName[]).flatMap((name) => [
  { name, S: 1, sharedPoints: true, bias: true, scale: 1 },
  { name, S: 3, sharedPoints: true, bias: false, scale: 1 },
  { name, S: 2, sharedPoints: false, bias: true, scale: 1.7 },
]);

const [n, wIn, wOut] = [37, 5, 9];

/** The layer and points of a case (deterministic), and cotangents for value, φ′ and φ″. */
function setUp(c: Case) {
  const phi = activation(c.name, { leakySlope: 0.2 });
  const layer: DenseLayer = {
    weights: tf.tensor3d(normals([c.S, wIn, wOut], 1), [c.S, wIn, wOut]),
    bias: c.bias ? tf.tensor3d(normals([c.S, 1, wOut], 2), [c.S, 1, wOut]) : null,
    activation: phi,
    scale: c.scale,
  };
  const points = c.sharedPoints ? 1 : c.S;
  const a = tf.tensor3d(normals([points, n, wIn], 3), [points, n, wIn]);
  const cotangents = [4, 5, 6].map((seed) => tf.tensor3d(normals([c.S, n, wOut], seed), [c.S, n, wOut]));
  return { layer, a, cotangents, dispose: () => tf.dispose([layer.weights, ...(layer.bias ? [layer.bias] : []), a, ...cotangents]) };
}

const describe = (c: Case, order: number) =>
  `${c.name}, order ${order}, S = ${c.S}, ${c.sharedPoints ? "shared points" : "points per member"}, ${c.bias ? "bias" : "no bias"}, ω = ${c.scale}`;

test("the fused dense jet's φ, φ′ and φ″ are bit for bit those of the unfused ops, for every fused activation and order", { skip }, async () => {
  for (const c of CASES) {
    const { layer, a, dispose } = setUp(c);
    for (const order of [0, 1, 2] as DerivativeOrder[]) {
      if (!fusedDenseJet(layer.activation, order)) continue; // order 0 of sine and ReLU²: unfused (next test)
      const fused = tf.tidy(() => Object.values(denseJet(a, layer, order)).filter((t): t is tf.Tensor3D => t instanceof tf.Tensor).map(bits));
      const plain = unfused(() => tf.tidy(() => Object.values(denseJet(a, layer, order)).filter((t): t is tf.Tensor3D => t instanceof tf.Tensor).map(bits)));
      const ran = (await tf.profile(() => tf.dispose(Object.values(denseJet(a, layer, order))))).kernelNames;
      assert.ok(ran.includes(DENSE_JET), `${describe(c, order)}: the fused kernel ran (${ran.join(", ")})`);
      assert.equal(fused.length, plain.length, `${describe(c, order)}: the same outputs`);
      fused.forEach((got, k) => assert.deepEqual(got, plain[k], `${describe(c, order)}: output ${k} differs`));
    }
    dispose();
  }
});

test("the fused dense jet's gradients with respect to a, W and b match the unfused ops' within float32 rounding", { skip }, (t) => {
  let worst = 0;
  for (const c of CASES) {
    const { layer, a, cotangents, dispose } = setUp(c);
    for (const order of [0, 1, 2] as DerivativeOrder[]) {
      if (!fusedDenseJet(layer.activation, order)) continue;
      const gradients = (): Float32Array[] => tf.tidy(() => {
        const inputs = [a, layer.weights, ...(layer.bias ? [layer.bias] : [])];
        const f = (...xs: tf.Tensor[]): tf.Scalar => {
          const jet = denseJet(xs[0] as tf.Tensor3D, { ...layer, weights: xs[1] as tf.Tensor3D, bias: layer.bias ? (xs[2] as tf.Tensor3D) : null }, order);
          const outputs = [jet.value, jet.first, jet.second].filter((t): t is tf.Tensor3D => t instanceof tf.Tensor);
          return tf.addN(outputs.map((t, k) => tf.sum(tf.mul(t, cotangents[k])))) as tf.Scalar;
        };
        return tf.grads(f)(inputs).map((g) => g.dataSync() as Float32Array);
      });
      const fused = gradients();
      const plain = unfused(gradients);
      fused.forEach((got, k) => {
        const scale = Math.max(...plain[k].map(Math.abs), 1e-30);
        const error = Math.max(...got.map((v, i) => Math.abs(v - plain[k][i]))) / scale;
        worst = Math.max(worst, error);
        assert.ok(error < 1e-5, `${describe(c, order)}: gradient ${["a", "W", "b"][k]} differs by ${error} of its largest entry`);
      });
    }
    dispose();
  }
  t.diagnostic(`largest difference, relative to the gradient's largest entry: ${worst.toExponential(2)}`);
});

test("a hand-made activation, GeLU and order 0 of sine and ReLU² take the unfused ops; the others the fused kernel", { skip }, () => {
  const tanh = activation("tanh");
  assert.equal(fusedDenseJet(tanh, 1), true);
  assert.equal(fusedDenseJet({ ...tanh }, 1), false, "a copy of tanh is not the library's own");
  assert.equal(fusedDenseJet(activation("gelu"), 1), false);
  assert.equal(fusedDenseJet(activation("sine"), 0), false);
  assert.equal(fusedDenseJet(activation("relu2"), 0), false);
  assert.equal(fusedDenseJet(activation("leakyRelu", { leakySlope: -0.5 }), 0), false, "φ′ is not recovered from φ for a negative slope");
  assert.equal(fusedDenseJet(activation("leakyRelu"), 0), true);
  assert.equal(fusedDenseJet(null, 1), false);
});

test("the fused kernels refuse mismatched shapes, an order they cannot honour, and a missing φ′ adjoint, naming the cause", { skip }, () => {
  const a = tf.ones([1, 4, 3]);
  const w = tf.ones([1, 2, 5]);
  assert.throws(() => tf.engine().runKernel(DENSE_JET, { a, w }, { activation: JET_ACTIVATIONS.tanh, alpha: 0, order: 1 }), /expected float32 a \[1 or S, n, wIn\]/);
  const w3 = tf.ones([1, 3, 5]);
  assert.throws(() => tf.engine().runKernel(DENSE_JET, { a, w: w3 }, { activation: JET_ACTIVATIONS.sine, alpha: 0, order: 0 }), /order must be 1 or 2, or 0 for tanh, relu, leakyRelu/);
  assert.throws(() => tf.engine().runKernel(DENSE_JET, { a, w: w3 }, { activation: 9, alpha: 0, order: 1 }), /unknown activation code 9/);
  const v = tf.ones([1, 4, 5]);
  assert.throws(() => tf.engine().runKernel(DENSE_JET_ADJOINT, { value: v, dFirst: v }, { activation: JET_ACTIVATIONS.tanh, alpha: 0 }), /without first .* the value's adjoint is needed, and no other/);
  tf.dispose([a, w, w3, v]);
});
