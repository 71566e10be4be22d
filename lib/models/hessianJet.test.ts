/**
 * The fused Hessian rows of the forward jets (forwardJets.ts on lib/backend/hessianJet.ts's kernels) against the
 * unfused ops, in one process on the WASM backend with the native pack: a network's u, ∇u and ∇²u bit for bit, and
 * the parameter gradients of a random functional of all three within float32 rounding, for input dimensions 1, 2
 * and 3, ensembles of 1 and 2, and each activation with a nonzero φ″. The whole H2 loss is also checked against float64
 * central differences of the reference network (lib/losses/sobolevGradient.test.ts), on the fused path.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { HESSIAN_JET, HESSIAN_JET_FIRST_LAYER, HESSIAN_JET_GRAD } from "../backend/hessianJet.js";
import { nativePackOffReason } from "../backend/nativeTesting.js";
import { normals } from "../backend/testing.js";
import type { ActivationName } from "./activations.js";
import { mlp } from "./mlp.js";

const off = await nativePackOffReason();
const skip = off ?? false;

/** Runs `compute` with the fused forward kernels unregistered, so that forwardJets takes the unfused ops. */
function unfused<T>(compute: () => T): T {
  const kernels = [HESSIAN_JET, HESSIAN_JET_FIRST_LAYER].map((name) => tf.getKernel(name, "wasm"));
  for (const k of kernels) {
    assert.ok(k !== undefined, "the fused kernels are registered");
    tf.unregisterKernel(k.kernelName, "wasm");
  }
  try {
    return compute();
  } finally {
    for (const k of kernels) tf.registerKernel(k!);
  }
}

const bits = (values: Float32Array): number[] => Array.from(new Uint32Array(Float32Array.from(values).buffer));

const CASES: Array<{ activation: ActivationName; d: number; S: number }> = [
  { activation: "tanh", d: 2, S: 1 },
  { activation: "tanh", d: 3, S: 2 },
  { activation: "sine", d: 1, S: 2 },
  { activation: "relu2", d: 2, S: 1 },
  { activation: "gelu", d: 2, S: 2 },
];

test("the fused Hessian rows give u, ∇u, ∇²u bit for bit, and parameter gradients within float32 rounding of the unfused ops", { skip }, async (t) => {
  let worst = 0;
  for (const c of CASES) {
    const label = `${c.activation}, d = ${c.d}, S = ${c.S}`;
    const model = mlp({ inputDimension: c.d, widths: [16, 8], activation: c.activation, ensembleSize: c.S, seed: 5 });
    const n = 23;
    const x = tf.tensor2d(normals([n, c.d], 1), [n, c.d]);
    const weights = [[c.S, n], [c.S, n, c.d], [c.S, n, c.d, c.d]].map((shape, k) => tf.tensor(normals(shape, 2 + k), shape));
    const run = () => {
      const outputs = tf.tidy(() => {
        const out = model.forward(x, 2);
        return [out.value, out.gradient!, out.hessian!].map((o) => bits(o.dataSync() as Float32Array));
      });
      const { value, grads } = tf.variableGrads(() => {
        const out = model.forward(x, 2);
        return tf.addN([out.value, out.gradient!, out.hessian!].map((o, k) => tf.sum(tf.mul(o, weights[k])))) as tf.Scalar;
      }, model.variables);
      const gradients = model.variables.map((v) => Float32Array.from(grads[v.name].dataSync() as Float32Array));
      tf.dispose([value, ...Object.values(grads)]);
      return { outputs, gradients };
    };
    const fused = run();
    const plain = unfused(run);
    const ran = (await tf.profile(() => tf.dispose(Object.values(model.forward(x, 2))))).kernelNames;
    assert.ok(ran.includes(HESSIAN_JET) && ran.includes(HESSIAN_JET_FIRST_LAYER), `${label}: the fused kernels ran (${ran.join(", ")})`);
    const ranGrad = (await tf.profile(() => tf.dispose(Object.values(tf.variableGrads(() => tf.sum(model.forward(x, 2).hessian!), model.variables).grads)))).kernelNames;
    assert.ok(ranGrad.includes(HESSIAN_JET_GRAD), `${label}: the fused gradient kernel ran`);
    fused.outputs.forEach((o, k) => assert.deepEqual(o, plain.outputs[k], `${label}: ${["u", "∇u", "∇²u"][k]} differs`));
    fused.gradients.forEach((g, k) => {
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

test("the fused Hessian rows refuse inputs of the wrong shape, naming them", { skip }, () => {
  const jz = tf.ones([1, 2, 1, 4]);
  const first = tf.ones([1, 5, 4]);
  const second = tf.ones([1, 5, 3]);
  assert.throws(() => tf.engine().runKernel(HESSIAN_JET_FIRST_LAYER, { jz, first, second }), /expected float32 jz \[S, d ≤ 16, n or 1, w\].*second float32 \[1, 5, 3\]/);
  tf.dispose([jz, first, second]);
});
