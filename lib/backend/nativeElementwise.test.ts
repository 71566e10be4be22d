/**
 * The native elementwise functions and Sum (nativeElementwise.ts) against the WASM backend's own kernels
 * and the cpu backend, within the bounds of tolerances.ts. Skipped, with the reason, when the pack is off.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { reductionBlock } from "./nativeElementwise.js";
import { assertWithinBound, CPU_ERF_ABSOLUTE, elementwiseBound, sumOfProductsFactor, WASM_SIN_COS_ABSOLUTE } from "./tolerances.js";
import { normals, runOn } from "./testing.js";
import { nativePackOffReason, onNativeWasmAndCpu } from "./nativeTesting.js";

const off = await nativePackOffReason();

const UNARY = {
  Tanh: { op: tf.tanh, absolute: 0, wasmAbsolute: 0 },
  Sin: { op: tf.sin, absolute: 0, wasmAbsolute: WASM_SIN_COS_ABSOLUTE },
  Cos: { op: tf.cos, absolute: 0, wasmAbsolute: WASM_SIN_COS_ABSOLUTE },
  Exp: { op: tf.exp, absolute: 0, wasmAbsolute: 0 },
  Erf: { op: tf.erf, absolute: CPU_ERF_ABSOLUTE, wasmAbsolute: CPU_ERF_ABSOLUTE },
} as const;

/** Odd sizes of every rank up to 4 (lengths not a multiple of the 8 SIMD lanes), and scales from 1e-3 to 50. */
const SHAPES = [[1], [7], [3, 5], [2, 3, 5], [2, 3, 4, 5], [1000, 67]];
const SCALES = [1e-3, 1, 3, 50];

for (const [name, { op, absolute, wasmAbsolute }] of Object.entries(UNARY)) {
  test(`${name} natively matches WASM's own kernel and the cpu backend within a few ulp on odd shapes of ranks 1-4 and arguments from 1e-3 to 50`, { skip: off }, async () => {
    for (const shape of SHAPES) {
      for (const scale of SCALES) {
        // exp overflows float32 beyond 88.7; keep its arguments below.
        const x = normals(shape, 11).map((v) => (name === "Exp" ? Math.max(-80, Math.min(80, v * scale)) : v * scale));
        const r = await onNativeWasmAndCpu(() => op(tf.tensor(x, shape)));
        const what = `${name} on [${shape}], scale ${scale}`;
        assertWithinBound(r.native, r.cpu, r.cpu.map((v) => elementwiseBound(v, absolute)), `${what}, native vs cpu`);
        assert.ok(r.wasm !== undefined, r.wasmError);
        assertWithinBound(r.native, r.wasm, r.cpu.map((v) => elementwiseBound(v, absolute + wasmAbsolute)), `${what}, native vs WASM`);
      }
    }
  });
}

test("native elementwise functions agree with the cpu backend on ±0, ±Infinity, NaN, subnormal and overflowing arguments", { skip: off }, async () => {
  const special = [0, -0, Infinity, -Infinity, NaN, 1e-40, -1e-40, 1e-30, 88.7, 89, -104, 1e4, -1e4, 3.4e38];
  for (const [name, { op, absolute }] of Object.entries(UNARY)) {
    const native = await runOn("wasm", () => op(tf.tensor(special)));
    const cpu = await runOn("cpu", () => op(tf.tensor(special)));
    special.forEach((x, i) => {
      const [got, want] = [native.values[i], cpu.values[i]];
      const agree = Number.isNaN(want) ? Number.isNaN(got) : !Number.isFinite(want) ? got === want : Math.abs(got - want) <= elementwiseBound(want, absolute);
      assert.ok(agree, `${name}(${x}): native ${got}, cpu ${want}`);
    });
  }
});

test("reductionBlock views a sum over one contiguous block of axes as [outer, reduce, inner], ignoring size-1 axes", () => {
  assert.deepEqual(reductionBlock([1024, 64], [0]), [1, 1024, 64]);
  assert.deepEqual(reductionBlock([1024, 64], [1]), [1024, 64, 1]);
  assert.deepEqual(reductionBlock([3, 1, 5, 4], [0, 2]), [1, 15, 4]);
  assert.deepEqual(reductionBlock([3, 5, 4], [0, 1, 2]), [1, 60, 1]);
  assert.deepEqual(reductionBlock([3, 5, 4], []), [60, 1, 1]);
  assert.equal(reductionBlock([3, 5, 4], [0, 2]), undefined);
});

/** Shapes and axes: contiguous blocks (native), a non-contiguous pair and an empty axis list (WASM's kernel). */
const SUMS: Array<{ shape: number[]; axis: number | number[] }> = [
  { shape: [1024, 64], axis: 0 },
  { shape: [7, 5], axis: 1 },
  { shape: [7, 5], axis: -1 },
  { shape: [7, 5], axis: [0, 1] },
  { shape: [3, 1, 5, 4], axis: [1, 2] },
  { shape: [3, 1, 5, 4], axis: [0, 2] },
  { shape: [3, 1, 5, 4], axis: [2, 3] },
  { shape: [2, 3, 5, 7], axis: [0, 1, 2, 3] },
  { shape: [2, 3, 5, 7], axis: [1, 3] },
  { shape: [9], axis: 0 },
  { shape: [5, 3], axis: [] },
];

for (const { shape, axis } of SUMS) {
  test(`Sum natively matches WASM's own kernel and the cpu backend over axis ${JSON.stringify(axis)} of [${shape}], with and without keepDims`, { skip: off }, async () => {
    for (const keepDims of [false, true]) {
      const x = normals(shape, 13);
      const r = await onNativeWasmAndCpu(() => tf.sum(tf.tensor(x, shape), axis, keepDims));
      const expectedShape = await runOn("cpu", () => tf.sum(tf.tensor(x, shape), axis, keepDims));
      assert.deepEqual(r.shape, expectedShape.shape);
      const terms = tf.util.sizeFromShape(shape) / Math.max(1, r.cpu.length);
      const abs = await runOn("cpu", () => tf.sum(tf.tensor(x.map(Math.abs), shape), axis, keepDims));
      const bound = abs.values.map((v) => v * sumOfProductsFactor(terms));
      assertWithinBound(r.native, r.cpu, bound, `Sum over ${JSON.stringify(axis)} of [${shape}], native vs cpu`);
      assert.ok(r.wasm !== undefined, r.wasmError);
      assertWithinBound(r.native, r.wasm, bound, `Sum over ${JSON.stringify(axis)} of [${shape}], native vs WASM`);
    }
  });
}

test("Sum of an int32 tensor goes to WASM's own kernel and stays exact", { skip: off }, async () => {
  const r = await runOn("wasm", () => tf.sum(tf.tensor2d([[1, 2, 3], [4, 5, 2 ** 24 + 1]], [2, 3], "int32"), 0));
  assert.deepEqual([...r.values], [5, 7, 2 ** 24 + 4]);
});
