import { test } from "node:test";
import assert from "node:assert/strict";
import { assertClose } from "../numeric/assertClose.js";
import { fourierDerivative, fourierFrequencies, fourierPartial2d } from "./fourier.js";
import type { Partial2d } from "./gridAxis.js";
import { FOURIER_EXACT_RELATIVE } from "./tolerances.js";

const TWO_PI = 2 * Math.PI;
const grid = (n: number, length: number): number[] => Array.from({ length: n }, (_, j) => (j * length) / n);

test("fourierFrequencies(N) is 0..N/2-1, -N/2..-1 for even N and 0..(N-1)/2, -(N-1)/2..-1 for odd N", () => {
  assert.deepEqual(fourierFrequencies(8), [0, 1, 2, 3, -4, -3, -2, -1]);
  assert.deepEqual(fourierFrequencies(5), [0, 1, 2, -2, -1]);
});

test("fourierDerivative of sin(3x) + cos(5x) on [0, 2π) is exact to rounding, first through third order", () => {
  const derivatives = [
    (x: number): number => 3 * Math.cos(3 * x) - 5 * Math.sin(5 * x),
    (x: number): number => -9 * Math.sin(3 * x) - 25 * Math.cos(5 * x),
    (x: number): number => -27 * Math.cos(3 * x) + 125 * Math.sin(5 * x),
  ];
  for (const n of [16, 32, 15, 24]) {
    const x = grid(n, TWO_PI);
    const values = x.map((t) => Math.sin(3 * t) + Math.cos(5 * t));
    derivatives.forEach((exact, index) => {
      const k = index + 1;
      assertClose(fourierDerivative(values, TWO_PI, k), x.map(exact), { relative: FOURIER_EXACT_RELATIVE }, `order ${k}, N=${n}`);
    });
  }
});

test("fourierDerivative scales with the period: d/dx sin(2π x / L) on [0, L) with L = 3", () => {
  const L = 3;
  const x = grid(20, L);
  const got = fourierDerivative(x.map((t) => Math.sin((TWO_PI * t) / L)), L);
  assertClose(got, x.map((t) => (TWO_PI / L) * Math.cos((TWO_PI * t) / L)), { relative: FOURIER_EXACT_RELATIVE }, "L = 3");
});

test("fourierDerivative zeroes the Nyquist mode (-1)^j for odd orders and keeps it, times -(N/2)^2, for the second", () => {
  const n = 8;
  const sawtooth = Array.from({ length: n }, (_, j) => (j % 2 === 0 ? 1 : -1));
  assertClose(fourierDerivative(sawtooth, TWO_PI, 1), Array(n).fill(0), { absolute: FOURIER_EXACT_RELATIVE }, "first derivative");
  assertClose(fourierDerivative(sawtooth, TWO_PI, 2), sawtooth.map((v) => -16 * v), { relative: FOURIER_EXACT_RELATIVE }, "second derivative");
});

test("fourierPartial2d is exact on sin(2x) cos(3y) + cos(x) on [0, 2π) x [0, 4π), all five partials", () => {
  const [N1, N2] = [16, 24];
  const [L1, L2] = [TWO_PI, 2 * TWO_PI];
  const x = grid(N1, L1);
  const y = grid(N2, L2);
  const points = x.flatMap((s) => y.map((t) => [s, t] as const));
  // cos(3y) has period 2π/3, which divides 4π; frequency in units of 2π/L2 is 6 < N2/2.
  const expected: Record<Partial2d, (s: number, t: number) => number> = {
    x: (s, t) => 2 * Math.cos(2 * s) * Math.cos(3 * t) - Math.sin(s),
    y: (s, t) => -3 * Math.sin(2 * s) * Math.sin(3 * t),
    xx: (s, t) => -4 * Math.sin(2 * s) * Math.cos(3 * t) - Math.cos(s),
    yy: (s, t) => -9 * Math.sin(2 * s) * Math.cos(3 * t),
    xy: (s, t) => -6 * Math.cos(2 * s) * Math.sin(3 * t),
  };
  const values = points.map(([s, t]) => Math.sin(2 * s) * Math.cos(3 * t) + Math.cos(s));
  for (const which of ["x", "y", "xx", "yy", "xy"] as const) {
    const got = fourierPartial2d(values, [N1, N2], [L1, L2], which);
    assertClose(got, points.map(([s, t]) => expected[which](s, t)), { relative: FOURIER_EXACT_RELATIVE }, `∂${which}`);
  }
});

test("fourierDerivative rejects a non-positive period and a negative order", () => {
  assert.throws(() => fourierDerivative([1, 2], 0), /fourierDerivative: length must be a positive finite number, got 0/);
  assert.throws(() => fourierDerivative([1, 2], 1, -1), /fourierDerivative: order must be a non-negative integer, got -1/);
});
