/**
 * The native BatchMatMul and _FusedMatMul (nativeMatMul.ts) against the WASM backend's own kernels and
 * the cpu backend, on seeded inputs of awkward shapes, every transpose, batch broadcasting and every
 * fused bias and activation, within the float32 bound of tolerances.ts: |Δ| ≤ 2γ_K · (|a| |b|), K the
 * inner size. Skipped, with the reason, when the pack is off (not built, SOBOLEV_NATIVE=0, ...).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import type { WasmBackend } from "./wasmCall.js";
import { assertWithinBound, elementwiseBound, sumOfProductsFactor } from "./tolerances.js";
import { normals, runOn } from "./testing.js";
import { nativePackOffReason, onNativeWasmAndCpu } from "./nativeTesting.js";

const off = await nativePackOffReason();

/** a [..., M, K] · b [..., K, N] before transposition; `suffix`: tfjs's own kernels broadcast it right. */
interface Case { a: number[]; b: number[]; suffix: boolean }

const CASES: Case[] = [
  { a: [7, 5], b: [5, 3], suffix: true },
  { a: [33, 65], b: [65, 17], suffix: true },
  { a: [1, 9], b: [9, 1], suffix: true },
  { a: [6, 1], b: [1, 5], suffix: true },
  { a: [3, 7, 5], b: [3, 5, 4], suffix: true },
  { a: [3, 7, 5], b: [1, 5, 4], suffix: true },
  { a: [1, 7, 5], b: [3, 5, 4], suffix: true },
  { a: [3, 7, 5], b: [5, 4], suffix: true },
  { a: [2, 3, 7, 5], b: [3, 5, 4], suffix: true },
  { a: [2, 3, 7, 5], b: [2, 3, 5, 4], suffix: true },
  { a: [3, 1, 4, 5], b: [1, 2, 5, 6], suffix: false },
  { a: [2, 1, 3, 4, 5], b: [3, 1, 5, 2], suffix: false },
];

const TRANSPOSES: Array<[boolean, boolean]> = [[false, false], [true, false], [false, true], [true, true]];

/** The stored shape of an operand given as [..., rows, cols] before transposition. */
const stored = (shape: number[], transpose: boolean) => (transpose ? [...shape.slice(0, -2), shape.at(-1)!, shape.at(-2)!] : shape);
const label = (c: { a: number[]; b: number[] }, ta: boolean, tb: boolean) => `a [${c.a}]${ta ? "ᵀ" : ""} · b [${c.b}]${tb ? "ᵀ" : ""}`;

/** op(a) op(b) with the batch axes tiled to the output's first: a reference that never broadcasts. */
function tiledProduct(a: tf.Tensor, b: tf.Tensor, ta: boolean, tb: boolean): tf.Tensor {
  const batch = tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const full = (t: tf.Tensor) => tf.broadcastTo(t, [...batch, ...t.shape.slice(-2)]);
  return tf.matMul(full(a), full(b), ta, tb);
}

for (const c of CASES) {
  test(`BatchMatMul natively matches ${c.suffix ? "WASM's own kernel and the cpu backend" : "a tiled product on cpu and WASM"} for a [${c.a}] · b [${c.b}] under all four transposes`, { skip: off }, async () => {
    for (const [ta, tb] of TRANSPOSES) {
      const [as, bs] = [stored(c.a, ta), stored(c.b, tb)];
      const [av, bv] = [normals(as, 1), normals(bs, 2)];
      const product = (x: Float32Array, y: Float32Array) =>
        c.suffix ? tf.matMul(tf.tensor(x, as), tf.tensor(y, bs), ta, tb) : tiledProduct(tf.tensor(x, as), tf.tensor(y, bs), ta, tb);
      const r = await onNativeWasmAndCpu(() => tf.matMul(tf.tensor(av, as), tf.tensor(bv, bs), ta, tb));
      const reference = c.suffix ? r : await onNativeWasmAndCpu(() => product(av, bv));
      const abs = await runOn("cpu", () => product(av.map(Math.abs), bv.map(Math.abs)));
      const bound = abs.values.map((v) => v * sumOfProductsFactor(c.a.at(-1)!));
      assert.deepEqual(r.shape, abs.shape);
      assertWithinBound(r.native, reference.cpu, bound, `BatchMatMul native vs cpu, ${label(c, ta, tb)}`);
      assert.ok(reference.wasm !== undefined, reference.wasmError);
      assertWithinBound(r.native, reference.wasm, bound, `BatchMatMul native vs WASM, ${label(c, ta, tb)}`);
    }
  });
}

test("tfjs 4.22's own BatchMatMul kernels broadcast non-suffix batch shapes wrongly, which is why the native one is checked against a tiled product", { skip: off }, async () => {
  const [as, bs] = [[3, 1, 4, 5], [1, 2, 5, 6]];
  const [av, bv] = [normals(as, 1), normals(bs, 2)];
  const direct = await onNativeWasmAndCpu(() => tf.matMul(tf.tensor(av, as), tf.tensor(bv, bs)));
  const tiled = await runOn("cpu", () => tiledProduct(tf.tensor(av, as), tf.tensor(bv, bs), false, false));
  const maxDiff = (x: Float32Array) => Math.max(...x.map((v, i) => Math.abs(v - tiled.values[i])));
  assert.ok(maxDiff(direct.cpu) > 0.1, `cpu kernel now broadcasts right (max diff ${maxDiff(direct.cpu)}): compare against it directly`);
  assert.ok(maxDiff(direct.native) < 1e-4, `native differs from the tiled product by ${maxDiff(direct.native)}`);
});

type Activation = "linear" | "relu" | "relu6" | "elu" | "leakyrelu" | "prelu" | "sigmoid";
const ACTIVATIONS: Activation[] = ["linear", "relu", "relu6", "elu", "leakyrelu", "prelu", "sigmoid"];

/** Fused cases: a [.., M, K] · b [.., K, N] + bias, then the activation; prelu slopes shaped like `bias` or [N]. */
const FUSED: Array<{ a: number[]; b: number[]; bias: number[] | undefined }> = [
  { a: [7, 5], b: [5, 3], bias: [3] },
  { a: [2, 9, 6], b: [2, 6, 5], bias: [5] },
  { a: [1, 33, 17], b: [1, 17, 11], bias: [1] },
  { a: [3, 8, 4], b: [3, 4, 7], bias: [8, 7] },
  { a: [3, 8, 4], b: [3, 4, 7], bias: [8, 1] },
  { a: [3, 8, 4], b: [3, 4, 7], bias: [3, 1, 7] },
  { a: [5, 3], b: [3, 9], bias: undefined },
];

/**
 * Where tfjs-backend-wasm 4.22's own _FusedMatMul is right: no bias, or a bias [N] with neither operand
 * transposed and a batch of 1 (its XNNPACK path). Elsewhere it adds the bias wrongly (next test), or
 * throws for a bias of rank > 1; those cases are checked against the cpu backend only.
 */
function wasmAddsBiasRight(c: { a: number[]; b: number[]; bias: number[] | undefined }, ta: boolean, tb: boolean): boolean {
  if (c.bias === undefined) return true;
  return c.bias.length === 1 && c.bias[0] === c.b.at(-1) && c.bias[0] > 1 && !ta && !tb && tf.util.sizeFromShape(c.a.slice(0, -2)) === 1;
}

test("tfjs-backend-wasm 4.22's own _FusedMatMul adds a bias wrongly for a transposed operand, a batch of 2 or a one-element bias, where the native kernel matches cpu", { skip: off }, async () => {
  const cases: Array<{ a: number[]; b: number[]; bias: number[]; ta: boolean }> = [
    { a: [5, 7], b: [5, 3], bias: [3], ta: true },
    { a: [2, 7, 5], b: [2, 5, 3], bias: [3], ta: false },
    { a: [7, 5], b: [5, 3], bias: [1], ta: false },
  ];
  for (const c of cases) {
    const [av, bv, biasValues] = [normals(c.a, 1), normals(c.b, 2), normals(c.bias, 3)];
    const r = await onNativeWasmAndCpu(() => tf.fused.matMul({ a: tf.tensor(av, c.a), b: tf.tensor(bv, c.b), transposeA: c.ta, bias: tf.tensor(biasValues, c.bias) }));
    const maxDiff = (x: Float32Array) => Math.max(...x.map((v, i) => Math.abs(v - r.cpu[i])));
    assert.ok(r.wasm !== undefined && maxDiff(r.wasm) > 0.1, `WASM's _FusedMatMul is now right for a [${c.a}] + bias [${c.bias}] (max diff ${r.wasm && maxDiff(r.wasm)}): compare against it in every case`);
    assert.ok(maxDiff(r.native) < 1e-4, `native differs from cpu by ${maxDiff(r.native)}`);
  }
});

for (const c of FUSED) {
  test(`_FusedMatMul natively matches the cpu backend, and WASM's own kernel where that is right, for a [${c.a}] · b [${c.b}] + bias ${c.bias ? `[${c.bias}]` : "none"} under every activation and transpose`, { skip: off }, async () => {
    const n = c.b.at(-1)!;
    const slopesShape = c.bias ?? [n];
    const slopes = normals(slopesShape, 9).map((v) => 0.5 * v);
    const lipschitz = Math.max(1, ...slopes.map(Math.abs));
    for (const activation of ACTIVATIONS) {
      for (const [ta, tb] of TRANSPOSES) {
        const [as, bs] = [stored(c.a, ta), stored(c.b, tb)];
        const [av, bv] = [normals(as, 3), normals(bs, 4)];
        const biasValues = c.bias && normals(c.bias, 5);
        const fused = (x: Float32Array, y: Float32Array, bias: Float32Array | undefined, act: Activation) =>
          tf.fused.matMul({
            a: tf.tensor(x, as), b: tf.tensor(y, bs), transposeA: ta, transposeB: tb, activation: act, leakyreluAlpha: 0.3,
            bias: bias && tf.tensor(bias, c.bias), preluActivationWeights: act === "prelu" ? tf.tensor(slopes, slopesShape) : undefined,
          });
        const r = await onNativeWasmAndCpu(() => fused(av, bv, biasValues, activation));
        // Error of the pre-activation sum (K products and the bias), through an activation of Lipschitz constant ≤ `lipschitz`.
        const abs = await runOn("cpu", () => fused(av.map(Math.abs), bv.map(Math.abs), biasValues?.map(Math.abs), "linear"));
        const factor = sumOfProductsFactor(c.a.at(-1)! + 1) * lipschitz;
        const bound = abs.values.map((v, i) => v * factor + elementwiseBound(r.cpu[i]));
        const what = `_FusedMatMul ${activation}, ${label(c, ta, tb)} + bias ${c.bias ? `[${c.bias}]` : "none"}`;
        assertWithinBound(r.native, r.cpu, bound, `${what}, native vs cpu`);
        if (wasmAddsBiasRight(c, ta, tb)) {
          assert.ok(r.wasm !== undefined, `WASM failed on ${what}: ${r.wasmError}`);
          assertWithinBound(r.native, r.wasm, bound, `${what}, native vs WASM`);
        }
      }
    }
  });
}

test("the native BatchMatMul reads the WASM heap after allocating its output, so a product that grows WASM memory is still right", { skip: off }, async () => {
  await tf.setBackend("wasm");
  const backend = tf.backend() as unknown as WasmBackend;
  const before = backend.wasm.HEAPU8.buffer;
  const side = Math.ceil(Math.sqrt(before.byteLength / 4)) + 1; // an [side, side] output outgrows the heap
  const [av, bv] = [normals([side, 1], 6), normals([1, side], 7)];
  const out = tf.tidy(() => tf.matMul(tf.tensor(av, [side, 1]), tf.tensor(bv, [1, side])));
  assert.notEqual(backend.wasm.HEAPU8.buffer, before, "WASM memory did not grow; make the product larger");
  const values = out.dataSync();
  for (const [i, j] of [[0, 0], [side - 1, side - 1], [17, side - 3], [side - 2, 5]]) {
    assert.equal(values[i * side + j], Math.fround(av[i] * bv[j]), `entry (${i}, ${j}) of the ${side}x${side} outer product`);
  }
  out.dispose();
});

test("the native matMul kernels hand int32 products to WASM's own kernel, which rejects them with its usual error", { skip: off }, async () => {
  await tf.setBackend("wasm");
  assert.throws(() => tf.tidy(() => tf.matMul(tf.tensor2d([[1, 2]], [1, 2], "int32"), tf.tensor2d([[3], [4]], [2, 1], "int32"))), /BatchMatMul for non non-float32 tensors not yet supported/);
});
