/**
 * The fused loss term (meanSquared.ts) against the tfjs ops it replaces (lib/losses/sobolev.ts), in one process on
 * the WASM backend with the native pack: the per-member term and its gradient with respect to the model's output bit
 * for bit, for values [S, n], gradients [S, n, d] with and without entry weights, and Hessians [S, n, d, d]; and the
 * kernel's error for shapes that do not fit.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { sobolevLossPerMember, type SobolevBatch } from "../losses/sobolev.js";
import type { DerivativeOrder, ModelOutput, SobolevModel } from "../models/model.js";
import { MEAN_SQUARED, MEAN_SQUARED_GRAD, WEIGHTED_MEAN_SQUARED } from "./meanSquared.js";
import { float32Bits, nativePackOffReason, withoutKernels } from "./nativeTesting.js";
import { normals } from "./testing.js";

const off = await nativePackOffReason();
const skip = off ?? false;

const unfused = <T>(compute: () => T): T => withoutKernels([MEAN_SQUARED, WEIGHTED_MEAN_SQUARED], compute);
const bits = float32Bits;

/** A model whose output is fixed tensors (the variables), so the loss's gradient is with respect to them. */
function fixedModel(S: number, n: number, d: number): { model: SobolevModel; outputs: tf.Variable[] } {
  const outputs = [
    tf.variable(tf.tensor2d(normals([S, n], 1), [S, n])),
    tf.variable(tf.tensor3d(normals([S, n, d], 2), [S, n, d])),
    tf.variable(tf.tensor4d(normals([S, n, d, d], 3), [S, n, d, d])),
  ];
  const model: SobolevModel = {
    description: "fixed outputs", inputDimension: d, ensembleSize: S, variables: outputs,
    forward: (_x: tf.Tensor2D, order: DerivativeOrder): ModelOutput => {
      const [value, gradient, hessian] = outputs.map((v) => tf.clone(v));
      return (order === 0 ? { value } : order === 1 ? { value, gradient } : { value, gradient, hessian }) as ModelOutput;
    },
    parameters: () => new Float64Array(0),
    dispose: () => tf.dispose(outputs),
  };
  return { model, outputs };
}

test("the fused loss terms and their gradients are bit for bit tfjs's ops, with and without entry weights", { skip }, async () => {
  const [S, n, d] = [3, 41, 2];
  const { model, outputs } = fixedModel(S, n, d);
  const batch: SobolevBatch = {
    x: tf.zeros([n, d]),
    value: tf.tensor1d(normals([n], 4)),
    gradient: tf.tensor2d(normals([n, d], 5), [n, d]),
    hessian: tf.tensor3d(normals([n, d, d], 6), [n, d, d]),
  };
  const weightedBatch: SobolevBatch = { ...batch, gradientWeight: tf.tensor2d(normals([n, d], 7).map(Math.abs), [n, d]) };
  for (const [label, b, weights] of [["H2", batch, [1, 0.7, 0.3]], ["H1 with entry weights", weightedBatch, [0.5, 2]], ["L2", batch, [1]]] as const) {
    const run = () => {
      const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(sobolevLossPerMember(model, b, weights), tf.tensor1d([1, -2, 0.5]))) as tf.Scalar, outputs);
      const result = { loss: bits(value.dataSync() as Float32Array), grads: Object.values(grads).map((g) => bits(g.dataSync() as Float32Array)) };
      tf.dispose([value, ...Object.values(grads)]);
      return result;
    };
    const fused = run();
    const plain = unfused(run);
    const ran = (await tf.profile(() => tf.dispose(Object.values(tf.variableGrads(() => tf.sum(sobolevLossPerMember(model, b, weights)), outputs).grads)))).kernelNames;
    const kernel = b.gradientWeight === undefined ? MEAN_SQUARED : WEIGHTED_MEAN_SQUARED;
    assert.ok(ran.includes(kernel) && ran.includes(MEAN_SQUARED_GRAD), `${label}: the fused kernels ran (${ran.join(", ")})`);
    assert.deepEqual(fused.loss, plain.loss, `${label}: the loss differs`);
    assert.equal(fused.grads.length, plain.grads.length);
    fused.grads.forEach((g, k) => assert.deepEqual(g, plain.grads[k], `${label}: the gradient of output ${k} differs`));
  }
  tf.dispose([batch.x, batch.value, batch.gradient!, batch.hessian!, weightedBatch.gradientWeight!]);
  model.dispose();
});

test("the fused loss term refuses a target that does not match the output's shape, naming the shapes", { skip }, () => {
  const got = tf.ones([2, 5, 3]);
  const target = tf.ones([5, 2]);
  assert.throws(() => tf.engine().runKernel(MEAN_SQUARED, { got, target }, { weight: 1 }), /expected float32 got \[S, n, \.\.\.\], target .* got float32 \[2, 5, 3\], float32 \[5, 2\], none/);
  tf.dispose([got, target]);
});
