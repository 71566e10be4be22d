import { test } from "node:test";
import assert from "node:assert/strict";
import { SeededRandom } from "../numeric/index.js";
import { meanInterval, pairedRatio } from "./pairedRatio.js";

test("meanInterval is the t-interval: mean ± t(0.975, n−1) s/√n", () => {
  // values 1..5: mean 3, s = √2.5, t(0.975, 4) = 2.7764451051977934
  const { measured, low, high, seeds } = meanInterval([1, 2, 3, 4, 5]);
  const half = 2.7764451051977934 * Math.sqrt(2.5 / 5);
  assert.equal(seeds, 5);
  assert.ok(Math.abs(measured - 3) < 1e-15 && Math.abs(low - (3 - half)) < 1e-12 && Math.abs(high - (3 + half)) < 1e-12, `${low} ${high}`);
});

test("meanInterval covers the true mean in about 95 % of repeated normal samples", () => {
  const random = new SeededRandom(7);
  let covered = 0;
  const trials = 4000;
  for (let i = 0; i < trials; i++) {
    const sample = Array.from({ length: 5 }, () => 1 + 2 * random.gaussian());
    const { low, high } = meanInterval(sample);
    if (low <= 1 && 1 <= high) covered++;
  }
  // binomial standard error at 0.95 and 4000 trials: 0.0034; allow 4 of them
  assert.ok(Math.abs(covered / trials - 0.95) < 0.014, `coverage ${covered / trials}`);
});

test("meanInterval of one value is the whole line, so one seed never decides", () => {
  const { low, high } = meanInterval([0.5]);
  assert.equal(low, -Infinity);
  assert.equal(high, Infinity);
});

test("pairedRatio averages per-seed ratios on the log scale", () => {
  const { measured, seeds } = pairedRatio([2, 1], [1, 2]);
  assert.ok(Math.abs(measured - 1) < 1e-15);
  assert.equal(seeds, 2);
  const same = pairedRatio([0.5, 0.5, 0.5], [1, 1, 1]);
  assert.ok(Math.abs(same.low - 0.5) < 1e-15 && Math.abs(same.high - 0.5) < 1e-15);
});

test("pairedRatio censors times that were not reached at the run length, and gives NaN when no seed reached", () => {
  const censored = pairedRatio([10, null, NaN], [Infinity, 20, null], { censoredAt: 100 });
  // seed 0: 10/100, seed 1: 100/20, seed 2: neither reached, dropped
  assert.ok(Math.abs(censored.measured - Math.sqrt((10 / 100) * (100 / 20))) < 1e-12);
  assert.equal(censored.seeds, 3);
  const none = pairedRatio([null, NaN], [Infinity, null], { censoredAt: 100 });
  assert.ok(Number.isNaN(none.measured) && Number.isNaN(none.low) && Number.isNaN(none.high));
});

test("pairedRatio refuses unpaired seeds, non-positive values and unreached times without a run length", () => {
  assert.throws(() => pairedRatio([1, 2], [1]), /same positive number of seeds/);
  assert.throws(() => pairedRatio([0, 2], [1, 1]), /numerator of seed 0 is 0; ratios need positive values/);
  assert.throws(() => pairedRatio([1, NaN], [1, 1]), /pass censoredAt/);
});
