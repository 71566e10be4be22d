import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../backend/index.js";
import { optimizerStep, stepPeakMemory } from "./stepCost.js";

await selectBackend();

test("stepPeakMemory sees a step's intermediates on top of the live tensors, and no leak from a tidy step", async () => {
  const live = tf.zeros([1000]); // 4,000 bytes alive throughout
  const memory = await stepPeakMemory(() => tf.tidy(() => tf.add(tf.ones([10_000]), 1).sum()).dispose()); // two 40,000-byte intermediates
  assert.ok(memory.bytesBefore >= 4000);
  assert.ok(memory.peakBytes >= memory.bytesBefore + 80_000, `peak ${memory.peakBytes}, before ${memory.bytesBefore}`);
  assert.equal(memory.newTensors, 0);
  const leaky = await stepPeakMemory(() => tf.ones([5]));
  assert.equal(leaky.newTensors, 1);
  live.dispose();
});

test("optimizerStep takes one step, returns the loss before it and keeps no tensors", () => {
  const w = tf.variable(tf.scalar(3));
  const step = optimizerStep(tf.train.sgd(0.25), () => tf.square(w) as tf.Scalar, [w]);
  const before = tf.memory().numTensors;
  assert.equal(step(), 9);
  assert.equal(w.dataSync()[0], 1.5); // 3 − 0.25 · 2 · 3
  assert.equal(tf.memory().numTensors, before);
  w.dispose();
});
