/**
 * The native pack's one matrix product (native/src/gemm.cc) on both of its libraries: oneDNN's sgemm, where the pack
 * was built with it, and OpenBLAS's, switched by setGemmDnnl, against a float64 product, within the float32 bound
 * of tolerances.ts (|Δ| ≤ 2γ_K · (|a| |b|)), on the shapes of our networks and on thin ones that stay on OpenBLAS.
 * And SOBOLEV_GEMM: its values, its errors, and the cache key part each library gets.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { convChoice, DEFAULT_ADDON_PATH, gemmChoice, type NativeAddon } from "./nativeAddon.js";
import { assertWithinBound, sumOfProductsFactor } from "./tolerances.js";
import { normals } from "./testing.js";
import { DENSE_JET, DENSE_JET_ADJOINT } from "./denseJet.js";
import { backendKeyPart } from "../runs/cache.js";
import { SILU, SILU_GRAD } from "./silu.js";
import type { BackendReport } from "./select.js";
import { NATIVE_NOT_APPLICABLE } from "./nativeKernels.js";

const built = existsSync(DEFAULT_ADDON_PATH);
const addon = built ? (createRequire(import.meta.url)(DEFAULT_ADDON_PATH) as NativeAddon) : undefined;

/** [m, n, k, transposeA, transposeB]: an MLP layer, its weight gradient, an im2col product, and thin products. */
const SHAPES: Array<[number, number, number, boolean, boolean]> = [
  [256, 64, 64, false, false],
  [64, 64, 256, true, false],
  [256, 64, 64, false, true],
  [300, 16, 27, false, false],
  [256, 1, 64, false, false],
  [5, 40, 33, false, false],
];

/** C = op(A) op(B) through the addon, with oneDNN allowed or not, and the float64 products of the values and of their moduli. */
function product(native: NativeAddon, [m, n, k, ta, tb]: (typeof SHAPES)[number], dnnl: boolean) {
  const a = normals([m * k], 1);
  const b = normals([k * n], 2);
  const heap = new ArrayBuffer(4 * (m * k + k * n + m * n));
  const floats = new Float32Array(heap);
  floats.set(a, 0);
  floats.set(b, m * k);
  native.setGemmDnnl(dnnl);
  native.matMul(heap, Float64Array.from([0, m * k]), 1, m * k + k * n, m, n, k, ta, tb);
  const exact = new Float64Array(m * n);
  const moduli = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      for (let p = 0; p < k; p++) {
        const av = a[ta ? p * m + i : i * k + p];
        const bv = b[tb ? j * k + p : p * n + j];
        exact[i * n + j] += av * bv;
        moduli[i * n + j] += Math.abs(av * bv);
      }
    }
  }
  return { got: floats.slice(m * k + k * n), exact, bound: moduli.map((v) => v * sumOfProductsFactor(k)) };
}

test("the native sgemm on oneDNN and on OpenBLAS each match a float64 product within the float32 bound, on our shapes and on thin ones", { skip: built ? false : `not built: ${DEFAULT_ADDON_PATH}` }, () => {
  const native = addon!;
  try {
    for (const shape of SHAPES) {
      for (const dnnl of [true, false]) {
        const { got, exact, bound } = product(native, shape, dnnl);
        assertWithinBound(got, exact, bound, `${shape.slice(0, 3).join("×")}${shape[3] ? " Aᵀ" : ""}${shape[4] ? " Bᵀ" : ""} with oneDNN ${dnnl ? "allowed" : "off"}`);
      }
    }
  } finally {
    native.setGemmDnnl(gemmChoice() !== "openblas");
  }
});

test("setGemmDnnl switches the library info() reports, in a build with oneDNN; without it the products stay on OpenBLAS", { skip: built ? false : `not built: ${DEFAULT_ADDON_PATH}` }, () => {
  const native = addon!;
  try {
    native.setGemmDnnl(false);
    assert.equal(native.info().gemm, "openblas");
    native.setGemmDnnl(true);
    assert.equal(native.info().gemm, native.info().dnnl ? "onednn" : "openblas");
  } finally {
    native.setGemmDnnl(gemmChoice() !== "openblas");
  }
});

test("SOBOLEV_GEMM takes onednn and openblas, leaves the choice to the pack when unset, and names the valid values otherwise", () => {
  assert.equal(gemmChoice(undefined), undefined);
  assert.equal(gemmChoice(" "), undefined);
  assert.equal(gemmChoice("openblas"), "openblas");
  assert.equal(gemmChoice(" onednn "), "onednn");
  assert.throws(() => gemmChoice("auto"), /SOBOLEV_GEMM="auto" is not valid; use onednn \(needs a native pack built with Debian's libdnnl-dev\), openblas, or leave it unset/);
});

test("SOBOLEV_CONV takes onednn and im2col, leaves the choice to the pack when unset, and names the valid values otherwise", () => {
  assert.equal(convChoice(undefined), undefined);
  assert.equal(convChoice(" "), undefined);
  assert.equal(convChoice("im2col"), "im2col");
  assert.equal(convChoice(" onednn "), "onednn");
  assert.throws(() => convChoice("direct"), /SOBOLEV_CONV="direct" is not valid; use onednn \(needs a native pack built with Debian's libdnnl-dev\), im2col, or leave it unset/);
});

test("runs on oneDNN and on OpenBLAS products, on oneDNN and im2col convolutions, with and without the fused dense layer and SiLU, and at different thread counts, get different cache key parts", () => {
  const wasm = (native: Partial<BackendReport["native"]>): BackendReport =>
    ({ name: "wasm", native: { ...NATIVE_NOT_APPLICABLE, ...native } }) as BackendReport;
  const parts = [
    backendKeyPart(wasm({})),
    backendKeyPart(wasm({ active: true, status: "on", threads: 1, gemm: "openblas" })),
    backendKeyPart(wasm({ active: true, status: "on", threads: 2, gemm: "openblas" })),
    backendKeyPart(wasm({ active: true, status: "on", threads: 1, gemm: "onednn" })),
    backendKeyPart(wasm({ active: true, status: "on", threads: 1, gemm: "openblas", conv: "onednn" })),
    backendKeyPart(wasm({ active: true, status: "on", threads: 2, gemm: "onednn", conv: "onednn" })),
    backendKeyPart(wasm({ active: true, status: "on", threads: 1, gemm: "openblas", conv: "onednn", kernels: ["BatchMatMul", DENSE_JET, DENSE_JET_ADJOINT] })),
    backendKeyPart(wasm({ active: true, status: "on", threads: 1, gemm: "openblas", conv: "onednn", kernels: ["BatchMatMul", DENSE_JET, DENSE_JET_ADJOINT, SILU, SILU_GRAD] })),
  ];
  assert.deepEqual(parts, [
    "wasm", "wasm+native/1t", "wasm+native/2t", "wasm+native-onednn/1t", "wasm+native-dnnlconv/1t", "wasm+native-onednn-dnnlconv/2t", "wasm+native-dnnlconv-densejet/1t",
    "wasm+native-dnnlconv-densejet-silu/1t",
  ]);
});
