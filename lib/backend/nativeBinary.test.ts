/**
 * The native Add, Sub, Multiply and Square (nativeBinary.ts, nativeElementwise.ts) and the shared
 * Identity (nativeKernels.ts) against the WASM backend's own kernels (bitwise: the same IEEE operation
 * per element) and the cpu backend (within one rounding, since it adds in float64 and rounds once).
 * Skipped, with the reason, when the pack is off.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { broadcastPeriod } from "./nativeBinary.js";
import { assertWithinBound, FLOAT32_MIN_NORMAL, FLOAT32_UNIT_ROUNDOFF } from "./tolerances.js";
import { normals } from "./testing.js";
import { nativePackOffReason, onNativeWasmAndCpu } from "./nativeTesting.js";

const off = await nativePackOffReason();

test("broadcastPeriod is the operand's size for scalars and trailing blocks of the output, else undefined", () => {
  assert.equal(broadcastPeriod([64], [1024, 64]), 64);
  assert.equal(broadcastPeriod([1, 1, 5], [3, 4, 5]), 5);
  assert.equal(broadcastPeriod([], [3, 5]), 1);
  assert.equal(broadcastPeriod([1, 1], [3, 5]), 1);
  assert.equal(broadcastPeriod([3, 5], [3, 5]), 15);
  assert.equal(broadcastPeriod([5, 1], [5, 4]), undefined);
  assert.equal(broadcastPeriod([3, 1], [3, 4]), undefined);
});

/** Shape pairs: equal, bias rows either side, scalars, and broadcasts the native kernel leaves to WASM (columns, outer). */
const PAIRS: Array<[number[], number[]]> = [
  [[7, 5], [7, 5]],
  [[1024, 64], [64]],
  [[64], [1024, 64]],
  [[3, 4, 5], [4, 5]],
  [[3, 4, 5], [1, 1, 5]],
  [[2, 3, 4, 5], [3, 4, 5]],
  [[], [3, 5]],
  [[3, 5], [1]],
  [[1, 1], [1, 1]],
  [[5, 1], [5, 4]],
  [[3, 1], [1, 4]],
  [[9], [9]],
];

const OPS = { Add: tf.add, Sub: tf.sub, Multiply: tf.mul } as const;

for (const [name, op] of Object.entries(OPS)) {
  test(`${name} natively equals WASM's own kernel bitwise and the cpu backend to one rounding, for equal shapes, scalars and bias rows on either side`, { skip: off }, async () => {
    for (const [as, bs] of PAIRS) {
      const [av, bv] = [normals(as, 1), normals(bs, 2)];
      const r = await onNativeWasmAndCpu(() => op(tf.tensor(av, as), tf.tensor(bv, bs)));
      const what = `${name} of [${as}] and [${bs}]`;
      assert.ok(r.wasm !== undefined, r.wasmError);
      assert.deepEqual(r.native, r.wasm, `${what}: native differs from WASM`);
      assertWithinBound(r.native, r.cpu, r.cpu.map((v) => FLOAT32_UNIT_ROUNDOFF * Math.abs(v) + FLOAT32_MIN_NORMAL), `${what}, native vs cpu`);
    }
  });
}

test("Square natively equals WASM's own kernel bitwise on odd shapes", { skip: off }, async () => {
  for (const shape of [[1], [7], [3, 5], [2, 3, 5], [1000, 67]]) {
    const x = normals(shape, 3);
    const r = await onNativeWasmAndCpu(() => tf.square(tf.tensor(x, shape)));
    assert.deepEqual(r.native, r.wasm, `Square of [${shape}]`);
    assertWithinBound(r.native, r.cpu, r.cpu.map((v) => FLOAT32_UNIT_ROUNDOFF * v + FLOAT32_MIN_NORMAL), `Square of [${shape}], native vs cpu`);
  }
});

test("Identity shares its input's data, which outlives the input's disposal and is freed with the last reference", { skip: off }, async () => {
  await tf.setBackend("wasm");
  const buffers = tf.memory().numDataBuffers;
  const x = tf.tensor([1.5, -2, 3], [3]);
  const y = tf.engine().runKernel("Identity", { x }) as tf.Tensor;
  assert.equal(tf.memory().numDataBuffers, buffers + 1, "Identity made a copy");
  x.dispose();
  assert.deepEqual([...y.dataSync()], [1.5, -2, 3]);
  y.dispose();
  assert.equal(tf.memory().numDataBuffers, buffers);
});

test("Cast to a tensor's own dtype shares its data, and a cast to another dtype still converts", { skip: off }, async () => {
  await tf.setBackend("wasm");
  const buffers = tf.memory().numDataBuffers;
  const x = tf.tensor([1.5, -2, 3], [3]);
  const same = tf.cast(x, "float32");
  assert.equal(tf.memory().numDataBuffers, buffers + 1, "a same-dtype Cast made a copy");
  const other = tf.cast(x, "int32");
  assert.equal(other.dtype, "int32");
  assert.deepEqual([...other.dataSync()], [1, -2, 3]);
  x.dispose();
  assert.deepEqual([...same.dataSync()], [1.5, -2, 3]);
  for (const t of [same, other]) t.dispose();
  assert.equal(tf.memory().numDataBuffers, buffers);
});
