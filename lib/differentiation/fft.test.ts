import { test } from "node:test";
import assert from "node:assert/strict";
import { assertClose } from "../numeric/assertClose.js";
import { SeededRandom } from "../numeric/random.js";
import { dft, inverseDft, naiveDft } from "./fft.js";
import { DFT_RELATIVE } from "./tolerances.js";

const randomVector = (rng: SeededRandom, n: number): number[] => Array.from({ length: n }, () => rng.gaussian());

test("dft (radix-2 FFT) equals the direct DFT sum for N = 1, 2, 4, .., 1024", () => {
  const rng = new SeededRandom(20240611);
  for (let n = 1; n <= 1024; n *= 2) {
    const re = randomVector(rng, n);
    const im = randomVector(rng, n);
    const fast = dft(re, im);
    const slow = naiveDft(re, im);
    assertClose(Array.from(fast.re), Array.from(slow.re), { relative: DFT_RELATIVE }, `re, N=${n}`);
    assertClose(Array.from(fast.im), Array.from(slow.im), { relative: DFT_RELATIVE }, `im, N=${n}`);
  }
});

test("inverseDft(dft(x)) = x for powers of two and for other N", () => {
  const rng = new SeededRandom(7);
  for (const n of [1, 3, 12, 15, 64, 100]) {
    const re = randomVector(rng, n);
    const im = randomVector(rng, n);
    const X = dft(re, im);
    const back = inverseDft(X.re, X.im);
    assertClose(Array.from(back.re), re, { relative: DFT_RELATIVE }, `re round trip, N=${n}`);
    assertClose(Array.from(back.im), im, { relative: DFT_RELATIVE }, `im round trip, N=${n}`);
  }
});

test("dft of cos(2π 3 j/N) has N/2 at m = 3 and m = N-3 and zero elsewhere, for N = 16 and N = 12", () => {
  for (const n of [16, 12]) {
    const x = Array.from({ length: n }, (_, j) => Math.cos((2 * Math.PI * 3 * j) / n));
    const X = dft(x);
    const expected = Array.from({ length: n }, (_, m) => (m === 3 || m === n - 3 ? n / 2 : 0));
    assertClose(Array.from(X.re), expected, { relative: DFT_RELATIVE }, `re, N=${n}`);
    assertClose(Array.from(X.im), Array(n).fill(0), { relative: DFT_RELATIVE }, `im, N=${n}`);
  }
});

test("dft rejects empty input and mismatched lengths", () => {
  assert.throws(() => dft([]), /dft: length must be at least 1, got 0/);
  assert.throws(() => dft([1, 2], [1]), /dft: re and im must have equal lengths, got 2 and 1/);
});
