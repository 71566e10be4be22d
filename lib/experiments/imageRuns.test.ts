import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../backend/index.js";
import { SeededRandom } from "../numeric/random.js";
import { EVALUATION_CHUNK, EpochBatches, meanSquaredErrorInChunks, roundedImages } from "./imageRuns.js";

await selectBackend();

test("EpochBatches covers every item once per epoch, keeps an epoch's order and reshuffles the next", () => {
  const batches = new EpochBatches(10, 4, new SeededRandom(3));
  assert.equal(batches.stepsPerEpoch, 3);
  const epoch1 = [0, 1, 2].flatMap((s) => [...batches.indices(1, s)]);
  assert.deepEqual([...epoch1].sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.equal(batches.indices(1, 2).length, 2, "the last batch holds the rest");
  assert.deepEqual([...batches.indices(1, 0)], epoch1.slice(0, 4), "asking again within an epoch keeps its order");
  const epoch2 = [0, 1, 2].flatMap((s) => [...batches.indices(2, s)]);
  assert.notDeepEqual(epoch2, epoch1);
  assert.throws(() => new EpochBatches(10, 0, new SeededRandom(1)), /n and batchSize must be positive integers/);
});

test("meanSquaredErrorInChunks equals the MSE of one pass when the images span several chunks", () => {
  const n = EVALUATION_CHUNK + 7;
  const inputs = tf.randomUniform([n, 2, 2, 1], 0, 1, "float32", 1) as tf.Tensor4D;
  const targets = tf.randomUniform([n, 2, 2, 1], 0, 1, "float32", 2) as tf.Tensor4D;
  const double = (x: tf.Tensor4D): tf.Tensor4D => tf.mul(x, 2);
  const direct = tf.mean(tf.squaredDifference(double(inputs), targets)).dataSync()[0];
  // Two float32 partial sums of ~1,000 terms against one: agreement to a few float32 roundings of the total.
  assert.ok(Math.abs(meanSquaredErrorInChunks(double, inputs, targets) - direct) < 1e-6 * direct);
});

test("roundedImages cuts a flat batch into images rounded to the given scale", () => {
  assert.deepEqual(roundedImages([0.12345, 0.5, 0.99999, 0.2], 2, 2, 1e3), [[0.123, 0.5], [1, 0.2]]);
});
