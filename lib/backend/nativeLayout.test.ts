/**
 * The native Concat, SplitV, ResizeNearestNeighbor and its gradient, Greater, Select and LeakyRelu (nativeLayout.ts) against
 * the WASM backend's own kernels, bitwise, and the cpu backend: exactly for the copies, comparisons and selections,
 * within the rounding of a float32 sum for the resize gradient (cpu adds in float64). Skipped, with the reason, when
 * the pack is off.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { assertWithinBound, FLOAT32_MIN_NORMAL, FLOAT32_UNIT_ROUNDOFF } from "./tolerances.js";
import { normals, runOn } from "./testing.js";
import { float32Bits, nativePackOffReason, onNativeWasmAndCpu } from "./nativeTesting.js";
import { currentBackend } from "./select.js";

const off = await nativePackOffReason();

test("the pack registers its Concat, SplitV, ResizeNearestNeighbor and its gradient, Greater, Select and LeakyRelu, so the tests below compare it with WASM's", { skip: off }, () => {
  const kernels = currentBackend().native.kernels;
  for (const name of ["Concat", "SplitV", "ResizeNearestNeighbor", "ResizeNearestNeighborGrad", "Greater", "Select", "LeakyRelu"]) assert.ok(kernels.includes(name), `${name} is not among ${kernels.join(", ")}`);
});

function assertBitwise(r: Awaited<ReturnType<typeof onNativeWasmAndCpu>>, what: string, exactOnCpu = true): void {
  assert.ok(r.wasm !== undefined, `${what}: WASM's own kernel threw: ${r.wasmError}`);
  assert.deepEqual(float32Bits(r.native), float32Bits(r.wasm), `${what}: native differs from WASM`);
  if (exactOnCpu) assert.deepEqual(float32Bits(r.native), float32Bits(r.cpu), `${what}: native differs from cpu`);
}

test("Concat natively equals WASM's and cpu's bitwise along every axis, with parts of unequal and zero size", { skip: off }, async () => {
  const cases: Array<{ shapes: number[][]; axis: number }> = [
    { shapes: [[2, 3, 4, 5], [2, 3, 4, 2], [2, 3, 4, 1]], axis: 3 },
    { shapes: [[2, 3, 4, 5], [2, 3, 1, 5]], axis: 2 },
    { shapes: [[2, 3, 4, 5], [2, 2, 4, 5]], axis: -3 },
    { shapes: [[2, 3, 4, 5], [1, 3, 4, 5]], axis: 0 },
    { shapes: [[7], [3], [0], [5]], axis: 0 },
    { shapes: [[4, 3], [4, 0], [4, 6]], axis: 1 },
    { shapes: [[48, 28, 28, 32], [48, 28, 28, 16]], axis: 3 },
  ];
  for (const [c, { shapes, axis }] of cases.entries()) {
    const values = shapes.map((s, i) => normals(s, 10 * c + i));
    const r = await onNativeWasmAndCpu(() => tf.concat(values.map((v, i) => tf.tensor(v, shapes[i])), axis));
    assertBitwise(r, `Concat of ${JSON.stringify(shapes)} along ${axis}`);
  }
});

test("SplitV natively equals WASM's and cpu's bitwise, for equal parts, given sizes, an inferred size (−1) and an empty part", { skip: off }, async () => {
  const cases: Array<{ shape: number[]; splits: number | number[]; axis: number }> = [
    { shape: [48, 28, 28, 48], splits: [32, 16], axis: 3 },
    { shape: [2, 3, 4, 6], splits: 3, axis: 3 },
    { shape: [2, 3, 4, 6], splits: [1, -1, 0], axis: 2 },
    { shape: [2, 6, 4], splits: [2, 4], axis: 1 },
    { shape: [6, 5], splits: 2, axis: 0 },
    { shape: [9], splits: [4, 5], axis: -1 },
  ];
  for (const [c, { shape, splits, axis }] of cases.entries()) {
    const x = normals(shape, 100 + c);
    const parts = typeof splits === "number" ? splits : splits.length;
    for (let j = 0; j < parts; j++) {
      const r = await onNativeWasmAndCpu(() => tf.split(tf.tensor(x, shape), splits, axis)[j]);
      assertBitwise(r, `part ${j} of SplitV of [${shape}] by ${JSON.stringify(splits)} along ${axis}`);
    }
  }
});

test("ResizeNearestNeighborGrad natively equals WASM's bitwise, and cpu's within a float32 sum's rounding, for up-, down- and uneven scales with and without aligned corners", { skip: off }, async () => {
  // [images shape, dy height and width]
  const cases: Array<[number[], number, number]> = [
    [[48, 14, 14, 32], 28, 28],
    [[2, 7, 7, 3], 14, 14],
    [[2, 5, 4, 3], 15, 12],
    [[1, 5, 7, 2], 7, 5],
    [[2, 9, 8, 3], 4, 3],
    [[1, 3, 3, 1], 1, 1],
  ];
  for (const [c, [shape, yh, yw]] of cases.entries()) {
    const images = normals(shape, 200 + c);
    const dyShape = [shape[0], yh, yw, shape[3]];
    const dy = normals(dyShape, 300 + c);
    for (const alignCorners of [false, true]) {
      const grad = (values: Float32Array) => () =>
        tf.engine().runKernel("ResizeNearestNeighborGrad", { images: tf.tensor(images, shape), dy: tf.tensor(values, dyShape) }, { alignCorners, halfPixelCenters: false }) as tf.Tensor;
      const what = `the resize gradient of [${shape}] from ${yh} x ${yw}, alignCorners ${alignCorners}`;
      const r = await onNativeWasmAndCpu(grad(dy));
      assertBitwise(r, what, false);
      // Each float32 addition rounds once: a sum of terms t is within (terms − 1) u Σ|t| of the exact one.
      const magnitudes = (await runOn("cpu", grad(dy.map(Math.abs)))).values;
      const terms = Math.ceil(yh / shape[1] + 1) * Math.ceil(yw / shape[2] + 1);
      assertWithinBound(r.native, r.cpu, magnitudes.map((m) => terms * FLOAT32_UNIT_ROUNDOFF * m + FLOAT32_MIN_NORMAL), `${what}, native vs cpu`);
    }
  }
});

test("ResizeNearestNeighbor natively equals WASM's and cpu's bitwise for up-, down- and uneven scales, and leaves aligned corners and half-pixel centres to WASM", { skip: off }, async () => {
  const cases: Array<[number[], number, number]> = [[[48, 14, 14, 32], 28, 28], [[2, 7, 7, 3], 14, 14], [[2, 5, 4, 3], 15, 12], [[1, 5, 7, 2], 7, 5], [[2, 9, 8, 3], 4, 3], [[1, 3, 3, 1], 1, 1]];
  for (const [c, [shape, yh, yw]] of cases.entries()) {
    const images = normals(shape, 400 + c);
    for (const [alignCorners, halfPixelCenters] of [[false, false], [true, false], [false, true]]) {
      const r = await onNativeWasmAndCpu(() => tf.image.resizeNearestNeighbor(tf.tensor4d(images, shape as [number, number, number, number]), [yh, yw], alignCorners, halfPixelCenters));
      assertBitwise(r, `the resize of [${shape}] to ${yh} x ${yw}, alignCorners ${alignCorners}, halfPixelCenters ${halfPixelCenters}`);
    }
  }
});

test("the native resize gradient sums every dy pixel into a one-pixel image with aligned corners, as cpu's does, where WASM's returns zeros", { skip: off }, async () => {
  // Scale (1 − 1) / (4 − 1) = 0: WASM's search window, 2 ⌈1 / scale⌉ + 2 wide, overflows and finds nothing.
  const dy = Float32Array.from({ length: 40 }, (_, i) => i + 1);
  const r = await onNativeWasmAndCpu(
    () => tf.engine().runKernel("ResizeNearestNeighborGrad", { images: tf.zeros([1, 1, 1, 2]), dy: tf.tensor(dy, [1, 4, 5, 2]) }, { alignCorners: true, halfPixelCenters: false }) as tf.Tensor,
  );
  assert.deepEqual([...r.native], [400, 420]);
  assert.deepEqual([...r.cpu], [400, 420]);
  assert.deepEqual([...(r.wasm ?? [])], [0, 0], "WASM's kernel no longer returns zeros here: compare it bitwise again");
});

test("the native resize gradient leaves half-pixel centres to WASM's kernel, which gives the same result", { skip: off }, async () => {
  const [shape, dyShape] = [[1, 3, 3, 2], [1, 6, 6, 2]];
  const dy = normals(dyShape, 7);
  const r = await onNativeWasmAndCpu(
    () => tf.engine().runKernel("ResizeNearestNeighborGrad", { images: tf.zeros(shape), dy: tf.tensor(dy, dyShape) }, { alignCorners: false, halfPixelCenters: true }) as tf.Tensor,
  );
  assertBitwise(r, "the resize gradient with half-pixel centres", false);
});

/** Values with the cases a mask must get right: signed zeros, infinities, NaN, and values near the threshold. */
const EDGES = Float32Array.from([0, -0, 1, -1, Infinity, -Infinity, NaN, 1e-30, -1e-30, 0.25, -0.25, 3.5]);

test("Greater against a scalar and Select natively equal WASM's and cpu's bitwise, and LeakyRelu WASM's, signed zeros, infinities and NaN included", { skip: off }, async () => {
  const x = Float32Array.from([...EDGES, ...normals([4, 5], 11)]);
  const shape = [2, x.length / 2];
  for (const threshold of [0, 0.25, -1]) {
    assertBitwise(await onNativeWasmAndCpu(() => tf.greater(tf.tensor(x, shape), threshold)), `Greater than ${threshold}`);
  }
  const other = normals(shape, 12);
  assertBitwise(await onNativeWasmAndCpu(() => tf.where(tf.greater(tf.tensor(x, shape), 0), tf.tensor(x, shape), tf.tensor(other, shape))), "Select");
  for (const alpha of [0.2, 0.01, 1.5]) {
    // WASM and native multiply by float32(α) in float32, cpu by α in float64 and rounds once: one rounding apart.
    const r = await onNativeWasmAndCpu(() => tf.leakyRelu(tf.tensor(x, shape), alpha));
    assertBitwise(r, `LeakyRelu with α = ${alpha}`, false);
    const finite = (v: Float32Array) => v.map((u) => (Number.isFinite(u) ? u : 0));
    assertWithinBound(finite(r.native), finite(r.cpu), finite(r.cpu).map((v) => 2 * FLOAT32_UNIT_ROUNDOFF * Math.abs(v) + FLOAT32_MIN_NORMAL), `LeakyRelu with α = ${alpha}, native vs cpu`);
  }
});

test("the LeakyRelu gradient through the native mask equals WASM's and cpu's bitwise", { skip: off }, async () => {
  const shape = [64, 7, 7, 8];
  const [x, dy] = [normals(shape, 13), normals(shape, 14)];
  const r = await onNativeWasmAndCpu(() => tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.leakyRelu(v, 0.2), tf.tensor(dy, shape))))(tf.tensor(x, shape)));
  assertBitwise(r, "the LeakyRelu gradient");
});

test("Greater against a tensor and Select with a broadcast condition go to WASM's kernels and stay right", { skip: off }, async () => {
  const [a, b] = [normals([3, 4], 15), normals([3, 4], 16)];
  assertBitwise(await onNativeWasmAndCpu(() => tf.greater(tf.tensor(a, [3, 4]), tf.tensor(b, [3, 4]))), "Greater of two tensors");
  const rows = () => tf.engine().runKernel("Select", { condition: tf.tensor([1, 0, 1], [3], "bool"), t: tf.tensor(a, [3, 4]), e: tf.tensor(b, [3, 4]) }) as tf.Tensor;
  assertBitwise(await onNativeWasmAndCpu(rows), "Select with a row condition");
});
