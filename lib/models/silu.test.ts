/**
 * silu (silu.ts): its gradient formula σ (1 + x (1 − σ)) against central finite differences of x σ(x) in float64, and
 * the op and its tf.grad, fused (WASM with the native pack) and composed (cpu), against that float64 reference within
 * a few roundings of each term.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { SILU, SILU_GRAD } from "../backend/silu.js";
import { nativePackOffReason } from "../backend/nativeTesting.js";
import { assertWithinBound, ELEMENTWISE_ULPS, FLOAT32_MIN_NORMAL, FLOAT32_UNIT_ROUNDOFF } from "../backend/tolerances.js";
import { normals, runOn } from "../backend/testing.js";
import { silu } from "./silu.js";

// Selects the WASM backend (with the pack where it loads), so that both backends below are registered.
const off = await nativePackOffReason();

const sigma = (x: number): number => 1 / (1 + Math.exp(-x));
const silu64 = (x: number): number => x * sigma(x);
const siluPrime64 = (x: number): number => sigma(x) * (1 + x * (1 - sigma(x)));

/** Arguments over the range where σ is neither 0 nor 1 in float32, and beyond it. */
const X = Float32Array.from([...normals([400], 1).map((v) => 4 * v), -90, -30, -1.2784645, -1e-20, 0, -0, 1e-20, 30, 90]);
const DY = normals([X.length], 2);

test("the SiLU gradient σ(x) (1 + x (1 − σ(x))) matches central finite differences of x σ(x) in float64", () => {
  for (const x of X) {
    const h = 1e-5 * Math.max(1, Math.abs(x));
    const fd = (silu64(x + h) - silu64(x - h)) / (2 * h);
    assert.ok(Math.abs(fd - siluPrime64(x)) <= 1e-8 * Math.max(1, Math.abs(x)), `x = ${x}: finite differences ${fd}, formula ${siluPrime64(x)}`);
  }
});

/** x σ(x) and dy · SiLU′(x) on `backend`, through the op and tf.grad. */
async function valueAndGradient(backend: "wasm" | "cpu"): Promise<{ value: Float32Array; gradient: Float32Array }> {
  const value = (await runOn(backend, () => silu(tf.tensor(X)))).values;
  const gradient = (await runOn(backend, () => tf.grad((x: tf.Tensor) => tf.sum(tf.mul(silu(x), tf.tensor(DY))))(tf.tensor(X)))).values;
  return { value, gradient };
}

// σ to ELEMENTWISE_ULPS, then a product (value) or four operations (gradient), each term's magnitude bounding its error.
const valueBound = (x: number): number => (ELEMENTWISE_ULPS + 2) * FLOAT32_UNIT_ROUNDOFF * Math.abs(silu64(x)) + FLOAT32_MIN_NORMAL;
const gradientBound = (x: number, dy: number): number =>
  2 * (ELEMENTWISE_ULPS + 6) * FLOAT32_UNIT_ROUNDOFF * Math.abs(dy) * sigma(x) * (1 + Math.abs(x) * (1 - sigma(x))) + FLOAT32_MIN_NORMAL;

for (const backend of ["cpu", "wasm"] as const) {
  test(`silu and its gradient on ${backend} agree with x σ(x) and dy σ (1 + x (1 − σ)) in float64 to a few roundings`, async () => {
    const { value, gradient } = await valueAndGradient(backend);
    const expectedValue = Array.from(X, silu64);
    const expectedGradient = Array.from(X, (x, i) => DY[i] * siluPrime64(x));
    // x σ(x) at x = −90 is −90 · 8e-40: float32's subnormal range, where only the absolute error counts.
    assertWithinBound(value, expectedValue, Array.from(X, valueBound).map((b) => b + 1e-37), `SiLU on ${backend}`);
    assertWithinBound(gradient, expectedGradient, Array.from(X, (x, i) => gradientBound(x, DY[i]) + 1e-37), `SiLU gradient on ${backend}`);
  });
}

test("on WASM with the native pack, silu is one fused kernel forward and one backward", { skip: off }, async () => {
  await tf.setBackend("wasm");
  const x = tf.tensor(X);
  const info = await tf.profile(() => tf.grad((v: tf.Tensor) => tf.sum(silu(v)))(x));
  const names = info.kernels.map((k) => k.name);
  assert.ok(names.includes(SILU) && names.includes(SILU_GRAD), `kernels: ${names.join(", ")}`);
  assert.ok(!names.includes("Sigmoid"), `the composed ops ran too: ${names.join(", ")}`);
  x.dispose();
});
