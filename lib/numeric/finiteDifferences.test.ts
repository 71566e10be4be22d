import { test } from "node:test";
import assert from "node:assert/strict";
import { centralGradient, centralJacobian } from "./finiteDifferences.js";
import { assertClose } from "./assertClose.js";
import { DETECTABLE_PERTURBATION, FD_EXACT_QUADRATIC_RELATIVE, FD_GRADIENT_RELATIVE, FD_STEP } from "./tolerances.js";

// F(x) = A x + (x^T B_k x)_k with fixed A, B_k: a quadratic map, so central differences are exact up to rounding.
const A = [
  [1, -2, 0.5],
  [3, 0, -1],
];
const B = [
  [
    [2, 1, 0],
    [0, -1, 4],
    [1, 0, 3],
  ],
  [
    [0, 0, 1],
    [2, 5, 0],
    [-3, 1, 1],
  ],
];
const quadraticMap = (x: number[]): number[] =>
  A.map((row, k) => row.reduce((s, a, i) => s + a * x[i], 0) + B[k].reduce((s, r, i) => s + x[i] * r.reduce((t, b, j) => t + b * x[j], 0), 0));
// dF_k/dx_i = A[k][i] + sum_j (B_k[i][j] + B_k[j][i]) x_j
const quadraticJacobian = (x: number[]): number[][] =>
  A.map((row, k) => row.map((a, i) => a + x.reduce((s, xj, j) => s + (B[k][i][j] + B[k][j][i]) * xj, 0)));

test("centralJacobian is exact on a quadratic map up to rounding", () => {
  const x = [0.3, -1.2, 2.0];
  const jacobian = centralJacobian(quadraticMap, x, FD_STEP);
  assert.equal(jacobian.length, 2, "one row per output");
  assert.equal(jacobian[0].length, 3, "one column per input");
  assertClose(jacobian.flat(), quadraticJacobian(x).flat(), { relative: FD_EXACT_QUADRATIC_RELATIVE }, "FD Jacobian, row-major");
});

test("centralGradient is exact on a quadratic function up to rounding", () => {
  const f = (x: number[]): number => quadraticMap(x)[1];
  const x = [1.5, 0.25, -0.75];
  assertClose(centralGradient(f, x, FD_STEP), quadraticJacobian(x)[1], { relative: FD_EXACT_QUADRATIC_RELATIVE }, "FD gradient");
});

test("centralGradient has O(h^2) error on a non-polynomial function", () => {
  const f = (x: number[]): number => Math.sin(x[0]) * Math.exp(x[1]);
  const x = [0.7, -0.3];
  const exact = [Math.cos(x[0]) * Math.exp(x[1]), Math.sin(x[0]) * Math.exp(x[1])];
  assertClose(centralGradient(f, x, FD_STEP), exact, { relative: FD_GRADIENT_RELATIVE }, "FD gradient of sin(x) exp(y)");
  const error = (h: number): number => Math.abs(centralGradient(f, x, h)[0] - exact[0]);
  const ratio = error(1e-2) / error(5e-3); // 4 for an O(h^2) method
  assert.ok(ratio > 3.9 && ratio < 4.1, `error ratio for halved step should be ~4, got ${ratio}`);
});

test("a gradient perturbed by DETECTABLE_PERTURBATION fails the FD check", () => {
  const f = (x: number[]): number => Math.sin(x[0]) * Math.exp(x[1]);
  const x = [0.7, -0.3];
  const wrong = [Math.cos(x[0]) * Math.exp(x[1]) * (1 + DETECTABLE_PERTURBATION), Math.sin(x[0]) * Math.exp(x[1])];
  assert.throws(() => assertClose(centralGradient(f, x, FD_STEP), wrong, { relative: FD_GRADIENT_RELATIVE }, "perturbed"));
});

test("centralGradient and centralJacobian reject a non-positive step", () => {
  assert.throws(() => centralGradient((x) => x[0], [1], 0), /step h must be a positive/);
  assert.throws(() => centralJacobian((x) => x, [1], -1), /step h must be a positive/);
});
