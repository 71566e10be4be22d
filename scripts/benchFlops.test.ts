import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { mlp } from "../lib/models/index.js";
import { l2Weights, sobolevLoss } from "../lib/losses/index.js";
import { optimizerStep } from "../lib/train/index.js";
import { countMultiplyAdds, gflops, multiplyAdds, stepMultiplyAdds } from "./benchFlops.js";

test("multiplyAdds of a product is batch · m · n · k, whether A is transposed or not", () => {
  // [2, 3, 5] · [2, 5, 4] → [2, 3, 4]: k = 5.
  assert.equal(multiplyAdds({ name: "BatchMatMul", inputShapes: [[2, 3, 5], [2, 5, 4]], outputShapes: [[2, 3, 4]] }), 2 * 3 * 4 * 5);
  // Aᵀ with A [2, 5, 3]: the same product.
  assert.equal(multiplyAdds({ name: "_FusedMatMul", inputShapes: [[2, 5, 3], [2, 5, 4], [4]], outputShapes: [[2, 3, 4]] }), 2 * 3 * 4 * 5);
  assert.throws(() => multiplyAdds({ name: "BatchMatMul", inputShapes: [[2, 7, 5], [2, 5, 4]], outputShapes: [[2, 3, 4]] }), /does not match/);
});

test("multiplyAdds of the fused dense layer is its product's S · n · wOut · wIn, points shared or not", () => {
  // a [1, 3, 5] shared by S = 2 members, w [2, 5, 4] → φ, φ′ [2, 3, 4].
  assert.equal(multiplyAdds({ name: "SobolevDenseJet", inputShapes: [[1, 3, 5], [2, 5, 4], [2, 1, 4]], outputShapes: [[2, 3, 4], [2, 3, 4]] }), 2 * 3 * 4 * 5);
  assert.equal(multiplyAdds({ name: "SobolevDenseJet", inputShapes: [[2, 3, 5], [2, 5, 4]], outputShapes: [[2, 3, 4]] }), 2 * 3 * 4 * 5);
});

test("multiplyAdds of the fused adjoint step is S · n · wIn · wOut forward and twice that in its gradient", () => {
  // g [2, 1, 4] shared, slope [2, 3, 4], w [2, 5, 4] → [2, 3, 5].
  assert.equal(multiplyAdds({ name: "SobolevAdjointStep", inputShapes: [[2, 1, 4], [2, 3, 4], [2, 5, 4]], outputShapes: [[2, 3, 5]] }), 2 * 3 * 5 * 4);
  assert.equal(multiplyAdds({ name: "SobolevAdjointStepGrad", inputShapes: [[2, 3, 5], [2, 1, 4], [2, 3, 4], [2, 5, 4]], outputShapes: [[2, 1, 4], [2, 3, 4], [2, 5, 4]] }), 2 * 2 * 3 * 5 * 4);
});

test("multiplyAdds of a convolution and of both its gradients is (output pixels · cout) · kh · kw · cin", () => {
  const x = [2, 8, 8, 3];
  const filter = [3, 3, 3, 4];
  const y = [2, 4, 4, 4]; // stride 2
  const expected = 2 * 4 * 4 * 4 * 3 * 3 * 3;
  assert.equal(multiplyAdds({ name: "Conv2D", inputShapes: [x, filter], outputShapes: [y] }), expected);
  assert.equal(multiplyAdds({ name: "Conv2DBackpropInput", inputShapes: [y, filter], outputShapes: [x] }), expected);
  assert.equal(multiplyAdds({ name: "Conv2DBackpropFilter", inputShapes: [x, y], outputShapes: [filter] }), expected);
  assert.equal(multiplyAdds({ name: "Add", inputShapes: [x, x], outputShapes: [x] }), null);
});

test("countMultiplyAdds sums per kernel and lists product-like kernels it cannot count", () => {
  const count = countMultiplyAdds([
    { name: "BatchMatMul", inputShapes: [[1, 2, 3], [1, 3, 4]], outputShapes: [[1, 2, 4]] },
    { name: "BatchMatMul", inputShapes: [[1, 2, 3], [1, 3, 4]], outputShapes: [[1, 2, 4]] },
    { name: "DepthwiseConv2dNative", inputShapes: [[1, 4, 4, 2], [3, 3, 2, 1]], outputShapes: [[1, 4, 4, 2]] },
    { name: "Tanh", inputShapes: [[1, 2, 4]], outputShapes: [[1, 2, 4]] },
  ]);
  assert.deepEqual(count, { multiplyAdds: 48, byKernel: { BatchMatMul: 48 }, uncounted: ["DepthwiseConv2dNative"] });
});

test("an L2 step of a 2-4-4-1 MLP counts its forward products, dW of each and dA of all but the first", async () => {
  await tf.ready();
  const n = 8;
  const model = mlp({ inputDimension: 2, widths: [4, 4], activation: "tanh", seed: 0 });
  const batch = { x: tf.randomUniform([n, 2]) as tf.Tensor2D, value: tf.zeros([n]) as tf.Tensor1D };
  const step = optimizerStep(tf.train.adam(1e-3), () => sobolevLoss(model, batch, l2Weights()), model.variables);
  const forward = n * (2 * 4 + 4 * 4 + 4 * 1);
  // The input points are not variables, so the first product has no dA in the reverse pass.
  assert.equal((await stepMultiplyAdds(step)).multiplyAdds, 3 * forward - n * 2 * 4);
});

test("a convolution step with a trainable filter counts the forward conv and the filter gradient", async () => {
  await tf.ready();
  const x = tf.randomUniform([2, 5, 5, 3]) as tf.Tensor4D;
  const filter = tf.variable(tf.randomUniform([3, 3, 3, 4]) as tf.Tensor4D);
  const step = optimizerStep(tf.train.sgd(1e-3), () => tf.sum(tf.conv2d(x, filter, 1, "same")) as tf.Scalar, [filter]);
  const count = await stepMultiplyAdds(step);
  assert.deepEqual(count.byKernel, { Conv2D: 2 * 5 * 5 * 4 * 27, Conv2DBackpropFilter: 2 * 5 * 5 * 4 * 27 });
});

test("gflops is two flops per multiply-add over the time", () => {
  assert.equal(gflops(1e6, 1), 2);
});
