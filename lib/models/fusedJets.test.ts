/**
 * The fused Hessian rows of the forward jets (forwardJets.ts on lib/backend/hessianJet.ts's kernels) and the fused
 * steps of the adjoint sweep (reverseGradient.ts on lib/backend/adjointStep.ts's) against the unfused ops, in one
 * process on the WASM backend with the native pack: a network's u, ∇u (and ∇²u) bit for bit, and the parameter
 * gradients of a random functional of them within float32 rounding, for input dimensions 1, 2 and 3, ensembles of 1
 * and 2, and each activation with a nonzero φ″ (order 2) or a fused φ′ (order 1). The whole H1 and H2 losses are also
 * checked against float64 central differences of the reference network (lib/losses/sobolevGradient.test.ts), on the
 * fused path.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { ADJOINT_STEP, ADJOINT_STEP_GRAD } from "../backend/adjointStep.js";
import { HESSIAN_JET, HESSIAN_JET_FIRST_LAYER, HESSIAN_JET_GRAD } from "../backend/hessianJet.js";
import { float32Bits, nativePackOffReason, withoutKernels } from "../backend/nativeTesting.js";
import { normals } from "../backend/testing.js";
import type { ActivationName } from "./activations.js";
import { mlp } from "./mlp.js";
import type { ModelOutput } from "./model.js";

const off = await nativePackOffReason();
const skip = off ?? false;

const bits = float32Bits;

/** The fused kernels of each order: the forward ones (unregistered for the unfused run), then the gradient's. */
const FUSED = {
  1: { forward: [ADJOINT_STEP], gradient: ADJOINT_STEP_GRAD, outputs: ["u", "∇u"] },
  2: { forward: [HESSIAN_JET, HESSIAN_JET_FIRST_LAYER], gradient: HESSIAN_JET_GRAD, outputs: ["u", "∇u", "∇²u"] },
} as const;

const CASES: Array<{ order: 1 | 2; activation: ActivationName; d: number; S: number }> = [
  { order: 2, activation: "tanh", d: 2, S: 1 },
  { order: 2, activation: "tanh", d: 3, S: 2 },
  { order: 2, activation: "sine", d: 1, S: 2 },
  { order: 2, activation: "relu2", d: 2, S: 1 },
  { order: 2, activation: "gelu", d: 2, S: 2 },
  { order: 1, activation: "tanh", d: 2, S: 1 },
  { order: 1, activation: "sine", d: 3, S: 2 },
  { order: 1, activation: "relu", d: 1, S: 2 },
  { order: 1, activation: "gelu", d: 2, S: 1 },
];

test("the fused Hessian rows and adjoint steps give u, ∇u, ∇²u bit for bit, and parameter gradients within float32 rounding of the unfused ops", { skip }, async (t) => {
  let worst = 0;
  for (const c of CASES) {
    const label = `order ${c.order}, ${c.activation}, d = ${c.d}, S = ${c.S}`;
    const fused = FUSED[c.order];
    const model = mlp({ inputDimension: c.d, widths: [16, 8], activation: c.activation, ensembleSize: c.S, seed: 5 });
    const n = 23;
    const x = tf.tensor2d(normals([n, c.d], 1), [n, c.d]);
    const weights = [[c.S, n], [c.S, n, c.d], [c.S, n, c.d, c.d]].slice(0, c.order + 1).map((shape, k) => tf.tensor(normals(shape, 2 + k), shape));
    const outputsOf = (out: ModelOutput): tf.Tensor[] => [out.value, out.gradient!, out.hessian!].slice(0, c.order + 1);
    const run = () => {
      const outputs = tf.tidy(() => outputsOf(model.forward(x, c.order)).map((o) => bits(o.dataSync() as Float32Array)));
      const { value, grads } = tf.variableGrads(() => tf.addN(outputsOf(model.forward(x, c.order)).map((o, k) => tf.sum(tf.mul(o, weights[k])))) as tf.Scalar, model.variables);
      const gradients = model.variables.map((v) => Float32Array.from(grads[v.name].dataSync() as Float32Array));
      tf.dispose([value, ...Object.values(grads)]);
      return { outputs, gradients };
    };
    const got = run();
    const plain = withoutKernels(fused.forward, run);
    const ran = (await tf.profile(() => tf.dispose(Object.values(tf.variableGrads(() => tf.sum(outputsOf(model.forward(x, c.order))[c.order]), model.variables).grads)))).kernelNames;
    assert.ok([...fused.forward, fused.gradient].every((k) => ran.includes(k)), `${label}: the fused kernels ran (${ran.join(", ")})`);
    got.outputs.forEach((o, k) => assert.deepEqual(o, plain.outputs[k], `${label}: ${fused.outputs[k]} differs`));
    got.gradients.forEach((g, k) => {
      const scale = Math.max(...plain.gradients[k].map(Math.abs), 1e-30);
      const error = Math.max(...g.map((v, i) => Math.abs(v - plain.gradients[k][i]))) / scale;
      worst = Math.max(worst, error);
      assert.ok(error < 1e-5, `${label}: the gradient of variable ${k} differs by ${error} of its largest entry`);
    });
    tf.dispose([x, ...weights]);
    model.dispose();
  }
  t.diagnostic(`largest gradient difference, relative to the gradient's largest entry: ${worst.toExponential(2)}`);
});

test("the fused adjoint step refuses inputs of the wrong shape, naming them", { skip }, () => {
  const g = tf.ones([1, 5, 4]);
  const slope = tf.ones([1, 5, 4]);
  const w = tf.ones([1, 3, 2]);
  assert.throws(() => tf.engine().runKernel(ADJOINT_STEP, { g, slope, w }), /expected float32 g \[S, n or 1, wOut\].*w float32 \[1, 3, 2\]/);
  tf.dispose([g, slope, w]);
});

test("the fused Hessian rows refuse inputs of the wrong shape, naming them", { skip }, () => {
  const jz = tf.ones([1, 2, 1, 4]);
  const first = tf.ones([1, 5, 4]);
  const second = tf.ones([1, 5, 3]);
  assert.throws(() => tf.engine().runKernel(HESSIAN_JET_FIRST_LAYER, { jz, first, second }), /expected float32 jz \[S, d ≤ 16, n or 1, w\].*second float32 \[1, 5, 3\]/);
  tf.dispose([jz, first, second]);
});
