import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../backend/index.js";
import { assertClose } from "../numeric/assertClose.js";
import { sobolevLoss } from "../losses/sobolev.js";
import { disposeBatch, targetBatch } from "../losses/testing.js";
import { fourierFeatures } from "./fourierFeatures.js";
import { mlp } from "./mlp.js";
import { siren, SIREN_OMEGA0 } from "./siren.js";
import { singleNode } from "./singleNode.js";
import { trainedFourierFeatures } from "./trainedFourierFeatures.js";
import { testModels } from "./testing.js";

await selectBackend();

const maxAbs = (values: ArrayLike<number>): number => Array.from(values).reduce((m, v) => Math.max(m, Math.abs(v)), 0);

test("descriptions name the architecture, activation and ensemble size", () => {
  const models = [
    mlp({ inputDimension: 2, widths: [64, 64, 64], activation: "tanh", ensembleSize: 8, seed: 0 }),
    fourierFeatures({ inputDimension: 1, scale: 10, seed: 0 }),
    siren({ inputDimension: 1, seed: 0 }),
    singleNode({ inputDimension: 3, seed: 0 }),
  ];
  assert.deepEqual(models.map((m) => m.description), [
    "MLP 2-64-64-64-1 Tanh, ensemble of 8",
    "Fourier features (m = 64, σ = 10) + MLP 128-64-64-1 Tanh",
    "SIREN 1-64-64-64-1 (ω0 = 30)",
    "single ReLU node ReLU(w·x), d = 3",
  ]);
  models.forEach((m) => m.dispose());
});

test("parameters(k) lists each trainable layer's W row-major then b, and Fourier features' B is not among them", () => {
  const net = mlp({ inputDimension: 2, widths: [3], activation: "relu", ensembleSize: 2, seed: 5 });
  assert.equal(net.parameters(1).length, 2 * 3 + 3 + 3 + 1);
  const layers = net.snapshot(1);
  assert.deepEqual(net.parameters(1), Float64Array.from([...layers[0].weights, ...layers[0].bias!, ...layers[1].weights, ...layers[1].bias!]));
  const ff = fourierFeatures({ inputDimension: 2, scale: 1, features: 4, widths: [3], seed: 5 });
  assert.equal(ff.parameters(0).length, 8 * 3 + 3 + 3 + 1, "only the MLP after γ is trained");
  assert.equal(ff.variables.length, 4);
  assert.equal(singleNode({ inputDimension: 3, seed: 1 }).parameters(0).length, 3, "no bias");
  [net, ff].forEach((m) => m.dispose());
});

test("initialisations stay within their bounds: PyTorch 1/√nIn, Xavier √(6/(nIn+nOut)) with b = 0, SIREN 1/nIn then √(6/nIn)/ω0", () => {
  const torch = mlp({ inputDimension: 4, widths: [16], activation: "tanh", seed: 2 }).snapshot(0);
  assert.ok(maxAbs(torch[0].weights) <= 0.5 && maxAbs(torch[0].bias!) <= 0.5 && maxAbs(torch[1].weights) <= 0.25);
  assert.ok(maxAbs(torch[0].weights) > 0.4, "PyTorch's bound is reached, not a smaller one");
  const xavier = mlp({ inputDimension: 4, widths: [16], activation: "tanh", seed: 2, initialisation: "xavier" }).snapshot(0);
  assert.ok(maxAbs(xavier[0].weights) <= Math.sqrt(6 / 20) && maxAbs(xavier[0].weights) > 0.4);
  assert.equal(maxAbs(xavier[0].bias!), 0);
  const sine = siren({ inputDimension: 2, widths: [32, 32], seed: 2 }).snapshot(0);
  assert.ok(maxAbs(sine[0].weights) <= 1 / 2 && maxAbs(sine[1].weights) <= Math.sqrt(6 / 32) / SIREN_OMEGA0);
  assert.deepEqual(sine.map((l) => l.scale), [SIREN_OMEGA0, SIREN_OMEGA0, 1], "ω0 on the sine layers only");
});

test("the authors' Fig. 3 initialisations stay within their bounds: kaiming-uniform √(6/nIn), xavier √(6/(nIn+nOut)), biases 1/√nIn, N(0, 1) features", () => {
  const kaiming = mlp({ inputDimension: 4, widths: [16], activation: "tanh", seed: 2, initialisation: "kaiming-uniform" }).snapshot(0);
  assert.ok(maxAbs(kaiming[0].weights) <= Math.sqrt(6 / 4) && maxAbs(kaiming[0].weights) > 0.9 * Math.sqrt(6 / 4) * 0.9);
  assert.ok(maxAbs(kaiming[0].bias!) <= 0.5 && maxAbs(kaiming[0].bias!) > 0.3, "bias: nn.Linear's default U(±1/√nIn)");
  assert.ok(maxAbs(kaiming[1].weights) <= Math.sqrt(6 / 16));
  const sine = siren({ inputDimension: 2, widths: [32, 32], omega0: 1, initialisation: "kaiming-uniform", seed: 2 }).snapshot(0);
  assert.ok(maxAbs(sine[0].weights) <= Math.sqrt(3) && maxAbs(sine[0].weights) > 1, "first layer U(±√(6/2))");
  assert.ok(maxAbs(sine[1].weights) <= Math.sqrt(6 / 32) && maxAbs(sine[1].weights) > 0.3);
  assert.deepEqual(sine.map((l) => l.scale), [1, 1, 1], "ω0 = 1");
  const net = trainedFourierFeatures({ inputDimension: 1, features: 400, widths: [8], seed: 3 });
  const [gamma, hidden] = net.snapshot(0);
  assert.equal(net.parameters(0).length, 400 + 400 + 400 * 8 + 8 + 8 + 1, "the feature layer is trained");
  net.dispose();
  const sd = Math.sqrt(Array.from(gamma.weights).reduce((s, w) => s + w * w, 0) / 400);
  assert.ok(Math.abs(sd - 1) < 0.15, `sample standard deviation ${sd} of W₁, expected about 1`);
  assert.ok(maxAbs(gamma.bias!) <= 1 && maxAbs(gamma.bias!) > 0.9, "b₁ ~ U(−1, 1)");
  assert.equal(gamma.scale, 2 * Math.PI);
  assert.ok(maxAbs(hidden.weights) <= Math.sqrt(6 / 408) && maxAbs(hidden.bias!) <= 1 / 20 && maxAbs(hidden.bias!) > 0.03);
});

test("Fourier features' first layer is γ(x) = [cos 2πxB, sin 2πxB] with fixed B of standard deviation σ", () => {
  const sigma = 3;
  const ff = fourierFeatures({ inputDimension: 1, scale: sigma, features: 400, widths: [2], seed: 9 });
  const [gamma] = ff.snapshot(0);
  ff.dispose();
  const frequencies = Array.from(gamma.weights.subarray(0, 400)).map((w) => w / (2 * Math.PI));
  const sd = Math.sqrt(frequencies.reduce((s, b) => s + b * b, 0) / 400);
  assert.ok(Math.abs(sd - sigma) < 0.15 * sigma, `sample standard deviation ${sd} of B, expected about ${sigma}`);
  assert.deepEqual(Array.from(gamma.weights.subarray(400)), Array.from(gamma.weights.subarray(0, 400)), "cos and sin share 2πB");
  assert.deepEqual(Array.from(gamma.bias!), [...Array(400).fill(Math.fround(Math.PI / 2)), ...Array(400).fill(0)]);
  // cos z = sin(z + π/2), up to the float32 rounding of the stored π/2 (it shifts the argument by 4.4e-8).
  const x = 0.37;
  const first = gamma.activation!.value64(gamma.weights[0] * x + gamma.bias![0]);
  const piHalfRounding = Math.abs(Math.fround(Math.PI / 2) - Math.PI / 2);
  assertClose(first, Math.cos(2 * Math.PI * frequencies[0] * x), { absolute: 2 * piHalfRounding }, "first feature: cos(2π b x)");
  assert.equal(gamma.trainable, false);
});

test("forward and loss inside tf.tidy leave no tensors behind, for every model and order", () => {
  const { tensors } = targetBatch([[0.1, 0.2], [0.3, -0.5]]);
  for (const { label, make } of testModels()) {
    const model = make(2, 2);
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      for (const order of [0, 1, 2] as const) model.forward(tensors.x, order);
      sobolevLoss(model, tensors, [1, 1, 1]);
      tf.variableGrads(() => sobolevLoss(model, tensors, [1, 1]), model.variables);
    });
    assert.equal(tf.memory().numTensors, before, `${label}: tensors left behind`);
    model.dispose();
  }
  disposeBatch(tensors);
});

test("dispose releases the model's variables and fixed tensors", () => {
  const before = tf.memory().numTensors;
  fourierFeatures({ inputDimension: 2, scale: 1, features: 3, widths: [4], ensembleSize: 2, seed: 1 }).dispose();
  siren({ inputDimension: 1, widths: [4], seed: 1 }).dispose();
  assert.equal(tf.memory().numTensors, before);
});

test("models reject bad inputs with messages that name the argument, the expectation and the value", () => {
  const net = mlp({ inputDimension: 2, widths: [3], activation: "gelu", seed: 0 });
  assert.throws(() => net.forward(tf.zeros([4, 3]) as tf.Tensor2D, 1), /MLP 2-3-1 GeLU: forward needs x of shape \[n, 2\] with n >= 1, got \[4, 3\]/);
  assert.throws(() => net.forward(tf.zeros([4]) as unknown as tf.Tensor2D, 0), /got \[4\]/);
  assert.throws(() => net.forward(tf.zeros([4, 2]) as tf.Tensor2D, 3 as 2), /forward order must be 0, 1 or 2, got 3/);
  assert.throws(() => net.parameters(1), /parameters member must be an integer in \[0, 1\), got 1/);
  net.dispose();
  assert.throws(() => mlp({ inputDimension: 2, widths: [3], activation: "softplus" as "relu", seed: 0 }), /unknown activation "softplus"/);
  assert.throws(() => mlp({ inputDimension: 2, widths: [], activation: "relu", seed: 0 }), /mlp: widths must be a non-empty array of hidden layer widths, got \[\]/);
  assert.throws(() => mlp({ inputDimension: 2, widths: [3, 0], activation: "relu", seed: 0 }), /mlp: widths\[1\] must be an integer >= 1, got 0/);
  assert.throws(() => mlp({ inputDimension: 0, widths: [3], activation: "relu", seed: 0 }), /mlp: inputDimension must be an integer >= 1, got 0/);
  assert.throws(() => mlp({ inputDimension: 2, widths: [3], activation: "relu", seed: 0, ensembleSize: 1.5 }), /ensembleSize must be an integer >= 1, got 1.5/);
  assert.throws(() => mlp({ inputDimension: 2, widths: [3], activation: "relu", seed: 0.5 }), /mlp: seed must be a safe integer, got 0.5/);
  assert.throws(() => mlp({ inputDimension: 2, widths: [3], activation: "relu", seed: 0, initialisation: "he" as "xavier" }), /unknown initialisation "he"/);
  assert.throws(() => fourierFeatures({ inputDimension: 1, scale: 0, seed: 0 }), /fourierFeatures: scale must be a positive finite number, got 0/);
  assert.throws(() => siren({ inputDimension: 1, omega0: -30, seed: 0 }), /siren: omega0 must be a positive finite number, got -30/);
  assert.throws(() => singleNode({ inputDimension: 2, seed: 0, initialWeights: [[1, 2, 3]] }), /singleNode: initialWeights must be 1 arrays of 2 finite numbers/);
});
