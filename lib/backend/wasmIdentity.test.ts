import assert from "node:assert/strict";
import { test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "./index.js";

const report = await selectBackend();

test("on the WASM backend a clone shares its data: no data buffer is added, and it outlives the original", { skip: report.name !== "wasm" && `backend ${report.name}` }, () => {
  const a = tf.tensor2d([[1, -2, 3], [4.5, 0, -0]]);
  const buffers = tf.memory().numDataBuffers;
  const b = tf.clone(a);
  assert.equal(tf.memory().numDataBuffers, buffers, "the clone holds no copy");
  const before = tf.memory().numBytes - 24;
  a.dispose();
  assert.deepEqual(Array.from(b.dataSync()), [1, -2, 3, 4.5, 0, -0]);
  assert.deepEqual(b.shape, [2, 3]);
  b.dispose();
  assert.equal(tf.memory().numDataBuffers, buffers - 1, "the data is freed with its last tensor");
  assert.equal(tf.memory().numBytes, before - 24);
});

test("a gradient step through saved (cloned) activations gives the same gradient as the cpu backend and leaves no tensor behind", { skip: report.name !== "wasm" && `backend ${report.name}` }, async () => {
  const gradient = () => {
    const x = tf.tensor2d([[0.5, -1], [2, 0.25], [-0.75, 1.5]]);
    const w = tf.tensor2d([[0.3, -0.2, 0.1], [0.7, 0.4, -0.6]]);
    return tf.grad((v: tf.Tensor) => tf.sum(tf.square(tf.tanh(tf.matMul(x, v as tf.Tensor2D)))))(w);
  };
  const count = tf.memory().numTensors;
  const onWasm = tf.tidy(() => Array.from(gradient().dataSync()));
  assert.equal(tf.memory().numTensors, count);
  await tf.setBackend("cpu");
  const onCpu = tf.tidy(() => Array.from(gradient().dataSync()));
  await tf.setBackend("wasm");
  onWasm.forEach((g, i) => assert.ok(Math.abs(g - onCpu[i]) <= 1e-6 * (1 + Math.abs(onCpu[i])), `entry ${i}: ${g} against ${onCpu[i]}`));
});
