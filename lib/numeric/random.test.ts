import { test } from "node:test";
import assert from "node:assert/strict";
import { SeededRandom } from "./random.js";
import { MC_SIGMAS } from "./tolerances.js";

test("xoshiro128** from state [1, 2, 3, 4] reproduces the reference outputs", () => {
  // First outputs of the reference C code (prng.di.unimi.it/xoshiro128starstar.c) from s = {1, 2, 3, 4};
  // the first three also follow by hand from the update rule in random.ts.
  const generator = SeededRandom.fromState([1, 2, 3, 4]);
  assert.deepEqual([1, 2, 3, 4].map(() => generator.nextUint32()), [11520, 0, 5927040, 70819200]);
});

test("the same seed gives the same sequence and different seeds differ", () => {
  const draw = (seed: number): number[] => {
    const rng = new SeededRandom(seed);
    return [rng.uniform(), rng.gaussian(), rng.gaussian(), ...rng.gaussianVector(3)];
  };
  assert.deepEqual(draw(42), draw(42));
  assert.notDeepEqual(draw(42), draw(43));
});

test("uniform draws lie in [0, 1) with mean 1/2 and variance 1/12 within MC_SIGMAS standard errors", () => {
  const rng = new SeededRandom(7);
  const n = 200_000;
  let sum = 0;
  let sumSquares = 0;
  for (let k = 0; k < n; k++) {
    const u = rng.uniform();
    assert.ok(u >= 0 && u < 1, `uniform out of range: ${u}`);
    sum += u;
    sumSquares += u * u;
  }
  const mean = sum / n;
  const variance = sumSquares / n - mean * mean;
  assert.ok(Math.abs(mean - 0.5) < MC_SIGMAS * Math.sqrt(1 / 12 / n), `mean ${mean}`);
  // Var of u^2 for U(0,1) is 1/5 - 1/9 = 4/45.
  assert.ok(Math.abs(variance - 1 / 12) < MC_SIGMAS * Math.sqrt(4 / 45 / n), `variance ${variance}`);
});

test("gaussian draws have mean 0, variance 1 and fourth moment 3 within MC_SIGMAS standard errors", () => {
  const rng = new SeededRandom(11);
  const n = 200_000;
  let m1 = 0;
  let m2 = 0;
  let m4 = 0;
  for (let k = 0; k < n; k++) {
    const z = rng.gaussian();
    m1 += z;
    m2 += z * z;
    m4 += z ** 4;
  }
  m1 /= n;
  m2 /= n;
  m4 /= n;
  // Standard errors: sd(z) = 1, sd(z^2) = sqrt(2), sd(z^4) = sqrt(105 - 9) = sqrt(96).
  assert.ok(Math.abs(m1) < MC_SIGMAS / Math.sqrt(n), `mean ${m1}`);
  assert.ok(Math.abs(m2 - 1) < MC_SIGMAS * Math.sqrt(2 / n), `second moment ${m2}`);
  assert.ok(Math.abs(m4 - 3) < MC_SIGMAS * Math.sqrt(96 / n), `fourth moment ${m4}`);
});

test("gaussianVector components are uncorrelated within MC_SIGMAS standard errors", () => {
  const rng = new SeededRandom(13);
  const n = 100_000;
  let cross = 0;
  for (let k = 0; k < n; k++) {
    const [a, b] = rng.gaussianVector(2);
    cross += a * b;
  }
  assert.ok(Math.abs(cross / n) < MC_SIGMAS / Math.sqrt(n), `E[z0 z1] estimate ${cross / n}`);
});

test("SeededRandom rejects a non-integer seed and an all-zero state", () => {
  assert.throws(() => new SeededRandom(1.5), /seed must be a safe integer/);
  assert.throws(() => SeededRandom.fromState([0, 0, 0, 0]), /must not be all zero/);
});

test("fillGaussian draws the same numbers as gaussianVector", () => {
  const out = new Float64Array(5);
  new SeededRandom(21).fillGaussian(out);
  assert.deepEqual(Array.from(out), new SeededRandom(21).gaussianVector(5));
});

test("permutation returns each of the 3! orders of 0..2 with frequency 1/6 within MC_SIGMAS standard errors", () => {
  const rng = new SeededRandom(11);
  const n = 60_000;
  const counts = new Map<string, number>();
  for (let k = 0; k < n; k++) {
    const order = rng.permutation(3);
    assert.deepEqual([...order].sort(), [0, 1, 2]);
    const key = order.join("");
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  assert.equal(counts.size, 6);
  const p = 1 / 6;
  for (const [key, count] of counts) assert.ok(Math.abs(count / n - p) < MC_SIGMAS * Math.sqrt((p * (1 - p)) / n), `order ${key}: ${count / n}`);
  assert.deepEqual([...new SeededRandom(1).permutation(0)], []);
  assert.throws(() => rng.permutation(-1), /n must be a non-negative integer/);
});

test("state() then setState() continues the same sequence, also with a spare Gaussian cached (an odd number drawn), through JSON", () => {
  const original = new SeededRandom(42);
  original.gaussian(); // leaves the second Box-Muller draw cached
  const saved = JSON.parse(JSON.stringify(original.state()));
  const expected = [original.gaussian(), original.uniform(), original.gaussian(), original.nextUint32()];
  const other = new SeededRandom(7);
  other.setState(saved);
  assert.deepEqual([other.gaussian(), other.uniform(), other.gaussian(), other.nextUint32()], expected);
  assert.throws(() => other.setState({ words: [0, 0, 0, 0], spareGaussian: null }), /not all zero/);
});
